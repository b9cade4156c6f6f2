// `nonlocal demo`: the main job on its built-in default — a fractional surrogate learned, certified, validated, exported, with a report and figures.
import ArgumentParser
import NonlocalWorkflows

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn a sparse surrogate of (−Δ)^{3/4} on (−1, 1), certify, validate, precondition, export, and report with figures.",
        discussion: """
            Writes into --out: data.nc, surrogate.json, surrogate.{mtx,nc,petsc} (with f = 1 and its solution), the \
            figures (PNG and SVG, matplotlib) with their CSV tables, and report.md.

            Example: nonlocal demo --out out/demo
            """)


    @OptionGroup var console: ConsoleOptions

    @Option(help: "The folder to write into (created, with its parents, when missing).") var out = "out/demo"
    @Flag(help: "Small sizes (a few seconds): fewer samples, two small preconditioning sizes, no disk.") var quick = false
    @Flag(help: "Print the summary as JSON.") var json = false

    var demo: FractionalDemo {
        var demo = FractionalDemo()
        demo.directory = out
        demo.quick = quick
        return demo
    }

    func validate() throws { try demo.validate() }

    func run() throws {
        let summary = try demo.run(progress: progress)
        if json { return try printJSON(summary) }
        var table = Table("", "f = 1 relative L2 error")
        table.append("learned surrogate (M = \(summary.surrogateOrder), α = \(summary.surrogateExponent.fixed(4)), δ = 2)", summary.surrogateError.scientific(2))
        table.append("truncated kernel, δ = 2", summary.truncatedError.scientific(2))
        table.append("naive dense reference", summary.naiveError.scientific(2))
        table.append("accurate dense reference (P1)", summary.accurateError.scientific(2))
        print(table.rendered)
        let counts = ["none", "jacobi", "truncated", "truncated+tail", "learned"].compactMap { kind in summary.iterations[kind].map { "\(kind) \($0)" } }
        print("CG iterations at the finest size: " + counts.joined(separator: ", "))
        print("certified: λ_min = \(summary.lambdaMin.fixed(6)) on the training grid")
        print("wrote \(summary.files.count) files into \(out), report: \(out)/report.md")
    }
}
