// QuadraticLoss: the regression loss (4.1)/(4.4) reduced to a Gram matrix and a linear term, accumulated with BLAS.
import NonlocalAssembly
import NonlocalData
import NonlocalKernels
import NonlocalLinearAlgebra

/// `L(θ) = (1/N) Σ_i (1/#X) Σ_{x∈X} (Σ_m θ_m Φ_m[u_i](x) − f_i(x))² = θᵀGθ − 2bᵀθ + c` with
/// `G = ΦᵀΦ/(N·#X)`, `b = Φᵀf/(N·#X)`, `c = fᵀf/(N·#X)` (the norm (4.5) averaged over samples).
///
/// L_K[u] is linear in the coefficients, so the loss is exactly this quadratic; it is built by
/// streaming the samples in batches — features of one batch (a BLAS product, ``FeatureMap``),
/// then `G += ΦᵀΦ` and `b += Φᵀf` (`cblas_dgemm`) — so memory is one batch of features, never N.
public struct QuadraticLoss: Sendable {
    /// G, (M+1) × (M+1), symmetric positive semi-definite.
    public let gram: DenseMatrix
    /// b, length M+1.
    public let linear: [Double]
    /// c = mean of f² over samples and X.
    public let constant: Double
    /// N·#X, the number of residuals averaged.
    public let residualCount: Int

    /// Accumulates the loss of `dataset` for the radial basis `basis` (e.g. the Bernstein basis
    /// functions of order M on horizon δ), streaming `batchSize` samples at a time.
    public init(dataset: Dataset, basis: [any RadialKernel], horizon: Double, batchSize: Int = 2_000) throws(GridError) {
        precondition(!basis.isEmpty && batchSize >= 1, "a basis and a positive batch size are needed")
        let grid = try dataset.grid.makeGrid()
        let map = FeatureMap(grid: grid, horizon: horizon, evaluationPoints: dataset.evaluationPoints)
        let weights = map.basisWeights(basis)
        let m = basis.count, points = map.evaluationPoints.count
        var gram = DenseMatrix(rowCount: m, columnCount: m)
        var linear = [Double](repeating: 0, count: m)
        var constant = 0.0
        var start = 0
        while start < dataset.sampleCount {
            let batch = dataset.samples(start..<Swift.min(start + batchSize, dataset.sampleCount))
            let features = map.radialDifferences(batch.u, exterior: batch.exterior).multiplied(by: weights)
            // f at X, sample-major like the feature rows.
            let targets = (0..<batch.sampleCount).flatMap { s in map.evaluationPoints.map { batch.f[$0, s] } }
            gram.storage.add(features.multiplied(by: features, transposingSelf: true).storage)
            linear.add(features.multiplied(by: targets, transposingSelf: true))
            constant += targets.dot(targets)
            start += batchSize
        }
        let count = dataset.sampleCount * points
        gram.storage.scale(by: 1 / Double(count))
        linear.scale(by: 1 / Double(count))
        self.gram = gram
        self.linear = linear
        self.constant = constant / Double(count)
        residualCount = count
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
