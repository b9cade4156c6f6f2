// Dense symmetric positive definite solves through LAPACK, for the regression's small normal equations.
import COpenBLAS

extension DenseMatrix {
    /// x with A x = b for symmetric positive definite A (this matrix; its lower triangle is read).
    /// The corresponding C function is `LAPACKE_dposv`.
    /// - Throws: ``SolverError/notPositiveDefinite(column:)`` naming the leading minor that failed.
    public func solvingPositiveDefinite(_ b: [Double]) throws(SolverError) -> [Double] {
        precondition(rowCount == columnCount && b.count == rowCount, "A x = b needs a square A and b of its size")
        guard rowCount > 0 else { return [] }
        var factor = storage
        var x = b
        let n = blasInt(rowCount)
        let info = LAPACKE_dposv(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, 1, &factor, n, &x, n)
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "LAPACKE_dposv rejected its arguments (info \(info))")
        return x
    }
}
