// DataError: problems with generator parameters or dataset files, each one line naming the fix.

/// Problems with generator parameters or dataset files.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside its valid range: its name, the value, and what is allowed.
    case invalidParameter(name: String, value: String, allowed: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let allowed): "\(name) = \(value) is invalid; \(allowed)"
        }
    }
}
