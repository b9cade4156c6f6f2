// Tests that a NetCDF file which crashes netCDF-C/HDF5 (59 bytes inserted into an operator file) is refused with one line by every command that reads one.
import Foundation
import Testing

@Suite struct CorruptNetCDFCommandTests {
    /// fixtures/operators/corrupt: operator files that killed `nonlocal solve` with SIGSEGV inside
    /// HDF5's `nc_open` (see the README there).
    static let corrupt: [String] = {
        let folder = repositoryRoot.appendingPathComponent("fixtures/operators/corrupt")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".nc") }.sorted().map { folder.appendingPathComponent($0).path }
    }()

    @Test func theFixturesAreThere() {
        #expect(Self.corrupt.count == 4)
    }

    /// `solve` (the operator reader) and `learn` (the dataset reader): exit 1, one line that names
    /// the file and says it is corrupt, no output file, and no crash. HDF5 frees a garbage pointer,
    /// so the child dies of SIGSEGV or, when glibc recognises the pointer as invalid, SIGABRT.
    @Test(arguments: corrupt) func solveAndLearnRefuseTheFileInOneLine(path: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let refusal = "not a readable netCDF file: netCDF-C/HDF5 crashed reading it (signal "
        let commands: [(String, [String], String)] = [
            ("solve", ["solve", path, "-o", folder.appendingPathComponent("x.mtx").path], "Error: \(path): \(refusal)"),
            ("learn", ["learn", path, "--delta", "0.25", "--order", "2", "-o", folder.appendingPathComponent("m.json").path],
             "Error: \(path): cannot read dataset: \(refusal)"),
        ]
        for (label, arguments, start) in commands {
            let result = try runCommand(arguments)
            #expect(result.status == 1, "\(label): exit status \(result.status)")
            let line = result.errorLines.first ?? ""
            #expect(result.errorLines.count == 1, "\(label): \(result.standardError)")
            #expect(
                line == start + "\(SIGSEGV)); the file is corrupt" || line == start + "\(SIGABRT)); the file is corrupt",
                "\(label): \(result.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(label): a file was written")
        }
    }

    /// fixtures/operators/looping: HDF5 loops forever on it; `solve` refuses it in one line once the
    /// probe's deadline (5 s) passes, and writes nothing.
    @Test func solveRefusesAFileThatMakesHDF5Loop() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = repositoryRoot.appendingPathComponent("fixtures/operators/looping/global_heap_loop.nc").path
        let result = try runCommand(["solve", path, "-o", folder.appendingPathComponent("x.mtx").path])
        #expect(result.status == 1)
        #expect(result.errorLines == [
            "Error: \(path): not a readable netCDF file: netCDF-C/HDF5 did not finish reading it in 5 s "
                + "(a corrupt file can make it loop; on a slow file system, raise the limit with NONLOCAL_NETCDF_PROBE_SECONDS)",
        ], "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// NONLOCAL_NETCDF_PROBE_SECONDS replaces the probe's 5 s base deadline: the message says the
    /// limit that applied.
    @Test func theProbeDeadlineFollowsItsVariable() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = repositoryRoot.appendingPathComponent("fixtures/operators/looping/global_heap_loop.nc").path
        let result = try runCommand(
            ["solve", path, "-o", folder.appendingPathComponent("x.mtx").path], environment: ["NONLOCAL_NETCDF_PROBE_SECONDS": "0.5"])
        #expect(result.status == 1)
        #expect(result.errorLines == [
            "Error: \(path): not a readable netCDF file: netCDF-C/HDF5 did not finish reading it in 0.5 s "
                + "(a corrupt file can make it loop; on a slow file system, raise the limit with NONLOCAL_NETCDF_PROBE_SECONDS)",
        ], "\(result.standardError)")
    }
}
