// Thin singular value decomposition through LAPACK, for the regression's change of variables to orthonormal coordinates.
internal import COpenBLAS

extension DenseMatrix {
    /// `A = U Σ Vᵀ` with p = min(m, n): U m × p and V n × p with orthonormal columns, σ₁ ≥ … ≥ σ_p ≥ 0.
    public struct SingularValueDecomposition: Sendable {
        /// U, m × p.
        public let left: DenseMatrix
        /// σ, descending.
        public let values: [Double]
        /// Vᵀ, p × n.
        public let rightTransposed: DenseMatrix

        /// The numerical rank: the singular values above max(m, n) · ε · σ₁ (LAPACK's and
        /// NumPy's default cut-off for `matrix_rank` and `pinv`).
        public var rank: Int {
            guard let largest = values.first, largest > 0 else { return 0 }
            let cutoff = Double(Swift.max(left.rowCount, rightTransposed.columnCount)) * .ulpOfOne * largest
            return values.count(where: { $0 > cutoff })
        }
    }

    /// The thin SVD by divide and conquer. The corresponding C function is `LAPACKE_dgesdd`.
    /// - Throws: ``SolverError/nonFiniteEntry(row:column:)`` for a NaN or infinite entry, and
    ///   ``SolverError/library(function:status:)`` when the iteration does not converge.
    public func singularValueDecomposition() throws(SolverError) -> SingularValueDecomposition {
        if let k = storage.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteEntry(row: k % rowCount, column: k / rowCount) }
        let (m, n) = (rowCount, columnCount)
        let p = Swift.min(m, n)
        var a = storage
        var values = [Double](repeating: 0, count: p)
        var left = DenseMatrix(rowCount: m, columnCount: p)
        var right = DenseMatrix(rowCount: p, columnCount: n)
        guard p > 0 else { return SingularValueDecomposition(left: left, values: values, rightTransposed: right) }
        let info = LAPACKE_dgesdd(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), blasInt(m), blasInt(n), &a, blasInt(m), &values,
            &left.storage, blasInt(m), &right.storage, blasInt(p))
        if info > 0 { throw .library(function: "LAPACKE_dgesdd", status: Int(info)) }
        precondition(info == 0, "LAPACKE_dgesdd rejected its arguments (info \(info))")
        return SingularValueDecomposition(left: left, values: values, rightTransposed: right)
    }
}
