// MatrixMarketContent: a MatrixMarket file as read: the declared header, the comments and the full matrix.
import NonlocalLinearAlgebra

/// Everything ``MatrixMarketFile/read(from:)`` found in a file.
public struct MatrixMarketContent: Sendable {
    /// The matrix as the file stores it: a coordinate file's entries, or an array file's values.
    enum Body: Sendable {
        case sparse(SparseMatrix)
        case dense(DenseMatrix)
    }

    /// The banner and size line.
    public let header: MatrixMarketHeader
    /// The text of every `%` comment line after the banner, in file order (comments between
    /// entries included), without the `%`, one following space and any line-ending `\r`.
    public let comments: [String]
    /// The matrix, held once: sparse for a coordinate file, dense for an array file.
    let body: Body
    /// The line of the size line, for messages about the shape.
    let sizeLine: Int

    init(header: MatrixMarketHeader, comments: [String], body: Body, sizeLine: Int) {
        self.header = header
        self.comments = comments
        self.body = body
        self.sizeLine = sizeLine
    }

    /// The full matrix. Symmetric storage is expanded (`a_ji = a_ij`), skew-symmetric storage
    /// with a minus sign (`a_ji = −a_ij`); repeated coordinate entries are summed in file order,
    /// as SciPy's `mmread(...).tocsr()` does; listed zeros stay stored. An `array` file gives a
    /// matrix that stores every position (its pattern is dense), built from ``denseMatrix`` on
    /// each access: for an array file, use ``denseMatrix`` unless CSR is needed.
    public var matrix: SparseMatrix {
        switch body {
        case .sparse(let matrix): matrix
        case .dense(let matrix): MatrixMarketAssembly.sparse(storingEveryEntryOf: matrix)
        }
    }

    /// The matrix of an `array` file, column-major as the file lists it (symmetric and
    /// skew-symmetric storage expanded as for ``matrix``), or nil for a coordinate file.
    public var denseMatrix: DenseMatrix? {
        if case .dense(let matrix) = body { matrix } else { nil }
    }

    /// The values of an `array` file with one column (how ``MatrixMarketFile/write(vector:to:comments:)``
    /// stores a vector), or nil for any other file.
    public var vector: [Double]? {
        guard header.format == .array, header.columnCount == 1, let dense = denseMatrix else { return nil }
        return dense.storage
    }
}
