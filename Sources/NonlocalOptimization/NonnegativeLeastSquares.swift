// NonnegativeLeastSquares: stage 1 exactly — min θᵀGθ − 2bᵀθ subject to θ ≥ 0, by Lawson–Hanson's active-set method.
import NonlocalLinearAlgebra

/// Lawson and Hanson's active-set NNLS (Solving Least Squares Problems, 1974, ch. 23) on the
/// normal equations of a ``QuadraticObjective``: coefficients enter the passive set while the
/// negative gradient b − Gθ points into the feasible region, and leave it when a step would
/// make them negative. Hand-written: no library here offers NNLS on a Gram matrix.
public struct NonnegativeLeastSquares: Sendable {
    /// The solution θ ≥ 0 and its optimality.
    public struct Solution: Sendable {
        public let coefficients: [Double]
        public let loss: Double
        /// ``kktResidual(of:at:)``: zero exactly at a KKT point (θ ≥ 0, g ≥ 0, θ_m g_m = 0).
        public let kktResidual: Double
        public let iterations: Int
    }

    public var maximumIterations = 1000

    public init() {}

    public func solve(_ loss: some QuadraticObjective) -> Solution {
        // Jacobi scaling θ = S y, S = diag(G)^(-1/2): basis functions of very different sizes
        // (r^(-α) singular ones, high orders) then share one tolerance. A basis function that is
        // zero on every radius class (G_mm = 0) has no effect on the loss and stays at 0.
        let scales = (0..<loss.linear.count).map { loss.gram[$0, $0] > 0 ? 1 / loss.gram[$0, $0].squareRoot() : 0 }
        var gram = loss.gram
        for j in 0..<gram.columnCount { for i in 0..<gram.rowCount { gram[i, j] *= scales[i] * scales[j] } }
        let scaled = Quadratic(gram: gram, linear: zip(loss.linear, scales).map(*), constant: loss.constant)
        let (y, iterations) = activeSet(scaled)
        let theta = zip(y, scales).map(*)
        return Solution(coefficients: theta, loss: loss.value(at: theta), kktResidual: Self.kktResidual(of: loss, at: theta), iterations: iterations)
    }

    /// How far θ ≥ 0 is from a KKT point of min L over θ ≥ 0:
    /// `max_m |min(θ_m, g_m)| / max(‖b‖∞, ε)` with g = Gθ − b (0 exactly at the minimizer).
    public static func kktResidual(of loss: some QuadraticObjective, at theta: [Double]) -> Double {
        let gradient = loss.halfGradient(at: theta)
        let kkt = zip(theta, gradient).map { abs(Swift.min($0, $1)) }.max() ?? 0
        return kkt / Swift.max(loss.linear.maximumNorm, .leastNormalMagnitude)
    }

    /// Lawson–Hanson on a Jacobi-scaled loss: the minimizer over y ≥ 0 and the iterations taken.
    private func activeSet(_ loss: Quadratic) -> ([Double], Int) {
        let m = loss.linear.count
        var theta = [Double](repeating: 0, count: m)
        var passive = [Bool](repeating: false, count: m)
        // Columns numerically dependent on the passive ones: G_PP would be singular with them.
        var dependent = [Bool](repeating: false, count: m)
        let scale = Swift.max(loss.linear.maximumNorm, .leastNormalMagnitude)
        let tolerance = 1e-13 * scale
        var iterations = 0
        outer: while iterations < maximumIterations {
            let descent = loss.halfGradient(at: theta).map { -$0 }
            guard let entering = (0..<m).filter({ !passive[$0] && !dependent[$0] && descent[$0] > tolerance }).max(by: { descent[$0] < descent[$1] })
            else { break }
            passive[entering] = true
            while iterations < maximumIterations {
                iterations += 1
                let set = (0..<m).filter { passive[$0] }
                guard let z = restrictedSolution(loss, set) else {
                    passive[entering] = false
                    dependent[entering] = true
                    continue outer
                }
                if z.allSatisfy({ $0 > 0 }) {
                    for (k, j) in set.enumerated() { theta[j] = z[k] }
                    dependent = [Bool](repeating: false, count: m)  // a new passive set: try them again
                    continue outer
                }
                // Step from θ towards z until the first passive coefficient reaches zero; it
                // (and any that round-off left non-positive) leaves the passive set.
                var alpha = 1.0, blocking = set[0]
                for (k, j) in set.enumerated() where z[k] <= 0 {
                    let step = theta[j] / (theta[j] - z[k])
                    if step < alpha { (alpha, blocking) = (step, j) }
                }
                for (k, j) in set.enumerated() {
                    theta[j] += alpha * (z[k] - theta[j])
                    if j == blocking || theta[j] <= 0 {
                        theta[j] = 0
                        passive[j] = false
                    }
                }
            }
        }
        return (theta, iterations)
    }

    /// The unconstrained minimizer over the coefficients in `set` (G_PP z = b_P), or nil when G_PP is singular.
    private func restrictedSolution(_ loss: Quadratic, _ set: [Int]) -> [Double]? {
        var block = DenseMatrix(rowCount: set.count, columnCount: set.count)
        for (a, i) in set.enumerated() { for (c, j) in set.enumerated() { block[a, c] = loss.gram[i, j] } }
        return try? block.solvingPositiveDefinite(set.map { loss.linear[$0] })
    }
}
