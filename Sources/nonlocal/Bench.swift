// `nonlocal bench`: benchmarks that print tables (speed is measured here, never in tests).
import ArgumentParser
import NonlocalReferences
import NonlocalWorkflows

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print tables.", discussion: "Example: nonlocal bench linalg --sides 100 316", subcommands: [Linalg.self, Assembly.self, Generate.self, IO.self, Learn.self, LearnFractional.self, PaperMode.self, Apply.self])

    struct Linalg: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CHOLMOD factor+solve and the ARPACK smallest eigenvalue of the 2D 5-point Laplacian, beside SciPy's eigsh(A, k=1, sigma=0) in the same run.", discussion: "Example: nonlocal bench linalg --sides 100 316 1000")


        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .upToNextOption, help: "Grid points per side (n = m²).")
        var sides: [Int] = [100, 316, 1000]

        func validate() throws {
            guard !sides.isEmpty, sides.allSatisfy({ (2...3000).contains($0) }) else {
                throw CommandError("--sides must be between 2 and 3000 points per side")
            }
        }

        @Flag(help: "Print the rows as JSON instead of a table.") var json = false
        @Option(help: "The python3 with SciPy for the eigsh columns: auto (the newest SciPy on PATH or Debian's), a path, or empty to skip them.") var python = "auto"

        func run() throws {
            let rows = try Benchmarks.linearAlgebra(sides: sides, python: try resolvedPython(python), progress: progress)
            if json { return try printJSON(rows) }
            let version = rows.compactMap(\.scipyVersion).first.map { " \($0)" } ?? ""
            var table = Table(
                "n", "nnz(A)", "nnz(L)", "factor s", "solve s", "residual", "λ_min s", "λ_min", "rel. error", "SciPy\(version) eigsh s",
                "SciPy rel. error", "ours / SciPy")
            for row in rows {
                table.append(
                    row.unknowns.grouped, row.nonzeros.grouped, row.factorNonzeros.grouped, row.factorSeconds.fixed(3),
                    row.solveSeconds.fixed(3), row.relativeResidual.scientific(1), row.eigenSeconds.fixed(2), row.lambdaMin.fixed(6),
                    row.eigenError.scientific(1), row.scipyEigenSeconds.map { $0.fixed(2) } ?? "—",
                    row.scipyEigenError.map { $0.scientific(1) } ?? "—", row.scipyEigenSeconds.map { (row.eigenSeconds / $0).fixed(2) + "×" } ?? "—")
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
            abstract: "Write and read throughput of a 10⁷-nonzero matrix in each format, next to SciPy's mmwrite/mmread.",
            discussion: "Each time, ours and SciPy's, is the median of --repetitions runs. Example: nonlocal bench io --nonzeros 1000000")


        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .unconditional, help: "Nonzeros of the benchmark matrix.") var nonzeros = 10_000_000
        @Option(parsing: .unconditional, help: "Writes and reads timed per format (the median is shown).") var repetitions = 3
        @Option(help: "The python3 with SciPy for the SciPy rows: auto (the newest SciPy on PATH or Debian's), a path, or empty to skip them.") var python = "auto"
        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func validate() throws {
            guard (1_000...50_000_000).contains(nonzeros) else { throw CommandError("--nonzeros must be in 1,000...50,000,000") }
            guard (1...99).contains(repetitions) else { throw CommandError("--repetitions must be in 1...99") }
        }

        func run() throws {
            let rows = try Benchmarks.io(nonzeros: nonzeros, python: try resolvedPython(python), repetitions: repetitions, progress: progress)
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

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A fractional reference applied by FFT, beside the dense product (BLAS, numpy) and SciPy's FFT route.",
            discussion: """
                Each time is the median of at least 5 runs. SciPy's route is scipy.linalg.matmul_toeplitz on the interval and \
                scipy.signal.fftconvolve on the disk (the points placed on their bounding box, the product read back).

                Example: nonlocal bench apply --levels 10...16
                Example: nonlocal bench apply --dimension 2 --levels 4...9
                """)

        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .unconditional, help: "Levels: h = 2^-level, as A...B or a list (n = 2^(level+1) − 1).") var levels = "10...16"
        @Option(help: "The reference: naive or accurate (the interval only).") var reference: FractionalReference.Kind = .naive
        @Option(parsing: .unconditional, help: "The fractional order s in (0, 1).") var order = 0.75
        @Option(parsing: .unconditional, help: "1 (the interval) or 2 (the unit disk).") var dimension = 1
        @Option(help: "The python3 with numpy and SciPy for their columns: auto (the newest SciPy on PATH or Debian's), a path, or empty to skip them.") var python = "auto"
        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func parsedLevels() throws -> [Int] {
            let values = try parseNumbers(levels, flag: "--levels")
            guard values.allSatisfy({ $0 == $0.rounded() && (2...22).contains($0) }) else {
                throw CommandError("--levels must be whole numbers in 2...22 (h = 2^-level), e.g. 10...16")
            }
            return values.map { Int($0) }
        }

        func validate() throws {
            _ = try parsedLevels()
            guard order > 0, order < 1 else { throw CommandError("--order must lie in (0, 1)") }
            guard dimension == 1 || dimension == 2 else { throw CommandError("--dimension must be 1 (the interval) or 2 (the disk)") }
            guard dimension == 1 || reference == .naive else {
                throw CommandError("the accurate reference on the disk has no FFT apply (it is not translation-invariant); use --reference naive")
            }
        }

        func run() throws {
            let rows = try Benchmarks.apply(
                levels: try parsedLevels(), order: order, kind: reference, dimension: dimension, python: try resolvedPython(python), progress: progress)
            if json { return try printJSON(rows) }
            let version = rows.first { !$0.scipyVersion.isEmpty }.map { " \($0.scipyVersion)" } ?? ""
            var table = Table(
                "h", "n", "FFT s", "dense (BLAS) s", "× dense", "‖FFT − dense‖", "numpy dense s", "× numpy",
                "SciPy\(version) \(dimension == 1 ? "matmul_toeplitz" : "fftconvolve") s", "× SciPy")
            func ratio(_ other: Double?, _ ours: Double) -> String { other.map { ($0 / ours).fixed(1) + "×" } ?? "—" }
            for row in rows {
                table.append(
                    "2^-\(row.level)", row.unknowns.grouped, row.fftSeconds.scientific(2), row.denseSeconds.map { $0.scientific(2) } ?? "—",
                    ratio(row.denseSeconds, row.fftSeconds), row.difference.map { $0.scientific(1) } ?? "—",
                    row.numpyDenseSeconds.map { $0.scientific(2) } ?? "—", ratio(row.numpyDenseSeconds, row.fftSeconds),
                    row.scipyToeplitzSeconds.map { $0.scientific(2) } ?? "—", ratio(row.scipyToeplitzSeconds, row.fftSeconds))
            }
            print(table.rendered)
        }
    }
}

/// The python3 a benchmark's competitor columns run in: `auto` picks the newest SciPy on PATH or Debian's
/// (and says which on stderr), an empty string skips them, anything else is the interpreter's path,
/// which must import SciPy: a competitor the user named is not dropped in silence.
func resolvedPython(_ option: String) throws -> String? {
    if option.isEmpty { return nil }
    let auto = option == "auto"
    guard let interpreter = auto ? SciPyInterpreter.newest() : SciPyInterpreter.probe(option) else {
        if !auto {
            throw CommandError("--python \(option) cannot run `import scipy`; give a python3 with SciPy, auto, or '' to skip the SciPy columns")
        }
        progress("no python3 with SciPy found: the SciPy columns are skipped")
        return nil
    }
    progress("competitor: SciPy \(interpreter.version) from \(interpreter.path)")
    return interpreter.path
}
