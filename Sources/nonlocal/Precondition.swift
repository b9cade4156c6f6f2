// `nonlocal precondition`: PCG on a dense fractional reference with none, Jacobi, truncated, truncated + tail mass and learned preconditioners, beside the dense Cholesky solve.
import ArgumentParser
import Foundation
import NonlocalReferences
import NonlocalWorkflows

extension FractionalReference.Kind: ExpressibleByArgument {}

struct Precondition: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Precondition a dense (−Δ)^s system with compact kernels: iterations and times over a sweep of h and δ.",
        discussion: """
            Solves A u = 1 for the reference A (naive: one-point quadrature with its exterior tail; accurate: P1 \
            finite elements in 1D, the inverse Green's-function quadrature on the disk) at h = 2^-level, by CG to a \
            relative residual 1e-10 with no, Jacobi, truncated-kernel, truncated + tail mass, and learned preconditioners \
            (learned once per δ from the reference's modes at the training level, unless --model gives them), beside \
            LAPACK's dense Cholesky solve of A. A is applied by FFT in O(n log n) with O(n) memory (all but the \
            disk's accurate reference), so levels up to 16 in 1D and 9 on the disk (823,469 unknowns) run where the \
            dense matrix would not fit (the dense Cholesky row is then skipped). Horizons given as cells (--deltas 2h) \
            keep the preconditioner's stencil the same at every level; a learned one is learned once and rescaled.

            Example: nonlocal precondition --order 0.75 --levels 6...10 --deltas 1/16,1/8,1/4
            Example: nonlocal precondition --dimension 2 --levels 5...9 --deltas 2h --training-level 6 --no-dense
            """)


    @OptionGroup var console: ConsoleOptions

    @Option(help: "The reference: naive or accurate.") var reference: FractionalReference.Kind = .naive
    @Option(parsing: .unconditional, help: "The fractional order s in (0, 1).") var order = 0.75
    @Option(parsing: .unconditional, help: "1 (the interval (−1, 1)) or 2 (the unit disk).") var dimension = 1
    @Option(parsing: .unconditional, help: "Levels: h = 2^-level, as A...B or a list (default 6...12 in 1D, 4...6 on the disk).") var levels: String?
    @Option(
        parsing: .unconditional,
        help: "Horizons δ of the compact preconditioners, a list of lengths (default 1/16,1/8,1/4 in 1D, 0.2 on the disk) or of cells, δ = c·h at every level (2h,3h).")
    var deltas: String?
    @Option(help: "A learned preconditioner model (repeatable); each serves the δ it has.") var model: [String] = []
    @Option(parsing: .unconditional, help: "Bernstein order M of the learned preconditioners.") var learnedOrder = 4
    @Option(parsing: .unconditional, help: "The level the preconditioners are learned at (default 8 in 1D, 5 on the disk).") var trainingLevel: Int?
    @Option(parsing: .unconditional, help: "CG's relative residual.") var tolerance = 1e-10
    @Flag(help: "Skip the dense Cholesky solve of A (it is skipped anyway where A and its factor do not fit in memory).") var noDense = false
    @Option(help: "The preconditioners to run, a list of none, jacobi, truncated, truncated+tail, learned (default all).") var preconditioners: String?
    @Option(help: "Export one row, LEVEL,DELTA, for petsc4py (with --export-dir).") var exportRow: String?
    @Option(help: "The folder for --export-row's files.") var exportDir: String?
    @Flag(help: "Print the rows as JSON instead of tables.") var json = false
    @Option(help: "Also write the rows as CSV to this file.") var csv: String?

    var study: PreconditioningStudy {
        get throws {
            let levels = try parseNumbers(self.levels ?? (dimension == 1 ? "6...12" : "4...6"), flag: "--levels")
            guard levels.allSatisfy({ $0 == $0.rounded() }) else { throw CommandError("--levels must be whole numbers, e.g. 6...12") }
            let (horizons, unit) = try parseHorizons(deltas ?? (dimension == 1 ? "1/16,1/8,1/4" : "0.2"))
            var study = PreconditioningStudy(levels: levels.map { Int($0) }, horizons: horizons)
            study.horizonUnit = unit
            study.reference = reference
            study.order = order
            study.dimension = dimension
            study.modelPaths = model
            study.learnedOrder = learnedOrder
            study.trainingLevel = trainingLevel
            study.tolerance = tolerance
            study.denseCholesky = !noDense
            if let preconditioners {
                let kinds = try preconditioners.split(separator: ",").map { name in
                    guard let kind = PreconditioningStudy.PreconditionerKind(rawValue: String(name)) else {
                        throw CommandError("--preconditioners: '\(name)' is none of none, jacobi, truncated, truncated+tail, learned")
                    }
                    return kind
                }
                guard !kinds.isEmpty else { throw CommandError("--preconditioners needs at least one of none, jacobi, truncated, truncated+tail, learned") }
                study.preconditioners = Set(kinds)
            }
            if let exportRow {
                let parts = exportRow.split(separator: ",")
                guard let exportDir, parts.count == 2, let level = Int(parts[0]) else {
                    throw CommandError("--export-row takes LEVEL,DELTA (e.g. 7,0.125) together with --export-dir FOLDER")
                }
                study.export = (level, try parseNumbers(String(parts[1]), flag: "--export-row")[0], exportDir)
            }
            return study
        }
    }

    /// --deltas: lengths (0.25, 1/16) or numbers of cells (2h, 3h), not mixed.
    private func parseHorizons(_ text: String) throws -> ([Double], PreconditioningStudy.HorizonUnit) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let cells = parts.filter { $0.hasSuffix("h") }
        guard !cells.isEmpty else { return (try parseNumbers(text, flag: "--deltas"), .absolute) }
        guard cells.count == parts.count else {
            throw CommandError("--deltas mixes lengths and cells (\(text)); give all as lengths (1/16) or all as cells (2h, 3h)")
        }
        return (try parseNumbers(parts.map { String($0.dropLast()) }.joined(separator: ","), flag: "--deltas"), .cells)
    }

    func validate() throws {
        guard (1...40).contains(learnedOrder) else { throw CommandError("--learned-order must be in 1...40") }
        if let csv { try OutputPath.check(csv, extensions: ["csv"], inputs: model) }
        try study.validate()
    }

    func run() throws {
        let outcome = try study.run(progress: progress)
        if let csv { try CSVFile.write(outcome.rows, to: csv) }
        if json {
            try printJSON(PreconditioningReport(rows: outcome.rows, dense: outcome.dense))
            return
        }
        var table = Table("h", "n", "δ", "preconditioner", "nnz(P)", "iterations", "setup s", "s/iter", "total s", "λmin", "λmax", "f=1 error")
        for row in outcome.rows {
            table.append(
                "2^-\(row.level)", row.unknowns.grouped, row.horizon.map { "\($0)" } ?? "—", row.preconditioner.rawValue, row.nonzeros.grouped,
                "\(row.iterations)", row.setupSeconds.fixed(3), (row.iterationSeconds / Double(max(1, row.iterations))).scientific(2),
                row.totalSeconds.fixed(3), row.lambdaMin.map { $0.scientific(2) } ?? "—", row.lambdaMax.map { $0.scientific(2) } ?? "—",
                row.error.scientific(2))
        }
        print(table.rendered)
        if !outcome.dense.isEmpty {
            var dense = Table("h", "n", "build A s", "Cholesky s", "solve s", "f=1 error", "learned PCG total s", "speed-up")
            for row in outcome.dense {
                let learned = outcome.rows.filter { $0.level == row.level && $0.preconditioner == .learned }.map(\.totalSeconds).min()
                let direct = row.factorSeconds + row.solveSeconds
                dense.append(
                    "2^-\(row.level)", row.unknowns.grouped, row.buildSeconds.fixed(3), row.factorSeconds.fixed(3), row.solveSeconds.fixed(4),
                    row.error.scientific(2), learned.map { $0.fixed(3) } ?? "—", learned.map { (direct / $0).fixed(1) + "×" } ?? "—")
            }
            print(dense.rendered)
        }
        for path in outcome.exported { progress("wrote \(path)") }
    }
}

/// `--json` output of `nonlocal precondition`.
struct PreconditioningReport: Encodable {
    let rows: [PreconditioningStudy.Row]
    let dense: [PreconditioningStudy.DenseRow]
}
