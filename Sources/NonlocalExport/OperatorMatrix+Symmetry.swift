// OperatorMatrix+Symmetry: the entry-by-entry symmetry test, so a large asymmetric entry cannot hide behind a huge one.
import NonlocalLinearAlgebra

extension OperatorMatrix {
    /// A pair of mirrored entries that differ by more than the tolerance: `value` = A[row, column]
    /// with row > column, `mirror` = A[column, row] (0-based; an entry a sparse matrix does not
    /// store is 0).
    public struct Asymmetry: Sendable, Equatable, CustomStringConvertible {
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

    /// The default of ``isSymmetric(relativeTolerance:)``: about 4500 ε, room for two
    /// evaluations of one entry in different orders, far below any asymmetry that matters.
    public static let symmetryTolerance = 1e-12

    /// Whether the matrix is square and every pair `i > j` satisfies
    ///
    ///     |a_ij − a_ji| ≤ τ · max(|a_ij|, |a_ji|, √|a_ii| · √|a_jj|)
    ///
    /// with τ = `relativeTolerance`. Each pair is measured against its own size and its own
    /// diagonal scale `√(|a_ii| |a_jj|)` (the bound on `|a_ij|` of a positive definite matrix,
    /// unchanged by symmetric diagonal scaling D A D), never against the largest entry of the
    /// whole matrix, so a large asymmetric entry cannot hide behind a huge one elsewhere:
    /// `[[1e20, 0], [1e5, 1]]` is not symmetric (1e5 against the scale 1e10), although
    /// ‖A − Aᵀ‖ / ‖A‖ = 1e−15. The diagonal term lets rounding-level entries pass (`1e-17`
    /// against `0` next to a unit diagonal). τ = 0 asks for exact equality (`0.0 == -0.0`). A NaN
    /// or infinite entry off the diagonal makes the matrix not symmetric.
    public func isSymmetric(relativeTolerance: Double = OperatorMatrix.symmetryTolerance) -> Bool {
        isSquare && firstAsymmetry(relativeTolerance: relativeTolerance) == nil
    }

    /// The first pair that breaks ``isSymmetric(relativeTolerance:)``'s test, scanning the
    /// lower triangle column by column (dense) or row by row (sparse), or nil when there is none.
    /// - Precondition: the matrix is square.
    public func firstAsymmetry(relativeTolerance tolerance: Double = OperatorMatrix.symmetryTolerance) -> Asymmetry? {
        precondition(isSquare, "a \(rowCount) × \(columnCount) matrix has no symmetry to check")
        precondition(tolerance >= 0, "negative tolerance \(tolerance)")
        switch self {
        case .dense(let matrix): return Self.firstAsymmetry(of: matrix, tolerance: tolerance)
        case .sparse(let matrix): return Self.firstAsymmetry(of: matrix, tolerance: tolerance)
        }
    }

    /// Throws unless the matrix is square and exactly symmetric (τ = 0): what a writer checks
    /// before it stores one triangle or labels a file symmetric.
    func checkExactlySymmetric(path: String, fix: String) throws(ExportError) {
        guard isSquare else {
            throw .unsupported(
                path: path, reason: "a \(rowCount) × \(columnCount) matrix cannot be stored as symmetric; \(fix)")
        }
        if let asymmetry = firstAsymmetry(relativeTolerance: 0) {
            throw .unsupported(path: path, reason: "the matrix is not symmetric: \(asymmetry); \(fix)")
        }
    }

    /// Whether `a` = a_ij and `b` = a_ji are equal to within the tolerance, at diagonal scale
    /// `√|a_ii| · √|a_jj|` (`rootI`, `rootJ`; the product of square roots cannot overflow).
    @inline(__always)
    private static func agree(_ a: Double, _ b: Double, rootI: Double, rootJ: Double, tolerance: Double) -> Bool {
        if a == b { return true }
        let scale = Swift.max(Swift.max(a.magnitude, b.magnitude), rootI * rootJ)
        return (a - b).magnitude <= tolerance * scale
    }

    private static func firstAsymmetry(of matrix: DenseMatrix, tolerance: Double) -> Asymmetry? {
        let n = matrix.rowCount
        return matrix.storage.withUnsafeBufferPointer { a -> Asymmetry? in
            let roots = (0..<n).map { a[$0 + $0 * n].magnitude.squareRoot() }
            for j in 0..<n {
                for i in (j + 1)..<n {
                    let lower = a[i + j * n], upper = a[j + i * n]
                    if !agree(lower, upper, rootI: roots[i], rootJ: roots[j], tolerance: tolerance) {
                        return Asymmetry(row: i, column: j, value: lower, mirror: upper)
                    }
                }
            }
            return nil
        }
    }

    /// Row i of A (the a_ij) is merged with row i of Aᵀ (the a_ji) over the columns j < i; a
    /// position stored on one side only is compared with 0.
    private static func firstAsymmetry(of matrix: SparseMatrix, tolerance: Double) -> Asymmetry? {
        let transpose = matrix.transposed()
        let roots = matrix.diagonal.map { $0.magnitude.squareRoot() }
        for i in 0..<matrix.rowCount {
            var k = matrix.rowPointers[i], kEnd = matrix.rowPointers[i + 1]
            var t = transpose.rowPointers[i], tEnd = transpose.rowPointers[i + 1]
            while k < kEnd || t < tEnd {
                let j = Swift.min(
                    k < kEnd ? matrix.columnIndices[k] : Int.max, t < tEnd ? transpose.columnIndices[t] : Int.max)
                if j >= i { break }
                var lower = 0.0, upper = 0.0
                if k < kEnd && matrix.columnIndices[k] == j {
                    lower = matrix.values[k]
                    k += 1
                }
                if t < tEnd && transpose.columnIndices[t] == j {
                    upper = transpose.values[t]
                    t += 1
                }
                if !agree(lower, upper, rootI: roots[i], rootJ: roots[j], tolerance: tolerance) {
                    return Asymmetry(row: i, column: j, value: lower, mirror: upper)
                }
            }
        }
        return nil
    }
}
