// L1BallQuadraticProgram: min ½yᵀHy + hᵀy subject to ‖Fy‖₁ ≤ ρ, by an interior-point method whose Newton systems reduce to the size of y.
import NonlocalLinearAlgebra

/// `min ½ yᵀHy + hᵀy` subject to `‖Fy‖₁ = Σ_j |f_jᵀy| ≤ ρ`, with H (r × r) symmetric positive
/// semi-definite and F (J × r) of any shape — stage 2 of Algorithm 1 under the L1 form of N(D),
/// in the coordinates of ``SignChangingLeastSquares``.
///
/// It is the quadratic program in (y, t) with the 2J + 1 rows `f_jᵀy − t_j ≤ 0`,
/// `−f_jᵀy − t_j ≤ 0`, `Σ_j t_j ≤ ρ` (``epigraphForm``), solved by ``InteriorPointMethod``
/// without ever forming its (r + J) + (2J + 1) Newton matrix. With `a_j`, `b_j`, `γ` the ratios
/// z/s of the rows `f_jᵀy − t_j ≤ 0`, `−f_jᵀy − t_j ≤ 0` and the budget, eliminating the
/// multipliers, then the t_j (a diagonal plus the budget's rank one, by Sherman–Morrison) leaves
/// `(H + Fᵀ diag(σ) F + η vvᵀ) dy = …` with
/// `σ_j = 4a_jb_j/(a_j + b_j)`, `v = Σ_j (b_j − a_j)/(a_j + b_j) f_j`,
/// `η = γ / (1 + γ Σ_j 1/(a_j + b_j))` — an r × r Cholesky factorization per iteration, every
/// term non-negative and free of cancellation. Iterative refinement against the products of the
/// full program (``InteriorPointMethod``) recovers what the normal equations' conditioning costs.
///
/// The program is solved with y measured in the unit its data give it and the objective scaled
/// to unit size (``ScaledL1BallProgram``); ``ConvexQuadraticProgram/Residuals`` are measured there.
///
/// Hand-written, like ``ConvexQuadraticProgram``: no library in the project's dependency set
/// solves quadratic programs.
public struct L1BallQuadraticProgram: Sendable {
    /// H, r × r, symmetric positive semi-definite.
    public let quadratic: DenseMatrix
    /// h, length r.
    public let linear: [Double]
    /// F, J × r.
    public let rows: DenseMatrix
    /// ρ > 0.
    public let radius: Double

    /// Iterations allowed before giving up.
    public var maximumIterations = 100
    /// Stop when every residual is at most this.
    public var tolerance = 1e-12
    /// When the iteration stalls before ``tolerance``, the best iterate is still returned if its
    /// residuals are at most this.
    public var acceptableTolerance = 1e-9

    /// The minimizer and its certificate of optimality.
    public struct Solution: Sendable {
        /// y.
        public let minimizer: [Double]
        /// λ ≥ 0, the multiplier of ‖Fy‖₁ ≤ ρ: `Hy + h ∈ −λ Fᵀ∂‖·‖₁(Fy)`, λ = 0 when the ball is inactive.
        public let multiplier: Double
        /// The KKT residuals of ``epigraphForm`` (scaled as the type's documentation says).
        public let residuals: ConvexQuadraticProgram.Residuals
        /// Interior-point iterations.
        public let iterations: Int
    }

    /// - Precondition: H is square of h's length, F has r columns and at least one row, ρ > 0.
    ///   H's symmetry and semi-definiteness are the caller's promise.
    public init(quadratic: DenseMatrix, linear: [Double], rows: DenseMatrix, radius: Double) {
        precondition(quadratic.rowCount == quadratic.columnCount && quadratic.rowCount == linear.count, "H must be square of h's length")
        precondition(rows.columnCount == linear.count && rows.rowCount >= 1, "F must have one column per variable and a row at least")
        precondition(radius > 0, "the radius ρ must be positive")
        self.quadratic = quadratic
        self.linear = linear
        self.rows = rows
        self.radius = radius
    }

    /// The same program as a ``ConvexQuadraticProgram`` in (y, t), rows as in the type's documentation.
    public var epigraphForm: ConvexQuadraticProgram {
        let (r, count) = (linear.count, rows.rowCount)
        var q = DenseMatrix(rowCount: r + count, columnCount: r + count)
        for j in 0..<r { for i in 0..<r { q[i, j] = quadratic[i, j] } }
        var a = DenseMatrix(rowCount: 2 * count + 1, columnCount: r + count)
        for j in 0..<count {
            for i in 0..<r { (a[j, i], a[count + j, i]) = (rows[j, i], -rows[j, i]) }
            (a[j, r + j], a[count + j, r + j], a[2 * count, r + j]) = (-1, -1, 1)
        }
        return ConvexQuadraticProgram(
            quadratic: q, linear: linear + [Double](repeating: 0, count: count), constraints: a,
            bounds: [Double](repeating: 0, count: 2 * count) + [radius])
    }

    /// Solves the program.
    /// - Throws: ``OptimizationError/nonFiniteData(solver:)`` for NaN or infinite data, and
    ///   ``OptimizationError/failed(solver:reason:)`` when the iteration does not reach
    ///   ``acceptableTolerance``.
    public func solve() throws(OptimizationError) -> Solution {
        guard quadratic.storage.allSatisfy(\.isFinite), linear.allSatisfy(\.isFinite), rows.storage.allSatisfy(\.isFinite), radius.isFinite
        else { throw .nonFiniteData(solver: "quadratic program") }
        let scaled = ScaledL1BallProgram(self)
        let method = InteriorPointMethod(
            program: scaled, maximumIterations: maximumIterations, tolerance: tolerance, acceptableTolerance: acceptableTolerance)
        let (iterate, residuals, iterations) = try method.solve()
        let r = linear.count
        return Solution(
            minimizer: iterate.x[0..<r].map { $0 * scaled.unit }, multiplier: iterate.z[2 * rows.rowCount] * scaled.objectiveScale / scaled.unit,
            residuals: residuals, iterations: iterations)
    }
}

/// The epigraph form in units y = βỹ, t = βt̃, objective divided by σ = max(β²|H|, β‖h‖∞):
/// `min ½ỹᵀH̃ỹ + h̃ᵀỹ`, `H̃ = β²H/σ`, `h̃ = βh/σ`, subject to `±Fỹ − t̃ ≤ 0`, `Σt̃ ≤ ρ/β`.
/// β, the unit of y, is the smaller of the sizes that the ball (ρ/|F|) and the objective
/// (‖h‖∞/|H|) give it, so that terms of size 1 are negligible next to neither (as in
/// ``ConvexQuadraticProgram``). Variables x = (ỹ, t̃); constraints in the order upper rows,
/// lower rows, budget.
private struct ScaledL1BallProgram: InteriorPointProgram {
    let h: DenseMatrix
    let f: DenseMatrix
    /// |F|, entrywise.
    let absoluteF: DenseMatrix
    let linear: [Double]
    let bounds: [Double]
    /// β.
    let unit: Double
    /// σ.
    let objectiveScale: Double

    var r: Int { f.columnCount }
    var count: Int { f.rowCount }

    init(_ program: L1BallQuadraticProgram) {
        let (hSize, linearSize, fSize) = (program.quadratic.storage.maximumNorm, program.linear.maximumNorm, program.rows.storage.maximumNorm)
        var candidates: [Double] = []
        if fSize > 0 { candidates.append(program.radius / fSize) }
        if hSize > 0 && linearSize > 0 { candidates.append(linearSize / hSize) }
        let beta = candidates.min() ?? program.radius
        let sigma = Swift.max(beta * beta * hSize, beta * linearSize)
        let scale = sigma > 0 ? sigma : 1
        (unit, objectiveScale) = (beta, scale)
        var h = program.quadratic
        h.storage.scale(by: beta * beta / scale)
        self.h = h
        f = program.rows
        var absolute = program.rows
        absolute.storage = absolute.storage.map(abs)
        absoluteF = absolute
        linear = program.linear.map { $0 * beta / scale } + [Double](repeating: 0, count: program.rows.rowCount)
        bounds = [Double](repeating: 0, count: 2 * program.rows.rowCount) + [program.radius / beta]
    }

    private func split(_ x: [Double]) -> (y: [Double], t: [Double]) { (Array(x[0..<r]), Array(x[r...])) }

    func quadratic(_ x: [Double]) -> [Double] {
        h.multiplied(by: Array(x[0..<r])) + [Double](repeating: 0, count: count)
    }

    func constraints(_ x: [Double]) -> [Double] {
        let (y, t) = split(x)
        let fy = f.multiplied(by: y)
        return (0..<count).map { fy[$0] - t[$0] } + (0..<count).map { -fy[$0] - t[$0] } + [t.reduce(0, +)]
    }

    func transposedConstraints(_ z: [Double]) -> [Double] {
        let budget = z[2 * count]
        return f.multiplied(by: (0..<count).map { z[$0] - z[count + $0] }, transposingSelf: true)
            + (0..<count).map { -z[$0] - z[count + $0] + budget }
    }

    func absoluteConstraints(_ x: [Double]) -> [Double] {
        let (y, t) = split(x)
        let fy = absoluteF.multiplied(by: y)
        let rows = (0..<count).map { fy[$0] + t[$0] }
        return rows + rows + [t.reduce(0, +)]
    }

    func newtonSystem(slackRatios theta: [Double]) throws(OptimizationError) -> ReducedNewtonSystem {
        try ReducedNewtonSystem(program: self, slackRatios: theta)
    }
}

/// The Newton system of ``ScaledL1BallProgram`` reduced to y (see ``L1BallQuadraticProgram``),
/// written with the slack ratios θ = s/z = 1/a of each row, in which nothing overflows.
private struct ReducedNewtonSystem: InteriorPointNewtonSystem {
    let f: DenseMatrix
    /// θ of the upper rows, the lower rows, and the budget.
    let upper: [Double], lower: [Double], budget: Double
    /// (b_j − a_j)/(a_j + b_j) = (θ⁺_j − θ⁻_j)/(θ⁺_j + θ⁻_j), in [−1, 1].
    let skew: [Double]
    /// 1/(a_j + b_j) = θ⁺_jθ⁻_j/(θ⁺_j + θ⁻_j).
    let combined: [Double]
    /// v = Fᵀ skew.
    let v: [Double]
    /// θ_budget + Σ_j combined_j, which is (1 + γ Σ_j 1/(a_j + b_j))/γ.
    let budgetDenominator: Double
    let factorization: DenseMatrix.PositiveDefiniteFactorization

    init(program: ScaledL1BallProgram, slackRatios theta: [Double]) throws(OptimizationError) {
        let count = program.count
        f = program.f
        let upper = Array(theta[0..<count]), lower = Array(theta[count..<(2 * count)])
        let skew = (0..<count).map { (upper[$0] - lower[$0]) / (upper[$0] + lower[$0]) }
        let combined = (0..<count).map { upper[$0] * lower[$0] / (upper[$0] + lower[$0]) }
        let v = f.multiplied(by: skew, transposingSelf: true)
        let budgetDenominator = theta[2 * count] + combined.reduce(0, +)
        (self.upper, self.lower, budget, self.skew, self.combined, self.v, self.budgetDenominator) =
            (upper, lower, theta[2 * count], skew, combined, v, budgetDenominator)
        // M = H + Fᵀ diag(σ) F + η vvᵀ with σ_j = 4/(θ⁺_j + θ⁻_j) and η = 1/budgetDenominator.
        var weighted = f
        for j in 0..<f.columnCount {
            for i in 0..<count { weighted[i, j] *= 4 / (upper[i] + lower[i]) }
        }
        var m = f.multiplied(by: weighted, transposingSelf: true)
        m.storage.add(program.h.storage)
        for j in 0..<m.columnCount {
            for i in 0..<m.rowCount { m[i, j] += v[i] * v[j] / budgetDenominator }
        }
        factorization = try Self.factorized(m)
    }

    /// Cholesky of M; when rounding makes a semi-definite H's M lose definiteness, a diagonal
    /// shift of ε·max M_ii, growing a hundredfold per retry, which the refinement then removes.
    private static func factorized(_ m: DenseMatrix) throws(OptimizationError) -> DenseMatrix.PositiveDefiniteFactorization {
        let largest = (0..<m.rowCount).map { m[$0, $0] }.max() ?? 0
        var shift = 0.0
        for _ in 0..<4 {
            var shifted = m
            for i in 0..<m.rowCount { shifted[i, i] += shift }
            do {
                return try shifted.factorizedPositiveDefinite()
            } catch .notPositiveDefinite {
                shift = shift == 0 ? .ulpOfOne * Swift.max(largest, .leastNormalMagnitude) : shift * 100
            } catch {
                throw .failed(solver: "quadratic program", reason: "the reduced Newton system: \(error)")
            }
        }
        throw .failed(solver: "quadratic program", reason: "the reduced Newton system is not positive definite even shifted by \(shift)")
    }

    func solve(_ r1: [Double], _ r2: [Double]) -> (dx: [Double], dz: [Double]) {
        let (r, count) = (f.columnCount, f.rowCount)
        // The normal equations' right-hand side r1 + AᵀΘ⁻¹r2, split into y and t.
        let scaledUpper = (0..<count).map { r2[$0] / upper[$0] }
        let scaledLower = (0..<count).map { r2[count + $0] / lower[$0] }
        let scaledBudget = r2[2 * count] / budget
        var rhsY = Array(r1[0..<r])
        rhsY.add(f.multiplied(by: zip(scaledUpper, scaledLower).map(-), transposingSelf: true))
        let rhsT = (0..<count).map { r1[r + $0] - scaledUpper[$0] - scaledLower[$0] + scaledBudget }
        // Eliminating t: dt_j = (rhsT_j − γS − (b_j − a_j) f_jᵀdy)/(a_j + b_j) with S = Σ dt
        // = (ω − vᵀdy)/(1 + γ Σ 1/(a_j + b_j)), ω = Σ rhsT_j/(a_j + b_j).
        let omega = zip(rhsT, combined).reduce(0.0) { $0 + $1.0 * $1.1 }
        var reduced = rhsY
        reduced.add(f.multiplied(by: zip(skew, rhsT).map(*), transposingSelf: true), scaledBy: -1)
        reduced.add(v, scaledBy: omega / budgetDenominator)
        let dy = factorization.solve(reduced)
        // γS = (ω − vᵀdy)/budgetDenominator.
        let budgetTerm = (omega - v.dot(dy)) / budgetDenominator
        let fdy = f.multiplied(by: dy)
        let dt = (0..<count).map { (rhsT[$0] - budgetTerm) * combined[$0] - skew[$0] * fdy[$0] }
        // dz = Θ⁻¹(A dx − r2).
        let dz = (0..<count).map { (fdy[$0] - dt[$0] - r2[$0]) / upper[$0] }
            + (0..<count).map { (-fdy[$0] - dt[$0] - r2[count + $0]) / lower[$0] }
            + [(dt.reduce(0, +) - r2[2 * count]) / budget]
        return (dy + dt, dz)
    }
}
