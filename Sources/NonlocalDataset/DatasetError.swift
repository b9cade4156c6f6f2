// DatasetError: a dataset file that cannot be read or written, each problem in one line naming the fix.
import NonlocalFiles

/// Problems with a dataset file.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// The file cannot be opened or is not NetCDF.
    case unreadable(path: String, reason: String)
    case missingVariable(path: String, name: String)
    case missingAttribute(path: String, name: String)
    /// A variable has the wrong dimensions or length.
    case shapeMismatch(path: String, variable: String, expected: String, found: String)
    /// u, f, u_layer or a coordinate stores values that are neither double nor float; `found` names the type.
    case unsupportedType(path: String, variable: String, found: String)
    case nonFinite(path: String, variable: String, sample: Int, point: Int)
    /// A coordinate variable (`x`, `y`, `x_layer`, `y_layer`) holds NaN or ±∞ at `index` (0-based).
    case nonFiniteCoordinate(path: String, variable: String, index: Int, value: Double)
    case emptyMask(path: String)
    case invalidMask(path: String, point: Int, value: Int)
    /// The coordinates or attributes do not describe the grid named by the `grid` attribute.
    case gridMismatch(path: String, reason: String)
    /// Writing failed; the reason names the library or file system problem.
    case unwritable(path: String, reason: String)
    /// The sizes the file declares (its grid, its sample dimension) need more memory than is available.
    case tooLarge(path: String, MemoryShortfall)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read dataset: \(reason)"
        case .missingVariable(let path, let name):
            "\(path): variable '\(name)' is missing; a dataset needs u(sample, point), f(sample, point), x(point) and mask(point)"
        case .missingAttribute(let path, let name): "\(path): global attribute '\(name)' is missing"
        case .shapeMismatch(let path, let variable, let expected, let found):
            "\(path): '\(variable)' has shape \(found), expected \(expected)"
        case .unsupportedType(let path, let variable, let found):
            "\(path): '\(variable)' holds \(found) values; a dataset needs double or float values (NumPy float64 or float32)"
        case .nonFinite(let path, let variable, let sample, let point):
            "\(path): \(variable) is NaN or infinite at sample \(sample), point \(point); fix or drop that sample"
        case .nonFiniteCoordinate(let path, let variable, let index, let value):
            "\(path): coordinate \(variable)[\(index)] is \(value) (NaN or infinite); positions must be the grid's points, fix that entry"
        case .emptyMask(let path): "\(path): mask selects no evaluation points; set mask = 1 on the points of X"
        case .invalidMask(let path, let point, let value): "\(path): mask is \(value) at point \(point); use 0 or 1"
        case .gridMismatch(let path, let reason): "\(path): \(reason)"
        case .unwritable(let path, let reason): "\(path): cannot write dataset: \(reason)"
        case .tooLarge(let path, let shortfall):
            "\(path): \(shortfall); check the file's grid attribute and dimensions, or use a machine with more memory"
        }
    }
}

extension DatasetError: FileErrorRepresentable {
    /// A file-system failure while writing, as ``unwritable(path:reason:)``.
    public init(_ error: FileError) { self = .unwritable(path: error.path, reason: error.problem) }
}
