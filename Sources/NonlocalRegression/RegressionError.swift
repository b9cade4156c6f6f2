// RegressionError: what stops a regression, in one line that says how to fix it.
import NonlocalAssembly

/// Problems with the regression's input or outcome. Each description is one line naming the
/// value and the fix.
public enum RegressionError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside its valid range: its name, the value, and what is allowed.
    case invalidParameter(name: String, value: String, allowed: String)
    /// The dataset's grid cannot be built, or the horizon does not fit it (δ < h, or δ beyond
    /// the layer Ω_I on which the dataset holds u).
    case grid(GridError)
    /// The dataset's grid is not the one the caller asked for.
    case gridMismatch(dataset: String, requested: String)
    /// The data or a loss became NaN or infinite.
    case nonFinite(what: String)
    /// The learned operator's smallest eigenvalue is not positive.
    case notCoercive(lambdaMin: Double, grid: String)
    /// A solver, the eigensolver or the certificate failed; the reason names it.
    case solverFailed(stage: String, reason: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let allowed): "\(name) = \(value) is invalid; \(allowed)"
        case .grid(let error): "on the dataset's grid: \(error)"
        case .gridMismatch(let dataset, let requested):
            "the dataset's grid is \(dataset) but \(requested) was requested; pass the dataset's grid or regenerate the data"
        case .nonFinite(let what): "\(what) is NaN or infinite; check the data for overflow"
        case .notCoercive(let lambda, let grid):
            "the learned operator is not coercive on \(grid) (λ_min = \(lambda)); learn with a smaller δ or M, or pass --allow-non-coercive to write it marked as such"
        case .solverFailed(let stage, let reason): "\(stage) failed: \(reason)"
        }
    }
}
