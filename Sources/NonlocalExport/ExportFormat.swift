// ExportFormat: the three matrix file formats, chosen from a file extension or by name.

/// MatrixMarket (`.mtx`), NetCDF-4 (`.nc`: sparse in the ESMF/SCRIP weight layout, dense as
/// a 2-D variable), PETSc binary (`.petsc`: AIJ or dense Mats).
public enum ExportFormat: String, Sendable, CaseIterable {
    case matrixMarket = "mtx"
    case netCDF = "nc"
    case petsc

    /// The format a path's extension names (`.mtx`, `.nc`, `.petsc` or `.bin`), or nil.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "mtx": self = .matrixMarket
        case "nc", "nc4": self = .netCDF
        case "petsc", "bin": self = .petsc
        default: return nil
        }
    }
}

extension ExportFormat {
    /// `explicit` when given, else the format `path`'s extension names.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` when neither says.
    public static func resolve(_ explicit: ExportFormat?, path: String) throws(ExportError) -> ExportFormat {
        if let explicit { return explicit }
        guard let format = ExportFormat(path: path) else {
            throw .unsupported(path: path, reason: "cannot tell the format from the name; use a .mtx, .nc or .petsc name or --format mtx|nc|petsc")
        }
        return format
    }
}

/// `stem.suffix.extension` next to `path` (e.g. op.mtx → op.rhs.mtx): where exports put
/// their side files (vectors, factors).
public func sidePath(_ path: String, _ suffix: String) -> String {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    let folder = String(path.dropLast(name.count))
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path + "." + suffix }
    return folder + name[..<dot] + "." + suffix + name[dot...]
}
