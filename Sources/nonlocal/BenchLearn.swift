// `nonlocal bench learn`: Algorithm 1 with exact solvers against the paper's optimizer on the biharmonic configurations of Tables 1–2.
import ArgumentParser
import NonlocalWorkflows

extension Bench {
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exact solvers vs the paper's Adam/augmented Lagrangian on the 40 biharmonic configurations (wall time and training loss).", discussion: "Example: nonlocal bench learn --samples 5000 --exact-only")

        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .unconditional, help: "Samples N per configuration.") var samples = 50_000
        @Option(parsing: .unconditional, help: "Bernstein order M.") var order = 20
        @Option(parsing: .unconditional, help: "Paper mode: epochs of stage 1.") var epochs = 300
        @Option(parsing: .upToNextOption, help: "Horizons δ.") var deltas: [Double] = [0.125, 0.25, 0.5, 0.99]
        @Option(parsing: .upToNextOption, help: "Coefficients c of the biharmonic term.")
        var cs: [Double] = [1e-4, 3e-4, 5e-4, 1e-3, 3e-3, 5e-3, 0.01, 0.03, 0.05, 0.1]
        @Flag(help: "Skip paper mode (exact solvers only).") var exactOnly = false
        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func validate() throws {
            guard (1...1_000_000).contains(samples) else { throw CommandError("--samples must be in 1...1,000,000") }
            guard (0...60).contains(order) else { throw CommandError("--order must be in 0...60") }
            guard (1...100_000).contains(epochs) else { throw CommandError("--epochs must be in 1...100,000") }
            guard !deltas.isEmpty, deltas.allSatisfy({ $0 >= 0.01 && $0 < 1 }) else { throw CommandError("--deltas must lie in [0.01, 1)") }
            guard !cs.isEmpty, cs.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw CommandError("--cs must be positive") }
        }

        func run() throws {
            var benchmark = LearningBenchmark()
            benchmark.samples = samples
            benchmark.order = order
            benchmark.epochs = epochs
            benchmark.horizons = deltas
            benchmark.coefficients = cs
            benchmark.exactOnly = exactOnly
            let rows = try benchmark.run(progress: progress)
            if json { return try printJSON(rows) }
            // "Adam" is the toolkit's paper mode run here; "published" is Table 1's printed C + D loss, where the configuration is one of its cells.
            var table = Table("δ", "c", "pass s", "exact s", "exact loss", "C-only loss", "λ_min", "Adam s", "Adam loss", "published", "speed-up")
            for row in rows {
                table.append(
                    "\(row.horizon)", "\(row.c)", row.passSeconds.fixed(3), row.exactSeconds.fixed(3), row.exactLoss.scientific(3),
                    row.stageOneLoss.scientific(3), row.lambdaMin.scientific(3), row.paperSeconds.map { $0.fixed(2) } ?? "-",
                    row.paperLoss.map { $0.scientific(3) } ?? "-", Self.published(row).map { $0.scientific(3) } ?? "-",
                    row.paperSeconds.map { ($0 / row.exactSeconds).fixed(0) + "×" } ?? "-")
            }
            print(table.rendered)
            let exactTotal = rows.reduce(0) { $0 + $1.exactSeconds }, passTotal = rows.reduce(0) { $0 + $1.passSeconds }
            print("exact, both stages, all \(rows.count) configurations: \(exactTotal.fixed(2)) s (after data generation), of which \(passTotal.fixed(2)) s the pass over the data")
            if !exactOnly {
                let paperTotal = rows.reduce(0) { $0 + ($1.paperSeconds ?? 0) }
                let wins = rows.filter { $0.exactLoss <= ($0.paperLoss ?? .infinity) }.count
                print("paper mode (Adam): \(paperTotal.fixed(1)) s, \((paperTotal / exactTotal).fixed(0))× slower; exact loss ≤ Adam loss in \(wins)/\(rows.count)")
            }
            let cells = rows.compactMap { row in Self.published(row).map { (row.exactLoss, $0) } }
            if !cells.isEmpty {
                print("exact loss ≤ the paper's published C + D loss (Table 1) in \(cells.filter { $0.0 <= $0.1 }.count)/\(cells.count) of its cells")
            }
        }

        /// Table 1's printed C + D loss for the row's (δ, c), when the paper has that cell.
        static func published(_ row: LearningBenchmark.Row) -> Double? {
            PaperTables.printed(PaperTables.table1, c: row.c, delta: row.horizon, signChanging: true)
        }
    }
}

extension Bench {
    struct LearnFractional: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "learn-fractional",
            abstract: "Fractional kernels with α learned: the exact route (one pass, then small dense products per α and M) against the paper's Adam, same data.",
            discussion: """
                For each sample count, fractional data of (−Δ)^s (h = 0.01, layer max δ); for each δ one pass over the data, \
                then for each M the fit `nonlocal learn --alpha learn` runs (Galerkin rule). Paper mode (--solver adam) runs \
                on the --paper-samples data, its own pass included in its time.

                Example: nonlocal bench learn-fractional --samples 5000 --deltas 0.25 4 --orders 0 20
                """)

        @OptionGroup var console: ConsoleOptions

        @Option(parsing: .upToNextOption, help: "Sample counts N.") var samples: [Int] = [5_000, 50_000]
        @Option(parsing: .upToNextOption, help: "Horizons δ.") var deltas: [Double] = [0.125, 0.25, 0.5, 1, 2, 4]
        @Option(parsing: .upToNextOption, help: "Bernstein orders M.") var orders: [Int] = [0, 5, 10, 20]
        @Option(parsing: .unconditional, help: "The fractional order s in (0, 1).") var order = 0.75
        @Option(parsing: .unconditional, help: "The sample count paper mode runs on (0: none).") var paperSamples = 5_000
        @Option(parsing: .unconditional, help: "Paper mode: epochs.") var epochs = 300
        @Flag(help: "Print the rows as JSON instead of a table.") var json = false

        func validate() throws {
            guard !samples.isEmpty, samples.allSatisfy({ (1...1_000_000).contains($0) }) else { throw CommandError("--samples must be in 1...1,000,000") }
            guard !deltas.isEmpty, deltas.allSatisfy({ $0 >= 0.02 && $0 <= 4 }) else { throw CommandError("--deltas must lie in [0.02, 4] (h = 0.01)") }
            guard !orders.isEmpty, orders.allSatisfy({ (0...60).contains($0) }) else { throw CommandError("--orders must be in 0...60") }
            guard order > 0, order < 1 else { throw CommandError("--order must lie in (0, 1)") }
            guard (1...100_000).contains(epochs) else { throw CommandError("--epochs must be in 1...100,000") }
        }

        func run() throws {
            var benchmark = FractionalLearningBenchmark()
            benchmark.order = order
            benchmark.sampleCounts = samples
            benchmark.horizons = deltas
            benchmark.orders = orders
            benchmark.paperSamples = paperSamples > 0 ? paperSamples : nil
            benchmark.epochs = epochs
            let rows = try benchmark.run(progress: progress)
            if json { return try printJSON(rows) }
            var table = Table("N", "δ", "M", "pass s", "fit s", "pass + fit s", "α", "loss/‖f‖²", "Adam s", "Adam α", "Adam loss/‖f‖²", "speed-up")
            for row in rows {
                let ours = row.passSeconds + row.fitSeconds
                table.append(
                    row.samples.grouped, "\(row.horizon)", "\(row.order)", row.passSeconds.fixed(3), row.fitSeconds.fixed(3), ours.fixed(3),
                    row.alpha.fixed(3), row.loss.scientific(2), row.paperSeconds.map { $0.fixed(2) } ?? "-",
                    row.paperAlpha.map { $0.fixed(3) } ?? "-", row.paperLoss.map { $0.scientific(2) } ?? "-",
                    row.paperSeconds.map { ($0 / ours).fixed(0) + "×" } ?? "-")
            }
            print(table.rendered)
            let slowest = rows.max { $0.passSeconds + $0.fitSeconds < $1.passSeconds + $1.fitSeconds }
            if let slowest {
                print("slowest exact configuration: N = \(slowest.samples.grouped), δ = \(slowest.horizon), M = \(slowest.order): "
                    + "\((slowest.passSeconds + slowest.fitSeconds).fixed(2)) s after the data were made")
            }
            let paired = rows.filter { $0.paperLoss != nil }
            if !paired.isEmpty {
                let wins = paired.filter { $0.loss <= $0.paperLoss! }.count
                print("exact loss ≤ Adam loss in \(wins)/\(paired.count)")
            }
        }
    }
}
