// LinearProgram: min cᵀx subject to Ax ≤ b with few variables and many constraints, by Mehrotra's interior-point method on the normal equations.
import NonlocalLinearAlgebra

/// `min cᵀx` subject to `Ax ≤ b`, A m × n with m ≫ n (a fit over many samples of a few
/// coefficients). ``solve()`` runs the same Mehrotra predictor–corrector iteration as
/// ``ConvexQuadraticProgram`` (``InteriorPointMethod``), but with Q = 0 the Newton system
/// `[0 Aᵀ; A −Θ]` reduces to the n × n normal equations `AᵀΘ⁻¹A dx = r₁ + AᵀΘ⁻¹r₂` (one
/// Cholesky per iteration, O(mn²)) instead of an (n + m)-square indefinite factorization.
///
/// The program is solved with each row of (A, b) scaled to unit size (‖A_i‖∞ = 1) and c to
/// ‖c‖∞ = 1, which changes neither the feasible set nor the minimizer. Hand-written for the
/// reason ``ConvexQuadraticProgram`` gives: no library in the dependency set solves LPs.
public struct LinearProgram: Sendable {
    /// c, length n.
    public let objective: [Double]
    /// A, m × n.
    public let constraints: DenseMatrix
    /// b, length m.
    public let bounds: [Double]

    public var maximumIterations = 100
    /// Stop when every residual (``ConvexQuadraticProgram/Residuals``) is at most this.
    public var tolerance = 1e-12
    /// The best iterate is still returned when the iteration stalls with residuals at most this.
    public var acceptableTolerance = 1e-9

    public struct Solution: Sendable {
        public let minimizer: [Double]
        /// cᵀx at the minimizer.
        public let value: Double
        public let residuals: ConvexQuadraticProgram.Residuals
        public let iterations: Int
    }

    /// - Precondition: A is m × n with m ≥ 1 rows, none of them zero, c of length n, b of length m.
    public init(objective: [Double], constraints: DenseMatrix, bounds: [Double]) {
        precondition(constraints.columnCount == objective.count && constraints.rowCount == bounds.count, "A must be m × n with b of length m")
        precondition(!bounds.isEmpty, "at least one constraint is needed")
        self.objective = objective
        self.constraints = constraints
        self.bounds = bounds
    }

    /// - Throws: ``OptimizationError/nonFiniteData(solver:)`` for NaN or infinite data, and
    ///   ``OptimizationError/failed(solver:reason:)`` when the iteration does not reach
    ///   ``acceptableTolerance`` (an infeasible or unbounded program, for instance).
    public func solve() throws(OptimizationError) -> Solution {
        guard objective.allSatisfy(\.isFinite), constraints.storage.allSatisfy(\.isFinite), bounds.allSatisfy(\.isFinite)
        else { throw .nonFiniteData(solver: "linear program") }
        let scaled = try ScaledLinearProgram(self)
        let method = InteriorPointMethod(
            program: scaled, maximumIterations: maximumIterations, tolerance: tolerance, acceptableTolerance: acceptableTolerance)
        let (iterate, residuals, iterations) = try method.solve()
        return Solution(minimizer: iterate.x, value: objective.dot(iterate.x), residuals: residuals, iterations: iterations)
    }
}

/// The program with unit rows and a unit objective.
private struct ScaledLinearProgram: InteriorPointProgram {
    let a: DenseMatrix
    let absoluteA: DenseMatrix
    let linear: [Double]
    let bounds: [Double]

    init(_ program: LinearProgram) throws(OptimizationError) {
        var a = program.constraints
        var bounds = program.bounds
        for i in 0..<a.rowCount {
            let size = (0..<a.columnCount).reduce(0.0) { Swift.max($0, abs(a[i, $1])) }
            guard size > 0 else { throw .failed(solver: "linear program", reason: "constraint row \(i) is zero") }
            for j in 0..<a.columnCount { a[i, j] /= size }
            bounds[i] /= size
        }
        self.a = a
        var absolute = a
        absolute.storage = absolute.storage.map(abs)
        absoluteA = absolute
        let size = program.objective.maximumNorm
        linear = size > 0 ? program.objective.map { $0 / size } : program.objective
        self.bounds = bounds
    }

    func quadratic(_ x: [Double]) -> [Double] { [Double](repeating: 0, count: x.count) }
    func constraints(_ x: [Double]) -> [Double] { a.multiplied(by: x) }
    func transposedConstraints(_ z: [Double]) -> [Double] { a.multiplied(by: z, transposingSelf: true) }
    func absoluteConstraints(_ x: [Double]) -> [Double] { absoluteA.multiplied(by: x) }

    func newtonSystem(slackRatios theta: [Double]) throws(OptimizationError) -> NormalEquations {
        try NormalEquations(a: a, slackRatios: theta)
    }
}

/// `[0 Aᵀ; A −Θ]` solved through `AᵀΘ⁻¹A dx = r₁ + AᵀΘ⁻¹r₂`, `dz = Θ⁻¹(A dx − r₂)`.
private struct NormalEquations: InteriorPointNewtonSystem {
    let a: DenseMatrix
    let theta: [Double]
    let factorization: DenseMatrix.PositiveDefiniteFactorization

    init(a: DenseMatrix, slackRatios theta: [Double]) throws(OptimizationError) {
        self.a = a
        self.theta = theta
        var weighted = a
        for j in 0..<a.columnCount {
            for i in 0..<a.rowCount { weighted[i, j] /= theta[i] }
        }
        let m = a.multiplied(by: weighted, transposingSelf: true)
        // Cholesky of AᵀΘ⁻¹A; when rounding (or a variable no row constrains) costs definiteness,
        // a diagonal shift growing a hundredfold per retry, which the refinement removes.
        let largest = (0..<m.rowCount).map { m[$0, $0] }.max() ?? 0
        var shift = 0.0
        for _ in 0..<6 {
            var shifted = m
            for i in 0..<m.rowCount { shifted[i, i] += shift }
            if let factorization = try? shifted.factorizedPositiveDefinite() {
                self.factorization = factorization
                return
            }
            shift = shift == 0 ? .ulpOfOne * Swift.max(largest, .leastNormalMagnitude) : shift * 100
        }
        throw .failed(solver: "linear program", reason: "the normal equations are not positive definite even shifted by \(shift)")
    }

    func solve(_ r1: [Double], _ r2: [Double]) -> (dx: [Double], dz: [Double]) {
        var rhs = r1
        rhs.add(a.multiplied(by: zip(r2, theta).map { $0 / $1 }, transposingSelf: true))
        let dx = factorization.solve(rhs)
        let ax = a.multiplied(by: dx)
        let dz = (0..<theta.count).map { (ax[$0] - r2[$0]) / theta[$0] }
        return (dx, dz)
    }
}
