// MatrixMarketFile+WriteDense: writes a dense matrix as an `array real general|symmetric` file that reads back bit-exactly.
import NonlocalFiles
import NonlocalLinearAlgebra

extension MatrixMarketFile {
    /// Writes `matrix` as `%%MatrixMarket matrix array real general|symmetric`.
    ///
    /// The file holds the banner, one `%` line per comment, the size line `rows columns`, then
    /// one value per line in column-major order, as the format specifies for arrays: every
    /// value under `general`; under `symmetric` the lower triangle (row ≥ column), column by
    /// column, `n(n+1)/2` values. Values are written in their shortest round-trip form, so
    /// ``readDense(from:)`` and `scipy.io.mmread` recover the matrix bit for bit. The same
    /// arguments always give the same bytes, whatever the number of cores. Written atomically
    /// like ``write(_:to:symmetry:comments:progress:)``.
    ///
    /// - Parameter symmetry: `.symmetric` needs a square matrix with `a_ij == a_ji` for every
    ///   pair (so `0.0` and `-0.0` match, and the upper triangle reads back as the mirror of the lower).
    /// - Throws: ``ExportError/unsupported(path:reason:)`` when a value is NaN or infinite, a
    ///   comment contains a line break, or `.symmetric` is asked for a matrix that is not square
    ///   and exactly symmetric (naming the first pair that differs); ``ExportError/io(path:reason:)``
    ///   when the folder is missing or the system refuses to write.
    public static func write(
        _ matrix: DenseMatrix, to path: String, symmetry: Symmetry = .general, comments: [String] = []
    ) throws(ExportError) {
        try checkComments(comments, path: path)
        if let k = matrix.storage.firstIndex(where: { !$0.isFinite }) {
            throw .unsupported(
                path: path,
                reason: "A[\(k % matrix.rowCount), \(k / matrix.rowCount)] (0-based) is \(matrix.storage[k]); "
                    + "MatrixMarket values must be finite")
        }
        let listed: [Double]
        switch symmetry {
        case .general:
            listed = matrix.storage
        case .symmetric:
            try OperatorMatrix.dense(matrix).checkExactlySymmetric(path: path, fix: "write it with symmetry .general")
            listed = lowerTriangleByColumns(of: matrix)
        }
        let header = MatrixMarketHeader(
            format: .array, field: .real, symmetry: symmetry == .symmetric ? .symmetric : .general,
            rowCount: matrix.rowCount, columnCount: matrix.columnCount, entryCount: listed.count)
        let headerBytes = headerText(header, comments: comments)
        try AtomicFile.write(to: path) { (output) throws(ExportError) in
            try append(headerBytes, to: output)
            try appendConcurrently(
                entryCount: listed.count, bytesPerEntry: MatrixMarketByteStream.maximumValueLength + 1, to: output,
                progress: nil
            ) { values, text in
                for k in values {
                    text.appendValue(listed[k])
                    text.append(0x0A)
                }
            }
        }
    }

    /// The entries with row ≥ column of a square matrix, column by column (the order of a
    /// symmetric `array` file).
    static func lowerTriangleByColumns(of matrix: DenseMatrix) -> [Double] {
        let n = matrix.rowCount
        var listed: [Double] = []
        listed.reserveCapacity(n * (n + 1) / 2)
        for j in 0..<n { listed.append(contentsOf: matrix.storage[(j * n + j)..<((j + 1) * n)]) }
        return listed
    }
}
