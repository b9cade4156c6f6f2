// The inverse of a dense symmetric positive definite matrix through its Cholesky factor (LAPACK dpotrf + dpotri), in place.
internal import COpenBLAS

extension DenseMatrix {
    /// Replaces this symmetric positive definite matrix A (its lower triangle is read) by A⁻¹, in
    /// place and symmetric: A = L Lᵀ, then A⁻¹ = L⁻ᵀ L⁻¹ in the lower triangle, copied to the upper.
    /// Cost n³ flops and no memory beyond the matrix. The corresponding C functions are
    /// `LAPACKE_dpotrf_work` and `LAPACKE_dpotri_work`.
    ///
    /// Forming an inverse is rarely the way to solve a system (factor and solve instead); it is
    /// right when the inverse itself is the object wanted, as when a matrix is defined as the
    /// inverse of a solution operator.
    /// - Throws: ``SolverError/nonFiniteEntry(row:column:)`` for a NaN or infinite entry (the matrix
    ///   is then unchanged), ``SolverError/notPositiveDefinite(column:)`` naming the leading minor
    ///   that failed (the matrix then holds LAPACK's partial factor: copy it first if it is still
    ///   needed), and ``SolverError/library(function:status:)`` if dpotri meets a zero pivot, which
    ///   a successful dpotrf rules out.
    public mutating func invertPositiveDefinite() throws(SolverError) {
        precondition(rowCount == columnCount, "an inverse needs a square matrix")
        try checkLowerTriangleIsFinite()
        let count = rowCount
        guard count > 0 else { return }
        let n = blasInt(count)
        let lower = CChar(UInt8(ascii: "L"))
        let (factorInfo, inverseInfo) = storage.withUnsafeMutableBufferPointer { a -> (Int, Int) in
            let factorInfo = Int(LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, lower, n, a.baseAddress, n))
            guard factorInfo == 0 else { return (factorInfo, 0) }
            let inverseInfo = Int(LAPACKE_dpotri_work(LAPACK_COL_MAJOR, lower, n, a.baseAddress, n))
            guard inverseInfo == 0 else { return (0, inverseInfo) }
            // dpotri leaves the strict upper triangle as it was: mirror the lower one into it, in
            // 64 × 64 tiles so that the column reads and the row writes both stay in cache.
            let tile = 64
            for columnStart in stride(from: 0, to: count, by: tile) {
                for rowStart in stride(from: columnStart, to: count, by: tile) {
                    for j in columnStart..<Swift.min(columnStart + tile, count) {
                        let first = Swift.max(rowStart, j + 1), end = Swift.min(rowStart + tile, count)
                        guard first < end else { continue }
                        for i in first..<end { a[j + i * count] = a[i + j * count] }
                    }
                }
            }
            return (0, 0)
        }
        if factorInfo > 0 { throw .notPositiveDefinite(column: Int(factorInfo) - 1) }
        precondition(factorInfo == 0, "LAPACKE_dpotrf rejected its arguments (info \(factorInfo))")
        if inverseInfo != 0 { throw .library(function: "LAPACKE_dpotri", status: inverseInfo) }
    }
}
