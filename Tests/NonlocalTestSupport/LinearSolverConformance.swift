// LinearSolverConformance: the checks every Preconditioner that claims to be an exact solver must pass.
import NonlocalLinearAlgebra

/// Checks an exact solver against its matrix (Gridap's `test_linear_solver`): for seeded random
/// exact solutions x* and b = A x*, ‖A x − b‖/‖b‖ ≤ `tolerance`, and the zero right-hand side
/// gives zero. Returns the worst relative residual seen.
///
/// A manufactured b (rather than a random one) keeps the test about the solver: for a random b
/// on an ill-conditioned Laplacian, x is smooth and merely evaluating A x − b in double carries
/// an error ε‖|A||x|‖ far above ε‖b‖.
public func checkExactSolver(
    _ solver: some Preconditioner, for matrix: SparseMatrix, tolerance: Double, seed: UInt64 = 1
) -> (passed: Bool, worstResidual: Double) {
    var generator = SplitMix64(seed: seed)
    var worst = 0.0
    for _ in 0..<3 {
        let b = matrix.multiply(generator.uniform(matrix.rowCount))
        let x = solver.solve(b)
        worst = max(worst, matrix.multiply(x).subtracting(b).euclideanNorm / b.euclideanNorm)
    }
    let zero = solver.solve([Double](repeating: 0, count: matrix.rowCount))
    return (worst <= tolerance && zero.allSatisfy { $0 == 0 }, worst)
}
