// DenseMatrix+GeneralizedEigenvalues: every eigenvalue of the symmetric-definite pencil A x = λ B x, by LAPACK.
internal import COpenBLAS

extension DenseMatrix {
    /// The eigenvalues λ of `A x = λ B x` (A = self symmetric, B symmetric positive definite),
    /// ascending: for a preconditioner B of A they are the spectrum of B⁻¹A, whose extremes bound
    /// conjugate gradients' convergence. Only the lower triangles are read. O(n³).
    /// The corresponding C function is `LAPACKE_dsygvd` (eigenvalues only).
    /// - Throws: ``SolverError/notPositiveDefinite(column:)`` when B is not positive definite,
    ///   ``SolverError/nonFiniteEntry(row:column:)`` for a NaN or infinite entry of A or B.
    public func generalizedEigenvalues(mass b: DenseMatrix) throws(SolverError) -> [Double] {
        precondition(rowCount == columnCount && b.rowCount == rowCount && b.columnCount == columnCount, "A and B must be square of one size")
        let n = rowCount
        guard n > 0 else { return [] }
        for matrix in [self, b] {
            if let bad = matrix.storage.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteEntry(row: bad % n, column: bad / n) }
        }
        var a = storage, m = b.storage
        var eigenvalues = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsygvd(
            LAPACK_COL_MAJOR, 1, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "L")), blasInt(n), &a, blasInt(n), &m, blasInt(n), &eigenvalues)
        if info > n { throw .notPositiveDefinite(column: Int(info) - n - 1) }
        guard info == 0 else { throw .library(function: "LAPACKE_dsygvd", status: Int(info)) }
        return eigenvalues
    }
}
