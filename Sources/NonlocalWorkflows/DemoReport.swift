// DemoReport: the demo's report.md — what was learned, how it compares, the figures and the files.
import Foundation
import NonlocalFiles
import NonlocalKernels

/// Writes the demo's Markdown report: a summary table, the validation and preconditioning
/// tables, the figures (PNG, SVG beside) and the list of files.
enum DemoReport {
    static func write(
        to path: String, summary: FractionalDemo.Summary, model: KernelModel, validation: SurrogateValidation.Outcome,
        rows: [PreconditioningStudy.Row], diskRows: [PreconditioningStudy.Row], tradeoff: [ErrorVersusNonzeros]
    ) throws {
        func e(_ x: Double?) -> String { x.map { String(format: "%.2e", $0) } ?? "—" }
        var lines = [
            "# NonlocalKit demo: a sparse surrogate of (−Δ)^{3/4} on (−1, 1)",
            "",
            "Learned from Green's-function data (h = 0.01), certified, validated against the analytic solution, two dense "
                + "references and the truncated kernel, used as a preconditioner, and exported for SciPy and PETSc. "
                + String(format: "The whole run took %.1f s.", summary.seconds),
            "",
            "| | value |",
            "|---|---|",
            "| surrogate | K(r) = Σ C_m B_{m,\(summary.surrogateOrder)}(r/δ)/r^α, δ = \(model.horizon), M = \(summary.surrogateOrder), α = \(String(format: "%.4f", summary.surrogateExponent)) |",
            "| certificate on the training grid | λ_min = \(String(format: "%.6f", summary.lambdaMin)) > 0 (coercive) |",
            "| f = 1 error: surrogate | \(e(summary.surrogateError)) |",
            "| f = 1 error: truncated kernel at δ = \(model.horizon) | \(e(summary.truncatedError)) |",
            "| f = 1 error: naive dense reference | \(e(summary.naiveError)) |",
            "| f = 1 error: accurate dense reference (P1) | \(e(summary.accurateError)) |",
        ]
        for kind in ["none", "truncated", "truncated+tail", "learned"] {
            if let count = summary.iterations[kind] { lines.append("| CG iterations, \(kind) preconditioner (finest size) | \(count) |") }
        }
        lines += ["", "## The surrogate beside the references", "", "| operator | n | nonzeros | f = 1 error | DKK error |", "|---|---|---|---|---|"]
        for row in validation.rows {
            lines.append("| \(row.name) | \(row.unknowns) | \(row.nonzeros) | \(e(row.constantForcingError)) | \(e(row.exactPairError)) |")
        }
        lines += ["", "![solutions](solutions.png)", "", "![kernel](kernel.png)", "", "![error vs nonzeros](error_vs_nonzeros.png)", ""]
        lines += [
            "## The learned preconditioner against truncation",
            "",
            "PCG to a relative residual of 10⁻¹⁰ on the naive dense reference; the sparse preconditioners have the same horizon δ.",
            "",
            "| domain | n | δ | preconditioner | nonzeros | CG iterations | total s |",
            "|---|---|---|---|---|---|---|",
        ]
        for (domain, domainRows) in [("(−1, 1)", rows), ("unit disk", diskRows)] {
            for row in domainRows {
                                lines.append("| \(domain) | \(row.unknowns) | \(row.horizon.map { "\($0)" } ?? "—") | \(row.preconditioner.rawValue) | \(row.nonzeros) | \(row.iterations) | \(String(format: "%.3f", row.totalSeconds)) |")
            }
        }
        lines += ["", "![residuals](residuals.png)", "", "![losses](losses.png)", "", "## Files", ""]
        lines += summary.files.map { "- `\(URL(fileURLWithPath: $0).lastPathComponent)`" }
        lines += [
            "",
            "Load the operator in SciPy: `scipy.io.mmread(\"surrogate.mtx\")` (and `surrogate.rhs.mtx`, `surrogate.surrogate_solution.mtx`); "
                + "in xarray: `xr.open_dataset(\"surrogate.nc\")`; in PETSc: `MatLoad` then `VecLoad` on `surrogate.petsc`.",
            "",
        ]
        try AtomicFile.write(Array(lines.joined(separator: "\n").utf8), to: path)
    }
}
