// QuadraticLoss: the regression loss (4.1)/(4.4) reduced to a Gram matrix and a linear term.
import NonlocalAssembly
import NonlocalData
import NonlocalKernels
import NonlocalLinearAlgebra

/// `L(θ) = (1/N) Σ_i (1/#X) Σ_{x∈X} (Σ_m θ_m Φ_m[u_i](x) − f_i(x))² = θᵀGθ − 2bᵀθ + c` with
/// `G = ΦᵀΦ/(N·#X)`, `b = Φᵀf/(N·#X)`, `c = fᵀf/(N·#X)` (the norm (4.5) averaged over samples).
///
/// L_K[u] is linear in the coefficients, so the loss is exactly this quadratic. Since
/// `Φ = D·W` (``FeatureMap``), it is built from the data's ``RadialMoments``:
/// `G = WᵀPW`, `b = Wᵀq` — two small BLAS products per basis.
public struct QuadraticLoss: Sendable {
    /// G, (M+1) × (M+1), symmetric positive semi-definite.
    public let gram: DenseMatrix
    /// b, length M+1.
    public let linear: [Double]
    /// c = mean of f² over samples and X.
    public let constant: Double
    /// N·#X, the number of residuals averaged.
    public let residualCount: Int

    public init(gram: DenseMatrix, linear: [Double], constant: Double, residualCount: Int) {
        precondition(gram.rowCount == gram.columnCount && gram.rowCount == linear.count, "G must be square with b's length")
        self.gram = gram
        self.linear = linear
        self.constant = constant
        self.residualCount = residualCount
    }

    /// The loss of the radial basis `basis` (e.g. the Bernstein basis functions of order M on
    /// horizon δ, which must be the moments' horizon).
    public init(moments: RadialMoments, basis: [any RadialKernel]) {
        precondition(!basis.isEmpty, "a basis is needed")
        let weights = moments.stencil.basisWeights(basis)
        let projected = moments.differenceGram.multiplied(by: weights)
        var gram = weights.multiplied(by: projected, transposingSelf: true)
        // Symmetrize the rounding of the two products.
        for i in 0..<gram.rowCount {
            for j in 0..<i {
                let mean = 0.5 * (gram[i, j] + gram[j, i])
                (gram[i, j], gram[j, i]) = (mean, mean)
            }
        }
        self.init(
            gram: gram, linear: weights.multiplied(by: moments.differenceTargets, transposingSelf: true),
            constant: moments.targetMeanSquare, residualCount: moments.residualCount)
    }

    /// The loss of `dataset` for `basis` on horizon δ, in one pass over the data.
    public init(dataset: Dataset, basis: [any RadialKernel], horizon: Double, batchSize: Int = 2_000) throws(GridError) {
        self.init(moments: try RadialMoments(dataset: dataset, horizon: horizon, batchSize: batchSize), basis: basis)
    }

    /// L(θ) = θᵀGθ − 2bᵀθ + c, never below 0 (round-off can dip it when the fit is exact).
    public func value(at theta: [Double]) -> Double {
        Swift.max(0, theta.dot(gram.multiplied(by: theta)) - 2 * linear.dot(theta) + constant)
    }

    /// ∇L/2 = Gθ − b.
    public func halfGradient(at theta: [Double]) -> [Double] {
        gram.multiplied(by: theta).subtracting(linear)
    }
}
