// SymmetricBandMatrix: a symmetric matrix with few diagonals, in LAPACK's lower band storage, and its Cholesky factorization.
internal import COpenBLAS

/// A symmetric n × n matrix with `bandwidth` sub-diagonals (a_ij = 0 for |i − j| > bandwidth),
/// stored as LAPACK's lower band: column j holds a_jj, a_{j+1,j}, …, a_{j+k,j} at
/// `storage[(i − j) + j·(k + 1)]` (entries past the last row are unused). A 1D compact-kernel
/// operator is such a matrix, with k = δ/h.
public struct SymmetricBandMatrix: Sendable {
    public let dimension: Int
    /// k, the number of sub-diagonals.
    public let bandwidth: Int
    public var storage: [Double]

    /// The zero band matrix.
    public init(dimension: Int, bandwidth: Int) {
        precondition(dimension >= 0 && bandwidth >= 0, "negative sizes")
        self.dimension = dimension
        self.bandwidth = Swift.min(bandwidth, Swift.max(0, dimension - 1))
        storage = [Double](repeating: 0, count: (self.bandwidth + 1) * dimension)
    }

    /// a_ij for i ≥ j, i − j ≤ bandwidth.
    public subscript(row i: Int, column j: Int) -> Double {
        get { storage[(i - j) + j * (bandwidth + 1)] }
        set {
            precondition(i >= j && i - j <= bandwidth && i < dimension, "(\(i), \(j)) is outside the lower band")
            storage[(i - j) + j * (bandwidth + 1)] = newValue
        }
    }

    /// The entries the full matrix stores: the diagonal and both triangles of the band.
    public var nonzeroCount: Int { dimension + 2 * (0..<bandwidth).reduce(0) { $0 + (dimension - 1 - $1) } }
}

/// The Cholesky factorization A = L Lᵀ of a symmetric positive definite band matrix: O(n k²)
/// work and O(n k) memory, no fill outside the band, no ordering to search.
/// The corresponding C functions are `LAPACKE_dpbtrf` and `LAPACKE_dpbtrs`.
public struct BandCholeskyFactorization: Preconditioner, Sendable {
    private let factor: SymmetricBandMatrix
    public var dimension: Int { factor.dimension }

    /// The matrix is consumed: factorizing a band the caller no longer needs (`consume band`)
    /// overwrites it in place, so the factorization's memory is the band's own.
    /// - Throws: ``SolverError/notPositiveDefinite(column:)`` naming the first failing column,
    ///   ``SolverError/nonFiniteEntry(row:column:)`` for NaN or infinite entries.
    public init(factorizing matrix: consuming SymmetricBandMatrix) throws(SolverError) {
        var band = matrix
        let k = band.bandwidth, n = band.dimension
        for j in 0..<n {
            for d in 0...Swift.min(k, n - 1 - j) where !band.storage[d + j * (k + 1)].isFinite {
                throw .nonFiniteEntry(row: j + d, column: j)
            }
        }
        if n > 0 {
            let info = LAPACKE_dpbtrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), blasInt(n), blasInt(k), &band.storage, blasInt(k + 1))
            if info > 0 { throw .notPositiveDefinite(column: Int(info) - 1) }
            guard info == 0 else { throw .library(function: "LAPACKE_dpbtrf", status: Int(info)) }
        }
        factor = band
    }

    /// x = A⁻¹ b.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == dimension, "right-hand side of length \(b.count), expected \(dimension)")
        guard dimension > 0 else { return b }
        var x = b
        let k = factor.bandwidth
        let info = factor.storage.withUnsafeBufferPointer { band in
            LAPACKE_dpbtrs(
                LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), blasInt(dimension), blasInt(k), 1, band.baseAddress, blasInt(k + 1), &x,
                blasInt(dimension))
        }
        precondition(info == 0, "dpbtrs rejected its arguments (info \(info))")
        return x
    }
}
