// Tests of what a command may do to files: never write over its own inputs, and leave the old set of outputs or the new one, whole, when interrupted.
import Foundation
import Testing

@Suite(.serialized) struct OutputSafetyTests {
    /// A model and a system with its right-hand side, made by the commands themselves.
    final class Inputs {
        let folder: URL
        init() throws {
            folder = try temporaryFolder()
            func run(_ arguments: [String]) throws {
                let result = try runCommand(arguments + ["-q"])
                #expect(result.status == 0, "\(arguments): \(result.standardError)")
            }
            try run(["generate", "fractional", "--samples", "100", "--layer-width", "1", "-o", path("d.nc")])
            try run(["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "-o", path("k.json")])
            try run(["assemble", path("k.json"), "--grid", "interval:a=-1,b=1,h=0.01,delta=1", "--rhs-constant", "1", "-o", path("b.mtx")])
        }
        deinit { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    }

    /// Each command given one of its inputs as output (by name, through a symbolic link, or a
    /// hard link, or as a side file it would write) refuses in one line naming both, exits
    /// non-zero and leaves every file as it was, byte for byte.
    @Test func noCommandWritesOverItsOwnInput() throws {
        let inputs = try Inputs()
        let path = inputs.path
        let grid = "interval:a=-1,b=1,h=0.01,delta=1"
        try FileManager.default.linkItem(atPath: path("b.mtx"), toPath: path("hard.mtx"))
        try FileManager.default.createSymbolicLink(atPath: path("soft.mtx"), withDestinationPath: path("b.rhs.mtx"))
        try FileManager.default.linkItem(atPath: path("k.json"), toPath: path("m.rhs.mtx"))
        let cases: [(label: String, arguments: [String], input: String, output: String)] = [
            ("a model over its dataset", ["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "-o", path("d.nc")], path("d.nc"), path("d.nc")),
            ("an operator over its model", ["assemble", path("k.json"), "--grid", grid, "-o", path("k.json")], path("k.json"), path("k.json")),
            ("a solution over its matrix", ["solve", path("b.mtx"), "--rhs", path("b.rhs.mtx"), "-o", path("b.mtx")], path("b.mtx"), path("b.mtx")),
            ("a solution over its right-hand side", ["solve", path("b.mtx"), "--rhs", path("b.rhs.mtx"), "-o", path("b.rhs.mtx")], path("b.rhs.mtx"), path("b.rhs.mtx")),
            ("a solution over the matrix's side file", ["solve", path("b.mtx"), "-o", path("b.rhs.mtx")], path("b.rhs.mtx"), path("b.rhs.mtx")),
            ("a solution over a hard link to its matrix", ["solve", path("b.mtx"), "--rhs", path("b.rhs.mtx"), "-o", path("hard.mtx")], path("b.mtx"), path("hard.mtx")),
            ("a solution over a symbolic link to its right-hand side", ["solve", path("b.mtx"), "--rhs", path("b.rhs.mtx"), "-o", path("soft.mtx")], path("b.rhs.mtx"), path("soft.mtx")),
            ("a right-hand side over a hard link to the model", ["assemble", path("k.json"), "--grid", grid, "--rhs-constant", "1", "-o", path("m.mtx")], path("k.json"), path("m.mtx")),
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: inputs.folder.path).sorted()
        let before = try names.map { try Data(contentsOf: URL(fileURLWithPath: path($0))) }
        for (label, arguments, input, output) in cases {
            let result = try runCommand(arguments)
            #expect(result.status != 0, "\(label): exit status 0")
            #expect(result.errorLines.count == 1, "\(label): \(result.standardError)")
            let line = result.errorLines.first ?? ""
            #expect(line.contains(output) && line.contains("the input \(input)") && line.contains("choose an output name"), "\(label): \(line)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: inputs.folder.path).sorted() == names, "\(label): a file was written or removed")
            let after = try names.map { try Data(contentsOf: URL(fileURLWithPath: path($0))) }
            #expect(after == before, "\(label): a file changed")
        }
    }

    /// An export whose last file cannot be put in place (a folder has its name) fails in one line
    /// naming that file, and leaves the old set whole: no new matrix beside the old factor.
    @Test func anExportThatFailsLeavesTheOldSetWhole() throws {
        let inputs = try Inputs()
        let folder = inputs.folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let output = folder.appendingPathComponent("a.mtx").path
        let export = { (h: String) in
            ["assemble", inputs.path("k.json"), "--grid", "interval:a=-1,b=1,h=\(h),delta=1", "--rhs-constant", "1", "--factor", "-o", output]
        }
        #expect(try runCommand(export("0.01")).status == 0)
        try FileManager.default.removeItem(atPath: output.replacingOccurrences(of: "a.mtx", with: "a.factor.permutation.mtx"))
        try FileManager.default.createDirectory(
            atPath: output.replacingOccurrences(of: "a.mtx", with: "a.factor.permutation.mtx"), withIntermediateDirectories: false)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let before = try names.filter { !$0.contains("permutation") }.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        let result = try runCommand(export("0.02"))
        #expect(result.status == 1)
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("a.factor.permutation.mtx"), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == names)
        let after = try names.filter { !$0.contains("permutation") }.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        #expect(after == before, "a file of the old set changed")
    }

    /// An export over an earlier one that wrote more (a right-hand side, a factor) removes the side
    /// files it does not write, and says so: a reader of the new matrix never finds a stale
    /// right-hand side or factor beside it.
    @Test func aNewExportRemovesTheSideFilesItDoesNotWrite() throws {
        let inputs = try Inputs()
        let folder = inputs.folder.appendingPathComponent("stale")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let grid = "interval:a=-1,b=1,h=0.01,delta=1"
        let cases: [(name: String, full: [String], kept: [String])] = [
            ("a.mtx", ["a.factor.D.mtx", "a.factor.L.mtx", "a.factor.permutation.mtx", "a.mtx", "a.rhs.mtx", "a.surrogate_solution.mtx"], ["a.mtx"]),
            ("a.petsc", ["a.factor.petsc", "a.factor.petsc.info", "a.petsc", "a.petsc.info"], ["a.petsc", "a.petsc.info"]),
            ("a.nc", ["a.factor.nc", "a.nc"], ["a.nc"]),
        ]
        for (name, full, kept) in cases {
            let output = folder.appendingPathComponent(name).path
            let first = try runCommand(["assemble", inputs.path("k.json"), "--grid", grid, "--rhs-constant", "1", "--solve", "--factor", "-o", output])
            #expect(first.status == 0, "\(first.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == full)
            let second = try runCommand(["assemble", inputs.path("k.json"), "--grid", grid, "-o", output])
            #expect(second.status == 0, "\(second.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == kept)
            for removed in Set(full).subtracting(kept) {
                #expect(second.standardError.contains("removed \(folder.appendingPathComponent(removed).path), left by an earlier export"))
            }
            for file in kept { try FileManager.default.removeItem(at: folder.appendingPathComponent(file)) }
        }
    }

    /// An error names the destination the user gave, never the hidden temporary written first.
    @Test func anUnwritableDestinationIsNamedNotItsTemporary() throws {
        for output in ["/proc/self/o.nc", "/proc/o.nc"] {
            let result = try runCommand(["generate", "fractional", "--samples", "3", "-o", output])
            #expect(result.status != 0)
            #expect(result.errorLines.count == 1 && result.errorLines[0].contains(output) && !result.standardError.contains(".partial"), "\(result.standardError)")
        }
    }

    /// `assemble --factor` interrupted by SIGINT, SIGTERM or SIGKILL at the first temporary and
    /// among the factor's files, over an old set and into an empty folder: the folder holds the
    /// whole old set (or nothing) or the whole new set, byte for byte; SIGINT and SIGTERM exit
    /// with 130 and 143 and leave no temporary; after SIGKILL the next run leaves none.
    @Test func anInterruptedExportLeavesTheOldSetOrTheNewSetAndNoTemporary() throws {
        let inputs = try Inputs()
        let export = { (h: String, output: String) in
            ["assemble", inputs.path("k.json"), "--grid", "interval:a=-1,b=1,h=\(h),delta=1", "--rhs-constant", "1", "--factor", "-o", output, "-q"]
        }
        let (oldGrid, newGrid) = ("0.01", "0.0008")  // the new set: 2,499 unknowns, about 100 MB in five files
        // Every run writes to the same path (the vector files name the matrix file they belong to).
        let folder = inputs.folder.appendingPathComponent("out")
        let output = folder.appendingPathComponent("a.mtx").path
        let emptyFolder = {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        }
        let sets = try [oldGrid, newGrid].map { h in
            try emptyFolder()
            #expect(try runCommand(export(h, output)).status == 0)
            return try files(in: folder)
        }
        let (oldSet, newSet) = (sets[0], sets[1])
        #expect(newSet.count == 5 && Set(oldSet.keys) == Set(newSet.keys) && oldSet != newSet)
        let cases: [(signal: Int32, temporaries: Int, existing: Bool)] = [
            (SIGINT, 1, true), (SIGTERM, 3, true), (SIGKILL, 1, true), (SIGKILL, 3, true), (SIGINT, 3, false), (SIGTERM, 1, false),
        ]
        var interrupted = 0
        for (index, (signal, temporaries, existing)) in cases.enumerated() {
            let label = "case \(index): signal \(signal) at \(temporaries) temporaries, \(existing ? "over the old set" : "new folder")"
            try emptyFolder()
            if existing {
                for (name, bytes) in oldSet { try bytes.write(to: folder.appendingPathComponent(name)) }
            }
            let process = Process()
            process.executableURL = try nonlocalExecutable()
            process.arguments = export(newGrid, output)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            while process.isRunning && hiddenNames(in: folder).filter({ $0.hasPrefix(".a.") }).count < temporaries { usleep(500) }
            if process.isRunning {
                kill(process.processIdentifier, signal)
                interrupted += 1
            }
            process.waitUntilExit()
            let left = try files(in: folder)
            let whole = left == newSet || left == (existing ? oldSet : [:])
            #expect(whole, "\(label): \(left.keys.sorted()) is neither the old set nor the new one")
            // Signalled while writing (a second of work remained): the old set, and the exit status of the signal.
            #expect(left == (existing ? oldSet : [:]), "\(label): not the old set")
            if signal == SIGKILL {
                #expect(process.terminationReason == .uncaughtSignal, "\(label)")
            } else {
                #expect(process.terminationReason == .exit && process.terminationStatus == 128 + signal,
                    "\(label): \(process.terminationReason == .exit ? "exit status" : "killed by signal") \(process.terminationStatus)")
            }
            if signal != SIGKILL {
                #expect(hiddenNames(in: folder).isEmpty, "\(label): left \(hiddenNames(in: folder))")
            } else {
                #expect(try runCommand(export(newGrid, output)).status == 0)
                #expect(hiddenNames(in: folder).isEmpty, "\(label): the next run left \(hiddenNames(in: folder))")
                #expect(try files(in: folder) == newSet, "\(label): the next run did not write the new set")
            }
        }
        #expect(interrupted == cases.count, "only \(interrupted) runs were still running when signalled")
    }

    /// The visible files of `folder` and their bytes.
    private func files(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    /// The hidden names in `folder`: the temporaries.
    private func hiddenNames(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix(".") }
    }
}
