// KernelRegression: Algorithm 1 end to end — stage 1 (C ≥ 0), κ(C*), stage 2 (D under N(D) ≤ 1/(2κ)), the certificate, the model.
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalDataset
import NonlocalKernels
import NonlocalLinearAlgebra

/// Learns a kernel from a dataset by the paper's Algorithm 1 (§4):
/// 1. stage 1: `C* = argmin_{C ≥ 0} L(C)` — exactly (``NonnegativeLeastSquares``) or by the
///    paper's projected Adam;
/// 2. `1/κ = λ_min(A_{C*})` on the training grid, eq. (4.3);
/// 3. stage 2 (optional): `D* = argmin L(C* + D)` subject to `N(D) ≤ (1 − η)/(2κ)`, with a small
///    margin η so that the certificate below stays strictly positive;
/// 4. the certificate: `λ_min(A_{C*+D*})` next to its guaranteed lower bound `1/κ − 2N(D*)`.
///
/// Fractional kernels (§8) replace δ^{d+2} by r^α and learn α; they are nonnegative, so they
/// stop after stage 1. Samples split into a training head and a validation tail.
public struct KernelRegression: Sendable {
    public enum Solver: String, Sendable, CaseIterable {
        /// Exact convex solvers: NNLS, Brent in α, a QP for stage 2.
        case exact
        /// The paper's optimizer: Adam with ReLU projection, the augmented Lagrangian for stage 2.
        case adam
    }

    /// What the learned kernel must satisfy beyond fitting the data.
    public enum Consistency: String, Sendable, CaseIterable {
        /// Nothing: the exact least-squares fit (exact recovery of kernels that made the data).
        case none
        /// The second moment on the training grid equals the continuum's
        /// (``SecondMomentConsistency``): the model keeps its accuracy on finer grids.
        case secondMoment = "second-moment"
        /// With ``Configuration/joint``: C + D in one program that keeps the model coercive on h,
        /// h/2, h/5 and h/10 and the same operator at the data's lowest modes on h, h/20 and h/40
        /// (``RefinementConsistentProgram``).
        case refinement
    }

    /// The fractional kernel's exponent α.
    public enum Exponent: Sendable, Equatable {
        /// Learned in [lower, upper].
        case learned(lower: Double, upper: Double)
        /// Learned in [0, d + 2s] for data of (−Δ)^s, else [0, d + 2] (d + 2 − 0.01 under the Galerkin
        /// and product rules), d the dataset's dimension (the initializer resolves it to ``learned(lower:upper:)``,
        /// so the stages never see this case).
        case learnedInDefaultRange
        case fixed(Double)
    }

    public struct Configuration: Sendable {
        /// δ: the learned kernel's horizon.
        public var horizon: Double
        /// M: the Bernstein order (M + 1 coefficients).
        public var order: Int
        /// Run stage 2 and learn a sign-changing part D.
        public var signChanging = false
        public var solver = Solver.exact
        /// nil: the Bernstein kernel (3.11), `B_{m,M}(r/δ)/δ^{d+2}`; otherwise the fractional
        /// kernel `B_{m,M}(r/δ)/r^α` of §8.
        public var exponent: Exponent?
        /// How the fractional kernel is put on the grid, for learning and for every grid the model
        /// is assembled on. nil: ``LatticeQuadrature/galerkin`` in 1-D with the exact solver (the
        /// model then converges under refinement), one-point otherwise (2-D, and paper mode, whose
        /// Adam is the paper's method).
        public var quadrature: LatticeQuadrature?
        /// The stage-2 constraint: on the coefficients (certified on the training grid and its
        /// refinements), the L1 norm at the training stencil's points, or the paper's printed integral.
        public var constraint = SignChangingNorm.Form.coefficients
        /// A constraint that ties the fit on the training grid to finer grids (Bernstein kernels, exact solver).
        public var consistency = Consistency.none
        /// The fraction of samples held out for the validation loss; 0 trains on all.
        public var validationFraction = 0.2
        /// Hold out a seeded random ``validationFraction`` of the samples (``seed``), the same
        /// fraction of each of the data's strata (``Dataset/strata``); false holds out the tail of
        /// the file, as the paper's scripts do.
        public var shuffledSplit = true
        /// Paper mode: epochs of stage 1 (and of the α search).
        public var epochs = 300
        /// The seed of the validation split and, in paper mode, of the initial coefficients and the shuffles.
        public var seed: UInt64 = 1
        /// η: stage 2 keeps N(D) ≤ (1 − η)/(2κ), so λ_min(A_{C*+D}) ≥ η/κ > 0.
        public var coercivityMargin = 1e-6
        /// Learn C and D in one convex program instead of two stages (``JointRegression``; periodic
        /// 1-D grids, Bernstein kernels, exact solver). Implies ``signChanging``.
        public var joint = false
        /// λ_rel ≥ 0: with ``joint``, the curvature penalty λθᵀPθ with λ = λ_rel · tr(G)/tr(P); 0 for none.
        public var curvature = 0.0
        /// With ``Consistency/refinement``: the wavenumbers whose symbol must be the same on the
        /// training grid and much finer ones.
        public var consistencyModes = 1...3

        public init(horizon: Double, order: Int) {
            self.horizon = horizon
            self.order = order
        }
    }

    public let dataset: Dataset
    public let configuration: Configuration
    public let grid: Grid
    /// Samples trained on, and held out, in ``dataset`` (which holds the training samples first).
    public let trainingSamples: Range<Int>
    public let validationSamples: Range<Int>
    /// How the samples were split, in words (recorded in the model).
    public let splitDescription: String

    /// Checks the configuration against the dataset before any work.
    /// - Parameter validation: samples to validate on instead of a fraction of `dataset`, on the
    ///   same grid and evaluation points; all of `dataset` then trains.
    /// - Throws: ``RegressionError`` naming the first problem: δ not positive, below h or
    ///   beyond the data's layer; M < 0; an empty or negative α range; a validation fraction
    ///   outside [0, 1) or leaving no training sample; NaN or infinite data.
    public init(dataset: Dataset, configuration: Configuration, validation: Dataset? = nil) throws(RegressionError) {
        var c = configuration
        try Self.resolveFractionalKernel(&c, dimension: dataset.grid.dimension, fractionalOrder: dataset.fractionalOrder)
        guard c.horizon.isFinite, c.horizon > 0 else {
            throw .invalidParameter(name: "δ", value: "\(c.horizon)", allowed: "the horizon must be a positive number")
        }
        guard c.order >= 0, c.order <= 100 else {
            throw .invalidParameter(name: "order M", value: "\(c.order)", allowed: "pick 0 ≤ M ≤ 100")
        }
        guard c.validationFraction >= 0, c.validationFraction < 1 else {
            throw .invalidParameter(name: "validation fraction", value: "\(c.validationFraction)", allowed: "pick a fraction in [0, 1)")
        }
        guard c.epochs >= 1 else { throw .invalidParameter(name: "epochs", value: "\(c.epochs)", allowed: "pick at least 1") }
        guard c.coercivityMargin >= 0, c.coercivityMargin < 1 else {
            throw .invalidParameter(name: "coercivity margin", value: "\(c.coercivityMargin)", allowed: "pick η in [0, 1)")
        }
        switch c.exponent {
        case .learned(let lower, let upper):
            guard lower.isFinite, upper.isFinite, lower >= 0 else {
                throw .invalidParameter(name: "α range", value: "\(lower)...\(upper)", allowed: "α must lie in [0, ∞)")
            }
            guard lower <= upper else {
                throw .invalidParameter(name: "α range", value: "\(lower)...\(upper)", allowed: "the range is empty; give lower ≤ upper")
            }
        case .fixed(let alpha):
            guard alpha.isFinite, alpha >= 0 else {
                throw .invalidParameter(name: "α", value: "\(alpha)", allowed: "pick α ≥ 0, or learn it")
            }
        case .learnedInDefaultRange, nil: break
        }
        guard c.curvature.isFinite, c.curvature >= 0 else {
            throw .invalidParameter(name: "curvature", value: "\(c.curvature)", allowed: "pick λ_rel ≥ 0 (0 for no penalty)")
        }
        if c.curvature > 0 && !c.joint {
            throw .invalidParameter(name: "curvature", value: "\(c.curvature)", allowed: "the curvature penalty needs --joint")
        }
        if c.joint {
            guard case .periodic(1, _, _) = dataset.grid, c.exponent == nil, c.solver == .exact, c.consistency != .secondMoment,
                c.constraint == .coefficients
            else {
                throw .invalidParameter(
                    name: "joint", value: "on",
                    allowed: "the joint program needs a periodic 1-D dataset, a Bernstein kernel, the exact solver and the "
                        + "default constraint, with --consistency none or refinement (on other grids λ_min(A_C) is no set of "
                        + "linear constraints)")
            }
            c.signChanging = true
        } else if c.consistency == .refinement {
            throw .invalidParameter(name: "consistency", value: "refinement", allowed: "it is a constraint of the joint program; add --joint")
        }
        guard c.consistencyModes.lowerBound >= 1 else {
            throw .invalidParameter(
                name: "consistency modes", value: "\(c.consistencyModes.lowerBound)...\(c.consistencyModes.upperBound)",
                allowed: "pick wavenumbers ≥ 1 (the constant mode's symbol is 0 on every grid)")
        }
        if c.exponent != nil && c.signChanging {
            throw .invalidParameter(
                name: "sign-changing", value: "on", allowed: "fractional kernels are nonnegative (§8); drop the sign-changing stage or the exponent")
        }
        if c.consistency != .none {
            guard c.exponent == nil, c.solver == .exact else {
                throw .invalidParameter(
                    name: "consistency", value: c.consistency.rawValue,
                    allowed: "it applies to the Bernstein kernel (3.11) with the exact solver; drop --alpha or --solver adam")
            }
            guard !c.signChanging || c.constraint == .coefficients else {
                throw .invalidParameter(
                    name: "consistency", value: c.consistency.rawValue, allowed: "stage 2 keeps it under the coefficients constraint only; drop --constraint (coefficients is the default)")
            }
        }
        let grid: Grid
        do {
            grid = try dataset.grid.makeGrid()
            try grid.checkHorizon(c.horizon)
        } catch { throw .grid(error) }
        try Self.checkFinite(dataset)
        let (arranged, training, description) = try Self.split(dataset, validation: validation, configuration: c)
        guard training >= 1 else {
            throw .invalidParameter(
                name: "validation fraction", value: "\(c.validationFraction)", allowed: "it leaves no training sample of \(dataset.sampleCount)")
        }
        self.dataset = arranged
        self.configuration = c
        self.grid = grid
        trainingSamples = 0..<training
        validationSamples = training..<arranged.sampleCount
        splitDescription = description
    }

    /// Fills in a fractional kernel's default quadrature and α range, and refuses a quadrature the kernel or solver cannot use.
    ///
    /// The default α range is [0, d + 2s] for data that record their fractional order s: r^{−(d+2s)}
    /// is the singularity of (−Δ)^s's own kernel, and a more singular kernel defines an operator of
    /// higher order than the data's (its symbol outgrows |k|^{2s}), which a least-squares fit on a
    /// short horizon leans toward (at δ = 1/8 it runs to the Laplacian). Without a recorded order it
    /// is [0, d + 2] under the one-point rule and [0, d + 2 − 0.01] under the product and Galerkin
    /// rules, whose weights diverge at α = d + 2.
    private static func resolveFractionalKernel(_ c: inout Configuration, dimension d: Int, fractionalOrder: Double?) throws(RegressionError) {
        guard c.exponent != nil else {
            if let q = c.quadrature, q != .onePoint {
                throw .invalidParameter(name: "quadrature", value: q.rawValue, allowed: "it applies to fractional kernels; add --alpha or drop --quadrature")
            }
            return
        }
        let quadrature = c.quadrature ?? (d == 1 && c.solver == .exact ? .galerkin : .onePoint)
        c.quadrature = quadrature
        let limit = Double(d + 2)
        if c.exponent == .learnedInDefaultRange {
            c.exponent = .learned(lower: 0, upper: fractionalOrder.map { Double(d) + 2 * $0 } ?? (quadrature.integratesSingularity ? limit - 0.01 : limit))
        }
        guard quadrature.integratesSingularity else { return }
        guard d == 1, c.solver == .exact else {
            throw .invalidParameter(
                name: "quadrature", value: quadrature.rawValue,
                allowed: d == 1 ? "paper mode (--solver adam) discretizes as the paper does; use one-point" : "it is implemented in 1-D only; use one-point")
        }
        let top: Double? = switch c.exponent {
        case .learned(_, let upper): upper
        case .fixed(let alpha): alpha
        default: nil
        }
        if let top, top >= limit {
            throw .invalidParameter(
                name: "α", value: "\(top)",
                allowed: "the \(quadrature.name) rule needs α < d + 2 = \(Int(limit)), where K r² is integrable; lower it, or use --quadrature one-point")
        }
    }

    /// The samples in training-then-validation order, the number that train, and the split in words.
    ///
    /// Why shuffle: a generator that writes its sample families in blocks (the manufactured
    /// problem's `--content high` puts the (5.5) samples last) made the tail 100 % one family, and
    /// the order chosen by validation answered to that family alone.
    private static func split(
        _ dataset: Dataset, validation: Dataset?, configuration c: Configuration
    ) throws(RegressionError) -> (Dataset, Int, String) {
        if let validation {
            guard validation.grid == dataset.grid, validation.evaluationMask == dataset.evaluationMask,
                (validation.exterior == nil) == (dataset.exterior == nil)
            else {
                throw .invalidParameter(
                    name: "validation data", value: "on \(validation.grid)",
                    allowed: "it must be on the training data's grid \(dataset.grid), with the same evaluation points and exterior values")
            }
            try checkFinite(validation)
            return (dataset.appending(validation), dataset.sampleCount, "a separate file of \(validation.sampleCount) samples")
        }
        let n = dataset.sampleCount
        let share = c.validationFraction * 100
        let percent = share == share.rounded() ? "\(Int(share)) %" : "\(share) %"
        guard c.shuffledSplit else {
            let held = Int((Double(n) * c.validationFraction).rounded())
            return (dataset, n - held, held == 0 ? "none" : "the last \(percent) of the file")
        }
        let strata = dataset.strata ?? [(name: "all", samples: 0..<n)]
        var generator = SplitMix64(seed: c.seed)
        var training: [Int] = [], held: [Int] = []
        for stratum in strata {
            var indices = Array(stratum.samples)
            generator.shuffle(&indices)
            let count = Int((Double(indices.count) * c.validationFraction).rounded())
            training += indices.dropLast(count)
            held += indices.suffix(count)
        }
        if held.isEmpty { return (dataset, n, "none") }
        let order = training.sorted() + held.sorted()
        let families = strata.count > 1 ? ", the same share of each of \(strata.map(\.name).joined(separator: ", "))" : ""
        return (dataset.samples(at: order), training.count, "\(percent) shuffled (seed \(c.seed))\(families)")
    }

    /// Throws ``RegressionError/nonFinite(what:)`` naming the first NaN or infinite value of u, f
    /// or the exterior values, by sample and point.
    static func checkFinite(_ dataset: Dataset) throws(RegressionError) {
        for (name, matrix) in [("u", dataset.u), ("f", dataset.f), ("exterior u", dataset.exterior ?? DenseMatrix(rowCount: 0, columnCount: 0))] {
            if let bad = matrix.storage.firstIndex(where: { !$0.isFinite }) {
                throw .nonFinite(what: "\(name) at sample \(bad / Swift.max(1, matrix.rowCount)), point \(bad % Swift.max(1, matrix.rowCount))")
            }
        }
    }
}
