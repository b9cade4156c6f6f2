// DenseMatrix: a column-major real matrix whose products go through BLAS (OpenBLAS).
internal import COpenBLAS

/// A dense real matrix stored column by column (LAPACK's layout): entry `(i, j)` is
/// `storage[i + j * rowCount]`.
public struct DenseMatrix: Sendable, Equatable {
    public let rowCount: Int
    public let columnCount: Int
    public var storage: [Double]

    /// The zero matrix.
    public init(rowCount: Int, columnCount: Int) {
        precondition(rowCount >= 0 && columnCount >= 0, "negative dimensions")
        self.rowCount = rowCount
        self.columnCount = columnCount
        storage = [Double](repeating: 0, count: rowCount * columnCount)
    }

    /// A matrix over column-major `storage` of length `rowCount · columnCount`.
    public init(rowCount: Int, columnCount: Int, storage: [Double]) {
        precondition(storage.count == rowCount * columnCount, "storage length must be rowCount · columnCount")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.storage = storage
    }

    /// The matrix whose columns are `columns` (all of one length).
    public init(columns: [[Double]]) {
        let rows = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == rows }, "columns of different lengths")
        self.init(rowCount: rows, columnCount: columns.count, storage: columns.flatMap { $0 })
    }

    /// An orthonormal basis (k × (k − 1)) of the vectors orthogonal to `a` ≠ 0 of length k ≥ 1:
    /// the last k − 1 columns of the Householder reflection I − 2vvᵀ/vᵀv that maps a to a
    /// multiple of e₀ (v = a ± |a|e₀, the sign of a₀, free of cancellation).
    public static func orthonormalComplement(of a: [Double]) -> DenseMatrix {
        let k = a.count
        precondition(k >= 1 && a.contains { $0 != 0 }, "a complement needs a non-zero vector")
        let length = a.euclideanNorm
        var v = a
        v[0] += a[0] >= 0 ? length : -length
        let scale = 2 / v.dot(v)
        var basis = DenseMatrix(rowCount: k, columnCount: k - 1)
        for j in 1..<k {
            for i in 0..<k { basis[i, j - 1] = (i == j ? 1 : 0) - scale * v[i] * v[j] }
        }
        return basis
    }

    /// Replaces a square matrix by (A + Aᵀ)/2: the rounding of a product like BᵀGB leaves a
    /// matrix that is symmetric in exact arithmetic a few ulps from it.
    public mutating func symmetrize() {
        precondition(rowCount == columnCount, "only a square matrix can be symmetric")
        for i in 0..<rowCount {
            for j in 0..<i {
                let mean = 0.5 * (self[i, j] + self[j, i])
                (self[i, j], self[j, i]) = (mean, mean)
            }
        }
    }

    public static func identity(_ n: Int) -> DenseMatrix {
        var matrix = DenseMatrix(rowCount: n, columnCount: n)
        for i in 0..<n { matrix[i, i] = 1 }
        return matrix
    }

    public subscript(row: Int, column: Int) -> Double {
        get { storage[row + column * rowCount] }
        set { storage[row + column * rowCount] = newValue }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rowCount)..<((j + 1) * rowCount)])
    }

    public func transposed() -> DenseMatrix {
        var result = DenseMatrix(rowCount: columnCount, columnCount: rowCount)
        for j in 0..<columnCount {
            for i in 0..<rowCount { result.storage[j + i * columnCount] = storage[i + j * rowCount] }
        }
        return result
    }

    /// `op(A) · op(B)` with `op` the identity or the transpose. The corresponding C function is `cblas_dgemm`.
    public func multiplied(
        by other: DenseMatrix, transposingSelf: Bool = false, transposingOther: Bool = false
    ) -> DenseMatrix {
        let m = transposingSelf ? columnCount : rowCount
        let inner = transposingSelf ? rowCount : columnCount
        let otherInner = transposingOther ? other.columnCount : other.rowCount
        let n = transposingOther ? other.rowCount : other.columnCount
        precondition(inner == otherInner, "inner dimensions \(inner) and \(otherInner) differ")
        var result = DenseMatrix(rowCount: m, columnCount: n)
        guard m > 0, n > 0, inner > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans,
                        transposingOther ? CblasTrans : CblasNoTrans, blasInt(m), blasInt(n), blasInt(inner),
                        1, a.baseAddress, blasInt(Swift.max(1, rowCount)), b.baseAddress,
                        blasInt(Swift.max(1, other.rowCount)), 0, c.baseAddress, blasInt(Swift.max(1, m)))
                }
            }
        }
        return result
    }

    /// `A · B[:, columns]`, reading the columns of B in place (no copy).
    /// The corresponding C function is `cblas_dgemm`.
    public func multiplied(byColumns columns: Range<Int>, of other: DenseMatrix) -> DenseMatrix {
        precondition(columnCount == other.rowCount, "inner dimensions \(columnCount) and \(other.rowCount) differ")
        precondition(columns.lowerBound >= 0 && columns.upperBound <= other.columnCount, "columns out of range")
        var result = DenseMatrix(rowCount: rowCount, columnCount: columns.count)
        guard rowCount > 0, !columns.isEmpty, columnCount > 0 else { return result }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(
                        CblasColMajor, CblasNoTrans, CblasNoTrans, blasInt(rowCount), blasInt(columns.count), blasInt(columnCount),
                        1, a.baseAddress, blasInt(rowCount), b.baseAddress! + columns.lowerBound * other.rowCount,
                        blasInt(other.rowCount), 0, c.baseAddress, blasInt(rowCount))
                }
            }
        }
        return result
    }

    /// `A x` (or `Aᵀ x`). The corresponding C function is `cblas_dgemv`.
    public func multiplied(by x: [Double], transposingSelf: Bool = false) -> [Double] {
        let inputLength = transposingSelf ? rowCount : columnCount
        let outputLength = transposingSelf ? columnCount : rowCount
        precondition(x.count == inputLength, "vector of length \(x.count), expected \(inputLength)")
        var y = [Double](repeating: 0, count: outputLength)
        guard outputLength > 0, inputLength > 0 else { return y }
        storage.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(
                        CblasColMajor, transposingSelf ? CblasTrans : CblasNoTrans, blasInt(rowCount),
                        blasInt(columnCount), 1, a.baseAddress, blasInt(Swift.max(1, rowCount)), xp.baseAddress, 1,
                        0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// ‖A‖_F.
    public var frobeniusNorm: Double { storage.euclideanNorm }
}

/// BLAS takes 32-bit integers in Debian's OpenBLAS (LP64).
@inline(__always) func blasInt(_ value: Int) -> blasint {
    precondition(value <= Int(blasint.max), "dimension \(value) exceeds BLAS's 32-bit integers")
    return blasint(value)
}
