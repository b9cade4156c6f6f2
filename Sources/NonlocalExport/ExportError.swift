// ExportError: a matrix file that cannot be read or written, with the line (or byte offset) and the reason.
import NonlocalFiles

/// Problems reading or writing exported matrix files. Every case names the file and what is
/// wrong, in one line, so the command can print it as it is.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// A MatrixMarket file breaks the format at `line` (1-based).
    case invalidMatrixMarket(path: String, line: Int, reason: String)
    /// A PETSc binary file breaks the format at byte `offset`.
    case invalidPETScBinary(path: String, offset: Int, reason: String)
    /// A NetCDF matrix file does not have the ESMF/SCRIP weight layout, or holds no readable
    /// dense matrix (the reason names the variable, and the entry when one is at fault).
    case invalidNetCDF(path: String, reason: String)
    /// The matrix cannot be stored in this format (e.g. more than 2³¹ − 1 entries for PETSc's 32-bit indices).
    case unsupported(path: String, reason: String)
    /// The operating system refused to read or write the file.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidMatrixMarket(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .invalidPETScBinary(let path, let offset, let reason): "\(path): byte \(offset): \(reason)"
        case .invalidNetCDF(let path, let reason): "\(path): \(reason)"
        case .unsupported(let path, let reason): "\(path): \(reason)"
        case .io(let path, let reason): "\(path): \(reason)"
        }
    }
}

extension ExportError: FileErrorRepresentable {
    /// A file-system failure as ``io(path:reason:)``: the file the user asked for, and what the
    /// system refused ("cannot open the file: No such file or directory").
    public init(_ error: FileError) { self = .io(path: error.path, reason: error.problem) }
}
