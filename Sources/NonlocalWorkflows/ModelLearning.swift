// ModelLearning: `nonlocal learn` as a library call — Algorithm 1 over a dataset file, the order chosen by validation, provenance, a certified model.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalFiles
import NonlocalKernels
import NonlocalRegression

/// Learns a kernel from a dataset file:
/// 1. reads the dataset and, when ``expectedGrid`` is set, checks it is on that grid;
/// 2. runs Algorithm 1 (``KernelRegression``) for every order in ``orders`` on one pass over
///    the data;
/// 3. keeps the model with the lowest validation loss (the training loss when nothing is held
///    out), ties to the lowest order;
/// 4. records provenance: the file's canonical absolute path and its SHA-256;
/// 5. refuses a model that is not coercive on its training grid unless ``allowNonCoercive``.
public struct ModelLearning: Sendable {
    public var dataPath: String
    /// The regression's settings; its `order` is ignored in favour of ``orders``.
    public var configuration: KernelRegression.Configuration
    /// The orders M to fit (one, or a sweep).
    public var orders: [Int]
    /// A dataset to validate on instead of a fraction of ``dataPath``'s samples.
    public var validationPath: String?
    /// The grid the data must be on; nil accepts the dataset's.
    public var expectedGrid: GridSpecification?
    /// Return a model whose operator is not coercive (λ_min ≤ 0), marked `coercive: false`.
    public var allowNonCoercive = false
    /// The loss: least squares (Algorithm 1) or the spectral fit of a preconditioner.
    public var loss = Loss.leastSquares
    /// The spectral fit's reaction term c ≥ 0 (``SpectralRegression``).
    public var reaction = true

    public enum Loss: String, Sendable, CaseIterable {
        /// ‖L_K u − f‖² over X (paper eq. 4.1): a surrogate operator.
        case leastSquares = "least-squares"
        /// Rayleigh quotients uᵀPu/uᵀf clustered by a linear program (``SpectralRegression``): a preconditioner.
        case spectral
    }

    public init(dataPath: String, configuration: KernelRegression.Configuration, orders: [Int]) {
        precondition(!orders.isEmpty, "at least one order")
        self.dataPath = dataPath
        self.configuration = configuration
        self.orders = orders
    }

    /// What a learning run produced.
    public struct Outcome: Sendable {
        /// One model per order, in the order asked for.
        public let sweep: [KernelModel]
        /// The chosen model, with its provenance.
        public let model: KernelModel
        /// Wall time of the regression (the pass over the data, the stages, the certificates).
        public let seconds: Double
    }

    /// Runs the steps above; `progress` receives one line per step.
    /// - Throws: ``DatasetError``, ``RegressionError`` (including a non-coercive result) or
    ///   ``WorkflowError``, each one line.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        let dataset = try Dataset.read(from: dataPath)
        if let expectedGrid, expectedGrid != dataset.grid {
            throw WorkflowError.gridMismatch(dataPath: dataPath, dataset: dataset.grid, requested: expectedGrid)
        }
        let validation = try validationPath.map { try Dataset.read(from: $0) }
        if validation != nil && loss == .spectral {
            throw RegressionError.invalidParameter(name: "validation data", value: validationPath!, allowed: "the spectral fit uses every sample; drop --validation")
        }
        var (sweep, seconds) = try timed { () throws(RegressionError) in
            switch loss {
            case .leastSquares: try leastSquaresSweep(dataset, validation: validation, progress: progress)
            case .spectral: try spectralSweep(dataset, progress: progress)
            }
        }
        // Every fitted model, the chosen one and the rest of the sweep, names the data it came from.
        let dataFile = FileSystem.absolutePath(dataPath), dataHash = try FileDigest.sha256(of: dataPath)
        for index in sweep.indices {
            sweep[index].provenance?.dataFile = dataFile
            sweep[index].provenance?.dataHash = dataHash
        }
        let model = Self.select(from: sweep)
        if let certificate = model.certificate, !certificate.coercive, !allowNonCoercive {
            throw RegressionError.notCoercive(lambdaMin: certificate.lambdaMin, grid: certificate.grid)
        }
        return Outcome(sweep: sweep, model: model, seconds: seconds)
    }

    private func leastSquaresSweep(
        _ dataset: Dataset, validation: Dataset?, progress: @escaping @Sendable (String) -> Void
    ) throws(RegressionError) -> [KernelModel] {
        var configuration = configuration
        configuration.order = orders[0]
        let regression = try KernelRegression(dataset: dataset, configuration: configuration, validation: validation)
        progress(
            "learning from \(dataPath): \(dataset.problem), \(regression.trainingSamples.count) training and "
                + "\(regression.validationSamples.count) validation samples (\(regression.splitDescription)), δ = \(configuration.horizon)")
        return try regression.sweep(orders: orders, progress: progress)
    }

    /// The spectral fit needs a fixed α (or data that record s): a learned α is refused.
    private func spectralSweep(_ dataset: Dataset, progress: @escaping @Sendable (String) -> Void) throws(RegressionError) -> [KernelModel] {
        var spectral = SpectralRegression.Configuration(horizon: configuration.horizon, order: orders[0])
        switch configuration.exponent {
        case .fixed(let alpha): spectral.exponent = alpha
        case nil: break
        case .learned, .learnedInDefaultRange:
            throw .invalidParameter(name: "α", value: "learn", allowed: "the spectral fit takes a fixed α (default d + 2s from the data)")
        }
        guard !configuration.signChanging else {
            throw .invalidParameter(name: "sign-changing", value: "on", allowed: "the spectral fit learns a nonnegative kernel; drop --sign-changing")
        }
        spectral.reaction = reaction
        let regression = try SpectralRegression(dataset: dataset, configuration: spectral)
        progress("learning a preconditioner from \(dataPath): \(dataset.problem), \(dataset.sampleCount) samples, δ = \(spectral.horizon), α = \(regression.exponent)")
        return try regression.sweep(orders: orders, progress: progress)
    }

    /// The model with the lowest validation loss (the lowest predicted CG iteration count for
    /// spectral fits), or training loss when any model has no validation loss; the first
    /// (lowest order) among equals.
    public static func select(from models: [KernelModel]) -> KernelModel {
        precondition(!models.isEmpty, "no models to select from")
        let keys = ["predicted_cg_iterations", "validation", "training"]
        let key = keys.first { key in models.allSatisfy { $0.losses[key] != nil } } ?? "training"
        return models.min { $0.losses[key, default: .infinity] < $1.losses[key, default: .infinity] }!
    }
}
