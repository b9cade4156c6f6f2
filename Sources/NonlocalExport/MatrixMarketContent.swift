// MatrixMarketContent: a MatrixMarket file as read: the declared header, the comments and the full matrix.
import NonlocalLinearAlgebra

/// Everything ``MatrixMarketFile/read(from:)`` found in a file.
public struct MatrixMarketContent: Sendable {
    /// The banner and size line.
    public let header: MatrixMarketHeader
    /// The text of every `%` comment line after the banner, in file order (comments between
    /// entries included), without the `%`, one following space and any line-ending `\r`.
    public let comments: [String]
    /// The full matrix. Symmetric storage is expanded (`a_ji = a_ij`), skew-symmetric storage
    /// with a minus sign (`a_ji = −a_ij`); repeated coordinate entries are summed in file order,
    /// as SciPy's `mmread(...).tocsr()` does; listed zeros stay stored. An `array` file gives a
    /// matrix that stores every position (its pattern is dense).
    public let matrix: SparseMatrix
    /// The line of the size line, for messages about the shape.
    let sizeLine: Int

    init(header: MatrixMarketHeader, comments: [String], matrix: SparseMatrix, sizeLine: Int) {
        self.header = header
        self.comments = comments
        self.matrix = matrix
        self.sizeLine = sizeLine
    }

    /// The values of an `array` file with one column (how ``MatrixMarketFile/write(vector:to:comments:)``
    /// stores a vector), or nil for any other file.
    public var vector: [Double]? {
        guard header.format == .array, header.columnCount == 1 else { return nil }
        return matrix.values
    }
}
