// Dense symmetric indefinite solves through LAPACK (Bunch–Kaufman), for the saddle-point systems of interior-point methods.
internal import COpenBLAS

extension DenseMatrix {
    /// The factorization `P A Pᵀ = L D Lᵀ` of a symmetric, possibly indefinite matrix, with D
    /// block diagonal (1×1 and 2×2 blocks) and Bunch–Kaufman's diagonal pivoting. Stable for
    /// saddle-point matrices such as `[Q Aᵀ; A −W]` where a Cholesky factorization breaks down.
    public struct SymmetricIndefiniteFactorization: Sendable {
        public let dimension: Int
        /// LAPACK's packed L and D (lower triangle) and its pivot record.
        private let factors: [Double]
        private let pivots: [blasint]

        fileprivate init(dimension: Int, factors: [Double], pivots: [blasint]) {
            self.dimension = dimension
            self.factors = factors
            self.pivots = pivots
        }

        /// x with A x = b. The corresponding C function is `LAPACKE_dsytrs_work` (the factors are
        /// finite by construction, so LAPACKE's NaN scan of them, as costly as the solve, is skipped).
        public func solve(_ b: [Double]) -> [Double] {
            precondition(b.count == dimension, "right-hand side of length \(b.count), expected \(dimension)")
            guard dimension > 0 else { return [] }
            var x = b
            let n = blasInt(dimension)
            let info = factors.withUnsafeBufferPointer { a in
                pivots.withUnsafeBufferPointer { p in
                    LAPACKE_dsytrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, 1, a.baseAddress, n, p.baseAddress, &x, n)
                }
            }
            precondition(info == 0, "LAPACKE_dsytrs rejected its arguments (info \(info))")
            return x
        }
    }

    /// The Bunch–Kaufman factorization of this symmetric matrix (its lower triangle is read).
    /// The corresponding C function is `LAPACKE_dsytrf`.
    /// - Throws: ``SolverError/nonFiniteEntry(row:column:)`` for a NaN or infinite entry, and
    ///   ``SolverError/singular(reciprocalCondition:)`` (estimate 0) when a diagonal block of D
    ///   is exactly singular.
    public func factorizedSymmetricIndefinite() throws(SolverError) -> SymmetricIndefiniteFactorization {
        precondition(rowCount == columnCount, "a symmetric factorization needs a square matrix")
        try checkLowerTriangleIsFinite()
        guard rowCount > 0 else { return SymmetricIndefiniteFactorization(dimension: 0, factors: [], pivots: []) }
        var factors = storage
        var pivots = [blasint](repeating: 0, count: rowCount)
        let n = blasInt(rowCount)
        let info = LAPACKE_dsytrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, &factors, n, &pivots)
        if info > 0 { throw .singular(reciprocalCondition: 0) }
        precondition(info == 0, "LAPACKE_dsytrf rejected its arguments (info \(info))")
        return SymmetricIndefiniteFactorization(dimension: rowCount, factors: factors, pivots: pivots)
    }
}

extension DenseMatrix {
    /// The symmetric factorizations read only the lower triangle: a NaN or infinity there is
    /// reported by its position before LAPACK sees it.
    /// - Throws: ``SolverError/nonFiniteEntry(row:column:)`` for the first NaN or infinite entry, column by column.
    func checkLowerTriangleIsFinite() throws(SolverError) {
        for j in 0..<columnCount {
            for i in j..<rowCount where !self[i, j].isFinite { throw .nonFiniteEntry(row: i, column: j) }
        }
    }
}
