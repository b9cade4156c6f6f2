// DenseMatrix as a LinearOperator, so Krylov solvers (ConjugateGradient) take dense matrices such as the fractional references.
internal import COpenBLAS

extension DenseMatrix: LinearOperator {
    /// n for an n × n matrix.
    /// - Precondition: the matrix is square (only square matrices are operators here).
    public var dimension: Int {
        precondition(rowCount == columnCount, "a \(rowCount) × \(columnCount) matrix is not a square operator")
        return rowCount
    }

    /// y = A x for the whole matrix (no symmetry is assumed, so any square matrix applies correctly).
    /// The corresponding C function is `cblas_dgemv`.
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        precondition(x.count == n && y.count == n, "vectors of lengths \(x.count), \(y.count) for an operator of dimension \(n)")
        guard n > 0 else { return }
        storage.withUnsafeBufferPointer { a in
            cblas_dgemv(
                CblasColMajor, CblasNoTrans, blasInt(n), blasInt(n), 1, a.baseAddress, blasInt(n), x.baseAddress, 1, 0,
                y.baseAddress, 1)
        }
    }
}
