// NetCDFError: what went wrong reading or writing a netCDF file, with the facts to act on.
import Glibc

/// Errors the data or the file system can cause; each names the file and the object.
///
/// Attribute names are written as in CDL (`ncdump` output): `row:start_index` for an
/// attribute of variable `row`, `:title` for a global attribute.
public enum NetCDFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// netCDF-C returned status `code`; `message` is its `nc_strerror` text.
    case library(code: Int32, message: String, operation: String, path: String)
    /// The file has no dimension called `name`.
    case missingDimension(name: String, path: String)
    /// The file has no variable called `name`.
    case missingVariable(name: String, path: String)
    /// The file has no attribute called `name` (CDL form).
    case missingAttribute(name: String, path: String)
    /// The variable or attribute `name` stores `found` values where `expected` ones were asked for.
    case typeMismatch(name: String, expected: NetCDFType, found: NetCDFType, path: String)
    /// The variable or attribute `name` has a netCDF type (by its `nc_type` code) this module does not model.
    case unsupportedType(name: String, code: Int32, path: String)
    /// The attribute `name` holds `count` values where exactly one was asked for.
    case notScalar(name: String, count: Int, path: String)
    /// Reading the file killed the child process that read it first with signal `signal`:
    /// netCDF-C or HDF5 crashed on its bytes (see ``NetCDFFile/open(path:)``).
    case corrupt(signal: Int32, path: String)
    /// The child process that read the file first did not finish within `seconds`: netCDF-C or
    /// HDF5 looped on its bytes (see ``NetCDFFile/open(path:)``).
    case unfinished(seconds: Double, path: String)
    /// No child process could be started (or waited for) to read the file first; `errno` says why.
    case probeFailed(errno: Int32, path: String)

    public var description: String { "\(path): \(reason)" }

    /// The file the error is about.
    public var path: String {
        switch self {
        case .library(_, _, _, let path), .missingDimension(_, let path), .missingVariable(_, let path),
            .missingAttribute(_, let path), .typeMismatch(_, _, _, let path), .unsupportedType(_, _, let path),
            .notScalar(_, _, let path), .corrupt(_, let path), .unfinished(_, let path), .probeFailed(_, let path):
            path
        }
    }

    /// What is wrong, without the path: for messages that name the file already.
    public var reason: String {
        switch self {
        case .library(let code, let message, let operation, _):
            "\(operation) failed: \(message) (netCDF status \(code))"
        case .missingDimension(let name, _):
            "no dimension named '\(name)'"
        case .missingVariable(let name, _):
            "no variable named '\(name)'"
        case .missingAttribute(let name, _):
            "no attribute named '\(name)'"
        case .typeMismatch(let name, let expected, let found, _):
            "'\(name)' holds \(found) values, but \(expected) values were requested"
        case .unsupportedType(let name, let code, _):
            "'\(name)' has netCDF type code \(code), which NonlocalNetCDF does not read"
        case .notScalar(let name, let count, _):
            "attribute '\(name)' holds \(count) values, but a single value was requested"
        case .corrupt(let signal, _):
            "not a readable netCDF file: netCDF-C/HDF5 crashed reading it (signal \(signal)); the file is corrupt"
        case .unfinished(let seconds, _):
            "not a readable netCDF file: netCDF-C/HDF5 did not finish reading it in "
                + "\(seconds >= 1 ? "\(Int(seconds.rounded()))" : "\((seconds * 100).rounded() / 100)") s (a corrupt file "
                + "can make it loop; on a slow file system, raise the limit with NONLOCAL_NETCDF_PROBE_SECONDS)"
        case .probeFailed(let errno, _):
            "cannot start a process to check the file before reading it: \(String(cString: strerror(errno))); "
                + "free memory or processes and retry"
        }
    }
}
