// Tests of `bench io`'s rows beside SciPy: the SciPy row when its python answers, none when it dies mid-run, no files left behind.
import Foundation
import NonlocalWorkflows
import Testing

@Suite(.serialized) struct BenchmarksIOTests {  // one folder per process: one benchmark at a time
    /// Where `Benchmarks.io` writes its files in this process.
    private var folder: String {
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return temporary + "/nonlocal-bench-io-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Debian's SciPy (which `make setup` installs) times the same matrix: four rows, SciPy's
    /// last and named by the version that python imports, every time positive.
    @Test func sciPyTimesTheSameMatrixInTheSameRun() throws {
        let python = try #require(SciPyInterpreter.probe("/usr/bin/python3"))
        let rows = try Benchmarks.io(nonzeros: 20_000, python: python.path, repetitions: 3)
        #expect(rows.map(\.label).last == "MatrixMarket (SciPy \(python.version))")
        #expect(rows.count == 4)
        #expect(Set(rows.map(\.nonzeros)).count == 1)
        #expect(rows.allSatisfy { $0.writeSeconds > 0 && $0.readSeconds > 0 && $0.megabytes > 0 })
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    /// A python that says a version and then exits: each request meets a closed pipe, which
    /// must cost the SciPy row, not the process (SIGPIPE) or the other rows; and one that
    /// cannot start at all.
    @Test func aPythonThatDiesLosesOnlyItsRow() throws {
        let fake = FileManager.default.temporaryDirectory.appendingPathComponent("python-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fake) }
        try "#!/bin/sh\necho 1.17.1\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        for python in [fake.path, fake.path + "-missing"] {
            let rows = try Benchmarks.io(nonzeros: 20_000, python: python, repetitions: 2)
            #expect(rows.map(\.label) == ["MatrixMarket (NonlocalKit)", "NetCDF-4, deflated (NonlocalKit)", "PETSc binary (NonlocalKit)"])
            #expect(!FileManager.default.fileExists(atPath: folder))
        }
    }
}
