// `nonlocal bench paper`: the paper-faithful optimizer's cost — per-sample Grams once, then seconds per Adam epoch.
import ArgumentParser
import NonlocalWorkflows

extension Bench {
    struct PaperMode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "paper",
            abstract: "Paper-mode Algorithm 1 (batch 100): building the per-sample Grams and seconds per epoch of each stage.", discussion: "Example: nonlocal bench paper --samples 10000 --epochs 2")

        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .unconditional, help: "Biharmonic training samples N.") var samples = 50_000
        @Option(parsing: .unconditional, help: "Bernstein order M of stages 1 and 2.") var order = 20
        @Option(parsing: .unconditional, help: "Horizon δ of the biharmonic runs.") var horizon = 0.99
        @Option(parsing: .unconditional, help: "Fractional training samples (δ = 1, M = 5).") var fractionalSamples = 10_000
        @Option(parsing: .unconditional, help: "Timed epochs per stage.") var epochs = 3
        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func validate() throws {
            guard (100...1_000_000).contains(samples), (100...1_000_000).contains(fractionalSamples) else {
                throw CommandError("--samples and --fractional-samples must be in 100...1,000,000")
            }
            guard (0...40).contains(order) else { throw CommandError("--order must be in 0...40") }
            guard horizon >= 0.01, horizon <= 0.99 else { throw CommandError("--horizon must be in [0.01, 0.99] (h = 0.01, period 1)") }
            guard (1...100).contains(epochs) else { throw CommandError("--epochs must be in 1...100") }
        }

        func run() throws {
            var benchmark = PaperModeBenchmark()
            benchmark.samples = samples
            benchmark.order = order
            benchmark.horizon = horizon
            benchmark.fractionalSamples = fractionalSamples
            benchmark.epochs = epochs
            // "build s": the per-sample Grams (with C* and κ for the biharmonic rows), or the fractional batches.
            let rows = try benchmark.run(progress: progress)
            if json { return try printJSON(rows) }
            var table = Table("task", "N", "columns", "build s", "MB", "s / epoch", "steps / epoch")
            for row in rows {
                table.append(
                    row.task, row.samples.grouped, row.columns, row.buildSeconds.map { $0.fixed(2) } ?? "—",
                    row.megabytes.map { $0.fixed(0) } ?? "—", row.secondsPerEpoch.fixed(4), row.stepsPerEpoch.grouped)
            }
            print(table.rendered)
        }
    }
}
