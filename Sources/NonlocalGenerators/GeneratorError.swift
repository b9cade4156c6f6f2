// GeneratorError: a generator parameter out of range, in one line naming the fix.
import NonlocalFiles

/// A high-fidelity generator's parameter outside its valid range.
public enum GeneratorError: Error, Equatable, CustomStringConvertible {
    /// The parameter's name, the value, and what is allowed.
    case invalidParameter(name: String, value: String, allowed: String)
    /// The dataset the parameters ask for needs more memory than is available.
    case insufficientMemory(MemoryShortfall)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let allowed): "\(name) = \(value) is invalid; \(allowed)"
        case .insufficientMemory(let shortfall): "\(shortfall); ask for fewer samples or points"
        }
    }
}
