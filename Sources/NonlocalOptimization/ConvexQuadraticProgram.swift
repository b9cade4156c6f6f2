// ConvexQuadraticProgram: min ½xᵀQx + pᵀx subject to Ax ≤ b, by a dense primal–dual interior-point method.
import NonlocalLinearAlgebra

/// `min ½ xᵀQx + pᵀx` subject to `Ax ≤ b`, with Q symmetric positive semi-definite (singular
/// Q, including Q = 0, is allowed) — the form of stage 2 of Algorithm 1 once the absolute
/// values in N(D) become auxiliary variables (``SignChangingLeastSquares``).
///
/// ``solve()`` runs Mehrotra's predictor–corrector interior-point method
/// (``InteriorPointMethod``). Each iteration factorizes the saddle-point matrix `[Q Aᵀ; A −S/Z]`
/// once (Bunch–Kaufman, `LAPACKE_dsytrf`); iterative refinement removes the effect of a tiny
/// regularization `±ρI` (which keeps the matrix nonsingular when Q is singular or the active rows
/// of A are dependent).
///
/// Hand-written: no library in the project's dependency set (SuiteSparse, OpenBLAS/LAPACKE,
/// ARPACK, netCDF) solves dense quadratic programs. Dense, so meant for small problems
/// (a few hundred variables and constraints).
///
/// The problem is solved after equilibration: Ruiz scaling of the rows and columns of the
/// matrix `[Q Aᵀ; A 0]`, then x measured in the unit that the data give it and the objective
/// scaled so that max(|Q|, ‖p‖∞) = 1. ``Residuals`` are measured on that equilibrated
/// problem, where the data have unit size.
public struct ConvexQuadraticProgram: Sendable {
    /// Q, n × n, symmetric positive semi-definite.
    public let quadratic: DenseMatrix
    /// p, length n.
    public let linear: [Double]
    /// A, m × n with m ≥ 1.
    public let constraints: DenseMatrix
    /// b, length m.
    public let bounds: [Double]

    /// Iterations allowed before giving up.
    public var maximumIterations = 100
    /// Stop when every residual is at most this.
    public var tolerance = 1e-12
    /// When the iteration stalls before ``tolerance``, the best iterate is still returned if its
    /// residuals are at most this. Rounding sets such a floor where Qx cancels: its error is
    /// ε‖|Q||x|‖, and stage 2 at M = 20 (|Q||x| ≈ 10⁵–10⁶ ‖Qx‖) stalls near 10⁻¹⁰.
    public var acceptableTolerance = 1e-9

    /// The KKT residuals of a point (x, z), measured on the equilibrated problem (see the type's
    /// documentation) and each relative to the terms it combines, never to less than 1 (the
    /// size of the data there).
    public struct Residuals: Sendable, Equatable {
        /// `‖Qx + p + Aᵀz‖∞ / max(1, ‖Qx‖∞, ‖p‖∞, ‖Aᵀz‖∞)`. Relative to the vectors, not to
        /// the sizes of their entries' terms (|Q||x|): a backward-stable but inaccurate Newton
        /// step on an ill-conditioned Q would pass the latter while far from the minimizer.
        public let stationarity: Double
        /// `max_i (Ax − b)_i₊ / max(1, |b_i| + (|A||x|)_i)`: each row against the sizes of its
        /// terms (|·| entrywise), hence of its rounding errors.
        public let primalInfeasibility: Double
        /// `max_i |z_i (b − Ax)_i| / max(1, |xᵀQx|, |pᵀx|)`: at a feasible point the duality
        /// gap is Σ_i z_i (b − Ax)_i and bounds how far the objective is above its minimum,
        /// here relative to the objective's two parts.
        public let complementarity: Double

        public var maximum: Double { Swift.max(stationarity, primalInfeasibility, complementarity) }
    }

    /// The minimizer and its certificate of optimality.
    public struct Solution: Sendable {
        /// x.
        public let minimizer: [Double]
        /// z ≥ 0, one per constraint: Qx + p + Aᵀz = 0 at the optimum, z_i = 0 where row i is inactive.
        public let multipliers: [Double]
        public let residuals: Residuals
        /// Interior-point iterations (each one factorization).
        public let iterations: Int
    }

    /// - Precondition: Q is square of p's length, A has Q's column count and b's row count, m ≥ 1.
    ///   Q's symmetry and semi-definiteness are the caller's promise (its lower triangle is read).
    public init(quadratic: DenseMatrix, linear: [Double], constraints: DenseMatrix, bounds: [Double]) {
        precondition(quadratic.rowCount == quadratic.columnCount && quadratic.rowCount == linear.count, "Q must be square of p's length")
        precondition(constraints.columnCount == linear.count && constraints.rowCount == bounds.count, "A must be m × n with b of length m")
        precondition(!bounds.isEmpty, "at least one constraint is needed (without any, solve Qx = −p)")
        self.quadratic = quadratic
        self.linear = linear
        self.constraints = constraints
        self.bounds = bounds
    }

    /// Solves the program.
    /// - Throws: ``OptimizationError/nonFiniteData(solver:)`` for NaN or infinite data, and
    ///   ``OptimizationError/failed(solver:reason:)`` when the iteration does not reach
    ///   ``acceptableTolerance`` (for instance an infeasible or unbounded program) or produces
    ///   non-finite values.
    public func solve() throws(OptimizationError) -> Solution {
        guard quadratic.storage.allSatisfy(\.isFinite), linear.allSatisfy(\.isFinite),
            constraints.storage.allSatisfy(\.isFinite), bounds.allSatisfy(\.isFinite)
        else { throw .nonFiniteData(solver: "quadratic program") }
        return try solve(EquilibratedProgram(self))
    }

    /// The interior-point iteration on the equilibrated program, mapped back to the original units.
    private func solve(_ scaled: EquilibratedProgram) throws(OptimizationError) -> Solution {
        let method = InteriorPointMethod(
            program: scaled, maximumIterations: maximumIterations, tolerance: tolerance, acceptableTolerance: acceptableTolerance)
        let (iterate, residuals, iterations) = try method.solve()
        let (x, z) = scaled.original(x: iterate.x, z: iterate.z)
        return Solution(minimizer: x, multipliers: z, residuals: residuals, iterations: iterations)
    }
}

/// The program after scaling, `x = β D x̃`, `z = (σ/β) E z̃`: `Q̃ = β² DQD/σ`, `p̃ = βDp/σ`,
/// `Ã = EAD`, `b̃ = Eb/β`, with D and E from Ruiz equilibration of `[Q Aᵀ; A 0]`, β the unit
/// of x that the data give, and σ = max(|β² DQD|, ‖βDp‖∞). In these units the data's sizes
/// are 1, so a residual of 1 is as large as the problem.
private struct EquilibratedProgram {
    let q: DenseMatrix
    let p: [Double]
    let a: DenseMatrix
    let b: [Double]
    let columnScale: [Double]
    let rowScale: [Double]
    let boundScale: Double
    let objectiveScale: Double
    /// ±ρ on the diagonal of the saddle-point matrix; iterative refinement removes its effect.
    let regularization = 1e-15

    var n: Int { p.count }
    var m: Int { b.count }

    init(_ program: ConvexQuadraticProgram) {
        let n = program.linear.count, m = program.bounds.count
        var q = program.quadratic, a = program.constraints
        var columnScale = [Double](repeating: 1, count: n), rowScale = [Double](repeating: 1, count: m)
        // Ruiz: divide each row and column of [Q Aᵀ; A 0] by the square root of its ∞-norm;
        // the norms converge to 1.
        for _ in 0..<20 {
            var columnNorm = [Double](repeating: 0, count: n), rowNorm = [Double](repeating: 0, count: m)
            for j in 0..<n {
                for i in 0..<n { columnNorm[j] = max(columnNorm[j], abs(q[i, j])) }
                for i in 0..<m {
                    columnNorm[j] = max(columnNorm[j], abs(a[i, j]))
                    rowNorm[i] = max(rowNorm[i], abs(a[i, j]))
                }
            }
            if (columnNorm + rowNorm).allSatisfy({ $0 == 0 || abs($0 - 1) < 0.01 }) { break }
            let dc = columnNorm.map { $0 > 0 ? 1 / $0.squareRoot() : 1 }
            let dr = rowNorm.map { $0 > 0 ? 1 / $0.squareRoot() : 1 }
            for j in 0..<n {
                for i in 0..<n { q[i, j] *= dc[i] * dc[j] }
                for i in 0..<m { a[i, j] *= dr[i] * dc[j] }
                columnScale[j] *= dc[j]
            }
            for i in 0..<m { rowScale[i] *= dr[i] }
        }
        var b = zip(program.bounds, rowScale).map { $0 * $1 }
        var p = zip(program.linear, columnScale).map { $0 * $1 }
        // β, the unit of x: the smaller of the sizes that the constraints (‖b‖/‖A‖) and the
        // objective (‖p‖/‖Q‖) give it, so that terms of size 1 are negligible next to neither.
        let (bSize, aSize, pSize, qSize) = (b.maximumNorm, a.storage.maximumNorm, p.maximumNorm, q.storage.maximumNorm)
        var candidates: [Double] = []
        if bSize > 0 && aSize > 0 { candidates.append(bSize / aSize) }
        if pSize > 0 && qSize > 0 { candidates.append(pSize / qSize) }
        let beta = candidates.min() ?? 1
        b.scale(by: 1 / beta)
        q.storage.scale(by: beta * beta)
        p.scale(by: beta)
        let sigma = max(q.storage.maximumNorm, p.maximumNorm)
        let objectiveScale = sigma > 0 ? sigma : 1
        q.storage.scale(by: 1 / objectiveScale)
        p.scale(by: 1 / objectiveScale)
        self.q = q
        self.p = p
        self.a = a
        self.b = b
        self.columnScale = columnScale
        self.rowScale = rowScale
        boundScale = beta
        self.objectiveScale = objectiveScale
    }

    /// (x, z) of the original program.
    func original(x: [Double], z: [Double]) -> ([Double], [Double]) {
        (zip(x, columnScale).map { $0 * $1 * boundScale }, zip(z, rowScale).map { $0 * $1 * objectiveScale / boundScale })
    }
}

extension EquilibratedProgram: InteriorPointProgram {
    var linear: [Double] { p }
    var bounds: [Double] { b }
    func quadratic(_ x: [Double]) -> [Double] { q.multiplied(by: x) }
    func constraints(_ x: [Double]) -> [Double] { a.multiplied(by: x) }
    func transposedConstraints(_ z: [Double]) -> [Double] { a.multiplied(by: z, transposingSelf: true) }
    func absoluteConstraints(_ x: [Double]) -> [Double] { a.multipliedAbsolutely(by: x) }

    /// The saddle-point matrix `[Q + ρI, Aᵀ; A, −(Θ + ρI)]`, factorized (Bunch–Kaufman). A
    /// breakdown (an exactly singular pivot) is retried with a hundred times the regularization.
    func newtonSystem(slackRatios theta: [Double]) throws(OptimizationError) -> DenseMatrix.SymmetricIndefiniteFactorization {
        let size = n + m
        var rho = regularization
        for _ in 0..<3 {
            var k = DenseMatrix(rowCount: size, columnCount: size)
            for j in 0..<n {
                for i in j..<n { k[i, j] = q[i, j] }
                k[j, j] += rho
                for i in 0..<m { k[n + i, j] = a[i, j] }
            }
            for i in 0..<m { k[n + i, n + i] = -(theta[i] + rho) }
            do {
                return try k.factorizedSymmetricIndefinite()
            } catch .singular {
                rho *= 100
            } catch {
                throw .failed(solver: "quadratic program", reason: "the Newton system has non-finite entries (\(error))")
            }
        }
        throw .failed(solver: "quadratic program", reason: "the Newton system is singular even with regularization \(rho)")
    }
}

extension DenseMatrix.SymmetricIndefiniteFactorization: InteriorPointNewtonSystem {
    func solve(_ r1: [Double], _ r2: [Double]) -> (dx: [Double], dz: [Double]) {
        let d = solve(r1 + r2)
        let n = r1.count
        return (Array(d[0..<n]), Array(d[n...]))
    }
}

extension DenseMatrix {
    /// |A| x for x ≥ 0, with |A| the entrywise absolute values.
    fileprivate func multipliedAbsolutely(by x: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: rowCount)
        for j in 0..<columnCount {
            for i in 0..<rowCount { result[i] += abs(self[i, j]) * x[j] }
        }
        return result
    }
}
