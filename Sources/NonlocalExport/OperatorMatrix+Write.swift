// OperatorMatrix+Write: writes a dense or sparse operator in any of the three formats.
extension OperatorMatrix {
    /// Writes the matrix to `path`, atomically (a failed write leaves nothing), one file.
    ///
    /// Dense:
    /// - MatrixMarket: `array real general`, or `array real symmetric` (the lower triangle,
    ///   column by column) for `storage: .symmetric`, with `metadata` as `%` comment lines
    ///   (``MatrixMarketFile/write(_:to:symmetry:comments:)``);
    /// - NetCDF: the 2-D variable `A(row, column)` with `metadata` as global attributes
    ///   (``DenseNetCDFFile/write(_:to:metadata:storage:)``);
    /// - PETSc binary: a MATDENSE Mat (nonzero count −1); PETSc files carry no metadata.
    ///
    /// Sparse: as ``OperatorFile/write(to:format:)`` writes an operator file without vectors
    /// (MatrixMarket `coordinate`, NetCDF ESMF/SCRIP weights, PETSc AIJ).
    ///
    /// Every value is written so that it reads back bit for bit, here and in SciPy, xarray,
    /// netCDF4-python and petsc4py.
    /// - Parameters:
    ///   - format: nil to take it from the extension.
    ///   - storage: `.symmetric` stores the lower triangle where the format can (MatrixMarket;
    ///     NetCDF sparse) and records the symmetry (NetCDF dense); the matrix must be exactly symmetric.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` for an unknown extension, a NaN or
    ///   infinite value, a matrix beyond PETSc's 32-bit counts, or a symmetric storage of a
    ///   matrix that is not; ``ExportError/io(path:reason:)`` when writing fails.
    public func write(
        to path: String, format: ExportFormat? = nil, metadata: ExportMetadata = ExportMetadata(),
        storage: OperatorFile.Storage = .general
    ) throws(ExportError) {
        let format = try ExportFormat.resolve(format, path: path)
        if storage == .symmetric {  // one rule and one message for every format, before any file is created
            try checkExactlySymmetric(path: path, fix: "write it with storage .general")
        }
        switch self {
        case .dense(let matrix):
            switch format {
            case .matrixMarket:
                try MatrixMarketFile.write(
                    matrix, to: path, symmetry: storage == .symmetric ? .symmetric : .general,
                    comments: metadata.commentLines)
            case .netCDF:
                try DenseNetCDFFile.write(matrix, to: path, metadata: metadata, storage: storage)
            case .petsc:
                try PETScBinaryFile.write(denseMatrix: matrix, to: path)
            }
        case .sparse(let matrix):
            try OperatorFile(matrix: matrix, storage: storage, metadata: metadata).write(to: path, format: format)
        }
    }
}
