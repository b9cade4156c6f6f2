// `nonlocal bench`: benchmarks that print tables (speed is measured here, never in tests).
import ArgumentParser
import NonlocalWorkflows

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print tables.", discussion: "Example: nonlocal bench linalg --sides 100 316", subcommands: [Linalg.self, Assembly.self, Generate.self, IO.self, Learn.self, PaperMode.self])

    struct Linalg: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CHOLMOD factor+solve and the ARPACK smallest eigenvalue of the 2D 5-point Laplacian.", discussion: "Example: nonlocal bench linalg --sides 100 316 1000")


        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .upToNextOption, help: "Grid points per side (n = m²).")
        var sides: [Int] = [100, 316, 1000]

        func validate() throws {
            guard !sides.isEmpty, sides.allSatisfy({ (2...3000).contains($0) }) else {
                throw CommandError("--sides must be between 2 and 3000 points per side")
            }
        }

        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func run() throws {
            let rows = try Benchmarks.linearAlgebra(sides: sides, progress: progress)
            if json { return try printJSON(rows) }
            var table = Table("n", "nnz(A)", "nnz(L)", "factor s", "solve s", "residual", "λ_min s", "λ_min", "rel. error")
            for row in rows {
                table.append(
                    row.unknowns.grouped, row.nonzeros.grouped, row.factorNonzeros.grouped, row.factorSeconds.fixed(3),
                    row.solveSeconds.fixed(3), row.relativeResidual.scientific(1), row.eigenSeconds.fixed(2), row.lambdaMin.fixed(6),
                    row.eigenError.scientific(1))
            }
            print(table.rendered)
        }
    }

    struct Assembly: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sparse assembly throughput (nonzeros per second) of Bernstein-kernel operators on periodic grids.", discussion: "Example: nonlocal bench assembly --repetitions 3")


        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .unconditional, help: "Timed repetitions per case (the best is reported).")
        var repetitions: Int = 3

        func validate() throws {
            guard (1...100).contains(repetitions) else { throw CommandError("--repetitions must be in 1...100") }
        }

        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func run() throws {
            let rows = Benchmarks.assembly(repetitions: repetitions, progress: progress)
            if json { return try printJSON(rows) }
            var table = Table("grid", "unknowns", "nnz", "assemble s", "nnz/s", "apply s", "A·v − apply")
            for row in rows {
                table.append(
                    row.label, row.unknowns.grouped, row.nonzeros.grouped, row.assemblySeconds.fixed(3),
                    (Double(row.nonzeros) / row.assemblySeconds / 1e6).fixed(1) + " M", row.applySeconds.fixed(3),
                    row.applyDifference.scientific(1))
            }
            print(table.rendered)
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the fractional Green's-function generator (1D interval and 2D disk) and the Darcy generator.", discussion: "Example: nonlocal bench generate")


        @OptionGroup var console: ConsoleOptions

        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func run() throws {
            let rows = try Benchmarks.generation(progress: progress)
            if json { return try printJSON(rows) }
            var table = Table("problem", "unknowns", "samples", "seconds", "target")
            for row in rows {
                table.append(row.label, row.unknowns.grouped, row.samples.grouped, row.seconds.fixed(3), row.target)
            }
            print(table.rendered)
        }
    }

    struct IO: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write and read throughput of a 10⁷-nonzero matrix in each format, next to SciPy's mmwrite/mmread.", discussion: "Example: nonlocal bench io --nonzeros 1000000")


        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .unconditional, help: "Nonzeros of the benchmark matrix.") var nonzeros = 10_000_000
        @Option(help: "Debian's python3 with SciPy (empty to skip the SciPy rows).") var python = "/usr/bin/python3"
        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func validate() throws {
            guard (1_000...50_000_000).contains(nonzeros) else { throw CommandError("--nonzeros must be in 1,000...50,000,000") }
        }

        func run() throws {
            let rows = try Benchmarks.io(nonzeros: nonzeros, python: python.isEmpty ? nil : python, progress: progress)
            if json { return try printJSON(rows) }
            // Throughput by nonzeros as well as bytes: NetCDF files are deflated, so their MB/s understate them.
            let scipy = rows.first { $0.label.contains("SciPy") }
            var table = Table("format", "file MB", "write s", "write MB/s", "read s", "read MB/s", "M nnz/s w/r", "× SciPy w/r")
            for row in rows {
                let millions = Double(row.nonzeros) / 1e6
                let speedup = scipy.map { "\(($0.writeSeconds / row.writeSeconds).fixed(1)) / \(($0.readSeconds / row.readSeconds).fixed(1))" } ?? "—"
                table.append(
                    row.label, row.megabytes.fixed(1), row.writeSeconds.fixed(2), (row.megabytes / row.writeSeconds).fixed(0),
                    row.readSeconds.fixed(2), (row.megabytes / row.readSeconds).fixed(0),
                    "\((millions / row.writeSeconds).fixed(1)) / \((millions / row.readSeconds).fixed(1))", speedup)
            }
            print(table.rendered)
        }
    }
}
