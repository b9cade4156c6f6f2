// LearningBenchmark: what `nonlocal bench learn` measures — Algorithm 1 with exact solvers against the paper's optimizer on Tables 1–2's configurations.
import NonlocalGenerators
import NonlocalRegression

/// The biharmonic configurations of Tables 1–2 (every δ × c), both stages at order M on N
/// samples, trained on all of them: the exact solvers (the pass over the data timed apart from
/// the solves) and, unless ``exactOnly``, paper mode on the same data. Both run through
/// ``KernelRegression``, the code `nonlocal learn` runs, with its stage-2 bound.
public struct LearningBenchmark: Sendable {
    public var samples = 50_000
    public var order = 20
    public var epochs = 300
    public var horizons = [0.125, 0.25, 0.5, 0.99]
    public var coefficients = [1e-4, 3e-4, 5e-4, 1e-3, 3e-3, 5e-3, 0.01, 0.03, 0.05, 0.1]
    public var exactOnly = false

    public init() {}

    public struct Row: Sendable, Codable {
        public let horizon: Double
        public let c: Double
        /// The pass over the data (the moments).
        public let passSeconds: Double
        /// The pass plus both stages' solves and the certificate.
        public let exactSeconds: Double
        public let exactLoss: Double
        public let stageOneLoss: Double
        public let lambdaMin: Double
        /// Paper mode's time and training loss (nil with ``exactOnly``).
        public let paperSeconds: Double?
        public let paperLoss: Double?
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        for delta in horizons {
            for c in coefficients {
                var problem = BiharmonicProblem()
                problem.c = c
                problem.horizon = delta
                problem.samples = samples
                progress("δ = \(delta), c = \(c): generating \(samples) samples")
                let data = try problem.generate()
                var configuration = KernelRegression.Configuration(horizon: delta, order: order)
                configuration.signChanging = true
                configuration.validationFraction = 0
                configuration.epochs = epochs
                progress("δ = \(delta), c = \(c): exact")
                let regression = try KernelRegression(dataset: data, configuration: configuration)
                let (moments, passSeconds) = try timed { () throws(RegressionError) in try regression.moments() }
                let (exact, solveSeconds) = try timed { () throws(RegressionError) in try regression.fit(order: order, moments: moments) }
                var paper: (seconds: Double, loss: Double)?
                if !exactOnly {
                    configuration.solver = .adam
                    progress("δ = \(delta), c = \(c): paper mode (\(epochs) epochs, then the augmented Lagrangian)")
                    let (model, seconds) = try timed { () throws(RegressionError) in
                        try KernelRegression(dataset: data, configuration: configuration).run(progress: progress)
                    }
                    paper = (seconds, model.losses["training"] ?? .nan)
                }
                rows.append(Row(
                    horizon: delta, c: c, passSeconds: passSeconds, exactSeconds: passSeconds + solveSeconds,
                    exactLoss: exact.losses["training"] ?? .nan, stageOneLoss: exact.losses["training_stage1"] ?? .nan,
                    lambdaMin: exact.certificate?.lambdaMin ?? .nan, paperSeconds: paper?.seconds, paperLoss: paper?.loss))
            }
        }
        return rows
    }
}
