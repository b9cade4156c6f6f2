// PETScBinaryFile+Limits: what a PETSc binary file with 32-bit indices can hold, checked before writing.

extension PETScBinaryFile {
    /// The largest size, index or count a file can record: PETSc's default build stores every
    /// `PetscInt` (sizes, row lengths, column indices, the nonzero count) as an int32, 2³¹ − 1.
    public static let maximumCount = Int(Int32.max)

    /// The nonzero count that marks a dense Mat: PETSc's `MATRIX_BINARY_FORMAT_DENSE` (`petscmat.h`).
    static let denseFormatMarker: Int32 = -1

    /// Checks that a matrix of `rows × columns` with `nonzeros` stored entries fits PETSc's
    /// 32-bit indices: each of the three must be at most ``maximumCount`` (2³¹ − 1). The
    /// writer calls this before encoding a matrix; callers can call it first to pick a format.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` naming the number that does not fit
    ///   and what to do instead.
    public static func checkFits(rows: Int, columns: Int, nonzeros: Int, path: String) throws(ExportError) {
        precondition(rows >= 0 && columns >= 0 && nonzeros >= 0, "negative matrix size")
        for (count, what) in [(nonzeros, "nonzeros"), (rows, "rows"), (columns, "columns")] where count > maximumCount {
            throw .unsupported(
                path: path,
                reason: "PETSc binary uses 32-bit indices; this matrix has \(count) \(what) (at most \(maximumCount)); "
                    + "split it or use the NetCDF export")
        }
    }

    /// Checks that a dense `rows × columns` matrix fits PETSc's 32-bit indices: the two sizes,
    /// and also their product, since PETSc 3.18's `MatView_Dense_Binary` and
    /// `MatLoad_Dense_Binary` count the values in one `PetscInt` (`m*N`), so a dense Mat of
    /// more than 2³¹ − 1 values (16 GiB) can be neither written nor loaded by PETSc's default build.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` naming the number that does not fit.
    public static func checkFits(denseRows rows: Int, columns: Int, path: String) throws(ExportError) {
        try checkFits(rows: rows, columns: columns, nonzeros: 0, path: path)
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard overflow || count > maximumCount else { return }
        throw .unsupported(
            path: path,
            reason: "PETSc binary counts a dense matrix's values in a 32-bit integer; this \(rows) × \(columns) "
                + "matrix has \(rows) · \(columns) values (at most \(maximumCount)); use the NetCDF export")
    }

    /// Checks that a vector or index set of `count` entries fits PETSc's 32-bit length field.
    static func checkFits(count: Int, of kind: PETScClassID, path: String) throws(ExportError) {
        guard count <= maximumCount else {
            throw .unsupported(
                path: path,
                reason: "PETSc binary uses 32-bit indices; this \(kind.petscName) has \(count) entries "
                    + "(at most \(maximumCount)); split it or use the NetCDF export")
        }
    }
}
