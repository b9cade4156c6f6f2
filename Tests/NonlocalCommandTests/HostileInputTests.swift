// Hostile inputs (issue 15): matrices without entries, sizes beyond memory or Int, negative numbers, bad flags behind progress lines — each refused in one line, exit 1, never a trap.
import Foundation
import NonlocalGenerators
import Testing

@Suite struct HostileInputTests {
    /// Runs `nonlocal` under an address-space limit of 4 GiB (`ulimit -v`, the fuzzing runs' cap),
    /// so that a size refused for memory is refused whatever memory the test machine has.
    func runCapped(_ arguments: [String]) throws -> CommandResult {
        try runProcess(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "ulimit -v 4194304 && exec \"$0\" \"$@\"", try nonlocalExecutable().path] + arguments)
    }

    /// A PETSc binary file: a `rows × columns` AIJ Mat with no stored entries (nz = 0), then a Vec of ones.
    static func emptyPETScSystem(rows: Int32, columns: Int32) -> Data {
        var bytes = Data()
        func int32(_ value: Int32) { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
        for value in [1_211_216, rows, columns, 0] { int32(value) }
        for _ in 0..<rows { int32(0) }
        int32(1_211_214)
        int32(rows)
        for _ in 0..<rows { withUnsafeBytes(of: (1.0).bitPattern.bigEndian) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    /// A dataset in CDL for `ncgen`: `samples` samples (declared, not written) on the grid `grid` of 4 points.
    static func datasetCDL(samples: Int, grid: String) -> String {
        """
        netcdf hostile {
        dimensions:
            sample = \(samples) ;
            x = 4 ;
        variables:
            double u(sample, x) ;
            double f(sample, x) ;
            double x(x) ;
            ubyte mask(x) ;
        :problem = "manufactured" ;
        :grid = "\(grid)" ;
        data:
            x = 0, 0.25, 0.5, 0.75 ;
            mask = 1, 1, 1, 1 ;
        }
        """
    }

    @Test func eachIsRefusedInOneLineWithoutATrap() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        func write(_ name: String, _ text: String) throws { try text.write(toFile: path(name), atomically: true, encoding: .utf8) }
        // Matrices: no entries (2 × 2, 0 × 0, PETSc nz = 0), not square, a size line beyond memory.
        try write("z.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 0\n")
        try write("z0.mtx", "%%MatrixMarket matrix coordinate real general\n0 0 0\n")
        try write("b.mtx", "%%MatrixMarket matrix array real general\n2 1\n1\n1\n")
        try write("b0.mtx", "%%MatrixMarket matrix array real general\n0 1\n")
        try write("ns.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 1\n1 1 1\n")
        try write("big.mtx", "%%MatrixMarket matrix coordinate real general\n2000000000 2000000000 1\n1 1 1\n")
        try Self.emptyPETScSystem(rows: 2, columns: 2).write(to: folder.appendingPathComponent("z.petsc"))
        // Models: one learned on periodic:d=1,n=100 (δ = 0.25), and copies with δ = 1e300 and δ = 100.
        var problem = ManufacturedProblem()
        problem.samples = 200
        try problem.generate().write(to: path("m.nc"))
        #expect(try runCommand(["learn", path("m.nc"), "--delta", "0.25", "--order", "4", "-o", path("m.json"), "-q"]).status == 0)
        let model = try String(contentsOfFile: path("m.json"), encoding: .utf8)
        #expect(model.contains("\"horizon\" : 0.25,"))
        try write("h300.json", model.replacingOccurrences(of: "\"horizon\" : 0.25,", with: "\"horizon\" : 1e300,"))
        try write("h1.json", model.replacingOccurrences(of: "\"horizon\" : 0.25,", with: "\"horizon\" : 1,"))
        // PETSc headers: sizes of 2³¹ − 1 that the file cannot hold, and a 2 × (2³¹ − 1) Mat with nz = 0.
        var huge = Data()
        for value: Int32 in [1_211_216, .max, .max, .max, 1, 1, 1, 1] { withUnsafeBytes(of: value.bigEndian) { huge.append(contentsOf: $0) } }
        try huge.write(to: folder.appendingPathComponent("huge.petsc"))
        try Self.emptyPETScSystem(rows: 2, columns: .max).write(to: folder.appendingPathComponent("wide.petsc"))
        // Datasets whose declared sizes cannot fit: a grid of 99,999,999,999 points, 2³¹ − 1 samples.
        for (name, samples, grid) in [("grid.nc", 2, "periodic:d=1,n=99999999999,length=1"), ("samples.nc", 2_147_483_647, "periodic:d=1,n=4,length=1")] {
            try write("hostile.cdl", Self.datasetCDL(samples: samples, grid: grid))
            let made = try runProcess(URL(fileURLWithPath: "/usr/bin/ncgen"), ["-4", "-o", path(name), path("hostile.cdl")])
            #expect(made.status == 0, "ncgen: \(made.standardError)")
        }
        try FileManager.default.removeItem(atPath: path("hostile.cdl"))
        let model100 = "periodic:d=1,n=100"
        let cases: [(label: String, arguments: [String], fragment: String)] = [
            ("a 2 × 2 matrix with no entries", ["solve", path("z.mtx"), "--rhs", path("b.mtx")], "(2 × 2) has no stored entries"),
            ("a 0 × 0 matrix", ["solve", path("z0.mtx"), "--rhs", path("b0.mtx")], "matrix is 0 × 0"),
            ("a PETSc Mat with nz = 0", ["solve", path("z.petsc")], "(2 × 2) has no stored entries"),
            ("a PETSc header of 2³¹ − 1 rows, columns and nonzeros", ["solve", path("huge.petsc")], "expected the row lengths (2147483647 × int32)"),
            ("a PETSc Mat of 2 × (2³¹ − 1) with nz = 0", ["solve", path("wide.petsc")], "is a 2 × 2147483647 matrix, not square"),
            ("a periodic grid of one unknown", ["check", path("h1.json"), "--grid", "periodic:d=1,n=1"], "no eigenvalue once its null mode (the constants) is set aside"),
            ("a non-square matrix", ["solve", path("ns.mtx"), "--rhs", path("b.mtx")], "is a 2 × 3 matrix, not square; solving A x = b needs a square operator"),
            ("a size line beyond memory", ["solve", path("big.mtx"), "--rhs", path("b.mtx")], "2000000000 × 2000000000 sparse matrix (1 entries) needs 64.0 GB"),
            ("a model with δ = 1e300 assembled", ["assemble", path("h300.json"), "--grid", model100, "-o", path("x.mtx")], "horizon δ = 1e+300"),
            ("a model with δ = 1e300 checked", ["check", path("h300.json")], "horizon δ = 1e+300"),
            ("a grid of spacing 1e-9", ["assemble", path("m.json"), "--grid", "interval:a=-1,b=1,h=1e-9,delta=4", "-o", path("x.mtx")], "spacing h = 1e-09 and horizon δ = 4.0"),
            ("a periodic grid of 10¹¹ points", ["assemble", path("m.json"), "--grid", "periodic:d=1,n=100000000000", "-o", path("x.mtx")], "(100000000000 points) needs"),
            ("a periodic grid of 2·10⁹ points", ["assemble", path("m.json"), "--grid", "periodic:d=1,n=2000000000", "-o", path("x.mtx")], "(2000000000 points) needs"),
            ("a dataset grid of 99,999,999,999 points", ["learn", path("grid.nc"), "--delta", "0.5", "--order", "2", "-o", path("x.json")], "(99999999999 points) needs"),
            ("a dataset of 2³¹ − 1 samples", ["learn", path("samples.nc"), "--delta", "0.5", "--order", "2", "-o", path("x.json")], "its 2147483647 samples of 4 points needs"),
            ("10⁹ samples", ["generate", "fractional", "--samples", "1000000000", "-o", path("x.nc")], "--samples 1000000000 is out of range"),
            ("10⁷ samples beyond memory", ["generate", "fractional", "--samples", "10000000", "-o", path("x.nc")], "10000000 samples on 199 unknowns with 100 forcing modes needs"),
            ("10⁷ Darcy samples beyond memory", ["generate", "darcy", "--samples", "10000000", "-o", path("x.nc")], "10000000 samples on 1600 nodes and 500 learning points needs"),
            ("a negative seed", ["generate", "fractional", "--seed", "-1", "-o", path("x.nc")], "--seed must be ≥ 0"),
            ("a negative diffusivity", ["generate", "darcy", "--diffusivities", "1,-4", "-o", path("x.nc")],
             "diffusivities.odd = -4.0 is invalid; a diffusivity must be positive and finite"),
            ("one diffusivity", ["generate", "darcy", "--diffusivities", "1", "-o", path("x.nc")],
             "--diffusivities takes two numbers separated by a comma, e.g. --diffusivities 1,4 (got '1')"),
            ("a negative learn seed", ["learn", path("m.nc"), "--delta", "0.25", "--order", "2", "--seed", "-1", "-o", path("x.json")], "--seed must be ≥ 0"),
            ("a negative sample count", ["generate", "fractional", "--samples", "-5", "-o", path("x.nc")], "--samples -5 is out of range"),
            ("a negative horizon", ["generate", "manufactured", "--horizon", "-0.25", "--samples", "3", "-o", path("x.nc")], "horizon = -0.25 is invalid"),
            ("a negative order", ["validate", path("m.json"), "--order", "-0.5"], "-0.5"),
            ("an order out of (0, 1) behind a progress line", ["generate", "fractional", "--order", "1.5", "--samples", "3", "-o", path("x.nc")], "s = 1.5 is invalid"),
            ("a negative c behind a progress line", ["generate", "biharmonic", "--c", "-1", "-o", path("x.nc")], "c = -1.0 is invalid"),
            ("a wavelength behind a progress line", ["generate", "darcy", "--minimum-wavelength", "-1", "-o", path("x.nc")], "minimum wavelength = -1.0 is invalid"),
            ("a Darcy element count behind a progress line", ["generate", "darcy", "--elements-per-cell", "0", "-o", path("x.nc")], "elementsPerCell = 0 is invalid"),
            ("too few points behind a progress line", ["generate", "manufactured", "--points", "2", "-o", path("x.nc")], "points = 2 is invalid"),
            ("a periodic grid behind a progress line", ["generate", "fractional-periodic", "--points", "0", "-o", path("x.nc")], "points = 0 is invalid"),
        ]
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for (label, arguments, fragment) in cases {
            let result = try runCapped(arguments)
            // Exit 1 is a refusal; a trap is a signal (status 132 SIGILL, 134 SIGABRT through the shell).
            #expect(result.status == 1, "\(label): exit status \(result.status): \(result.standardError)")
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("Error: "), "\(label): \(result.standardError)")
            #expect(result.standardError.contains(fragment), "\(label): \(result.standardError)")
            #expect(!result.standardError.contains("Missing value"), "\(label): \(result.standardError)")
            // Flags are checked before any progress line: nothing on standard error but the error.
            if ["generate", "assemble"].contains(arguments[0]) {
                #expect(result.standardError.split(separator: "\n").count == 1, "\(label): progress before the refusal: \(result.standardError)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before, "\(label): a file was written or removed")
        }
    }

    @Test func aHorizonWrappedAroundAShortPeriodIsCertified() throws {
        // δ = 100 on its n = 100 training grid: the stencil wraps 100 times around the period
        // (20,000 entries a row before merging); insertion sort made `check` run for minutes.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        var problem = ManufacturedProblem()
        problem.samples = 200
        try problem.generate().write(to: path("m.nc"))
        #expect(try runCommand(["learn", path("m.nc"), "--delta", "0.25", "--order", "4", "-o", path("m.json"), "-q"]).status == 0)
        let model = try String(contentsOfFile: path("m.json"), encoding: .utf8)
        try model.replacingOccurrences(of: "\"horizon\" : 0.25,", with: "\"horizon\" : 100,").write(toFile: path("h100.json"), atomically: true, encoding: .utf8)
        let result = try runCommand(["check", path("h100.json"), "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"unknowns\" : 100"), "\(result.standardOutput)")
    }
}
