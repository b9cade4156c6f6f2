// ModelCertification: `nonlocal check` as a library call — a model's coercivity certificate recomputed on its training grid or any other.
import NonlocalAssembly
import NonlocalCertificate
import NonlocalKernels

/// Recomputes the certificate of a model file (λ_min beside 1/κ − 2N(D), ``KernelModel/Certificate``)
/// on ``grid``, or on the grid its own certificate names.
public struct ModelCertification: Sendable {
    public var modelPath: String
    /// nil: the grid of the model's recorded certificate.
    public var grid: GridSpecification?

    public init(modelPath: String, grid: GridSpecification? = nil) {
        self.modelPath = modelPath
        self.grid = grid
    }

    public struct Outcome: Sendable {
        public let modelPath: String
        public let certificate: KernelModel.Certificate
        public let grid: GridSpecification
        public let unknowns: Int
        public let seconds: Double
        /// Set when the model was learned on another grid spacing (``TrainingGridCheck``).
        public let gridWarning: String?

        /// The error to report when the model is not coercive on this grid, else nil.
        public var refusal: WorkflowError? {
            certificate.coercive ? nil : .notCoercive(modelPath: modelPath, lambdaMin: certificate.lambdaMin, grid: grid.description)
        }
    }

    /// - Throws: ``KernelError`` for an unusable model, ``WorkflowError`` when no grid is known,
    ///   the model does not fit the grid, or it is not coercive there, ``GridError``.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        let model = try KernelModel.read(from: modelPath)
        let specification: GridSpecification
        if let grid {
            specification = grid
        } else {
            guard let recorded = model.certificate?.grid else { throw WorkflowError.noGrid(modelPath: modelPath) }
            specification = try GridSpecification(parsing: recorded)
        }
        guard model.dimension == specification.dimension else {
            throw WorkflowError.dimensionMismatch(modelPath: modelPath, kernel: model.dimension, grid: specification)
        }
        let grid = try specification.makeGrid()
        let gridWarning = TrainingGridCheck.warning(for: model, modelPath: modelPath, on: specification)
        if let gridWarning { progress("warning: \(gridWarning)") }
        progress("certifying \(modelPath) on \(specification) (\(grid.interiorCount) unknowns)")
        let certificate: KernelModel.Certificate
        let seconds: Double
        do {
            (certificate, seconds) = try timed { () throws(CertificateError) in
                try KernelModel.Certificate(model: model, grid: grid, specification: specification)
            }
        } catch .grid(let error) {
            throw WorkflowError.horizon(modelPath: modelPath, error)
        }
        return Outcome(modelPath: modelPath, certificate: certificate, grid: specification, unknowns: grid.interiorCount, seconds: seconds, gridWarning: gridWarning)
    }
}
