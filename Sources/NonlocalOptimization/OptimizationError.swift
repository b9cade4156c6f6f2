// OptimizationError: why a general-purpose optimizer stopped without an answer, in one line.

/// A failure of one of the optimizers in this module. Each description is one line that names
/// the solver and what went wrong; callers add what the problem meant to them.
public enum OptimizationError: Error, Equatable, CustomStringConvertible {
    /// The problem's data (matrix, vector or bound) hold NaN or infinite values.
    case nonFiniteData(solver: String)
    /// The iteration broke down or did not reach its tolerance; the reason says how.
    case failed(solver: String, reason: String)

    public var description: String {
        switch self {
        case .nonFiniteData(let solver): "\(solver): the data hold NaN or infinite values"
        case .failed(let solver, let reason): "\(solver): \(reason)"
        }
    }
}
