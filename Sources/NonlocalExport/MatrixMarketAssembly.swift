// MatrixMarketAssembly: turns the entries a file lists into the full CSR matrix (symmetry expanded, duplicates summed).
import NonlocalLinearAlgebra

enum MatrixMarketAssembly {
    /// The matrix of a coordinate file's entries (0-based, in file order).
    ///
    /// Entries sorted strictly by (row, column), as NonlocalKit and SciPy write them, are
    /// placed in O(nnz) without sorting: a general file's columns and values become the CSR
    /// arrays as they are; a symmetric file's rows get their listed lower part followed by the
    /// mirrored upper part, which arrives in increasing column order because the listed rows
    /// ascend. Anything else goes through ``TripletBuilder``, whose stable sorts sum repeated
    /// positions in file order.
    static func coordinate(_ header: MatrixMarketHeader, _ entries: MatrixMarketCoordinateEntries) -> SparseMatrix {
        let n = header.rowCount
        let mirrorSign: Double = header.symmetry == .skewSymmetric ? -1 : 1
        guard entries.isSorted else {
            // Each entry's row from its run, then the mirrored entries of a symmetric file.
            var rows: [Int] = []
            let listed = header.symmetry == .general ? 0 : entries.count
            rows.reserveCapacity(entries.count + listed)
            for run in entries.runRows.indices {
                rows.append(contentsOf: repeatElement(entries.runRows[run], count: entries.entries(ofRun: run).count))
            }
            var columns = entries.columns, values = entries.values
            if header.symmetry != .general {
                columns.reserveCapacity(2 * listed)
                values.reserveCapacity(2 * listed)
                for k in 0..<listed where rows[k] != entries.columns[k] {
                    rows.append(entries.columns[k])
                    columns.append(rows[k])
                    values.append(mirrorSign * entries.values[k])
                }
            }
            return TripletBuilder(rowCount: n, columnCount: header.columnCount, rows: rows, columns: columns, values: values).build()
        }
        // Sorted: pointers[i + 1] starts as the number of listed entries of row i.
        var pointers = [Int](repeating: 0, count: n + 1)
        for run in entries.runRows.indices { pointers[entries.runRows[run] + 1] += entries.entries(ofRun: run).count }
        if header.symmetry == .general {
            for row in 0..<n { pointers[row + 1] += pointers[row] }
            return SparseMatrix(
                uncheckedRowCount: n, columnCount: header.columnCount, rowPointers: pointers,
                columnIndices: entries.columns, values: entries.values)
        }
        // Symmetric: add each row's mirrored entries (the strictly lower entries of its column).
        let listed = Array(pointers.dropFirst())
        for column in entries.columns { pointers[column + 1] += 1 }
        for run in entries.runRows.indices {  // the diagonal entries have no mirror
            let row = entries.runRows[run]
            for k in entries.entries(ofRun: run) where entries.columns[k] == row { pointers[row + 1] -= 1 }
        }
        for row in 0..<n { pointers[row + 1] += pointers[row] }
        var lowerNext = Array(pointers.dropLast())
        var upperNext = (0..<n).map { pointers[$0] + listed[$0] }
        var columns = [Int](repeating: 0, count: pointers[n])
        var values = [Double](repeating: 0, count: pointers[n])
        for run in entries.runRows.indices {
            let row = entries.runRows[run]
            for k in entries.entries(ofRun: run) {
                let column = entries.columns[k]
                let value = entries.values[k]
                columns[lowerNext[row]] = column
                values[lowerNext[row]] = value
                lowerNext[row] += 1
                if column < row {
                    columns[upperNext[column]] = row
                    values[upperNext[column]] = mirrorSign * value
                    upperNext[column] += 1
                }
            }
        }
        return SparseMatrix(
            uncheckedRowCount: n, columnCount: header.columnCount, rowPointers: pointers,
            columnIndices: columns, values: values)
    }

    /// The matrix of an array file's values, listed column-major: every value under
    /// `general` (the list is the column-major storage itself), the lower triangle column by
    /// column under `symmetric`, the strictly lower one under `skew-symmetric` (mirrored with
    /// a minus sign; the diagonal is 0).
    static func dense(_ header: MatrixMarketHeader, _ listed: [Double]) -> DenseMatrix {
        let rows = header.rowCount
        let columns = header.columnCount
        switch header.symmetry {
        case .general:
            return DenseMatrix(rowCount: rows, columnCount: columns, storage: listed)
        case .symmetric, .skewSymmetric:
            let skew = header.symmetry == .skewSymmetric
            var matrix = DenseMatrix(rowCount: rows, columnCount: columns)
            var k = 0
            matrix.storage.withUnsafeMutableBufferPointer { storage in
                for j in 0..<columns {
                    for i in (skew ? j + 1 : j)..<rows {
                        storage[i + j * rows] = listed[k]
                        storage[j + i * rows] = skew ? -listed[k] : listed[k]
                        k += 1
                    }
                }
            }
            return matrix
        }
    }

    /// `matrix` in CSR with every position stored (zeros included), rows in order.
    static func sparse(storingEveryEntryOf matrix: DenseMatrix) -> SparseMatrix {
        let rows = matrix.rowCount
        let columns = matrix.columnCount
        let pointers = (0...rows).map { $0 * columns }
        var indices: [Int] = []
        indices.reserveCapacity(rows * columns)
        for _ in 0..<rows { indices.append(contentsOf: 0..<columns) }
        return SparseMatrix(
            uncheckedRowCount: rows, columnCount: columns, rowPointers: pointers, columnIndices: indices,
            values: matrix.transposed().storage)
    }
}
