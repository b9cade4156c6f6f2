// `nonlocal bench learn`: Algorithm 1 with exact solvers against the paper's optimizer on the biharmonic configurations of Tables 1–2.
import ArgumentParser
import NonlocalData
import NonlocalRegression

extension Bench {
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exact solvers vs the paper's Adam/augmented Lagrangian on the 40 biharmonic configurations (wall time and training loss).")

        @Option(help: "Samples N per configuration.") var samples = 50_000
        @Option(help: "Bernstein order M.") var order = 20
        @Option(help: "Paper mode: epochs of stage 1.") var epochs = 300
        @Option(parsing: .upToNextOption, help: "Horizons δ.") var deltas: [Double] = [0.125, 0.25, 0.5, 0.99]
        @Option(parsing: .upToNextOption, help: "Coefficients c of the biharmonic term.")
        var cs: [Double] = [1e-4, 3e-4, 5e-4, 1e-3, 3e-3, 5e-3, 0.01, 0.03, 0.05, 0.1]
        @Flag(help: "Skip paper mode (exact solvers only).") var exactOnly = false

        func validate() throws {
            guard (1...1_000_000).contains(samples) else { throw CommandError("--samples must be in 1...1,000,000") }
            guard (0...60).contains(order) else { throw CommandError("--order must be in 0...60") }
            guard (1...100_000).contains(epochs) else { throw CommandError("--epochs must be in 1...100,000") }
            guard !deltas.isEmpty, deltas.allSatisfy({ $0 >= 0.01 && $0 < 1 }) else { throw CommandError("--deltas must lie in [0.01, 1)") }
            guard !cs.isEmpty, cs.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw CommandError("--cs must be positive") }
        }

        func run() throws {
            var table = Table("δ", "c", "pass s", "exact s", "exact loss", "C-only loss", "λ_min", "paper s", "paper loss", "speed-up")
            var exactTotal = 0.0, passTotal = 0.0, paperTotal = 0.0, exactWins = 0, configurations = 0
            for delta in deltas {
                for c in cs {
                    var problem = BiharmonicProblem()
                    problem.c = c
                    problem.horizon = delta
                    problem.samples = samples
                    progress("δ = \(delta), c = \(c): generating \(samples.grouped) samples")
                    let data = try problem.generate()
                    var configuration = KernelRegression.Configuration(horizon: delta, order: order)
                    configuration.signChanging = true
                    configuration.validationFraction = 0
                    configuration.epochs = epochs
                    progress("δ = \(delta), c = \(c): exact")
                    let regression = try KernelRegression(dataset: data, configuration: configuration)
                    let (moments, momentSeconds) = try timed { try regression.moments() }
                    let (exact, solveSeconds) = try timed { try regression.fit(order: order, moments: moments) }
                    let exactSeconds = momentSeconds + solveSeconds
                    exactTotal += exactSeconds
                    passTotal += momentSeconds
                    configurations += 1
                    var paperCells = ["-", "-", "-"]
                    if !exactOnly {
                        configuration.solver = .adam
                        progress("δ = \(delta), c = \(c): paper mode (\(epochs) epochs, then the augmented Lagrangian)")
                        let (paper, paperSeconds) = try timed {
                            try KernelRegression(dataset: data, configuration: configuration).run(progress: progress)
                        }
                        paperTotal += paperSeconds
                        if exact.losses["training"]! <= paper.losses["training"]! { exactWins += 1 }
                        paperCells = [paperSeconds.fixed(2), paper.losses["training"]!.scientific(3), (paperSeconds / exactSeconds).fixed(0) + "×"]
                    }
                    table.append(
                        "\(delta)", "\(c)", momentSeconds.fixed(3), exactSeconds.fixed(3), exact.losses["training"]!.scientific(3),
                        exact.losses["training_stage1"]!.scientific(3), exact.certificate!.lambdaMin.scientific(3),
                        paperCells[0], paperCells[1], paperCells[2])
                }
            }
            print(table.rendered)
            print("exact, both stages, all \(configurations) configurations: \(exactTotal.fixed(2)) s (after data generation), of which \(passTotal.fixed(2)) s the pass over the data")
            if !exactOnly {
                print("paper mode: \(paperTotal.fixed(1)) s, \((paperTotal / exactTotal).fixed(0))× slower; exact loss ≤ paper loss in \(exactWins)/\(configurations)")
            }
        }
    }
}
