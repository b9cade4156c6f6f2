// `nonlocal validate`: a learned surrogate beside the dense references and the truncated kernel — errors, spectra, iterations, sizes, times.
import ArgumentParser
import NonlocalAssembly
import NonlocalWorkflows

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a surrogate against dense (−Δ)^s references and the truncated kernel at its δ.",
        discussion: """
            For the model, the truncated kernel C_{d,s}/r^{d+2s} on r ≤ δ, and each reference (naive, accurate, or a \
            matrix file of your own on the grid's unknowns: NetCDF 2-D variable, PETSc AIJ or dense Mat, MatrixMarket): \
            relative L2 errors against the analytic f = 1 solution and a Dyda–Kuznetsov–Kwaśnicki pair; as a \
            preconditioner of each reference, the extreme eigenvalues of P⁻¹A, the CG iterations they predict and \
            those CG takes; stored entries, bytes, factor and solve times. On a grid other than the model's training \
            grid the training grid is validated too.

            Example: nonlocal validate kernel.json --against naive,accurate
            """)


    @OptionGroup var console: ConsoleOptions

    @Argument(help: "The kernel model (JSON, as `nonlocal learn` writes it).") var model: String
    @Option(help: "The grid (default: the one the model was learned on), e.g. interval:a=-1,b=1,h=0.001,delta=2.") var grid: String?
    @Option(parsing: .unconditional, help: "The fractional order s (default: the one the model records).") var order: Double?
    @Option(help: "References, a comma list of naive, accurate or matrix files.") var against = "naive,accurate"
    @Option(parsing: .unconditional, help: "CG's relative residual for the iteration counts.") var tolerance = 1e-10
    @Flag(help: "Print the rows as JSON instead of a table.") var json = false
    @Option(help: "Also write the rows as CSV to this file.") var csv: String?

    var validation: SurrogateValidation {
        get throws {
            var validation = SurrogateValidation(modelPath: model)
            validation.grid = try grid.map { text throws(GridError) in try GridSpecification(parsing: text) }
            validation.order = order
            validation.references = against.split(separator: ",").map { .init(parsing: String($0)) }
            validation.tolerance = tolerance
            return validation
        }
    }

    func validate() throws {
        _ = try validation
        if let order, !(order > 0 && order < 1) { throw CommandError("--order \(order) is outside (0, 1); pick s in (0, 1)") }
        guard tolerance > 0, tolerance < 1 else { throw CommandError("--tolerance must be in (0, 1)") }
        if let csv { try OutputPath.check(csv, extensions: ["csv"], inputs: [model]) }
    }

    func run() throws {
        let outcome = try validation.run(progress: progress)
        if let csv { try CSVFile.write(outcome.lines, to: csv) }
        if json { return try printJSON(outcome.rows) }
        var table = Table("operator", "grid", "n", "nnz", "MB", "factor s", "solve s", "f=1 error", "DKK error")
        for row in outcome.rows {
            table.append(
                row.name, row.grid, row.unknowns.grouped, row.nonzeros.grouped, (Double(row.bytes) / 1e6).fixed(2), row.factorSeconds.fixed(4),
                row.solveSeconds.fixed(4), row.constantForcingError.scientific(2), row.exactPairError.scientific(2))
        }
        print(table.rendered)
        var spectra = Table("preconditioner", "of reference", "λmin(P⁻¹A)", "λmax(P⁻¹A)", "κ", "predicted iterations", "CG iterations")
        for row in outcome.rows {
            for p in row.preconditioning {
                spectra.append(
                    row.name, p.reference + (p.exactSpectrum ? "" : " (Lanczos)"), p.lambdaMin.scientific(3), p.lambdaMax.scientific(3),
                    (p.lambdaMax / p.lambdaMin).fixed(2), "\(p.predictedIterations)", "\(p.iterations)")
            }
        }
        if !spectra.rows.isEmpty { print(spectra.rendered) }
    }
}
