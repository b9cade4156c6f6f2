// OperatorMatrix+Read: one reader for a user's operator, whatever the format and whether it is dense or sparse.
import NonlocalNetCDF

extension OperatorMatrix {
    /// Reads the matrix of an operator file, kept dense or sparse as the file stores it.
    ///
    /// - NetCDF: NonlocalKit's sparse ESMF/SCRIP layout (variables `row`, `col`, `S`; see
    ///   ``OperatorFile/readNetCDF(from:)``) gives `.sparse`, unless `variable` is named; any
    ///   other file gives `.dense` from a 2-D variable (``DenseNetCDFFile/read(from:variable:)``):
    ///   `variable`, or the only 2-D double or float variable in the file.
    /// - PETSc binary: the file's first object must be a Mat; AIJ gives `.sparse`, MATDENSE
    ///   (nonzero count −1) gives `.dense`. Objects after it (a right-hand side Vec, …) are not read.
    /// - MatrixMarket: `coordinate` gives `.sparse`, `array` gives `.dense` (symmetric and
    ///   skew-symmetric storage expanded).
    ///
    /// - Parameters:
    ///   - format: the file's format; nil to take it from the extension (`.nc`, `.petsc`, `.mtx`, …).
    ///   - variable: the NetCDF variable holding a dense matrix; only NetCDF files have variables.
    /// - Throws: what the format's reader throws (``ExportError/invalidNetCDF(path:reason:)``,
    ///   ``ExportError/invalidPETScBinary(path:offset:reason:)``,
    ///   ``ExportError/invalidMatrixMarket(path:line:reason:)``, ``ExportError/io(path:reason:)``);
    ///   ``ExportError/unsupported(path:reason:)`` when the format cannot be told from the name,
    ///   or `variable` is given for a format without variables.
    public static func read(from path: String, format: ExportFormat? = nil, variable: String? = nil) throws(ExportError)
        -> OperatorMatrix
    {
        let format = try ExportFormat.resolve(format, path: path)
        if let variable, format != .netCDF {
            throw .unsupported(
                path: path,
                reason: "variable '\(variable)' names a NetCDF variable, but this is a \(format.name) file, which holds "
                    + "one matrix; leave the variable out")
        }
        switch format {
        case .netCDF:
            if variable == nil, try hasSparseWeightLayout(path) {
                return .sparse(try OperatorFile.readNetCDF(from: path).matrix)
            }
            return .dense(try DenseNetCDFFile.read(from: path, variable: variable).matrix)
        case .petsc:
            let objects = try PETScBinaryFile.read(from: path)
            switch objects.first {
            case .matrix(let matrix)?: return .sparse(matrix)
            case .denseMatrix(let matrix)?: return .dense(matrix)
            default:
                let kinds = objects.map(\.classID.petscName).joined(separator: ", ")
                throw .invalidPETScBinary(
                    path: path, offset: 0, reason: "expected a Mat first, the file holds \(kinds); save the operator with MatView")
            }
        case .matrixMarket:
            let content = try MatrixMarketFile.read(from: path)
            switch content.body {
            case .sparse(let matrix): return .sparse(matrix)
            case .dense(let matrix): return .dense(matrix)
            }
        }
    }

    /// Whether the NetCDF file has the variables of the ESMF/SCRIP weight layout (`row`, `col`, `S`).
    private static func hasSparseWeightLayout(_ path: String) throws(ExportError) -> Bool {
        let file = try DenseNetCDFFile.open(path)
        defer { try? file.close() }
        return ["row", "col", "S"].allSatisfy(file.hasVariable)
    }
}

extension ExportFormat {
    /// The format's name in messages.
    var name: String {
        switch self {
        case .matrixMarket: "MatrixMarket"
        case .netCDF: "NetCDF"
        case .petsc: "PETSc binary"
        }
    }
}
