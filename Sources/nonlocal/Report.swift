// `nonlocal report`: pages of the docs regenerated from measurements (docs/FRACTIONAL.md).
import ArgumentParser
import Foundation
import NonlocalWorkflows

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerate a documentation page from measurements.", discussion: "Example: nonlocal report fractional -o docs/FRACTIONAL.md", subcommands: [Fractional.self])

    struct Fractional: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "docs/FRACTIONAL.md: references under refinement, preconditioning sweeps (1D and disk), the learned preconditioner's ablation, surrogate accuracy.",
            discussion: "Takes several minutes on 2 cores. Example: nonlocal report fractional -o docs/FRACTIONAL.md")


        @OptionGroup var console: ConsoleOptions

        @Option(name: [.customShort("o"), .long], help: "The Markdown page to write.") var output = "docs/FRACTIONAL.md"
        @Option(help: "The folder for the tables' CSV files (default: `fractional` beside the page).") var csvFolder: String?
        @Option(parsing: .unconditional, help: "The fractional order s.") var order = 0.75
        @Flag(help: "Small sizes only (a check that the report runs, in seconds).") var quick = false

        func validate() throws {
            guard order > 0, order < 1 else { throw CommandError("--order \(order) is outside (0, 1); pick s in (0, 1)") }
            try OutputPath.check(output, extensions: ["md"])
        }

        func run() throws {
            var report = FractionalReport()
            report.order = order
            if quick {
                report.intervalLevels = [6, 7]
                report.diskLevels = [3, 4]
                report.intervalSweepLevels = [6, 7]
                report.diskSweepLevels = [4]
                report.accuracy.horizons = [2]
                report.accuracy.orders = [5]
                report.accuracy.spacings = [0.01, 0.005]
                report.accuracy.samples = 300
            }
            // The page's own folder ("/tmp" for "/tmp/FRACTIONAL.md": splitting on "/" lost the leading slash).
            let directory = (output as NSString).deletingLastPathComponent
            let folder = csvFolder ?? (directory.isEmpty ? "fractional" : directory + "/fractional")
            let written = try report.run(writingTo: output, csvFolder: folder, progress: progress)
            print("wrote \(written.joined(separator: ", "))")
        }
    }
}
