// SparseMatrix: compressed sparse row (CSR) matrices with Int indices and Double values.

/// A real matrix in compressed sparse row form.
///
/// Row `i` holds the entries `values[k]` at columns `columnIndices[k]` for
/// `k ∈ rowPointers[i] ..< rowPointers[i + 1]`. The invariants, checked by
/// ``validate()`` and by every throwing initializer, are:
/// - `rowPointers` has `rowCount + 1` entries, starts at 0, is non-decreasing and ends at
///   `columnIndices.count == values.count`;
/// - within each row the column indices are strictly increasing (sorted, unique) and lie in
///   `0 ..< columnCount`.
///
/// Explicitly stored zeros are allowed (they keep a sparsity pattern fixed for
/// re-factorization); ``droppingZeros()`` removes them.
public struct SparseMatrix: Sendable, Equatable {
    public let rowCount: Int
    public let columnCount: Int
    public let rowPointers: [Int]
    public let columnIndices: [Int]
    /// The stored values; replacing them keeps the sparsity pattern (assembly's second phase).
    public var values: [Double]

    /// Creates a matrix from CSR arrays after checking every invariant.
    /// - Throws: ``SparseMatrixError/invalid(_:)`` naming the first broken invariant.
    public init(
        rowCount: Int, columnCount: Int, rowPointers: [Int], columnIndices: [Int], values: [Double]
    ) throws(SparseMatrixError) {
        self.init(
            uncheckedRowCount: rowCount, columnCount: columnCount,
            rowPointers: rowPointers, columnIndices: columnIndices, values: values)
        try validate()
    }

    /// Creates a matrix from arrays the caller has built to satisfy the invariants.
    package init(
        uncheckedRowCount rowCount: Int, columnCount: Int, rowPointers: [Int], columnIndices: [Int],
        values: [Double]
    ) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> SparseMatrix {
        diagonal([Double](repeating: 1, count: n))
    }

    /// The square matrix with `entries` on its diagonal.
    public static func diagonal(_ entries: [Double]) -> SparseMatrix {
        SparseMatrix(
            uncheckedRowCount: entries.count, columnCount: entries.count,
            rowPointers: Array(0...entries.count), columnIndices: Array(0..<entries.count),
            values: entries)
    }

    /// The number of stored entries, explicit zeros included.
    public var nonzeroCount: Int { columnIndices.count }

    public var isSquare: Bool { rowCount == columnCount }

    /// Checks the CSR invariants listed on the type.
    /// - Throws: ``SparseMatrixError/invalid(_:)`` naming the row and what is wrong.
    public func validate() throws(SparseMatrixError) {
        guard rowCount >= 0, columnCount >= 0 else {
            throw .invalid("negative dimensions \(rowCount) × \(columnCount)")
        }
        guard rowPointers.count == rowCount + 1 else {
            throw .invalid("\(rowPointers.count) row pointers for \(rowCount) rows (need \(rowCount + 1))")
        }
        guard columnIndices.count == values.count else {
            throw .invalid("\(columnIndices.count) column indices but \(values.count) values")
        }
        guard rowPointers[0] == 0, rowPointers[rowCount] == columnIndices.count else {
            throw .invalid(
                "row pointers run from \(rowPointers[0]) to \(rowPointers[rowCount]), "
                    + "expected 0 to \(columnIndices.count)")
        }
        for row in 0..<rowCount {
            let start = rowPointers[row], end = rowPointers[row + 1]
            guard start <= end else { throw .invalid("row pointers decrease at row \(row)") }
            var previous = -1
            for k in start..<end {
                let column = columnIndices[k]
                guard column >= 0, column < columnCount else {
                    throw .invalid("column \(column) out of range 0..<\(columnCount) in row \(row)")
                }
                guard column > previous else {
                    throw .invalid("columns not sorted and unique in row \(row) (\(previous) then \(column))")
                }
                previous = column
            }
        }
    }

    /// The entry at `(row, column)`, zero when it is not stored. O(log(row length)).
    public subscript(row: Int, column: Int) -> Double {
        precondition(row >= 0 && row < rowCount && column >= 0 && column < columnCount, "index out of range")
        guard let k = storageIndex(row: row, column: column) else { return 0 }
        return values[k]
    }

    /// The position in `values` of the entry `(row, column)`, or nil when it is not stored.
    public func storageIndex(row: Int, column: Int) -> Int? {
        var low = rowPointers[row], high = rowPointers[row + 1]
        while low < high {
            let mid = (low + high) / 2
            let c = columnIndices[mid]
            if c == column { return mid }
            if c < column { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// The diagonal entries (zero where none is stored).
    public var diagonal: [Double] {
        (0..<Swift.min(rowCount, columnCount)).map { self[$0, $0] }
    }

    /// ‖A‖_F = sqrt(Σ a_ij²).
    public var frobeniusNorm: Double { values.euclideanNorm }

    /// ‖A‖_∞ = max_i Σ_j |a_ij|.
    public var infinityNorm: Double {
        var norm = 0.0
        for row in 0..<rowCount {
            var sum = 0.0
            for k in rowPointers[row]..<rowPointers[row + 1] { sum += abs(values[k]) }
            norm = Swift.max(norm, sum)
        }
        return norm
    }
}

/// Errors in matrices built from user data.
public enum SparseMatrixError: Error, Equatable, CustomStringConvertible {
    /// A CSR invariant does not hold; the text names the row and the problem.
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): "invalid sparse matrix: \(reason)"
        }
    }
}
