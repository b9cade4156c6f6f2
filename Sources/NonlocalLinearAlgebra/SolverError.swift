// SolverError: what a factorization or iterative solve reports about the data it was given.

/// Failures caused by the matrix or right-hand side, thrown by the factorizations and solvers.
public enum SolverError: Error, Equatable, CustomStringConvertible {
    /// Cholesky elimination met a non-positive pivot at `column` (original numbering).
    case notPositiveDefinite(column: Int)
    /// LU found the matrix singular; `reciprocalCondition` is UMFPACK's estimate (0 when exactly singular).
    case singular(reciprocalCondition: Double)
    /// A stored entry is NaN or infinite.
    case nonFiniteEntry(row: Int, column: Int)
    /// An iterative solver stopped at `iterations` with relative residual `relativeResidual`.
    case noConvergence(iterations: Int, relativeResidual: Double)
    /// A direct solve produced a NaN or infinite x[index] (overflow in the factors or the solve).
    case nonFiniteSolution(index: Int)
    /// A direct solve's answer misses the system: ‖Ax − b‖/‖b‖ = `relativeResidual` above
    /// `tolerance` (``DirectSolver/residualTolerance(unknowns:reciprocalCondition:)``), with the
    /// factorization's estimate of 1/κ.
    case inaccurateSolution(relativeResidual: Double, tolerance: Double, reciprocalCondition: Double)
    /// CHOLMOD or LAPACK itself failed (out of memory, invalid input it detected).
    case library(function: String, status: Int)
    /// An UMFPACK call returned an error `status`; the description says what it means
    /// (``LUFactorization/statusMessage(_:)``).
    case umfpack(function: String, status: Int)
    /// The matrix stores no entries (a zero matrix, or 0 × 0): singular, or nothing to solve.
    case noStoredEntries(rows: Int, columns: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let column):
            "matrix is not positive definite: Cholesky elimination failed at column \(column); "
                + "use an LU solve for indefinite systems or check the kernel's coercivity"
        case .singular(let rcond):
            "matrix is singular (reciprocal condition estimate \(rcond)); check for a missing "
                + "boundary condition or a null space such as the constants"
        case .nonFiniteEntry(let row, let column):
            "matrix entry (\(row), \(column)) is NaN or infinite; fix the data that produced it"
        case .nonFiniteSolution(let index):
            "the solve overflowed: x[\(index)] (0-based) is NaN or infinite; the matrix is singular, "
                + "too ill-conditioned or too large in magnitude for double precision; rescale it or check the data"
        case .inaccurateSolution(let residual, let tolerance, let rcond):
            "the solution fails its check: ‖Ax − b‖/‖b‖ = \(residual.isNaN ? "nan" : "\(residual)") > tolerance \(tolerance) "
                + "(reciprocal condition estimate \(rcond)); "
                + (residual.isFinite
                    ? "the matrix is singular or too ill-conditioned for this right-hand side; check for a missing boundary condition or a null space"
                    : "A·x overflows double precision; rescale the system")
        case .noConvergence(let iterations, let residual):
            "iterative solve did not converge in \(iterations) iterations (relative residual \(residual)); "
                + "raise the iteration limit or use a preconditioner"
        case .library(let function, let status):
            "\(function) failed with status \(status)"
        case .umfpack(let function, let status):
            "\(function) failed: \(LUFactorization.statusMessage(Int32(clamping: status))) (UMFPACK status \(status))"
        case .noStoredEntries(let rows, let columns) where rows == 0 || columns == 0:
            "matrix is \(rows) × \(columns): there are no unknowns to solve for; check the matrix file's size line"
        case .noStoredEntries(let rows, let columns):
            "matrix (\(rows) × \(columns)) has no stored entries, so it is singular; check that the matrix file lists its entries"
        }
    }
}

extension SparseMatrix {
    /// Throws ``SolverError/nonFiniteEntry(row:column:)`` for the first NaN or infinite entry.
    func checkFinite() throws(SolverError) {
        guard let k = values.firstIndex(where: { !$0.isFinite }) else { return }
        var row = 0
        while rowPointers[row + 1] <= k { row += 1 }
        throw .nonFiniteEntry(row: row, column: columnIndices[k])
    }

    /// Runs `body` with a read-only CHOLMOD/UMFPACK view of the CSR arrays. The CSR arrays of
    /// `A` are the compressed-column arrays of `Aᵀ`, so nothing is copied.
    /// - Throws: ``SolverError/noStoredEntries(rows:columns:)`` for a matrix without stored entries
    ///   (a zero matrix is singular; a 0 × 0 one has nothing to factorize).
    func withCompressedColumnsOfTranspose<R>(
        _ body: (
            _ pointers: UnsafePointer<Int>, _ indices: UnsafePointer<Int>, _ values: UnsafePointer<Double>
        ) throws(SolverError) -> R
    ) throws(SolverError) -> R {
        // CHOLMOD and UMFPACK are given the arrays' base addresses, which empty arrays do not have.
        guard nonzeroCount > 0 else { throw .noStoredEntries(rows: rowCount, columns: columnCount) }
        return try rowPointers.withUnsafeBufferPointer { (p) throws(SolverError) -> R in
            try columnIndices.withUnsafeBufferPointer { (i) throws(SolverError) -> R in
                try values.withUnsafeBufferPointer { (x) throws(SolverError) -> R in
                    try body(p.baseAddress!, i.baseAddress!, x.baseAddress!)
                }
            }
        }
    }
}
