// SignChangingLeastSquares: stage 2 exactly — min L(C* + D) subject to N(D) ≤ 1/(2κ), as a convex quadratic program.
import NonlocalLinearAlgebra

/// Stage 2 of Algorithm 1 (paper eqs. 3.9–3.10, 3.13–3.14): given the stage-1 coefficients
/// C* ≥ 0 and the bound τ = 1/(2κ(C*)), the sign-changing part
/// `D = argmin L(C* + D) subject to N(D) ≤ τ`.
///
/// With g = GC* − b, `L(C* + D) = L(C*) + 2(½DᵀGD + gᵀD)`, a convex quadratic, and N is convex
/// and piecewise linear, so the problem is a convex quadratic program, solved exactly
/// (``ConvexQuadraticProgram``) once the absolute values become auxiliary variables:
/// - ``SignChangingNorm/Form/l1``: variables (D, t₁…t_C, t₀) with
///   `−t_c ≤ (AD)_c ≤ t_c`, `−t₀ ≤ sᵀD ≤ t₀`, `½Σ_c t_c + ½t₀ ≤ τ` (2C + 3 rows);
/// - ``SignChangingNorm/Form/asPrinted``: `½I + ½|I| ≤ τ ⇔ I ≤ τ` for τ ≥ 0, the single row
///   `sᵀD ≤ τ`.
///
/// G is nearly singular: it is WᵀPW with W the basis sampled at the stencil's radii (at M = 20,
/// cond W ≈ 10⁶–10⁷ on 25–100 radii) and P the data's difference moments, whose spectrum decays
/// with the data's Fourier coefficients; in floating point G has eigenvalues at the rounding
/// level (cond ≫ 10¹⁶). Consequences:
/// - The minimizer is unique in the kernel values at the radii (AD, which the L1 form bounds)
///   but its coefficients can be large (|D| ~ 10⁵–10⁶ with alternating signs): W's conditioning.
/// - When the feasible set is large in directions G cannot see (the as-printed half-space, or
///   a loose τ), the program is not solvable in double precision. It is then solved with a
///   Tikhonov term `½γ|D|²` added, γ the first of ``regularizations`` (× (M+1)ε·max G_mm, so
///   starting at G's own rounding level) for which the interior-point method converges; the
///   solution reports γ. The program as stated (γ = 0) is always tried first.
///
/// After the fact, N(D) ≤ τ holds exactly (N is positively homogeneous, so a D that the
/// interior-point method leaves a hair outside is scaled back onto the boundary), and
/// L(C* + D) ≤ L(C*) always (D = 0 is feasible, and is returned should rounding ever make the
/// computed D worse).
public struct SignChangingLeastSquares: Sendable {
    /// What was done to the interior-point solution to guarantee the two inequalities.
    public enum Adjustment: Sendable, Equatable {
        /// Returned as computed.
        case none
        /// D was multiplied by `factor` < 1 to bring N(D) down to τ.
        case scaledToBound(factor: Double)
        /// The computed D did not lower the loss below L(C*), so D = 0 was returned.
        case keptStageOne
    }

    /// The sign-changing part and its optimality.
    public struct Solution: Sendable {
        /// D, one per basis function; the learned kernel has coefficients C* + D.
        public let coefficients: [Double]
        /// L(C* + D) ≤ L(C*).
        public let loss: Double
        /// N(D) ≤ τ.
        public let norm: Double
        /// The largest of the quadratic program's residuals (``ConvexQuadraticProgram/Residuals``)
        /// before any ``adjustment``; 0 when τ = 0 left D = 0 as the only feasible point.
        public let kktResidual: Double
        /// Interior-point iterations of the solve that succeeded.
        public let iterations: Int
        /// γ / ((M+1)ε · max_m G_mm), the Tikhonov weight the program was solved with: 0 for
        /// the program exactly as stated.
        public let regularization: Double
        public let adjustment: Adjustment
    }

    /// Interior-point iterations allowed per attempt.
    public var maximumIterations = 100
    /// The Tikhonov weights tried in turn when the program as stated cannot be solved, in units
    /// of (M+1)ε · max_m G_mm (the rounding level of G).
    public var regularizations: [Double] = [1, 1e2, 1e4, 1e6]

    public init() {}

    /// - Parameters:
    ///   - loss: L, the stage-1 loss.
    ///   - nonnegativePart: C*, the stage-1 coefficients.
    ///   - norm: N on the training stencil, for the loss's basis.
    ///   - bound: τ = 1/(2κ(C*)) ≥ 0, finite.
    /// - Throws: ``RegressionError/solverFailed(stage:reason:)`` when no attempt solves the
    ///   quadratic program, ``RegressionError/nonFinite(what:)`` for NaN or infinite data.
    public func solve(_ loss: QuadraticLoss, nonnegativePart: [Double], norm: SignChangingNorm, bound: Double) throws(RegressionError) -> Solution {
        let k = loss.linear.count
        precondition(nonnegativePart.count == k, "C* must have one coefficient per basis function")
        precondition(norm.classWeights.columnCount == k, "N must be built on the loss's basis")
        precondition(bound >= 0 && bound.isFinite, "the bound τ must be finite and non-negative")
        let stageOneLoss = loss.value(at: nonnegativePart)
        let zero = [Double](repeating: 0, count: k)
        // Under the L1 form, N(D) = 0 makes K_D vanish on the stencil: D = 0 up to a null space
        // of A that the loss does not see either.
        if bound == 0 && norm.form == .l1 {
            return Solution(
                coefficients: zero, loss: stageOneLoss, norm: 0, kktResidual: 0, iterations: 0, regularization: 0, adjustment: .none)
        }
        let (qp, regularization) = try solveProgram(loss, nonnegativePart: nonnegativePart, norm: norm, bound: bound)
        var d = Array(qp.minimizer[0..<k])
        var adjustment = Adjustment.none
        var n = norm.value(d)
        if n > bound {
            // N(aD) = aN(D) for a ≥ 0; the loop covers the rounding of the product.
            var factor = bound / n
            while norm.value(d.map { $0 * factor }) > bound { factor *= 1 - 4 * .ulpOfOne }
            d.scale(by: factor)
            n = norm.value(d)
            adjustment = .scaledToBound(factor: factor)
        }
        var value = loss.value(at: zip(nonnegativePart, d).map { $0 + $1 })
        // L(C* + D) − L(C*) = DᵀGD + 2gᵀD, free of the cancellation against c in L itself.
        let change = d.dot(loss.gram.multiplied(by: d)) + 2 * loss.halfGradient(at: nonnegativePart).dot(d)
        if !(change <= 0 && value <= stageOneLoss) {
            (d, n, value, adjustment) = (zero, 0, stageOneLoss, .keptStageOne)
        }
        return Solution(
            coefficients: d, loss: value, norm: n, kktResidual: qp.residuals.maximum, iterations: qp.iterations,
            regularization: regularization, adjustment: adjustment)
    }

    /// The program as stated, then with the Tikhonov weights of ``regularizations`` until one
    /// attempt converges; its solution and relative weight.
    private func solveProgram(
        _ loss: QuadraticLoss, nonnegativePart: [Double], norm: SignChangingNorm, bound: Double
    ) throws(RegressionError) -> (ConvexQuadraticProgram.Solution, Double) {
        let k = loss.linear.count
        let roundingLevel = Double(k) * .ulpOfOne * ((0..<k).map { loss.gram[$0, $0] }.max() ?? 0)
        var reasons: [String] = []
        for relative in [0] + regularizations {
            var program = Self.program(loss, nonnegativePart: nonnegativePart, norm: norm, bound: bound, tikhonov: relative * roundingLevel)
            program.maximumIterations = maximumIterations
            do {
                return (try program.solve(), relative)
            } catch .solverFailed(_, let reason) {
                reasons.append("γ = \(relative)·(M+1)ε·max G_mm: \(reason)")
            }
        }
        throw .solverFailed(stage: "stage 2 (min L(C* + D) subject to N(D) ≤ τ)", reason: reasons.joined(separator: "; "))
    }

    /// The quadratic program in (D, t, t₀) (L1) or D (as printed), with objective
    /// `½Dᵀ(G + γI)D + gᵀD = (L(C* + D) − L(C*))/2 + ½γ|D|²`.
    static func program(
        _ loss: QuadraticLoss, nonnegativePart: [Double], norm: SignChangingNorm, bound: Double, tikhonov gamma: Double
    ) -> ConvexQuadraticProgram {
        let k = loss.linear.count
        let g = loss.halfGradient(at: nonnegativePart)
        let s = norm.integralWeights
        var gram = loss.gram
        for i in 0..<k { gram[i, i] += gamma }
        switch norm.form {
        case .asPrinted:
            return ConvexQuadraticProgram(
                quadratic: gram, linear: g, constraints: DenseMatrix(rowCount: 1, columnCount: k, storage: s), bounds: [bound])
        case .l1:
            let a = norm.classWeights
            let classes = a.rowCount
            let n = k + classes + 1, m = 2 * classes + 3
            var q = DenseMatrix(rowCount: n, columnCount: n)
            for j in 0..<k { for i in 0..<k { q[i, j] = gram[i, j] } }
            var rows = DenseMatrix(rowCount: m, columnCount: n)
            for c in 0..<classes {
                for j in 0..<k { (rows[c, j], rows[classes + c, j]) = (a[c, j], -a[c, j]) }
                (rows[c, k + c], rows[classes + c, k + c]) = (-1, -1)
                rows[m - 1, k + c] = 0.5
            }
            for j in 0..<k { (rows[2 * classes, j], rows[2 * classes + 1, j]) = (s[j], -s[j]) }
            (rows[2 * classes, n - 1], rows[2 * classes + 1, n - 1], rows[m - 1, n - 1]) = (-1, -1, 0.5)
            var bounds = [Double](repeating: 0, count: m)
            bounds[m - 1] = bound
            return ConvexQuadraticProgram(
                quadratic: q, linear: g + [Double](repeating: 0, count: classes + 1), constraints: rows, bounds: bounds)
        }
    }
}
