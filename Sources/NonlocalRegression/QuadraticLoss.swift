// QuadraticLoss: the regression loss (4.1)/(4.4) reduced to a Gram matrix and a linear term.
import NonlocalAssembly
import NonlocalDataset
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalOptimization

/// `L(θ) = (1/N) Σ_i (1/#X) Σ_{x∈X} (Σ_m θ_m Φ_m[u_i](x) − f_i(x))² = θᵀGθ − 2bᵀθ + c` with
/// `G = ΦᵀΦ/(N·#X)`, `b = Φᵀf/(N·#X)`, `c = fᵀf/(N·#X)` (the norm (4.5) averaged over samples).
///
/// L_K[u] is linear in the coefficients, so the loss is exactly this quadratic. Since
/// `Φ = D·W` (``FeatureMap``), it is built from the data's ``RadialMoments``:
/// `G = WᵀPW`, `b = Wᵀq` — two small BLAS products per basis. A loss built from moments is
/// evaluated from the kernel's values at the radius classes, v = Wθ, as `vᵀPv − 2qᵀv + c`: a
/// sign-changing kernel's coefficients reach 10⁷ while its values stay O(10) (W's condition
/// number), and θᵀGθ would lose cond(W)²ε of the loss to rounding where vᵀPv loses ε.
public struct QuadraticLoss: QuadraticObjective {
    /// G, (M+1) × (M+1), symmetric positive semi-definite.
    public let gram: DenseMatrix
    /// b, length M+1.
    public let linear: [Double]
    /// c = mean of f² over samples and X.
    public let constant: Double
    /// N·#X, the number of residuals averaged.
    public let residualCount: Int
    /// W and the moments P, q, when the loss was built from them.
    private let classForm: (weights: DenseMatrix, moments: RadialMoments)?

    public init(gram: DenseMatrix, linear: [Double], constant: Double, residualCount: Int) {
        self.init(gram: gram, linear: linear, constant: constant, residualCount: residualCount, classForm: nil)
    }

    private init(gram: DenseMatrix, linear: [Double], constant: Double, residualCount: Int, classForm: (DenseMatrix, RadialMoments)?) {
        precondition(gram.rowCount == gram.columnCount && gram.rowCount == linear.count, "G must be square with b's length")
        self.gram = gram
        self.linear = linear
        self.constant = constant
        self.residualCount = residualCount
        self.classForm = classForm
    }

    /// The loss of the radial basis `basis` (e.g. the Bernstein basis functions of order M on
    /// horizon δ, which must be the moments' horizon).
    public init(moments: RadialMoments, basis: [any RadialKernel]) {
        precondition(!basis.isEmpty, "a basis is needed")
        let weights = moments.stencil.basisWeights(basis)
        let projected = moments.differenceGram.multiplied(by: weights)
        var gram = weights.multiplied(by: projected, transposingSelf: true)
        gram.symmetrize()
        self.init(
            gram: gram, linear: weights.multiplied(by: moments.differenceTargets, transposingSelf: true),
            constant: moments.targetMeanSquare, residualCount: moments.residualCount, classForm: (weights, moments))
    }

    /// The loss of `dataset` for `basis` on horizon δ, in one pass over the data.
    public init(dataset: Dataset, basis: [any RadialKernel], horizon: Double, batchSize: Int? = nil) throws(GridError) {
        self.init(moments: try RadialMoments(dataset: dataset, horizon: horizon, batchSize: batchSize), basis: basis)
    }

    /// L(θ) = θᵀGθ − 2bᵀθ + c (from the class values when built from moments), never below 0
    /// (round-off can dip it when the fit is exact).
    public func value(at theta: [Double]) -> Double {
        if let (weights, moments) = classForm {
            let v = weights.multiplied(by: theta)
            return Swift.max(0, v.dot(moments.differenceGram.multiplied(by: v)) - 2 * moments.differenceTargets.dot(v) + moments.targetMeanSquare)
        }
        return Swift.max(0, theta.dot(gram.multiplied(by: theta)) - 2 * linear.dot(theta) + constant)
    }

    /// L(θ + e) − L(θ) = eᵀGe + 2eᵀ(Gθ − b) (from the class values when built from moments),
    /// free of the cancellation against c in L itself.
    public func change(from theta: [Double], by e: [Double]) -> Double {
        if let (weights, moments) = classForm {
            let (ve, vTheta) = (weights.multiplied(by: e), weights.multiplied(by: theta))
            var gradient = moments.differenceGram.multiplied(by: vTheta)
            gradient.add(moments.differenceTargets, scaledBy: -1)
            return ve.dot(moments.differenceGram.multiplied(by: ve)) + 2 * ve.dot(gradient)
        }
        return e.dot(gram.multiplied(by: e)) + 2 * e.dot(halfGradient(at: theta))
    }
}
