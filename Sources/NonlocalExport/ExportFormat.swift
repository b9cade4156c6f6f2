// ExportFormat: the three matrix file formats, chosen from a file extension or by name.

/// MatrixMarket (`.mtx`), NetCDF-4 (`.nc`: sparse in the ESMF/SCRIP weight layout, dense as
/// a 2-D variable), PETSc binary (`.petsc`: AIJ or dense Mats).
public enum ExportFormat: String, Sendable, CaseIterable {
    case matrixMarket = "mtx"
    case netCDF = "nc"
    case petsc

    /// The extensions that name the format (without the dot).
    public var extensions: [String] {
        switch self {
        case .matrixMarket: ["mtx"]
        case .netCDF: ["nc", "nc4"]
        case .petsc: ["petsc", "bin"]
        }
    }

    /// The format a path's extension names (`.mtx`, `.nc`, `.nc4`, `.petsc` or `.bin`), or nil.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { return nil }
        let given = name[name.index(after: dot)...].lowercased()
        guard let format = Self.allCases.first(where: { $0.extensions.contains(given) }) else { return nil }
        self = format
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
