// InteriorPointMethod: Mehrotra's predictor–corrector iteration for min ½xᵀQx + pᵀx subject to Ax ≤ b, on any program that can multiply by its data and solve its Newton systems.
import NonlocalLinearAlgebra

/// A program `min ½xᵀQx + pᵀx` subject to `Ax ≤ b` as the interior-point method sees it: p and
/// b, products with Q and A, and solves with the Newton matrix `[Q Aᵀ; A −Θ]` for a positive
/// diagonal Θ. Dense programs factorize that matrix (``ConvexQuadraticProgram``); structured
/// ones eliminate what their structure allows (``L1BallQuadraticProgram``).
protocol InteriorPointProgram {
    associatedtype NewtonSystem: InteriorPointNewtonSystem
    /// p, one entry per variable.
    var linear: [Double] { get }
    /// b, one entry per constraint.
    var bounds: [Double] { get }
    /// Qx.
    func quadratic(_ x: [Double]) -> [Double]
    /// Ax.
    func constraints(_ x: [Double]) -> [Double]
    /// Aᵀz.
    func transposedConstraints(_ z: [Double]) -> [Double]
    /// |A|x for x ≥ 0, |A| the entrywise absolute values: the sizes of the terms of each row of Ax.
    func absoluteConstraints(_ x: [Double]) -> [Double]
    /// The Newton matrix for Θ = diag(`slackRatios`), ready to solve with. Its solves may be
    /// approximate (regularized, or through a reduced system): the method refines them against
    /// the products above.
    func newtonSystem(slackRatios: [Double]) throws(OptimizationError) -> NewtonSystem
}

/// Solves with one Newton matrix `[Q Aᵀ; A −Θ]`.
protocol InteriorPointNewtonSystem {
    /// (dx, dz) with `Q dx + Aᵀdz ≈ r1`, `A dx − Θ dz ≈ r2`.
    func solve(_ r1: [Double], _ r2: [Double]) -> (dx: [Double], dz: [Double])
}

/// Mehrotra's predictor–corrector interior-point method (Nocedal and Wright, Numerical
/// Optimization, §16.6) with an infeasible start: slacks s = b − Ax + r_p and multipliers z stay
/// strictly positive while the residuals of `Qx + p + Aᵀz = 0`, `Ax + s = b`, `s ∘ z = 0` are
/// driven to zero. Each iteration forms one Newton system and solves with it for the predictor
/// and the corrector, each solve followed by two steps of iterative refinement.
///
/// The program should come with data of unit size (its callers scale it): the residuals are
/// measured relative to max(1, the terms they combine), and the starting point uses 1 as the
/// natural size of s and z.
struct InteriorPointMethod<Program: InteriorPointProgram> {
    struct Iterate {
        var x: [Double]
        var s: [Double]
        var z: [Double]
    }

    let program: Program
    var maximumIterations: Int
    var tolerance: Double
    var acceptableTolerance: Double

    var m: Int { program.bounds.count }

    /// The best iterate, its residuals and the iteration that reached it.
    /// - Throws: ``OptimizationError/failed(solver:reason:)`` when the residuals stay above
    ///   ``acceptableTolerance`` or the iteration produces non-finite values.
    func solve() throws(OptimizationError) -> (iterate: Iterate, residuals: ConvexQuadraticProgram.Residuals, iterations: Int) {
        var iterate = try startingPoint()
        var best = (iterate: iterate, residuals: residuals(iterate), iteration: 0)
        var iteration = 0
        while true {
            let residuals = residuals(iterate)
            guard residuals.maximum.isFinite else {
                throw .failed(solver: "quadratic program", reason: "non-finite iterate at iteration \(iteration)")
            }
            if residuals.maximum < best.residuals.maximum { best = (iterate, residuals, iteration) }
            if residuals.maximum <= tolerance { break }
            // Rounding stops the progress of ill-conditioned problems before the tolerance.
            if iteration == maximumIterations || iteration - best.iteration >= 20 { break }
            iteration += 1
            guard let next = try step(from: iterate) else { break }
            iterate = next
        }
        guard best.residuals.maximum <= acceptableTolerance else {
            let r = best.residuals
            throw .failed(
                solver: "quadratic program",
                reason: "no convergence in \(iteration) interior-point iterations (best residuals: stationarity \(r.stationarity), "
                    + "infeasibility \(r.primalInfeasibility), complementarity \(r.complementarity)); the program may be infeasible or unbounded")
        }
        return (best.iterate, best.residuals, best.iteration)
    }

    /// The KKT residuals of ``ConvexQuadraticProgram/Residuals`` at an iterate.
    func residuals(_ iterate: Iterate) -> ConvexQuadraticProgram.Residuals {
        let (x, z, b, p) = (iterate.x, iterate.z, program.bounds, program.linear)
        let ax = program.constraints(x), qx = program.quadratic(x), atz = program.transposedConstraints(z)
        var dual = qx
        dual.add(p)
        dual.add(atz)
        // |b| + |A||x|: the sizes of the terms in each row of Ax − b, hence of its rounding.
        let rowTerms = program.absoluteConstraints(x.map(abs))
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

    /// (dx, dz) from the system's solve, then refined twice against the exact products.
    private func solveNewton(_ system: Program.NewtonSystem, slackRatios theta: [Double], _ r1: [Double], _ r2: [Double]) -> ([Double], [Double]) {
        var (dx, dz) = system.solve(r1, r2)
        for _ in 0..<2 {
            var top = program.quadratic(dx)
            top.add(program.transposedConstraints(dz))
            var bottom = program.constraints(dx)
            for i in 0..<m { bottom[i] -= theta[i] * dz[i] }
            let correction = system.solve(r1.subtracting(top), r2.subtracting(bottom))
            dx.add(correction.dx)
            dz.add(correction.dz)
        }
        return (dx, dz)
    }

    /// The residuals `r_d = Qx + p + Aᵀz`, `r_p = Ax + s − b`.
    private func newtonResiduals(_ iterate: Iterate) -> (dual: [Double], primal: [Double]) {
        var dual = program.quadratic(iterate.x)
        dual.add(program.linear)
        dual.add(program.transposedConstraints(iterate.z))
        var primal = program.constraints(iterate.x)
        primal.add(iterate.s)
        primal.add(program.bounds, scaledBy: -1)
        return (dual, primal)
    }

    /// Nocedal and Wright's heuristic (§16.6): one affine-scaling step from x = 0, z = 1 and
    /// s = max(1, |b|), then s and z moved to at least 1 (the data have unit size). Starting the
    /// slack at |b| rather than 1 keeps a row with a large bound (a constraint far from active)
    /// from pulling the first step towards Ax = b.
    func startingPoint() throws(OptimizationError) -> Iterate {
        let b = program.bounds
        let start = Iterate(
            x: [Double](repeating: 0, count: program.linear.count), s: b.map { max(1, abs($0)) }, z: [Double](repeating: 1, count: m))
        let theta = start.s
        let system = try program.newtonSystem(slackRatios: theta)
        let (rd, rp) = newtonResiduals(start)
        let (dx, dz) = solveNewton(system, slackRatios: theta, rd.map { -$0 }, zip(rp, start.s).map { -$0 + $1 })
        let ax = program.constraints(dx)
        return Iterate(x: dx, s: (0..<m).map { max(1, abs(b[$0] - ax[$0])) }, z: dz.map { max(1, abs(1 + $0)) })
    }

    /// One predictor–corrector step; nil when the step length underflows (no progress possible).
    func step(from iterate: Iterate) throws(OptimizationError) -> Iterate? {
        let (s, z) = (iterate.s, iterate.z)
        let mu = s.dot(z) / Double(m)
        let theta = (0..<m).map { s[$0] / z[$0] }
        let system = try program.newtonSystem(slackRatios: theta)
        let (rd, rp) = newtonResiduals(iterate)
        let r1 = rd.map { -$0 }
        // S dz + Z ds = −r_sz with ds = −r_p − A dx gives A dx − (S/Z) dz = −r_p + r_sz/Z.
        func directions(_ complementarityResidual: [Double]) -> (dx: [Double], ds: [Double], dz: [Double]) {
            let r2 = (0..<m).map { -rp[$0] + complementarityResidual[$0] / z[$0] }
            let (dx, dz) = solveNewton(system, slackRatios: theta, r1, r2)
            let adx = program.constraints(dx)
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
