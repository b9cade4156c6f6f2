// MatrixMarketFile+WriteChecks: what the writer refuses before creating a file, so a refused write leaves nothing.
import NonlocalLinearAlgebra

extension MatrixMarketFile {
    /// Comments become `%` lines, so a line break inside one would start a line that is not a comment.
    static func checkComments(_ comments: [String], path: String) throws(ExportError) {
        for (index, comment) in comments.enumerated() where comment.contains(where: \.isNewline) {
            throw .unsupported(
                path: path, reason: "comment \(index) contains a line break; pass one string per line")
        }
    }

    /// NaN and ±∞ have no MatrixMarket spelling that every reader accepts (and ours rejects them).
    static func checkFinite(_ matrix: SparseMatrix, path: String) throws(ExportError) {
        guard let k = matrix.values.firstIndex(where: { !$0.isFinite }) else { return }
        throw .unsupported(
            path: path,
            reason: "A[\(row(holding: k, in: matrix)), \(matrix.columnIndices[k])] (0-based) is \(matrix.values[k]); "
                + "MatrixMarket values must be finite")
    }

    /// Symmetric storage drops the upper triangle, so it must equal the lower one: `a_ij == a_ji`
    /// for every pair, a missing entry counting as 0 (so `0.0` and `-0.0` match).
    ///
    /// One pass in O(nnz) with no transpose: rows are visited in order, and each lower entry
    /// `(i, j)` is matched against row `j`'s strictly upper entries through a cursor that only
    /// moves forward (the rows `i` that reach row `j` come in increasing order, like the
    /// columns of row `j`). Upper entries a cursor steps over have no lower twin and must be 0.
    static func checkSymmetric(_ matrix: SparseMatrix, path: String) throws(ExportError) {
        guard matrix.isSquare else {
            throw .unsupported(
                path: path,
                reason: "a \(matrix.rowCount) × \(matrix.columnCount) matrix cannot be stored as symmetric; "
                    + "write it with symmetry .general")
        }
        let n = matrix.rowCount
        func asymmetry(_ row: Int, _ column: Int, _ value: Double, _ twin: Double) -> ExportError {
            .unsupported(
                path: path,
                reason: "the matrix is not symmetric: A[\(row), \(column)] = \(value) but "
                    + "A[\(column), \(row)] = \(twin) (0-based); write it with symmetry .general")
        }
        // upper[j]: the next strictly upper entry of row j not yet matched.
        var upper = [Int](repeating: 0, count: n)
        for row in 0..<n {
            var k = matrix.rowPointers[row]
            while k < matrix.rowPointers[row + 1] && matrix.columnIndices[k] <= row { k += 1 }
            upper[row] = k
        }
        for row in 0..<n {
            for k in matrix.rowPointers[row]..<matrix.rowPointers[row + 1] {
                let column = matrix.columnIndices[k]
                guard column < row else { break }
                let end = matrix.rowPointers[column + 1]
                var twin = upper[column]
                while twin < end && matrix.columnIndices[twin] < row {
                    if matrix.values[twin] != 0 {
                        throw asymmetry(column, matrix.columnIndices[twin], matrix.values[twin], 0)
                    }
                    twin += 1
                }
                if twin < end && matrix.columnIndices[twin] == row {
                    if matrix.values[k] != matrix.values[twin] {
                        throw asymmetry(row, column, matrix.values[k], matrix.values[twin])
                    }
                    twin += 1
                } else if matrix.values[k] != 0 {
                    throw asymmetry(row, column, matrix.values[k], 0)
                }
                upper[column] = twin
            }
        }
        for row in 0..<n {
            for k in upper[row]..<matrix.rowPointers[row + 1] where matrix.values[k] != 0 {
                throw asymmetry(row, matrix.columnIndices[k], matrix.values[k], 0)
            }
        }
    }

    /// The row of stored entry `k` (a position in `values`): the last row starting at or before it.
    static func row(holding k: Int, in matrix: SparseMatrix) -> Int {
        var low = 0
        var high = matrix.rowCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if matrix.rowPointers[middle] <= k { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
