// FractionalLearningBenchmark: what `nonlocal bench learn --fractional` measures — fractional kernels with α learned, the exact route (one pass, then small dense products per α and M) against the paper's optimizer, on the same data.
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalRegression

/// Fractional data of (−Δ)^s (``FractionalProblem``, Green's-function quadrature, h = 0.01, layer
/// max δ) for each sample count; for each δ one pass over the data (the moments), then for each M
/// the fit with α learned (Brent on the moments; the Galerkin rule, `learn`'s default in 1-D): the
/// code `nonlocal learn --alpha learn` runs. The competitor, on the data of ``paperSamples`` samples,
/// is paper mode (`--solver adam`: the paper's Adam over C and α), whose own pass is in its time.
public struct FractionalLearningBenchmark: Sendable {
    public var order = 0.75
    public var sampleCounts = [5_000, 50_000]
    public var horizons = [0.125, 0.25, 0.5, 1, 2, 4]
    public var orders = [0, 5, 10, 20]
    /// The sample count paper mode runs on (nil: none).
    public var paperSamples: Int? = 5_000
    public var epochs = 300

    public init() {}

    public struct Row: Sendable, Codable {
        public let samples: Int
        public let horizon: Double
        public let order: Int
        /// The pass over the data for this δ (shared by every M).
        public let passSeconds: Double
        /// The α search, both stages and the certificate, on the moments.
        public let fitSeconds: Double
        public let alpha: Double
        /// The training loss relative to ‖f‖² (`training_relative`).
        public let loss: Double
        public let paperSeconds: Double?
        public let paperAlpha: Double?
        public let paperLoss: Double?
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        for samples in sampleCounts {
            var problem = FractionalProblem()
            problem.order = order
            problem.samples = samples
            problem.layerWidth = horizons.max()
            progress("\(samples) samples: generating (s = \(order), h = 0.01, layer \(horizons.max() ?? 0))")
            let data = try problem.generate(report: progress)
            for delta in horizons {
                var configuration = KernelRegression.Configuration(horizon: delta, order: orders.max() ?? 0)
                configuration.exponent = .learnedInDefaultRange
                let regression = try KernelRegression(dataset: data, configuration: configuration)
                progress("\(samples) samples, δ = \(delta): the pass over the data")
                let (moments, passSeconds) = try timed { () throws(RegressionError) in try regression.moments() }
                for order in orders {
                    let (model, fitSeconds) = try timed { () throws(RegressionError) in try regression.fit(order: order, moments: moments) }
                    var paper: (seconds: Double, model: KernelModel)?
                    if samples == paperSamples {
                        var adam = configuration
                        adam.order = order
                        adam.solver = .adam
                        adam.epochs = epochs
                        progress("\(samples) samples, δ = \(delta), M = \(order): paper mode (\(epochs) epochs)")
                        let (model, seconds) = try timed { () throws(RegressionError) in
                            try KernelRegression(dataset: data, configuration: adam).run()
                        }
                        paper = (seconds, model)
                    }
                    rows.append(Row(
                        samples: samples, horizon: delta, order: order, passSeconds: passSeconds, fitSeconds: fitSeconds,
                        alpha: model.exponent ?? .nan, loss: model.losses["training_relative"] ?? .nan,
                        paperSeconds: paper?.seconds, paperAlpha: paper?.model.exponent, paperLoss: paper?.model.losses["training_relative"]))
                }
            }
        }
        return rows
    }
}
