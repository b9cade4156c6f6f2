// PaperModeBenchmark: what `nonlocal bench paper` measures — the paper-faithful optimizer's seconds per epoch on the problem `learn --solver adam` solves.
import NonlocalGenerators
import NonlocalRegression

/// Paper-mode Algorithm 1 (Adam, batch 100): the cost of building the per-sample Grams, then
/// seconds per epoch of stage 1 and of one augmented-Lagrangian step of stage 2, on biharmonic
/// data; and the joint (C, α) fit of §8 on fractional data with moments stored or recomputed.
/// Stage 2 runs on ``KernelRegression/paperModeProblem(order:)``, the bound `learn` uses.
public struct PaperModeBenchmark: Sendable {
    public var samples = 50_000
    public var order = 20
    public var horizon = 0.99
    public var fractionalSamples = 10_000
    public var epochs = 3

    public init() {}

    public struct Row: Sendable, Codable {
        public let task: String
        public let samples: Int
        public let columns: String
        /// nil where nothing is built before the epochs.
        public let buildSeconds: Double?
        /// nil where nothing is stored.
        public let megabytes: Double?
        public let secondsPerEpoch: Double
        public let stepsPerEpoch: Int
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> [Row] {
        let steps = { (n: Int) in (n + 99) / 100 }
        var rows: [Row] = []
        progress("biharmonic data: \(samples) samples, δ = \(horizon)")
        var problem = BiharmonicProblem()
        problem.samples = samples
        problem.horizon = horizon
        var configuration = KernelRegression.Configuration(horizon: horizon, order: order)
        configuration.signChanging = true
        configuration.solver = .adam
        configuration.validationFraction = 0
        configuration.epochs = epochs
        let regression = try KernelRegression(dataset: problem.generate(), configuration: configuration)
        progress("per-sample Grams, C* and the stage-2 bound")
        let (stages, buildSeconds) = try timed { () throws(RegressionError) in try regression.paperModeProblem(order: order) }
        var paper = PaperModeRegression()
        paper.epochs = epochs
        progress("stage 1: \(epochs) epochs")
        let (_, stage1) = try timed { () throws(RegressionError) in try paper.fitNonnegative(stages.grams) }
        rows.append(Row(
            task: "biharmonic, stage 1", samples: samples, columns: "M + 1 = \(order + 1)", buildSeconds: buildSeconds,
            megabytes: Double(stages.grams.byteCount) / 1e6, secondsPerEpoch: stage1 / Double(epochs), stepsPerEpoch: steps(samples)))
        paper.maximumSteps = 1
        paper.epochsPerStep = epochs
        progress("stage 2: one augmented-Lagrangian step of \(epochs) epochs, N(D) ≤ \(stages.bound)")
        let (_, stage2) = try timed { () throws(RegressionError) in
            try paper.fitSignChanging(stages.grams, nonnegative: stages.nonnegative, bound: stages.bound, norm: stages.norm)
        }
        rows.append(Row(
            task: "biharmonic, stage 2", samples: samples, columns: "M + 1 = \(order + 1)", buildSeconds: nil, megabytes: nil,
            secondsPerEpoch: stage2 / Double(epochs), stepsPerEpoch: steps(samples)))

        progress("fractional data: \(fractionalSamples) samples, δ = 1")
        var fractional = FractionalProblem()
        fractional.samples = fractionalSamples
        let fractionalData = try fractional.generate()
        for storage in [RadialBatches.Storage.perSampleMoments, .recomputedDifferences] {
            let label = storage == .perSampleMoments ? "fractional (C, α), stored moments" : "fractional (C, α), recomputed"
            progress(label)
            let (batches, seconds) = try timed { try RadialBatches(dataset: fractionalData, horizon: 1, storage: storage) }
            let timedEpochs = storage == .perSampleMoments ? epochs : 1
            paper.epochs = timedEpochs
            let (_, fit) = try timed { () throws(RegressionError) in try paper.fitFractional(batches, order: 5) }
            rows.append(Row(
                task: label, samples: fractionalSamples, columns: "\(batches.stencil.classRadii.count) classes", buildSeconds: seconds,
                megabytes: batches.storesMoments ? Double(batches.byteCount) / 1e6 : nil, secondsPerEpoch: fit / Double(timedEpochs),
                stepsPerEpoch: steps(fractionalSamples)))
        }
        return rows
    }
}
