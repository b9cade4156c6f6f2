// MatrixSymmetry: the entry-by-entry symmetry test, so a large asymmetric entry cannot hide behind a huge one.

/// A pair of mirrored entries that differ by more than the symmetry tolerance: `value` = A[row, column]
/// with row > column, `mirror` = A[column, row] (0-based; an entry a sparse matrix does not store is 0).
public struct MatrixAsymmetry: Sendable, Equatable, CustomStringConvertible {
    public let row: Int
    public let column: Int
    public let value: Double
    public let mirror: Double

    public init(row: Int, column: Int, value: Double, mirror: Double) {
        self.row = row
        self.column = column
        self.value = value
        self.mirror = mirror
    }

    public var description: String {
        "A[\(row), \(column)] = \(value) but A[\(column), \(row)] = \(mirror) (0-based)"
    }
}

/// The one symmetry test of the toolkit: every pair `i > j` must satisfy
///
///     |a_ij − a_ji| ≤ τ · max(|a_ij|, |a_ji|, √|a_ii| · √|a_jj|)
///
/// Each pair is measured against its own size and its own diagonal scale `√(|a_ii| |a_jj|)` (the
/// bound on `|a_ij|` of a positive definite matrix, unchanged by symmetric diagonal scaling
/// D A D), never against the largest entry of the whole matrix, so a large asymmetric entry
/// cannot hide behind a huge one elsewhere: `[[1e20, 0], [1e5, 1]]` is not symmetric (1e5
/// against the scale 1e10), although ‖A − Aᵀ‖ / ‖A‖ = 1e−15. The diagonal term lets
/// rounding-level entries pass (`1e-17` against `0` next to a unit diagonal). τ = 0 asks for
/// exact equality (`0.0 == -0.0`). A NaN or infinite entry off the diagonal is never symmetric.
public enum MatrixSymmetry {
    /// The default τ: about 4500 ε, room for two evaluations of one entry in different orders,
    /// far below any asymmetry that matters. ``DirectSolver`` uses it to choose CHOLMOD.
    public static let tolerance = 1e-12

    /// Whether `a` = a_ij and `b` = a_ji agree to within τ at diagonal scale `√|a_ii| · √|a_jj|`
    /// (`rootI`, `rootJ`; the product of square roots cannot overflow).
    @inline(__always)
    static func agree(_ a: Double, _ b: Double, rootI: Double, rootJ: Double, tolerance: Double) -> Bool {
        if a == b { return true }
        let scale = Swift.max(Swift.max(a.magnitude, b.magnitude), rootI * rootJ)
        return (a - b).magnitude <= tolerance * scale
    }
}

extension SparseMatrix {
    /// Whether the matrix is square and passes ``MatrixSymmetry``'s entry-by-entry test with τ = `tolerance`.
    public func isSymmetric(relativeTolerance tolerance: Double = 0) -> Bool {
        isSquare && firstAsymmetry(relativeTolerance: tolerance) == nil
    }

    /// The first pair that fails ``MatrixSymmetry``'s test, scanning the lower triangle row by
    /// row, or nil. Row i of A (the a_ij) is merged with row i of Aᵀ (the a_ji) over the columns
    /// j < i; a position stored on one side only is compared with 0.
    /// - Precondition: the matrix is square and `tolerance ≥ 0`.
    public func firstAsymmetry(relativeTolerance tolerance: Double = MatrixSymmetry.tolerance) -> MatrixAsymmetry? {
        precondition(isSquare, "a \(rowCount) × \(columnCount) matrix has no symmetry to check")
        precondition(tolerance >= 0, "negative tolerance \(tolerance)")
        let transpose = transposed()
        let roots = diagonal.map { $0.magnitude.squareRoot() }
        for i in 0..<rowCount {
            var k = rowPointers[i], kEnd = rowPointers[i + 1]
            var t = transpose.rowPointers[i], tEnd = transpose.rowPointers[i + 1]
            while k < kEnd || t < tEnd {
                let j = Swift.min(k < kEnd ? columnIndices[k] : Int.max, t < tEnd ? transpose.columnIndices[t] : Int.max)
                if j >= i { break }
                var lower = 0.0, upper = 0.0
                if k < kEnd && columnIndices[k] == j {
                    lower = values[k]
                    k += 1
                }
                if t < tEnd && transpose.columnIndices[t] == j {
                    upper = transpose.values[t]
                    t += 1
                }
                if !MatrixSymmetry.agree(lower, upper, rootI: roots[i], rootJ: roots[j], tolerance: tolerance) {
                    return MatrixAsymmetry(row: i, column: j, value: lower, mirror: upper)
                }
            }
        }
        return nil
    }
}

extension DenseMatrix {
    /// The first pair that fails ``MatrixSymmetry``'s test, scanning the lower triangle column
    /// by column, or nil.
    /// - Precondition: the matrix is square and `tolerance ≥ 0`.
    public func firstAsymmetry(relativeTolerance tolerance: Double = MatrixSymmetry.tolerance) -> MatrixAsymmetry? {
        precondition(rowCount == columnCount, "a \(rowCount) × \(columnCount) matrix has no symmetry to check")
        precondition(tolerance >= 0, "negative tolerance \(tolerance)")
        let n = rowCount
        return storage.withUnsafeBufferPointer { a -> MatrixAsymmetry? in
            let roots = (0..<n).map { a[$0 + $0 * n].magnitude.squareRoot() }
            for j in 0..<n {
                for i in (j + 1)..<n {
                    let lower = a[i + j * n], upper = a[j + i * n]
                    if !MatrixSymmetry.agree(lower, upper, rootI: roots[i], rootJ: roots[j], tolerance: tolerance) {
                        return MatrixAsymmetry(row: i, column: j, value: lower, mirror: upper)
                    }
                }
            }
            return nil
        }
    }
}
