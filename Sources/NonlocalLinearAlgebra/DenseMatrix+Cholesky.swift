// Dense symmetric positive definite solves through LAPACK, for the regression's small normal equations.
internal import COpenBLAS

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

extension DenseMatrix {
    /// `A = L Lᵀ` of a symmetric positive definite matrix, for several solves with one matrix.
    public struct PositiveDefiniteFactorization: Sendable {
        public let dimension: Int
        /// L in the lower triangle, column-major.
        private let factor: [Double]

        fileprivate init(dimension: Int, factor: [Double]) {
            self.dimension = dimension
            self.factor = factor
        }

        /// x with A x = b. The corresponding C function is `LAPACKE_dpotrs_work` (the factor is
        /// finite by construction, so LAPACKE's NaN scan of it is skipped).
        public func solve(_ b: [Double]) -> [Double] {
            precondition(b.count == dimension, "right-hand side of length \(b.count), expected \(dimension)")
            guard dimension > 0 else { return [] }
            var x = b
            let n = blasInt(dimension)
            let info = factor.withUnsafeBufferPointer { l in
                LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, 1, l.baseAddress, n, &x, n)
            }
            precondition(info == 0, "LAPACKE_dpotrs rejected its arguments (info \(info))")
            return x
        }
    }

    /// The Cholesky factorization of this symmetric matrix (its lower triangle is read).
    /// The corresponding C function is `LAPACKE_dpotrf_work`.
    /// - Throws: ``SolverError/nonFiniteEntry(row:column:)`` for a NaN or infinite entry, and
    ///   ``SolverError/notPositiveDefinite(column:)`` naming the leading minor that failed.
    public func factorizedPositiveDefinite() throws(SolverError) -> PositiveDefiniteFactorization {
        precondition(rowCount == columnCount, "a Cholesky factorization needs a square matrix")
        try checkLowerTriangleIsFinite()
        guard rowCount > 0 else { return PositiveDefiniteFactorization(dimension: 0, factor: []) }
        var factor = storage
        let n = blasInt(rowCount)
        let info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, &factor, n)
        if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
        precondition(info == 0, "LAPACKE_dpotrf rejected its arguments (info \(info))")
        return PositiveDefiniteFactorization(dimension: rowCount, factor: factor)
    }
}
