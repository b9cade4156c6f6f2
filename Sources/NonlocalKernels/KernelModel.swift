// KernelModel: a learned (or chosen) kernel as a JSON document — what `nonlocal learn` writes and `assemble` reads.
import Foundation
import NonlocalFiles

/// A kernel with the facts that travel with it: its family and coefficients, the coercivity
/// certificate, the fit, and where its data came from. Encoded as JSON with snake_case keys,
/// sorted, so the same model always gives the same bytes.
public struct KernelModel: Codable, Sendable, Equatable {
    public enum Family: String, Codable, Sendable, CaseIterable {
        /// Σ (C_m + D_m) B_{m,M}(r/δ)/δ^{d+2} (eq. 3.11).
        case bernstein
        /// Σ C_m B_{m,M}(r/δ)/r^α (§8).
        case fractionalBernstein = "fractional-bernstein"
        /// C_{d,s}/r^{d+2s} on r ≤ δ (the truncated fractional kernel, Table 3's baseline).
        case truncatedFractional = "truncated-fractional"
    }

    /// The coercivity certificate of eq. (4.3) and the Mengesha–Du bound.
    public struct Certificate: Codable, Sendable, Equatable {
        /// κ(C*) with 1/κ = λ_min of the nonnegative part's operator on the training grid.
        public var kappa: Double
        /// N(D) = ½‖K_D‖₁ + ½ max_x |Σ_y K_D h^d| (DESIGN.md), 0 without a sign-changing part.
        public var signChangingNorm: Double
        /// λ_min of the assembled operator of C* + D.
        public var lambdaMin: Double
        /// The proven lower bound 1/κ − 2N(D).
        public var lowerBound: Double
        /// The grid the certificate was computed on.
        public var grid: String
        /// False only when an explicit override wrote a model with λ_min ≤ 0.
        public var coercive: Bool
        /// The same certificate recomputed on refinements of ``grid`` (`learn` checks h/2 for a
        /// sign-changing model): with ``grid``, the grids this certificate covers. nil when only
        /// ``grid`` was checked (a nonnegative kernel is coercive on every grid).
        public var refinements: [Refinement]?
        /// ‖A w − λ_min w‖₂ of the eigensolver's unit vector when this certificate was just computed (nil on
        /// periodic grids, where λ_min is exact, and in model files, which do not store it).
        public var lambdaMinResidual: Double? = nil

        enum CodingKeys: String, CodingKey {
            case kappa, signChangingNorm, lambdaMin, lowerBound, grid, coercive, refinements
        }

        /// λ_min and its bound on one more grid.
        public struct Refinement: Codable, Sendable, Equatable {
            public var grid: String
            public var lambdaMin: Double
            public var lowerBound: Double
            public var coercive: Bool

            public init(grid: String, lambdaMin: Double, lowerBound: Double, coercive: Bool) {
                self.grid = grid
                self.lambdaMin = lambdaMin
                self.lowerBound = lowerBound
                self.coercive = coercive
            }
        }

        public init(
            kappa: Double, signChangingNorm: Double, lambdaMin: Double, lowerBound: Double, grid: String, coercive: Bool,
            refinements: [Refinement]? = nil
        ) {
            self.kappa = kappa
            self.signChangingNorm = signChangingNorm
            self.lambdaMin = lambdaMin
            self.lowerBound = lowerBound
            self.grid = grid
            self.coercive = coercive
            self.refinements = refinements
        }
    }

    /// Where the training data came from.
    public struct Provenance: Codable, Sendable, Equatable {
        public var dataFile: String
        /// SHA-256 of the data file, hex.
        public var dataHash: String
        public var problem: String
        public var parameters: [String: String]
        public var seed: UInt64?

        public init(dataFile: String, dataHash: String, problem: String, parameters: [String: String], seed: UInt64?) {
            self.dataFile = dataFile
            self.dataHash = dataHash
            self.problem = problem
            self.parameters = parameters
            self.seed = seed
        }
    }

    public var family: Family
    public var dimension: Int
    public var horizon: Double
    /// C ≥ 0 (Bernstein families); empty for the truncated fractional kernel.
    public var nonnegativeCoefficients: [Double]
    /// D, the sign-changing part (Bernstein only; zeros when absent).
    public var signChangingCoefficients: [Double]
    /// α of the fractional Bernstein family.
    public var exponent: Double?
    /// How the fractional Bernstein kernel is put on a lattice; nil means one-point (models
    /// written before the choice existed, and every other family).
    public var quadrature: LatticeQuadrature?
    /// s of the fractional Laplacian the kernel stands for: the truncated fractional kernel's
    /// own s, or the order of the fractional data a Bernstein-family kernel was learned from.
    public var fractionalOrder: Double?
    /// c ≥ 0 of a reaction term: the operator is L_K + c (learned preconditioners carry the
    /// kernel mass beyond the horizon there). nil: none.
    public var reaction: Double?
    /// The grid of the training data (its text form): a learned kernel absorbs that grid's
    /// quadrature error, so using it on another spacing is reported.
    public var trainingGrid: String?
    /// What a user of the model must know about how it was fitted (e.g. an exponent that
    /// ended on its search bound), one sentence each.
    public var warnings: [String]?
    /// How the samples were split for the validation loss (e.g. "20 % shuffled (seed 1)", "a
    /// separate file of 500 samples"); nil for models written before the split was recorded.
    public var validationSplit: String?
    public var certificate: Certificate?
    /// Named losses (training, validation, stage-1 …).
    public var losses: [String: Double]
    /// Named optimality (KKT) residuals of the solver's stages.
    public var kktResiduals: [String: Double]
    public var solver: String?
    public var provenance: Provenance?
    public var toolkitVersion: String

    public init(
        family: Family, dimension: Int, horizon: Double, nonnegativeCoefficients: [Double] = [],
        signChangingCoefficients: [Double] = [], exponent: Double? = nil, quadrature: LatticeQuadrature? = nil,
        fractionalOrder: Double? = nil, reaction: Double? = nil, trainingGrid: String? = nil, warnings: [String]? = nil, certificate: Certificate? = nil, losses: [String: Double] = [:], kktResiduals: [String: Double] = [:],
        solver: String? = nil, provenance: Provenance? = nil, toolkitVersion: String
    ) {
        self.family = family
        self.dimension = dimension
        self.horizon = horizon
        self.nonnegativeCoefficients = nonnegativeCoefficients
        self.signChangingCoefficients = signChangingCoefficients
        self.exponent = exponent
        self.quadrature = quadrature
        self.fractionalOrder = fractionalOrder
        self.reaction = reaction
        self.trainingGrid = trainingGrid
        self.warnings = warnings
        self.certificate = certificate
        self.losses = losses
        self.kktResiduals = kktResiduals
        self.solver = solver
        self.provenance = provenance
        self.toolkitVersion = toolkitVersion
    }

    /// The Bernstein order M (number of coefficients − 1), or nil for the truncated fractional kernel.
    public var order: Int? { nonnegativeCoefficients.isEmpty ? nil : nonnegativeCoefficients.count - 1 }

    /// The kernel this model describes. - Throws: ``KernelError`` for coefficients or parameters out of range.
    public func makeKernel() throws(KernelError) -> any RadialKernel {
        if family != .fractionalBernstein, let quadrature, quadrature != .onePoint {
            throw .unsupportedQuadrature(quadrature.rawValue, reason: "it applies to the fractional-bernstein family only")
        }
        switch family {
        case .bernstein:
            return try BernsteinKernel(
                validating: nonnegativeCoefficients,
                signChanging: signChangingCoefficients.isEmpty ? nil : signChangingCoefficients, horizon: horizon,
                dimension: dimension)
        case .fractionalBernstein:
            return try FractionalBernsteinKernel(
                validating: nonnegativeCoefficients, exponent: exponent ?? .nan, horizon: horizon, dimension: dimension,
                quadrature: quadrature ?? .onePoint)
        case .truncatedFractional:
            return try TruncatedFractionalKernel(order: fractionalOrder ?? .nan, horizon: horizon, dimension: dimension)
        }
    }

    /// JSON has no infinity or NaN: κ = +∞ (C* = 0, so 1/κ = 0) is written as the string
    /// "Infinity", as Python's `json` module and JavaScript spell it, and read back the same way.
    private static let nonFiniteSpelling = (positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// The JSON text (snake_case keys, sorted, pretty-printed).
    /// - Throws: ``KernelError/invalidModel(path:reason:)`` (with an empty path) if Foundation's
    ///   encoder refuses a value.
    public func encoded() throws(KernelError) -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let spelling = Self.nonFiniteSpelling
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: spelling.positiveInfinity, negativeInfinity: spelling.negativeInfinity, nan: spelling.nan)
        do { return try encoder.encode(self) + Data("\n".utf8) } catch {
            throw .invalidModel(path: "", reason: "cannot encode the model as JSON: \(error)")
        }
    }

    /// Writes the JSON text to `path` atomically (``AtomicFile``).
    /// - Throws: ``KernelError`` when the model cannot be encoded, ``FileError`` when the file
    ///   cannot be written.
    public func write(to path: String) throws {
        let data = try encoded()
        try AtomicFile.write([UInt8](data), to: path)
    }

    /// Reads a model.
    /// - Throws: ``KernelError/invalidModel(path:reason:)`` naming the first problem, or why the
    ///   file cannot be read ("cannot open the file: No such file or directory").
    public static func read(from path: String) throws(KernelError) -> KernelModel {
        let data: Data
        do throws(FileError) { data = Data(try InputFile(opening: path).readAll()) } catch {
            throw .invalidModel(path: path, reason: error.problem)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let spelling = Self.nonFiniteSpelling
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: spelling.positiveInfinity, negativeInfinity: spelling.negativeInfinity, nan: spelling.nan)
        let model: KernelModel
        do { model = try decoder.decode(KernelModel.self, from: data) } catch {
            throw .invalidModel(path: path, reason: Self.describe(error))
        }
        do { _ = try model.makeKernel() } catch {
            throw .invalidModel(path: path, reason: error.description)
        }
        if let c = model.reaction, !(c.isFinite && c >= 0) {
            throw .invalidModel(path: path, reason: "reaction = \(c) must be a finite number ≥ 0")
        }
        return model
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON: \(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context))': \(context.debugDescription)"
        case .dataCorrupted(let context): return "not valid JSON: \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
