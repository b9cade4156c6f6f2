// NetCDFFileTests: creating, opening and closing files, reproducible bytes, and what ncdump sees.
import Foundation
import NonlocalNetCDF
import NonlocalTestSupport
import Synchronization
import Testing

struct NetCDFFileTests {
    @Test func openingAMissingFileNamesThePath() throws {
        try withScratchDirectory { directory in
            let path = directory.file("absent.nc")
            let error = try #require(throws: NetCDFError.self) { try NetCDFFile.open(path: path) }
            guard case .library(_, _, let operation, let errorPath) = error else {
                Issue.record("expected a library error, got \(error)")
                return
            }
            #expect(operation == "nc_open")
            #expect(errorPath == path)
            #expect(error.description.contains(path))
        }
    }

    /// Operator files with 59 bytes inserted, which crash HDF5 1.10.8 inside `nc_open` (a free of an
    /// uninitialized pointer in `H5G__link_release_table`): the child process that reads the file
    /// first dies of a signal, and `open` refuses the file instead of crashing.
    @Test func aFileThatCrashesHDF5IsRefused() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/operators/corrupt")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".nc") }
        #expect(names.count == 4)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let error = try #require(throws: NetCDFError.self) { try NetCDFFile.open(path: path) }
            // A garbage pointer given to free: SIGSEGV, or SIGABRT when glibc recognises it as invalid.
            #expect(error == .corrupt(signal: SIGSEGV, path: path) || error == .corrupt(signal: SIGABRT, path: path))
            #expect(error.description.hasPrefix("\(path): not a readable netCDF file: netCDF-C/HDF5 crashed reading it (signal "))
            #expect(error.description.hasSuffix("); the file is corrupt"))
        }
    }

    /// fixtures/operators/looping: a file on which HDF5 reads a corrupt global heap forever. The
    /// probe's child is killed at its deadline (5 s for a small file) and `open` refuses the file.
    @Test func aFileThatMakesHDF5LoopIsRefused() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/operators/looping/global_heap_loop.nc").path
        let error = try #require(throws: NetCDFError.self) { try NetCDFFile.open(path: path) }
        guard case .unfinished(let seconds, let errorPath) = error else {
            Issue.record("expected the probe to time out, got \(error)")
            return
        }
        #expect(errorPath == path && seconds > 5 && seconds < 5.01)
        #expect(error.description == "\(path): not a readable netCDF file: netCDF-C/HDF5 did not finish reading it in 5 s "
            + "(a corrupt file can make it loop; on a slow file system, raise the limit with NONLOCAL_NETCDF_PROBE_SECONDS)")
    }

    /// The pids of this process's children whose command line is the probe server's.
    static func probeServers() -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        let children = tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/self/task/\(task)/children", encoding: .utf8)) ?? "").split(separator: " ").compactMap { Int32($0) }
        }
        return children.filter { pid in
            let command = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return String(decoding: command.prefix { $0 != 0 }, as: UTF8.self) == "netcdf-probe"
        }
    }

    /// Whether `pid` is still this process's unreaped child (alive or a zombie).
    static func isUnreaped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return Int32(stat.split(separator: " ")[3]) == getpid()
    }

    /// A probe server that exits is reaped at once by its keeper thread, not left a zombie until the
    /// next probe: a zombie child kept Swift Testing's exit-test monitor spinning on waitid and the test
    /// run from ending. The server is started from a thread that then ends, and killed by hand; a later
    /// probe starts a new one.
    @Test func aProbeServerThatExitsIsReaped() throws {
        try withScratchDirectory { directory in
            let first = directory.file("first.nc"), second = directory.file("second.nc")
            try SampleWeights.write(to: first)
            try SampleWeights.write(to: second)
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                _ = try? NetCDFFile.open(path: first).close()
                done.signal()
            }
            thread.start()
            done.wait()
            let servers = Self.probeServers()
            #expect(!servers.isEmpty, "no probe server is running")
            for pid in servers { kill(pid, SIGKILL) }
            let deadline = Date().addingTimeInterval(5)
            while servers.contains(where: Self.isUnreaped), Date() < deadline { usleep(10_000) }
            #expect(!servers.contains(where: Self.isUnreaped), "unreaped probe servers: \(servers.filter(Self.isUnreaped))")
            try NetCDFFile.open(path: second).close()
        }
    }

    /// A file that passed the probe is not probed again while it is unchanged, but a file
    /// rewritten in place (same path and inode, new bytes) is: corrupt bytes written over a valid
    /// file that was opened before are still refused.
    @Test func aFileRewrittenInPlaceIsProbedAgain() throws {
        let corrupt = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/operators/corrupt/inserted_59_bytes_at_15476.nc")
        try withScratchDirectory { directory in
            let path = directory.file("rewritten.nc")
            try SampleWeights.write(to: path)
            try NetCDFFile.open(path: path).close()
            try NetCDFFile.open(path: path).close()
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: Data(contentsOf: corrupt))
            try handle.close()
            let error = try #require(throws: NetCDFError.self) { try NetCDFFile.open(path: path) }
            #expect(error == .corrupt(signal: SIGSEGV, path: path) || error == .corrupt(signal: SIGABRT, path: path))
        }
    }

    /// The probe reads a valid file to the end and lets it open: the sample weights read back.
    @Test func aValidFilePassesTheProbe() throws {
        try withScratchDirectory { directory in
            let path = directory.file("weights.nc")
            try SampleWeights.write(to: path)
            let file = try NetCDFFile.open(path: path)
            #expect(try file.read("S", as: Double.self) == SampleWeights.values)
        }
    }

    @Test func openingGarbageNamesThePathAndTheFormatProblem() throws {
        try withScratchDirectory { directory in
            let path = directory.file("garbage.nc")
            var generator = SplitMix64(seed: 7)
            let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: NetCDFError.self) { try NetCDFFile.open(path: path) }
            #expect(error.description.contains(path))
            #expect(error.description.contains("Unknown file format"), "\(error)")
        }
    }

    @Test func closeIsIdempotentAndTheFileReopens() throws {
        try withScratchDirectory { directory in
            let path = directory.file("closed.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("n", length: 2)
            try file.close()
            try file.close()
            #expect(try NetCDFFile.open(path: path).dimensionLength("n") == 2)
        }
    }

    /// HDF5 `flock`s open files without `O_CLOEXEC`, so a process started on another thread
    /// while a file is being written used to keep its lock and make the next open of that file
    /// fail with "HDF error" (about 3 cycles in 10 with HDF5's locks on).
    @Test func aWrittenFileReopensWhileOtherThreadsStartProcesses() throws {
        final class Flag: Sendable { let raised = Atomic<Bool>(false) }
        let stop = Flag()
        let spawners = (0..<2).map { _ in
            Thread {
                while !stop.raised.load(ordering: .relaxed) {
                    var pid = pid_t()
                    var arguments: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
                    defer { free(arguments[0]) }
                    if posix_spawn(&pid, "/bin/true", nil, nil, &arguments, environ) == 0 { waitpid(pid, nil, 0) }
                }
            }
        }
        spawners.forEach { $0.start() }
        defer { stop.raised.store(true, ordering: .relaxed) }
        try withScratchDirectory { directory in
            let (temporary, path) = (directory.file(".cycle.nc.partial"), directory.file("cycle.nc"))
            for cycle in 0..<200 {
                let file = try NetCDFFile.create(path: temporary)
                try file.defineDimension("n", length: 3)
                try file.defineVariable("v", type: .double, dimensions: ["n"])
                try file.write([1.0, 2, Double(cycle)], to: "v")
                try file.close()
                #expect(rename(temporary, path) == 0)
                #expect(try NetCDFFile.open(path: path).read("v", as: Double.self) == [1, 2, Double(cycle)])
            }
        }
    }

    @Test func aReadOnlyFileRefusesDefinitionsAndWrites() throws {
        try withScratchDirectory { directory in
            let path = directory.file("weights.nc")
            try SampleWeights.write(to: path)
            let file = try NetCDFFile.open(path: path)
            #expect(throws: NetCDFError.self) { try file.defineDimension("extra", length: 1) }
            #expect(throws: NetCDFError.self) { try file.write([Double](repeating: 0, count: 6), to: "S") }
            #expect(throws: NetCDFError.self) { try file.setAttribute("note", "read-only") }
            #expect(try file.read("S", as: Double.self) == SampleWeights.values)
        }
    }

    @Test func definitionsAndWritesInterleave() throws {
        try withScratchDirectory { directory in
            let path = directory.file("interleaved.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("n", length: 3)
            try file.defineVariable("first", type: .double, dimensions: ["n"])
            try file.write([1.0, 2, 3], to: "first")
            try file.defineVariable("second", type: .int64, dimensions: ["n"])
            try file.setAttribute("stage", "second")
            try file.write([Int64(-4), 5, 6], to: "second")
            #expect(try file.read("first", as: Double.self) == [1, 2, 3])
            try file.close()

            let reopened = try NetCDFFile.open(path: path)
            #expect(try reopened.read("first", as: Double.self) == [1, 2, 3])
            #expect(try reopened.read("second", as: Int64.self) == [-4, 5, 6])
            #expect(try reopened.attribute("stage", as: String.self) == "second")
        }
    }

    /// HDF5 can stamp objects with modification times (1 s resolution); writing across a
    /// second boundary would expose them.
    @Test func writingTheSameContentTwiceGivesIdenticalBytes() throws {
        try withScratchDirectory { directory in
            let first = directory.file("first.nc")
            let second = directory.file("second.nc")
            try SampleWeights.write(to: first)
            Thread.sleep(forTimeInterval: 1.1)
            try SampleWeights.write(to: second)
            let firstBytes = try Data(contentsOf: URL(fileURLWithPath: first))
            let secondBytes = try Data(contentsOf: URL(fileURLWithPath: second))
            #expect(!firstBytes.isEmpty)
            #expect(firstBytes == secondBytes)
        }
    }

    @Test func ncdumpSeesTheWeightFileLayout() throws {
        try withScratchDirectory { directory in
            let path = directory.file("weights.nc")
            try SampleWeights.write(to: path)
            let header = try ncdump("-h", path)
            for line in [
                "n_a = 4 ;", "n_b = 3 ;", "n_s = 6 ;",
                "int row(n_s) ;", "row:start_index = 1 ;", "int col(n_s) ;", "col:start_index = 1 ;",
                "double S(n_s) ;",
                ":title = \"NonlocalKit sample operator\" ;", ":delta = 0.25 ;",
                ":kernel_coefficients = 0.25, -1.5, 3.e-08 ;", ":nonzeros = 6LL ;",
            ] {
                #expect(header.contains(line), "ncdump -h lacks '\(line)':\n\(header)")
            }
            let storage = try ncdump("-hs", path)
            #expect(storage.contains("S:_DeflateLevel = 4 ;"), "\(storage)")
            #expect(storage.contains("S:_Shuffle = \"true\" ;"), "\(storage)")
            let data = try ncdump("-v", "row,col", path)
            #expect(data.contains("row = 1, 1, 2, 3, 3, 3 ;"), "\(data)")
            #expect(data.contains("col = 1, 3, 2, 1, 3, 4 ;"), "\(data)")
        }
    }
}
