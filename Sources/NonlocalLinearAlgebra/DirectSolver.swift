// DirectSolver: solve A x = b with CHOLMOD when A is symmetric positive definite, else with UMFPACK — say which, and check the answer.

/// The direct solve a user of an exported system expects: Cholesky (CHOLMOD) for symmetric
/// positive definite matrices, LU (UMFPACK) otherwise, with the reason Cholesky was not used,
/// and an answer that is checked before it is returned: x finite and
/// ‖Ax − b‖/‖b‖ ≤ ``residualTolerance(unknowns:reciprocalCondition:)``, else an error.
public enum DirectSolver {
    public enum Method: String, Sendable {
        case cholesky = "CHOLMOD Cholesky"
        case lu = "UMFPACK LU"
        /// Nothing factorized: the right-hand side projected onto the complement of the null space is 0, so x = 0.
        case none = "no solve (b projected onto mean zero is 0, so x = 0)"
    }

    /// A null space the caller knows the operator has, solved on its complement.
    public enum NullSpace: String, Sendable {
        /// A·1 = 0 (and 1ᵀA = 0): a periodic operator, whose constants carry no information.
        case constants
    }

    /// The solution, how it was computed and its relative residual ‖Ax − b‖/‖b‖.
    public struct Solution: Sendable {
        public let x: [Double]
        public let method: Method
        /// Why Cholesky was not used (nil when it was).
        public let fallbackReason: String?
        /// ‖Ax − b‖/‖b‖, with b the projected right-hand side when a null space was deflated
        /// (‖Ax‖ when b = 0).
        public let relativeResidual: Double
        /// The factorization's estimate of 1/κ (``CholeskyFactorization/reciprocalCondition``,
        /// ``LUFactorization/reciprocalCondition``); 1 when nothing was factorized.
        public let reciprocalCondition: Double
        /// The bound ``relativeResidual`` was checked against.
        public let residualTolerance: Double
        /// The null space deflated, or nil.
        public let nullSpace: NullSpace?
        /// ‖b − b̂‖/‖b‖: the share of the right-hand side removed by projecting it onto the
        /// complement of the null space (0 without one); 1 means b lay in the null space of Aᵀ and x = 0.
        public let removedRightHandSide: Double
    }

    /// The relative residual a direct solve must reach before its answer is reported:
    ///
    ///     τ(n, r) = min(10⁻⁶, max(10⁻¹⁰, 100 · n · ε / r))
    ///
    /// with n unknowns, ε = 2.2·10⁻¹⁶ and r the factorization's estimate of 1/κ. A backward
    /// stable factorization leaves ‖Ax − b‖ ≲ c·n·ε·‖A‖‖x‖ ≤ c·n·ε·κ‖b‖, so 100·n·ε/r is what
    /// an honest solve of a system of that condition can miss by; the floor 10⁻¹⁰ forgives
    /// rough condition estimates on well-conditioned systems (a residual a SciPy or PETSc user
    /// calls solved), and the ceiling 10⁻⁶ (ten times below PETSc's default KSP rtol of 10⁻⁵)
    /// refuses answers of systems too ill-conditioned for their solution to mean anything,
    /// whatever the estimate says. A NaN residual never passes.
    public static func residualTolerance(unknowns n: Int, reciprocalCondition r: Double) -> Double {
        let scaled = r > 0 ? 100 * Double(n) * Double.ulpOfOne / r : .infinity
        return Swift.min(1e-6, Swift.max(1e-10, scaled))
    }

    /// Solves A x = b: CHOLMOD when A is symmetric (``MatrixSymmetry``'s entry-by-entry test at
    /// ``MatrixSymmetry/tolerance``) and Cholesky succeeds with an answer that passes the check,
    /// UMFPACK otherwise.
    ///
    /// With `nullSpace: .constants` the system is solved on the mean-zero vectors: b is projected,
    /// b̂ = b − mean(b)·1, the constants are deflated by grounding (x₀ = 0: row and column 0
    /// removed, which leaves a nonsingular matrix when the constants span the null space, and
    /// equation 0 then holds because 1ᵀA = 0 and 1ᵀb̂ = 0), and x is normalised to mean zero.
    /// - Precondition: A is square, b has its size; with a null space, A is symmetric and
    ///   ``SparseMatrix/annihilatesConstants`` (the caller checks both).
    /// - Throws: ``SolverError`` when A is singular (LU) or holds NaN/Inf,
    ///   ``SolverError/nonFiniteSolution(index:)`` or ``SolverError/inaccurateSolution(relativeResidual:tolerance:reciprocalCondition:)``
    ///   when the answer fails its check.
    public static func solve(_ a: SparseMatrix, _ b: [Double], nullSpace: NullSpace? = nil) throws(SolverError) -> Solution {
        precondition(a.isSquare && b.count == a.rowCount, "A x = b needs a square A and b of its size")
        guard nullSpace == .constants else { return try solveNonsingular(a, b) }
        precondition(a.annihilatesConstants && a.isSymmetric(relativeTolerance: MatrixSymmetry.tolerance),
                     "deflating the constants needs a symmetric A with A·1 = 0")
        let n = a.rowCount
        let mean = b.reduce(0, +) / Double(n)
        let projected = b.map { $0 - mean }
        let bNorm = b.euclideanNorm, projectedNorm = projected.euclideanNorm
        let removed = bNorm == 0 ? 0 : Swift.min(1, projected.subtracting(b).euclideanNorm / bNorm)
        // b̂ at rounding level (b constant): the mean-zero solution is 0.
        if n == 1 || projectedNorm <= Double(n) * Double.ulpOfOne * bNorm {
            return Solution(
                x: [Double](repeating: 0, count: n), method: .none, fallbackReason: nil, relativeResidual: 0,
                reciprocalCondition: 1, residualTolerance: residualTolerance(unknowns: n, reciprocalCondition: 1),
                nullSpace: .constants, removedRightHandSide: removed)
        }
        let grounded = a.removingFirstRowAndColumn()
        guard grounded.nonzeroCount > 0 else { throw .singular(reciprocalCondition: 0) }
        let inner = try solveNonsingular(grounded, Array(projected.dropFirst()), check: false)
        var x = [0] + inner.x
        let xMean = x.reduce(0, +) / Double(n)
        for i in x.indices { x[i] -= xMean }
        let tolerance = residualTolerance(unknowns: n, reciprocalCondition: inner.reciprocalCondition)
        let residual = try check(a, x, projected, tolerance: tolerance, reciprocalCondition: inner.reciprocalCondition)
        return Solution(
            x: x, method: inner.method, fallbackReason: inner.fallbackReason, relativeResidual: residual,
            reciprocalCondition: inner.reciprocalCondition, residualTolerance: tolerance, nullSpace: .constants,
            removedRightHandSide: removed)
    }

    /// CHOLMOD, else UMFPACK, each answer checked (unless `check` is false: the caller checks it
    /// against the whole system).
    private static func solveNonsingular(_ a: SparseMatrix, _ b: [Double], check checking: Bool = true) throws(SolverError) -> Solution {
        // NaN/Inf entries fail the symmetry test and are reported by the LU factorization.
        var reason: String
        // CHOLMOD's answer when it failed its check: reported (with its residual) if LU fails too.
        var checkFailure: SolverError? = nil
        if let asymmetry = a.firstAsymmetry(relativeTolerance: MatrixSymmetry.tolerance) {
            reason = "the matrix is not symmetric: \(asymmetry)"
        } else {
            do throws(SolverError) {
                let cholesky = try CholeskyFactorization(factorizing: a)
                return try solution(
                    cholesky.solve(b), of: a, b, method: .cholesky, fallbackReason: nil,
                    reciprocalCondition: cholesky.reciprocalCondition, checking: checking)
            } catch .inaccurateSolution(let residual, let tolerance, let r) {
                reason = "CHOLMOD's answer missed the system (‖Ax − b‖/‖b‖ = \(residual) > \(tolerance))"
                checkFailure = .inaccurateSolution(relativeResidual: residual, tolerance: tolerance, reciprocalCondition: r)
            } catch .nonFiniteSolution(let index) {
                reason = "CHOLMOD's answer overflowed"
                checkFailure = .nonFiniteSolution(index: index)
            } catch {
                reason = "\(error)"
            }
        }
        do throws(SolverError) {
            let lu = try LUFactorization(factorizing: a)
            return try solution(
                lu.solve(b), of: a, b, method: .lu, fallbackReason: reason, reciprocalCondition: lu.reciprocalCondition,
                checking: checking)
        } catch {
            throw checkFailure ?? error
        }
    }

    /// x, the answer of `method` to A x = b, as a ``Solution``, checked unless `checking` is false.
    private static func solution(
        _ x: [Double], of a: SparseMatrix, _ b: [Double], method: Method, fallbackReason: String?,
        reciprocalCondition r: Double, checking: Bool
    ) throws(SolverError) -> Solution {
        let tolerance = residualTolerance(unknowns: a.rowCount, reciprocalCondition: r)
        let residual = checking ? try check(a, x, b, tolerance: tolerance, reciprocalCondition: r) : .nan
        return Solution(
            x: x, method: method, fallbackReason: fallbackReason, relativeResidual: residual, reciprocalCondition: r,
            residualTolerance: tolerance, nullSpace: nil, removedRightHandSide: 0)
    }

    /// The relative residual of x, after checking that x is finite and the residual is at most `tolerance`.
    private static func check(
        _ a: SparseMatrix, _ x: [Double], _ b: [Double], tolerance: Double, reciprocalCondition: Double
    ) throws(SolverError) -> Double {
        if let index = x.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteSolution(index: index) }
        let norm = b.euclideanNorm
        let ax = a.multiply(x)
        let residual = norm == 0 ? ax.euclideanNorm : ax.subtracting(b).euclideanNorm / norm
        guard residual <= tolerance else {
            throw .inaccurateSolution(relativeResidual: residual, tolerance: tolerance, reciprocalCondition: reciprocalCondition)
        }
        return residual
    }
}

extension SparseMatrix {
    /// Whether A·1 = 0 up to rounding, row by row: `|Σ_j a_ij| ≤ 8 · nnz_i · ε · Σ_j |a_ij|`
    /// (the error of summing the row in any order, with a margin of 4), every row finite.
    /// A periodic nonlocal operator without reaction term passes (its diagonal is minus the sum
    /// of its row's off-diagonal weights); `L_K + c` with c > 0 above rounding does not.
    public var annihilatesConstants: Bool {
        guard isSquare else { return false }
        for i in 0..<rowCount {
            var sum = 0.0, magnitude = 0.0
            for k in rowPointers[i]..<rowPointers[i + 1] {
                sum += values[k]
                magnitude += values[k].magnitude
            }
            let count = Double(rowPointers[i + 1] - rowPointers[i])
            // A row that overflows (sum or magnitudes infinite) or holds NaN is not checked to sum to zero.
            guard magnitude.isFinite, sum.magnitude <= 8 * count * Double.ulpOfOne * magnitude else { return false }
        }
        return true
    }

    /// A with its first row and column removed (the grounded matrix of a deflated solve).
    func removingFirstRowAndColumn() -> SparseMatrix {
        precondition(isSquare && rowCount >= 1, "grounding needs a square matrix")
        var builder = TripletBuilder(rowCount: rowCount - 1, columnCount: columnCount - 1, reservingCapacity: nonzeroCount)
        for row in 1..<rowCount {
            for k in rowPointers[row]..<rowPointers[row + 1] where columnIndices[k] > 0 {
                builder.append(row: row - 1, column: columnIndices[k] - 1, value: values[k])
            }
        }
        return builder.build()
    }
}
