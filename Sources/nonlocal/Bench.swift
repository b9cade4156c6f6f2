// `nonlocal bench`: benchmarks that print tables (speed is measured here, never in tests).
import ArgumentParser
import NonlocalAssembly
import NonlocalData
import NonlocalExport
import Foundation
import NonlocalKernels
import NonlocalLinearAlgebra

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print tables.", subcommands: [Linalg.self, Assembly.self, Generate.self, IO.self, Learn.self, PaperMode.self])

    struct Linalg: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CHOLMOD factor+solve and the ARPACK smallest eigenvalue of the 2D 5-point Laplacian.")

        @Option(parsing: .upToNextOption, help: "Grid points per side (n = m²).")
        var sides: [Int] = [100, 316, 1000]

        func validate() throws {
            guard !sides.isEmpty, sides.allSatisfy({ (2...3000).contains($0) }) else {
                throw CommandError("--sides must be between 2 and 3000 points per side")
            }
        }

        func run() throws {
            var table = Table("n", "nnz(A)", "nnz(L)", "factor s", "solve s", "residual", "λ_min s", "λ_min", "rel. error")
            for m in sides {
                progress("n = \(m * m): assembling, factorizing, solving, eigenvalue")
                let matrix = SparseMatrix.laplacian2D(m, m)
                let (cholesky, factorTime) = try timed { try CholeskyFactorization(factorizing: matrix) }
                let b = matrix.multiply((0..<matrix.rowCount).map { Double($0 % 7) - 3 })
                let (x, solveTime) = timed { cholesky.solve(b) }
                let residual = matrix.multiply(x).subtracting(b).euclideanNorm / b.euclideanNorm
                let (pairs, eigenTime) = try timed {
                    try SymmetricEigensolver(method: .arpack).smallestEigenpairs(of: matrix, count: 1)
                }
                let analytic = SparseMatrix.laplacian2DEigenvalue(m, m)
                table.append(
                    matrix.rowCount.grouped, matrix.nonzeroCount.grouped, cholesky.factorNonzeroCount.grouped,
                    factorTime.fixed(3), solveTime.fixed(3), residual.scientific(1), eigenTime.fixed(2),
                    pairs[0].value.fixed(6), (abs(pairs[0].value - analytic) / analytic).scientific(1))
            }
            print(table.rendered)
        }
    }

    struct Assembly: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sparse assembly throughput (nonzeros per second) of Bernstein-kernel operators on periodic grids.")

        @Option(help: "Timed repetitions per case (the best is reported).")
        var repetitions: Int = 3

        func validate() throws {
            guard (1...100).contains(repetitions) else { throw CommandError("--repetitions must be in 1...100") }
        }

        func run() throws {
            // (label, grid, horizon in grid spacings)
            let cases: [(String, Grid, Double)] = [
                ("2D periodic 1000 × 1000, δ = 3h", .periodic(dimension: 2, points: 1000, length: 1), 3),
                ("1D periodic 10⁶ points, δ = 10h", .periodic(dimension: 1, points: 1_000_000, length: 1), 10),
            ]
            var table = Table("grid", "unknowns", "nnz", "assemble s", "nnz/s", "apply s", "A·v − apply")
            for (label, grid, reach) in cases {
                progress("\(label): assembling \(repetitions)×")
                let kernel = BernsteinKernel(
                    coefficients: [1, 2, 0.5, 3, 1], horizon: reach * grid.spacing, dimension: grid.dimension)
                let op = NonlocalOperator(kernel: kernel, grid: grid)
                var best = Double.infinity
                var matrix: SparseMatrix?
                for _ in 0..<repetitions {
                    let (assembled, seconds) = timed { op.assemble() }
                    best = min(best, seconds)
                    matrix = assembled
                }
                let assembled = matrix!
                let v = (0..<grid.interiorCount).map { Double(($0 * 7919) % 1000) / 1000 }
                let (applied, applySeconds) = timed { op.apply(v) }
                let difference = assembled.multiply(v).subtracting(applied).maximumNorm / applied.maximumNorm
                table.append(
                    label, grid.interiorCount.grouped, assembled.nonzeroCount.grouped, best.fixed(3),
                    (Double(assembled.nonzeroCount) / best / 1e6).fixed(1) + " M", applySeconds.fixed(3),
                    difference.scientific(1))
            }
            print(table.rendered)
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the fractional Green's-function generator (1D interval and 2D disk) and the Darcy generator.")

        func run() throws {
            var table = Table("problem", "unknowns", "samples", "seconds", "target")
            func measure(_ label: String, target: String, _ configure: (inout FractionalProblem) -> Void) throws {
                var problem = FractionalProblem()
                configure(&problem)
                progress(label)
                let (data, seconds) = try timed { try problem.generate() }
                table.append(label, data.pointCount.grouped, data.sampleCount.grouped, seconds.fixed(3), target)
            }
            try measure("fractional 1D, h = 0.01, s = 0.75", target: "≤ 2 s") { $0.samples = 1000 }
            try measure("fractional disk, h = 0.05, s = 0.75", target: "≤ 30 s") {
                $0.dimension = 2
                $0.samples = 200
            }
            var darcy = DarcyProblem()
            darcy.samples = 1000
            progress("darcy")
            let (data, seconds) = try timed { try darcy.generate() }
            table.append("darcy, 16 elements per cell", data.pointCount.grouped, data.sampleCount.grouped, seconds.fixed(3), "—")
            print(table.rendered)
        }
    }

    struct IO: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write and read throughput of a 10⁷-nonzero matrix in each format, next to SciPy's mmwrite/mmread.")

        @Option(help: "Nonzeros of the benchmark matrix.") var nonzeros = 10_000_000
        @Option(help: "Debian's python3 with SciPy (empty to skip the SciPy rows).") var python = "/usr/bin/python3"

        func validate() throws {
            guard (1_000...50_000_000).contains(nonzeros) else { throw CommandError("--nonzeros must be in 1,000...50,000,000") }
        }

        func run() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nonlocal-bench-io-\(getpid())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            progress("building a random \(nonzeros.grouped)-nonzero matrix")
            let n = nonzeros / 10
            var generator = SplitMix64(seed: 1)
            var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: nonzeros)
            for row in 0..<n {
                for _ in 0..<10 { builder.append(row: row, column: generator.integer(in: 0...(n - 1)), value: generator.uniform(1)[0]) }
            }
            let matrix = builder.build()
            // Throughput by nonzeros as well as bytes: NetCDF files are deflated, so their MB/s understate them.
            var rows: [(label: String, megabytes: Double, write: Double, read: Double)] = []
            func measure(_ label: String, _ path: String, write: () throws -> Void, read: () throws -> Void) throws {
                progress(label)
                let (_, writeSeconds) = try timed(write)
                let megabytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6
                let (_, readSeconds) = try timed(read)
                rows.append((label, megabytes, writeSeconds, readSeconds))
            }
            let mtx = folder + "/a.mtx", nc = folder + "/a.nc", petsc = folder + "/a.petsc"
            try measure("MatrixMarket (NonlocalKit)", mtx, write: { try MatrixMarketFile.write(matrix, to: mtx) }, read: { _ = try MatrixMarketFile.read(from: mtx) })
            try measure("NetCDF-4, deflated (NonlocalKit)", nc, write: { try OperatorFile(matrix: matrix).writeNetCDF(to: nc) }, read: { _ = try OperatorFile.readNetCDF(from: nc) })
            try measure("PETSc binary (NonlocalKit)", petsc, write: { try PETScBinaryFile.write(matrix: matrix, to: petsc) }, read: { _ = try PETScBinaryFile.readMatrix(from: petsc) })
            var scipy: (write: Double, read: Double)?
            if !python.isEmpty {
                progress("SciPy mmwrite(precision=17) and mmread on the same matrix")
                let script = """
                    import time, os, scipy.io
                    a = scipy.io.mmread("\(mtx)").tocoo()
                    t = time.perf_counter(); scipy.io.mmwrite("\(folder)/scipy.mtx", a, precision=17); w = time.perf_counter() - t
                    size = os.path.getsize("\(folder)/scipy.mtx") / 1e6
                    t = time.perf_counter(); scipy.io.mmread("\(folder)/scipy.mtx"); r = time.perf_counter() - t
                    print(size, w, r)
                    """
                let process = Process()
                process.executableURL = URL(fileURLWithPath: python)
                process.arguments = ["-c", script]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                let numbers = output.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
                if process.terminationStatus == 0, numbers.count == 3 {
                    rows.append(("MatrixMarket (SciPy 1.10)", numbers[0], numbers[1], numbers[2]))
                    scipy = (numbers[1], numbers[2])
                } else {
                    progress("SciPy rows skipped: \(python) could not run scipy.io")
                }
            }
            var table = Table("format", "file MB", "write s", "write MB/s", "read s", "read MB/s", "M nnz/s w/r", "× SciPy w/r")
            let millions = Double(matrix.nonzeroCount) / 1e6
            for row in rows {
                let speedup = scipy.map { "\(($0.write / row.write).fixed(1)) / \(($0.read / row.read).fixed(1))" } ?? "—"
                table.append(
                    row.label, row.megabytes.fixed(1), row.write.fixed(2), (row.megabytes / row.write).fixed(0), row.read.fixed(2),
                    (row.megabytes / row.read).fixed(0), "\((millions / row.write).fixed(1)) / \((millions / row.read).fixed(1))", speedup)
            }
            print(table.rendered)
        }
    }
}
