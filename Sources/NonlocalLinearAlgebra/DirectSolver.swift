// DirectSolver: solve A x = b with CHOLMOD when A is symmetric positive definite, else with UMFPACK — and say which.

/// The direct solve a user of an exported system expects: Cholesky (CHOLMOD) for symmetric
/// positive definite matrices, LU (UMFPACK) otherwise, with the reason Cholesky was not used.
public enum DirectSolver {
    public enum Method: String, Sendable {
        case cholesky = "CHOLMOD Cholesky"
        case lu = "UMFPACK LU"
    }

    /// The solution, how it was computed and its relative residual ‖Ax − b‖/‖b‖.
    public struct Solution: Sendable {
        public let x: [Double]
        public let method: Method
        /// Why Cholesky was not used (nil when it was).
        public let fallbackReason: String?
        public let relativeResidual: Double
    }

    /// Solves A x = b: CHOLMOD when A is symmetric and Cholesky succeeds, UMFPACK otherwise.
    /// - Throws: ``SolverError`` when A is singular (LU) or holds NaN/Inf.
    public static func solve(_ a: SparseMatrix, _ b: [Double]) throws(SolverError) -> Solution {
        precondition(a.isSquare && b.count == a.rowCount, "A x = b needs a square A and b of its size")
        // NaN/Inf entries fail the symmetry test and are reported by the LU factorization.
        var reason: String
        if a.isSymmetric(relativeTolerance: 1e-14) {
            do {
                let x = try CholeskyFactorization(factorizing: a).solve(b)
                return Solution(x: x, method: .cholesky, fallbackReason: nil, relativeResidual: residual(a, x, b))
            } catch {
                reason = "\(error)"
            }
        } else {
            reason = "the matrix is not symmetric"
        }
        let x = try LUFactorization(factorizing: a).solve(b)
        return Solution(x: x, method: .lu, fallbackReason: reason, relativeResidual: residual(a, x, b))
    }

    private static func residual(_ a: SparseMatrix, _ x: [Double], _ b: [Double]) -> Double {
        let norm = b.euclideanNorm
        return norm == 0 ? a.multiply(x).euclideanNorm : a.multiply(x).subtracting(b).euclideanNorm / norm
    }
}
