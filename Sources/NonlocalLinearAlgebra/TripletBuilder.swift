// TripletBuilder: collects (row, column, value) entries in any order and compresses them to CSR.

/// Accumulates coordinate (triplet) entries; ``build()`` sorts them into a ``SparseMatrix``
/// and sums duplicates, like SciPy's `coo_matrix.tocsr()`.
///
/// Sorting is two counting sorts (by column, then stably by row), so building costs
/// O(nnz + rows + columns) with no comparison sort.
public struct TripletBuilder: Sendable {
    public let rowCount: Int
    public let columnCount: Int
    public private(set) var rows: [Int] = []
    public private(set) var columns: [Int] = []
    public private(set) var values: [Double] = []

    public init(rowCount: Int, columnCount: Int, reservingCapacity capacity: Int = 0) {
        precondition(rowCount >= 0 && columnCount >= 0, "negative dimensions")
        self.rowCount = rowCount
        self.columnCount = columnCount
        rows.reserveCapacity(capacity)
        columns.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    /// The number of triplets appended so far (duplicates counted separately).
    public var count: Int { values.count }

    /// Adds `value` at `(row, column)`; repeated positions are summed by ``build()``.
    public mutating func append(row: Int, column: Int, value: Double) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        precondition(column >= 0 && column < columnCount, "column \(column) out of range 0..<\(columnCount)")
        rows.append(row)
        columns.append(column)
        values.append(value)
    }

    /// The CSR matrix with duplicates summed. Sums that cancel stay stored as explicit zeros,
    /// so the pattern depends only on the positions appended.
    public func build() -> SparseMatrix {
        let n = values.count
        // Counting sort by column.
        var columnStart = [Int](repeating: 0, count: columnCount + 1)
        for c in columns { columnStart[c + 1] += 1 }
        for c in 0..<columnCount { columnStart[c + 1] += columnStart[c] }
        var byColumn = [Int](repeating: 0, count: n)
        var next = columnStart
        for k in 0..<n {
            byColumn[next[columns[k]]] = k
            next[columns[k]] += 1
        }
        // Stable counting sort by row: columns come out ascending within each row.
        var rowStart = [Int](repeating: 0, count: rowCount + 1)
        for r in rows { rowStart[r + 1] += 1 }
        for r in 0..<rowCount { rowStart[r + 1] += rowStart[r] }
        var sortedColumns = [Int](repeating: 0, count: n)
        var sortedValues = [Double](repeating: 0, count: n)
        next = rowStart
        for k in byColumn {
            let slot = next[rows[k]]
            sortedColumns[slot] = columns[k]
            sortedValues[slot] = values[k]
            next[rows[k]] += 1
        }
        // Sum duplicates in place.
        var rowPointers = [Int](repeating: 0, count: rowCount + 1)
        var write = 0
        for r in 0..<rowCount {
            let rowBegin = write
            for k in rowStart[r]..<rowStart[r + 1] {
                if write > rowBegin && sortedColumns[write - 1] == sortedColumns[k] {
                    sortedValues[write - 1] += sortedValues[k]
                } else {
                    sortedColumns[write] = sortedColumns[k]
                    sortedValues[write] = sortedValues[k]
                    write += 1
                }
            }
            rowPointers[r + 1] = write
        }
        sortedColumns.removeLast(n - write)
        sortedValues.removeLast(n - write)
        return SparseMatrix(
            uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: rowPointers,
            columnIndices: sortedColumns, values: sortedValues)
    }
}
