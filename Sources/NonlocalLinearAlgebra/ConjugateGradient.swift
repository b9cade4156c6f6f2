// ConjugateGradient: preconditioned conjugate gradients for symmetric positive definite operators.

/// Preconditioned conjugate gradients (Hestenes–Stiefel with a left preconditioner P ≈ A):
/// stops when ‖b − A x_k‖₂ ≤ ``relativeTolerance`` · ‖b‖₂.
public struct ConjugateGradient: Sendable {
    public var relativeTolerance: Double
    public var maximumIterations: Int

    public init(relativeTolerance: Double = 1e-10, maximumIterations: Int = 10_000) {
        precondition(relativeTolerance > 0, "the tolerance must be positive")
        precondition(maximumIterations >= 0, "the iteration limit must be non-negative")
        self.relativeTolerance = relativeTolerance
        self.maximumIterations = maximumIterations
    }

    /// Solves `A x = b` for a symmetric positive definite `A`.
    /// - Parameter preconditioner: `z = P⁻¹ r`, symmetric positive definite; nil for plain CG.
    /// - Throws: ``SolverError/noConvergence(iterations:relativeResidual:)`` after
    ///   ``maximumIterations`` without reaching the tolerance.
    public func solve(
        _ system: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
        initialGuess: [Double]? = nil
    ) throws(SolverError) -> ConjugateGradientResult {
        let n = system.dimension
        precondition(b.count == n, "right-hand side of length \(b.count), expected \(n)")
        precondition(preconditioner.map { $0.dimension == n } ?? true, "preconditioner dimension differs")
        var x = initialGuess ?? [Double](repeating: 0, count: n)
        precondition(x.count == n, "initial guess of length \(x.count), expected \(n)")
        let bNorm = b.euclideanNorm
        guard bNorm > 0 else {
            return ConjugateGradientResult(solution: [Double](repeating: 0, count: n), iterations: 0, residualHistory: [0])
        }
        var r = b.subtracting(system.apply(x))
        var history = [r.euclideanNorm / bNorm]
        var z = preconditioner?.solve(r) ?? r
        var p = z
        var rz = r.dot(z)
        var iterations = 0
        var lanczos = LanczosTridiagonal()
        while history[iterations] > relativeTolerance {
            guard iterations < maximumIterations else {
                throw .noConvergence(iterations: iterations, relativeResidual: history[iterations])
            }
            let q = system.apply(p)
            let alpha = rz / p.dot(q)
            x.add(p, scaledBy: alpha)
            r.add(q, scaledBy: -alpha)
            iterations += 1
            history.append(r.euclideanNorm / bNorm)
            z = preconditioner?.solve(r) ?? r
            let rzNext = r.dot(z)
            let beta = rzNext / rz
            lanczos.append(alpha: alpha, beta: beta)
            p.scale(by: beta)
            p.add(z)
            rz = rzNext
        }
        return ConjugateGradientResult(
            solution: x, iterations: iterations, residualHistory: history, extremeEigenvalueEstimates: lanczos.extremeEigenvalues())
    }
}

/// The outcome of a converged conjugate-gradient solve.
public struct ConjugateGradientResult: Sendable {
    public let solution: [Double]
    public let iterations: Int
    /// ‖r_k‖₂ / ‖b‖₂ for k = 0 … iterations (the recurrence residual).
    public let residualHistory: [Double]
    /// The smallest and largest eigenvalue of the Lanczos matrix CG built on the way: estimates,
    /// from inside, of the extreme eigenvalues of P⁻¹A (PETSc's KSPComputeExtremeSingularValues);
    /// nil when CG took no step.
    public var extremeEigenvalueEstimates: (smallest: Double, largest: Double)?

    public init(
        solution: [Double], iterations: Int, residualHistory: [Double], extremeEigenvalueEstimates: (smallest: Double, largest: Double)? = nil
    ) {
        self.solution = solution
        self.iterations = iterations
        self.residualHistory = residualHistory
        self.extremeEigenvalueEstimates = extremeEigenvalueEstimates
    }
}
