// PETScBinaryFile: writes and reads matrices, vectors and index sets in PETSc's binary format (MatLoad, VecLoad, ISLoad).
import NonlocalFiles
import NonlocalLinearAlgebra

/// PETSc's native binary format, exactly as `MatView`, `VecView` and `ISView` write it to a
/// binary viewer (`PetscViewerBinaryOpen`) and `MatLoad`, `VecLoad` and `ISLoad` read it back,
/// for PETSc's default build: 32-bit `PetscInt`, real double-precision `PetscScalar`.
///
/// Every number is big-endian (PETSc byte-swaps on little-endian machines). A file is one or
/// more objects back to back, with no file header, padding or trailer:
/// - Mat (AIJ): int32 `MAT_FILE_CLASSID` = 1211216, int32 rows M, int32 columns N, int32
///   nonzeros nz, int32[M] stored entries of each row, int32[nz] column indices (0-based,
///   strictly increasing within each row), float64[nz] values, row after row.
/// - Mat (dense, `MatView_Dense_Binary`/`MatLoad_Dense_Binary` in PETSc 3.18): int32
///   `MAT_FILE_CLASSID`, int32 M, int32 N, int32 −1 (`MATRIX_BINARY_FORMAT_DENSE`), then
///   float64[M·N], row after row. PETSc writes this only in the native viewer format
///   (`viewer.pushFormat(PETSc.Viewer.Format.NATIVE)` in petsc4py); in the default format it
///   writes a dense Mat as AIJ with every entry stored (nz = M·N), which reads here as a sparse
///   matrix with a full pattern. Only a dense Mat loads the −1 form (`A.setType('dense')`
///   before `A.load(viewer)`), and PETSc's 32-bit build counts its values in one int32, so
///   M·N ≤ 2³¹ − 1 (``checkFits(denseRows:columns:path:)``).
/// - Vec: int32 `VEC_FILE_CLASSID` = 1211214, int32 length n, float64[n] entries.
/// - IS (general): int32 `IS_FILE_CLASSID` = 1211218, int32 length n, int32[n] indices.
///
/// Load them in order on one viewer; in petsc4py:
/// ```python
/// viewer = PETSc.Viewer().createBinary(path, 'r')
/// A = PETSc.Mat().load(viewer); b = PETSc.Vec().load(viewer); p = PETSc.IS().load(viewer)
/// D = PETSc.Mat().create(); D.setType('dense'); D.load(viewer)   # a dense Mat
/// ```
/// The objects themselves carry no names. PETSc's own writer adds a text file `path.info` of
/// load options, where its MATLAB format also records the name of each Vec; write with
/// ``write(_:names:to:afterEachObject:)`` to name the objects there (``PETScBinaryInfoFile``
/// describes the text, which is PETSc's own), so that MATLAB's `PetscReadBinaryMatlab` and the
/// exporter recipes find vectors by name (`rhs`, `surrogate_solution`) instead of by position.
/// `MatLoad` and `VecLoad` read the `.info` for load options only; the reader here ignores it.
/// Writing without names leaves any `.info` beside `path` as it is (a stale one, written by
/// PETSc for another file, would still be read by PETSc).
///
/// Sizes, indices and counts are int32, so a matrix with more than 2³¹ − 1 rows, columns or
/// nonzeros is refused (``checkFits(rows:columns:nonzeros:path:)``);
/// NaN and infinite values are refused in both directions, as everywhere in NonlocalKit.
///
/// Writing encodes one object at a time into a preallocated byte array, swapping whole arrays
/// to big-endian in one pass, and hands each object to the kernel in one `write(2)` (up to
/// 1 GiB per call, ``OutputFile``); reading loads the whole file with `read(2)` into one array
/// sized by `fstat(2)` (``InputFile/readAll()``) and decodes it in one pass per array. For 10⁷
/// nonzeros (124 MB) both run at several hundred MB/s, bound by the page cache.
public enum PETScBinaryFile {
    /// Writes `objects`, in order, to `path`, through ``AtomicFile``: the bytes go to a
    /// temporary file in the same folder, renamed to `path` only when every object is written,
    /// so a failure leaves neither a partial file nor the temporary (an existing file at
    /// `path` is kept until then). The same objects always give the same bytes.
    ///
    /// - Parameters:
    ///   - objects: at least one object (an empty file is not a PETSc file).
    ///   - afterEachObject: called after object `index` has been written to the temporary
    ///     file, with the bytes written so far. Throwing from it abandons the write, as a crash
    ///     would; tests use this seam to interrupt a write halfway, the command may report
    ///     progress with it.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` for an object that does not fit
    ///   32-bit indices or holds NaN or ±∞ (naming the row and column, or the entry);
    ///   ``ExportError/io(path:reason:)`` when the folder is missing or the system refuses;
    ///   or what `afterEachObject` throws.
    public static func write(
        _ objects: [PETScObject], to path: String,
        afterEachObject: ((_ index: Int, _ bytesWritten: Int) throws(ExportError) -> Void)? = nil
    ) throws(ExportError) {
        precondition(!objects.isEmpty, "a PETSc binary file holds at least one object")
        try AtomicFile.write(to: path) { (output) throws(ExportError) in
            try encode(objects, to: output, path: path, afterEachObject: afterEachObject)
        }
    }

    /// Writes `objects`, in order, to `path`, as ``write(_:to:afterEachObject:)`` does, and
    /// their `names` to `path.info` in PETSc's MATLAB format (``PETScBinaryInfoFile``): the k-th
    /// `#$$ Set.NAME = PetscBinaryRead(fd);` line names the k-th object, and the line before each
    /// `-vecload_block_size` names that Vec, as PETSc writes it for a Vec named with
    /// `PetscObjectSetName` and viewed in `PETSC_VIEWER_BINARY_MATLAB`. PETSc's loaders read the
    /// `.info` for its load options (block size 1) and skip the names, so the file loads as
    /// before; a `.info` left beside `path` by an earlier write is replaced.
    ///
    /// Both files are one ``OutputTransaction``: they are renamed into place once both are
    /// written, the `.info` first, so a failure while encoding, writing or in `afterEachObject`,
    /// or a SIGINT or SIGTERM, leaves both as they were. (Only a failure of the binary file's own
    /// rename, after the `.info`'s, or a SIGKILL between the two, could leave a new `.info` beside
    /// an old file.)
    ///
    /// - Parameter names: one per object, each a MATLAB identifier (a letter, then letters, digits
    ///   or `_`; at most 63 characters), all different: e.g. `A`, `rhs`, `surrogate_solution`.
    /// - Throws: as ``write(_:to:afterEachObject:)``; ``ExportError/unsupported(path:reason:)``,
    ///   before anything is written, for a name that is not an identifier or is used twice;
    ///   ``ExportError/io(path:reason:)`` naming `path.info` when it cannot be written.
    public static func write(
        _ objects: [PETScObject], names: [String], to path: String,
        afterEachObject: ((_ index: Int, _ bytesWritten: Int) throws(ExportError) -> Void)? = nil
    ) throws(ExportError) {
        precondition(!objects.isEmpty, "a PETSc binary file holds at least one object")
        precondition(names.count == objects.count, "one name per object: \(names.count) names for \(objects.count) objects")
        let info = try PETScBinaryInfoFile.text(for: objects, names: names, path: path)
        try OutputTransaction.run(primary: path) { () throws(ExportError) in
            try AtomicFile.write(to: path) { (output) throws(ExportError) in
                try encode(objects, to: output, path: path, afterEachObject: afterEachObject)
            }
            do throws(FileError) { try AtomicFile.write(Array(info.utf8), to: path + ".info") } catch { throw ExportError(error) }
        }
    }

    private static func encode(
        _ objects: [PETScObject], to output: OutputFile, path: String,
        afterEachObject: ((_ index: Int, _ bytesWritten: Int) throws(ExportError) -> Void)?
    ) throws(ExportError) {
        for (index, object) in objects.enumerated() {
            let bytes = try PETScBinaryEncoder.encode(object, path: path)
            do throws(FileError) { try output.write(bytes) } catch { throw ExportError(error) }
            try afterEachObject?(index, output.bytesWritten)
        }
    }

    /// Writes a file holding only `matrix` (`MatLoad` reads it).
    public static func write(matrix: SparseMatrix, to path: String) throws(ExportError) {
        try write([.matrix(matrix)], to: path)
    }

    /// Writes a file holding only the dense `matrix` (`MatLoad` into a dense Mat reads it).
    public static func write(denseMatrix matrix: DenseMatrix, to path: String) throws(ExportError) {
        try write([.denseMatrix(matrix)], to: path)
    }

    /// Writes a file holding only `vector` (`VecLoad` reads it).
    public static func write(vector: [Double], to path: String) throws(ExportError) {
        try write([.vector(vector)], to: path)
    }

    /// Reads every object in the file at `path`, in order. The whole file is validated: known
    /// class ids, non-negative sizes, row lengths summing to the nonzero count, columns in
    /// range and strictly increasing in each row, a dense Mat's M·N within PETSc's 32-bit
    /// count and the file's length (checked before allocating), finite values, no truncated array. Objects
    /// may follow one another in any number; a `.info` file next to it is ignored.
    /// - Throws: ``ExportError/invalidPETScBinary(path:offset:reason:)`` with the byte offset
    ///   of the first problem and what was expected there; ``ExportError/io(path:reason:)``
    ///   when the file cannot be read.
    public static func read(from path: String) throws(ExportError) -> [PETScObject] {
        let bytes: [UInt8]
        do throws(FileError) { bytes = try InputFile(opening: path).readAll() } catch { throw ExportError(error) }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ExportError) in
                var decoder = PETScBinaryDecoder(bytes: raw, path: path)
                return try decoder.decodeAll()
            }
        }
        return try result.get()
    }

    /// Reads a file that holds exactly one object, a sparse (AIJ) matrix.
    /// - Throws: as ``read(from:)``, and ``ExportError/invalidPETScBinary(path:offset:reason:)``
    ///   when the file holds something else, more than the matrix, or a dense matrix.
    public static func readMatrix(from path: String) throws(ExportError) -> SparseMatrix {
        let object = try single(.matrix, in: read(from: path), path: path)
        guard let matrix = object.matrix else {
            throw .invalidPETScBinary(
                path: path, offset: 12,
                reason: "the Mat is dense (nonzero count -1); read it with PETScBinaryFile.readDenseMatrix(from:)")
        }
        return matrix
    }

    /// Reads a file that holds exactly one object, a dense matrix (nonzero count −1).
    /// - Throws: as ``read(from:)``, and ``ExportError/invalidPETScBinary(path:offset:reason:)``
    ///   when the file holds something else, more than the matrix, or a sparse (AIJ) matrix.
    public static func readDenseMatrix(from path: String) throws(ExportError) -> DenseMatrix {
        let object = try single(.matrix, in: read(from: path), path: path)
        guard let matrix = object.denseMatrix else {
            throw .invalidPETScBinary(
                path: path, offset: 12,
                reason: "the Mat is sparse (AIJ, nonzero count \(object.matrix!.nonzeroCount)); "
                    + "read it with PETScBinaryFile.readMatrix(from:)")
        }
        return matrix
    }

    /// Reads a file that holds exactly one object, a vector.
    /// - Throws: as ``readMatrix(from:)``.
    public static func readVector(from path: String) throws(ExportError) -> [Double] {
        try single(.vector, in: read(from: path), path: path).vector!
    }

    private static func single(_ kind: PETScClassID, in objects: [PETScObject], path: String) throws(ExportError) -> PETScObject {
        let kinds = objects.map(\.classID.petscName).joined(separator: ", ")
        guard objects.count == 1, objects[0].classID == kind else {
            throw .invalidPETScBinary(
                path: path, offset: 0,
                reason: "expected one \(kind.petscName), the file holds \(objects.count) objects (\(kinds)); "
                    + "read them all with PETScBinaryFile.read(from:)")
        }
        return objects[0]
    }
}
