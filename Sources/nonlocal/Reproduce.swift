// `nonlocal reproduce`: the paper's tables recomputed and set beside the printed values.
import ArgumentParser
import NonlocalWorkflows

extension PaperReproduction.Item: ExpressibleByArgument {}

struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the paper's Tables 1–3 and Figures 1–10, and write each as CSV and Markdown (figures also as PNG and SVG) beside the printed values.",
        discussion: """
            table1 and table2 share their 200 biharmonic models (40 configurations × C, C + D, C + D \
            with --consistency second-moment, C + D under the paper's printed constraint, and C + D from the \
            refinement-consistent joint program); table3 learns 24 fractional models under the Galerkin rule and \
            the same 24 as the paper did (one-point rule, α free); figure1 and figure2 fit kernel (5.3) with M = 1 and 2; figure3, figure4 and \
            figure5 share two sweeps M = 2…20 on data of kernel \
            (5.4); figure6 draws the Darcy medium; figure7, figure8 and figure9 share 21 Darcy models (7 training \
            wavelengths × δ = 4L, 8L, 16L), and figure9 adds orders M = 5…20 at δ = 4L; figure10 learns two \
            biharmonic models. all writes everything and REPRODUCTION.md. Every \
            choice the paper leaves open is the toolkit's default and is stated in the Markdown. Figures need \
            Debian's python3-matplotlib (make setup). About 4 minutes for all on 2 cores; --quick takes \
            under a minute. Example: nonlocal reproduce all --out out/paper
            """)

    @OptionGroup var console: ConsoleOptions

    @Argument(help: "table1, table2, table3, figure1 … figure10 or all.") var item: PaperReproduction.Item
    @Option(help: "The folder to write into (created if missing).") var out: String
    @Flag(help: "Fewer samples: the same tables and figures in seconds (2,000 biharmonic, 600 fractional, 4,000 manufactured samples).") var quick = false
    @Option(help: "The python3 with matplotlib that draws the figures.") var python = "/usr/bin/python3"

    func run() throws {
        var reproduction = PaperReproduction(folder: out)
        reproduction.quick = quick
        reproduction.python = python
        let written = try reproduction.run(item, progress: progress)
        print("wrote \(written.joined(separator: ", "))")
    }
}
