// `nonlocal bench paper`: the paper-faithful optimizer's cost — per-sample Grams once, then seconds per Adam epoch.
import ArgumentParser
import NonlocalAssembly
import NonlocalData
import NonlocalKernels
import NonlocalRegression

extension Bench {
    struct PaperMode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "paper",
            abstract: "Paper-mode Algorithm 1 (batch 100): building the per-sample Grams and seconds per epoch of each stage.")

        @Option(help: "Biharmonic training samples N.") var samples = 50_000
        @Option(help: "Bernstein order M of stages 1 and 2.") var order = 20
        @Option(help: "Horizon δ of the biharmonic runs.") var horizon = 0.99
        @Option(help: "Fractional training samples (δ = 1, M = 5).") var fractionalSamples = 10_000
        @Option(help: "Timed epochs per stage.") var epochs = 3

        func validate() throws {
            guard (100...1_000_000).contains(samples), (100...1_000_000).contains(fractionalSamples) else {
                throw CommandError("--samples and --fractional-samples must be in 100...1,000,000")
            }
            guard (0...40).contains(order) else { throw CommandError("--order must be in 0...40") }
            guard horizon >= 0.01, horizon <= 0.99 else { throw CommandError("--horizon must be in [0.01, 0.99] (h = 0.01, period 1)") }
            guard (1...100).contains(epochs) else { throw CommandError("--epochs must be in 1...100") }
        }

        func run() throws {
            var table = Table("task", "N", "columns", "build s", "MB", "s / epoch", "steps / epoch")
            let steps = { (n: Int) in ((n + 99) / 100).grouped }

            progress("biharmonic data: \(samples.grouped) samples, δ = \(horizon)")
            var problem = BiharmonicProblem()
            problem.samples = samples
            problem.horizon = horizon
            let data = try problem.generate()
            let basis: [any RadialKernel] = (0...order).map {
                BernsteinKernel.basisFunction($0, order: order, horizon: horizon, dimension: 1)
            }
            progress("per-sample Grams")
            let (grams, buildSeconds) = try timed { try SampleGrams(dataset: data, basis: basis, horizon: horizon) }
            var paper = PaperModeRegression()
            paper.epochs = epochs
            progress("stage 1: \(epochs) epochs")
            let (_, stage1) = try timed { try paper.fitNonnegative(grams) }
            table.append(
                "biharmonic, stage 1", samples.grouped, "M + 1 = \(order + 1)", buildSeconds.fixed(2),
                (Double(grams.byteCount) / 1e6).fixed(0), (stage1 / Double(epochs)).fixed(4), steps(samples))

            let nonnegative = NonnegativeLeastSquares().solve(grams.total).coefficients
            let kernel = BernsteinKernel(coefficients: nonnegative, horizon: horizon, dimension: 1)
            let tau = try NonlocalOperator(kernel: kernel, grid: try data.grid.makeGrid()).smallestEigenvalue() / 2
            let norm = SignChangingNorm(stencil: grams.stencil, basis: basis)
            paper.maximumSteps = 1
            paper.epochsPerStep = epochs
            progress("stage 2: one augmented-Lagrangian step of \(epochs) epochs")
            let (_, stage2) = try timed { try paper.fitSignChanging(grams, nonnegative: nonnegative, bound: max(tau, 1e-3), norm: norm) }
            table.append("biharmonic, stage 2", samples.grouped, "M + 1 = \(order + 1)", "—", "—", (stage2 / Double(epochs)).fixed(4), steps(samples))

            progress("fractional data: \(fractionalSamples.grouped) samples, δ = 1")
            var fractional = FractionalProblem()
            fractional.samples = fractionalSamples
            let fractionalData = try fractional.generate()
            for storage in [RadialBatches.Storage.perSampleMoments, .recomputedDifferences] {
                let label = storage == .perSampleMoments ? "fractional (C, α), stored moments" : "fractional (C, α), recomputed"
                progress(label)
                let (batches, seconds) = try timed { try RadialBatches(dataset: fractionalData, horizon: 1, storage: storage) }
                let timedEpochs = storage == .perSampleMoments ? epochs : 1
                paper.epochs = timedEpochs
                let (_, fit) = try timed { try paper.fitFractional(batches, order: 5) }
                let megabytes = batches.storesMoments ? (Double(batches.byteCount) / 1e6).fixed(0) : "—"
                table.append(
                    label, fractionalSamples.grouped, "\(batches.stencil.classRadii.count) classes", seconds.fixed(2), megabytes,
                    (fit / Double(timedEpochs)).fixed(4), steps(fractionalSamples))
            }
            print(table.rendered)
        }
    }
}
