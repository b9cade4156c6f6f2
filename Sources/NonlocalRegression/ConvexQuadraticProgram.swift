// ConvexQuadraticProgram: min ½xᵀQx + pᵀx subject to Ax ≤ b, by a dense primal–dual interior-point method.
import NonlocalLinearAlgebra

/// `min ½ xᵀQx + pᵀx` subject to `Ax ≤ b`, with Q symmetric positive semi-definite (singular
/// Q, including Q = 0, is allowed) — the form of stage 2 of Algorithm 1 once the absolute
/// values in N(D) become auxiliary variables (``SignChangingLeastSquares``).
///
/// ``solve()`` runs Mehrotra's predictor–corrector interior-point method (Nocedal and Wright,
/// Numerical Optimization, §16.6) with an infeasible start: slacks s = b − Ax + r_p and
/// multipliers z stay strictly positive while the residuals of
/// `Qx + p + Aᵀz = 0`, `Ax + s = b`, `s ∘ z = 0` are driven to zero. Each iteration factorizes
/// the saddle-point matrix `[Q Aᵀ; A −S/Z]` once (Bunch–Kaufman, `LAPACKE_dsytrf`) and solves
/// with it for the predictor and the corrector, with two steps of iterative refinement that
/// remove the effect of a tiny regularization `±ρI` (which keeps the matrix nonsingular when Q
/// is singular or the active rows of A are dependent).
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
    /// - Throws: ``RegressionError/nonFinite(what:)`` for NaN or infinite data, and
    ///   ``RegressionError/solverFailed(stage:reason:)`` when the iteration does not reach
    ///   ``acceptableTolerance`` (for instance an infeasible or unbounded program) or produces
    ///   non-finite values.
    public func solve() throws(RegressionError) -> Solution {
        guard quadratic.storage.allSatisfy(\.isFinite), linear.allSatisfy(\.isFinite),
            constraints.storage.allSatisfy(\.isFinite), bounds.allSatisfy(\.isFinite)
        else { throw .nonFinite(what: "the quadratic program's data") }
        return try solve(EquilibratedProgram(self))
    }

    /// The interior-point iteration on the equilibrated program; returns its best iterate.
    private func solve(_ scaled: EquilibratedProgram) throws(RegressionError) -> Solution {
        var iterate = try scaled.startingPoint()
        var best = (iterate: iterate, residuals: scaled.residuals(iterate), iteration: 0)
        var iteration = 0
        while true {
            let residuals = scaled.residuals(iterate)
            guard residuals.maximum.isFinite else {
                throw .solverFailed(stage: "quadratic program", reason: "non-finite iterate at iteration \(iteration)")
            }
            if residuals.maximum < best.residuals.maximum { best = (iterate, residuals, iteration) }
            if residuals.maximum <= tolerance { break }
            // Rounding stops the progress of ill-conditioned problems before the tolerance.
            if iteration == maximumIterations || iteration - best.iteration >= 20 { break }
            iteration += 1
            guard let next = try scaled.step(from: iterate) else { break }
            iterate = next
        }
        guard best.residuals.maximum <= acceptableTolerance else {
            let r = best.residuals
            throw .solverFailed(
                stage: "quadratic program",
                reason: "no convergence in \(iteration) interior-point iterations (best residuals: stationarity \(r.stationarity), "
                    + "infeasibility \(r.primalInfeasibility), complementarity \(r.complementarity)); the program may be infeasible or unbounded")
        }
        let (x, z) = scaled.original(best.iterate)
        return Solution(minimizer: x, multipliers: z, residuals: best.residuals, iterations: best.iteration)
    }
}

/// The program after scaling, `x = β D x̃`, `z = (σ/β) E z̃`: `Q̃ = β² DQD/σ`, `p̃ = βDp/σ`,
/// `Ã = EAD`, `b̃ = Eb/β`, with D and E from Ruiz equilibration of `[Q Aᵀ; A 0]`, β the unit
/// of x that the data give, and σ = max(|β² DQD|, ‖βDp‖∞). In these units the data's sizes
/// are 1, so a residual of 1 is as large as the problem.
private struct EquilibratedProgram {
    struct Iterate {
        var x: [Double]
        var s: [Double]
        var z: [Double]
    }

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
    func original(_ iterate: Iterate) -> ([Double], [Double]) {
        (zip(iterate.x, columnScale).map { $0 * $1 * boundScale },
         zip(iterate.z, rowScale).map { $0 * $1 * objectiveScale / boundScale })
    }

    func residuals(_ iterate: Iterate) -> ConvexQuadraticProgram.Residuals {
        let (x, z) = (iterate.x, iterate.z)
        let ax = a.multiplied(by: x), qx = q.multiplied(by: x), atz = a.multiplied(by: z, transposingSelf: true)
        var dual = qx
        dual.add(p)
        dual.add(atz)
        // |b| + |A||x|: the sizes of the terms in each row of Ax − b, hence of its rounding.
        let rowTerms = a.multipliedAbsolutely(by: x.map(abs))
        var infeasibility = 0.0, complementarity = 0.0
        for i in 0..<m {
            infeasibility = max(infeasibility, (ax[i] - b[i]) / max(1, abs(b[i]) + rowTerms[i]))
            complementarity = max(complementarity, abs(z[i] * (b[i] - ax[i])))
        }
        return .init(
            stationarity: dual.maximumNorm / max(1, qx.maximumNorm, p.maximumNorm, atz.maximumNorm),
            primalInfeasibility: infeasibility,
            complementarity: complementarity / max(1, abs(x.dot(qx)), abs(p.dot(x))))
    }

    /// The saddle-point matrix `[Q + ρI, Aᵀ; A, −(S/Z + ρI)]`, factorized. A breakdown (an
    /// exactly singular pivot) is retried with a hundred times the regularization.
    private func factorizedNewtonMatrix(_ iterate: Iterate) throws(RegressionError) -> DenseMatrix.SymmetricIndefiniteFactorization {
        let size = n + m
        var rho = regularization
        for _ in 0..<3 {
            var k = DenseMatrix(rowCount: size, columnCount: size)
            for j in 0..<n {
                for i in j..<n { k[i, j] = q[i, j] }
                k[j, j] += rho
                for i in 0..<m { k[n + i, j] = a[i, j] }
            }
            for i in 0..<m { k[n + i, n + i] = -(iterate.s[i] / iterate.z[i] + rho) }
            do {
                return try k.factorizedSymmetricIndefinite()
            } catch .singular {
                rho *= 100
            } catch {
                throw .solverFailed(stage: "quadratic program", reason: "the Newton system has non-finite entries (\(error))")
            }
        }
        throw .solverFailed(stage: "quadratic program", reason: "the Newton system is singular even with regularization \(rho)")
    }

    /// (dx, dz) with `Q dx + Aᵀdz = r1`, `A dx − (S/Z) dz = r2`: solved with the regularized
    /// factorization, then refined against the unregularized matrix.
    private func solveNewton(
        _ factorization: DenseMatrix.SymmetricIndefiniteFactorization, _ iterate: Iterate, _ r1: [Double], _ r2: [Double]
    ) -> ([Double], [Double]) {
        let rhs = r1 + r2
        var d = factorization.solve(rhs)
        for _ in 0..<2 {
            let dx = Array(d[0..<n]), dz = Array(d[n...])
            var top = q.multiplied(by: dx)
            top.add(a.multiplied(by: dz, transposingSelf: true))
            var bottom = a.multiplied(by: dx)
            for i in 0..<m { bottom[i] -= iterate.s[i] / iterate.z[i] * dz[i] }
            d.add(factorization.solve(rhs.subtracting(top + bottom)))
        }
        return (Array(d[0..<n]), Array(d[n...]))
    }

    /// The residuals `r_d = Qx + p + Aᵀz`, `r_p = Ax + s − b`.
    private func newtonResiduals(_ iterate: Iterate) -> (dual: [Double], primal: [Double]) {
        var dual = q.multiplied(by: iterate.x)
        dual.add(p)
        dual.add(a.multiplied(by: iterate.z, transposingSelf: true))
        var primal = a.multiplied(by: iterate.x)
        primal.add(iterate.s)
        primal.add(b, scaledBy: -1)
        return (dual, primal)
    }

    /// Nocedal and Wright's heuristic (§16.6): one affine-scaling step from x = 0, z = 1 and
    /// s = max(1, |b|), then s and z moved to at least 1 (the data have unit size). Starting the
    /// slack at |b| rather than 1 keeps a row with a large bound (a constraint far from active)
    /// from pulling the first step towards Ax = b.
    func startingPoint() throws(RegressionError) -> Iterate {
        let start = Iterate(x: [Double](repeating: 0, count: n), s: b.map { max(1, abs($0)) }, z: [Double](repeating: 1, count: m))
        let factorization = try factorizedNewtonMatrix(start)
        let (rd, rp) = newtonResiduals(start)
        let (dx, dz) = solveNewton(factorization, start, rd.map { -$0 }, zip(rp, start.s).map { -$0 + $1 })
        let ax = a.multiplied(by: dx)
        return Iterate(
            x: dx, s: (0..<m).map { max(1, abs(b[$0] - ax[$0])) }, z: dz.map { max(1, abs(1 + $0)) })
    }

    /// One predictor–corrector step; nil when the step length underflows (no progress possible).
    func step(from iterate: Iterate) throws(RegressionError) -> Iterate? {
        let (s, z) = (iterate.s, iterate.z)
        let mu = s.dot(z) / Double(m)
        let factorization = try factorizedNewtonMatrix(iterate)
        let (rd, rp) = newtonResiduals(iterate)
        let r1 = rd.map { -$0 }
        // S dz + Z ds = −r_sz with ds = −r_p − A dx gives A dx − (S/Z) dz = −r_p + r_sz/Z.
        func directions(_ complementarityResidual: [Double]) -> (dx: [Double], ds: [Double], dz: [Double]) {
            let r2 = (0..<m).map { -rp[$0] + complementarityResidual[$0] / z[$0] }
            let (dx, dz) = solveNewton(factorization, iterate, r1, r2)
            let adx = a.multiplied(by: dx)
            return (dx, (0..<m).map { -rp[$0] - adx[$0] }, dz)
        }
        // Predictor: the affine-scaling direction (r_sz = SZe).
        let affine = directions((0..<m).map { s[$0] * z[$0] })
        let affineStep = min(1, Self.stepToBoundary(s, affine.ds), Self.stepToBoundary(z, affine.dz))
        var affineGap = 0.0
        for i in 0..<m { affineGap += (s[i] + affineStep * affine.ds[i]) * (z[i] + affineStep * affine.dz[i]) }
        let ratio = affineGap / Double(m) / mu
        let centering = ratio * ratio * ratio
        // Corrector: second-order term and Mehrotra's centering σμ.
        let corrected = directions((0..<m).map { s[$0] * z[$0] + affine.ds[$0] * affine.dz[$0] - centering * mu })
        let maximal = min(Self.stepToBoundary(s, corrected.ds), Self.stepToBoundary(z, corrected.dz))
        let alpha = min(1, 0.995 * maximal)
        guard alpha > 1e-14 else { return nil }
        var next = iterate
        next.x.add(corrected.dx, scaledBy: alpha)
        next.s.add(corrected.ds, scaledBy: alpha)
        next.z.add(corrected.dz, scaledBy: alpha)
        return next
    }

    /// The largest α with v + α dv ≥ 0 (infinite when dv ≥ 0).
    static func stepToBoundary(_ v: [Double], _ dv: [Double]) -> Double {
        var alpha = Double.infinity
        for i in v.indices where dv[i] < 0 { alpha = min(alpha, -v[i] / dv[i]) }
        return alpha
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
