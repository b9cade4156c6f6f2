// NetCDFError: what went wrong reading or writing a netCDF file, with the facts to act on.

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

    public var description: String {
        switch self {
        case .library(let code, let message, let operation, let path):
            "\(path): \(operation) failed: \(message) (netCDF status \(code))"
        case .missingDimension(let name, let path):
            "\(path): no dimension named '\(name)'"
        case .missingVariable(let name, let path):
            "\(path): no variable named '\(name)'"
        case .missingAttribute(let name, let path):
            "\(path): no attribute named '\(name)'"
        case .typeMismatch(let name, let expected, let found, let path):
            "\(path): '\(name)' holds \(found) values, but \(expected) values were requested"
        case .unsupportedType(let name, let code, let path):
            "\(path): '\(name)' has netCDF type code \(code), which NonlocalNetCDF does not read"
        case .notScalar(let name, let count, let path):
            "\(path): attribute '\(name)' holds \(count) values, but a single value was requested"
        }
    }
}
