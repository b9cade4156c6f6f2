// MatrixMarketFile+Read: reads any real, integer or pattern MatrixMarket file into a full sparse matrix.
import Foundation
import NonlocalFiles
import NonlocalLinearAlgebra

extension MatrixMarketFile {
    /// Reads a MatrixMarket file.
    ///
    /// Accepted: formats coordinate and array; fields real, integer and pattern (every listed
    /// entry 1); symmetries general, symmetric and skew-symmetric (expanded to the full matrix,
    /// see ``MatrixMarketContent/matrix``); banner words in any case; comment and blank lines
    /// anywhere after the banner; CRLF line ends; spaces and tabs around and between tokens;
    /// entries in any order and repeated (summed); exponents `1E+05` and Fortran's `1.5D0`.
    ///
    /// The file is mapped into memory (``FileContents``; pipes and empty files are read) and
    /// parsed as bytes: indices by hand, values correctly rounded by Clinger's exact fast
    /// path, the Eisel–Lemire algorithm, or (in the rare cases neither decides) glibc's
    /// `strtod`; large files are parsed on every core.
    ///
    /// - Throws: ``ExportError/invalidMatrixMarket(path:line:reason:)`` at the first problem,
    ///   with its 1-based line: a missing, misplaced or malformed banner; complex or hermitian
    ///   (not supported); a missing or malformed size line; a symmetric header on a non-square
    ///   size; an index outside `1…size`; a missing, extra or non-numeric token; a NaN or
    ///   infinite value; a non-integer under the integer field; an entry above the diagonal
    ///   under symmetry (or on it under skew-symmetry); fewer or more entries than declared
    ///   (fewer is reported at the file's last line). ``ExportError/io(path:reason:)`` when the
    ///   file cannot be read.
    public static func read(from path: String) throws(ExportError) -> MatrixMarketContent {
        let contents: FileContents
        do throws(FileError) { contents = try FileContents(of: path) } catch { throw ExportError(error) }
        return try contents.withUnsafeBytes { (bytes) throws(ExportError) -> MatrixMarketContent in
            let text = MatrixMarketText(path: path, start: bytes.baseAddress!, end: bytes.baseAddress! + bytes.count)
            let parse = try MatrixMarketHeader.parse(text)
            switch parse.header.format {
            case .coordinate:
                try checkRowsFitInMemory(parse.header, path: path)
                let entries = try MatrixMarketCoordinateParser.parse(text, parse)
                return MatrixMarketContent(
                    header: parse.header, comments: parse.comments + entries.comments,
                    body: .sparse(MatrixMarketAssembly.coordinate(parse.header, entries)), sizeLine: parse.sizeLine)
            case .array:
                let (values, comments) = try MatrixMarketArrayParser.parse(text, parse)
                return MatrixMarketContent(
                    header: parse.header, comments: parse.comments + comments,
                    body: .dense(MatrixMarketAssembly.dense(parse.header, values)), sizeLine: parse.sizeLine)
            }
        }
    }

    /// A coordinate file's size line can declare more rows or entries than memory holds while
    /// listing few; the reader needs, at its peak, 32 bytes per row (CSR pointers and the
    /// per-row counters of assembly) and 32 per listed entry (the parsed entries and the CSR
    /// arrays), 48 under symmetry (the mirrored entries), so such a file is refused before any
    /// allocation (``MemoryRequest``).
    static func checkRowsFitInMemory(_ header: MatrixMarketHeader, path: String) throws(ExportError) {
        let perEntry = header.symmetry == .general ? 32 : 48
        let bytes = MemoryRequest.sum(
            MemoryRequest.product(32, MemoryRequest.sum(header.rowCount, 1)), MemoryRequest.product(perEntry, header.entryCount))
        let request = MemoryRequest(
            "the size line's \(header.rowCount) × \(header.columnCount) sparse matrix (\(header.entryCount) entries)", bytes: bytes)
        do throws(MemoryShortfall) { try request.check() } catch {
            throw .unsupported(path: path, reason: "\(error); check the size line")
        }
    }

    /// Reads the dense matrix of an `array` file (`general`, `symmetric` or `skew-symmetric`,
    /// expanded to the full matrix), column-major as the file lists it.
    /// - Throws: what ``read(from:)`` throws, and
    ///   ``ExportError/invalidMatrixMarket(path:line:reason:)`` at line 1 for a coordinate file.
    public static func readDense(from path: String) throws(ExportError) -> DenseMatrix {
        let content = try read(from: path)
        guard let matrix = content.denseMatrix else {
            throw .invalidMatrixMarket(
                path: path, line: 1,
                reason: "expected a dense matrix (array format), found the coordinate format; "
                    + "read it with MatrixMarketFile.read(from:)")
        }
        return matrix
    }

    /// Reads a vector written by ``write(vector:to:comments:)``: an `array` file with one column.
    /// - Throws: what ``read(from:)`` throws, and
    ///   ``ExportError/invalidMatrixMarket(path:line:reason:)`` for a file that is not an
    ///   `n × 1` array (at line 1 for a coordinate file, at the size line for another shape).
    public static func readVector(from path: String) throws(ExportError) -> [Double] {
        let content = try read(from: path)
        if let vector = content.vector { return vector }
        let header = content.header
        if header.format != .array {
            throw .invalidMatrixMarket(
                path: path, line: 1,
                reason: "expected a vector (array format, one column), found the \(header.format.rawValue) format")
        }
        throw .invalidMatrixMarket(
            path: path, line: content.sizeLine,
            reason: "expected a vector (one column), found a \(header.rowCount) × \(header.columnCount) array")
    }
}
