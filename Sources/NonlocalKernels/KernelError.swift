// KernelError: what is wrong with kernel parameters that came from the user (flags, JSON files).

/// Invalid kernel parameters, thrown by the validating initializers. Each case carries the
/// offending value or index, and its description is one line that says how to fix it.
public enum KernelError: Error, Equatable, CustomStringConvertible {
    /// The fractional order s is not in the open interval (0, 1) (NaN included).
    case fractionalOrderOutOfRange(Double)
    /// The horizon δ is not a positive finite number.
    case nonPositiveHorizon(Double)
    /// The dimension d is not 1 or 2.
    case unsupportedDimension(Int)
    /// No Bernstein coefficients were given (order M ≥ 0 needs M + 1 of them).
    case noCoefficients
    /// C and D must both have M + 1 entries.
    case coefficientCountMismatch(nonnegative: Int, signChanging: Int)
    /// `C[index]` is NaN or infinite.
    case nonFiniteCoefficient(index: Int)
    /// `D[index]` is NaN or infinite.
    case nonFiniteSignChangingCoefficient(index: Int)
    /// `C[index]` of a ``BernsteinKernel`` is negative; its nonnegative part needs C ≥ 0.
    case negativeCoefficient(index: Int, value: Double)
    /// The singularity exponent α of a ``FractionalBernsteinKernel`` is negative or not finite.
    case invalidExponent(Double)
    /// A ``LatticeQuadrature`` the kernel cannot be discretized with, and why.
    case unsupportedQuadrature(String, reason: String)
    /// A kernel model file that cannot be used; the reason names the key or value.
    case invalidModel(path: String, reason: String)

    public var description: String {
        switch self {
        case .fractionalOrderOutOfRange(let s):
            "fractional order s = \(s) is outside (0, 1); pick s in (0, 1)"
        case .nonPositiveHorizon(let delta):
            "horizon δ = \(delta) is not a positive finite number; pick δ > 0"
        case .unsupportedDimension(let d):
            "dimension d = \(d) is not supported; use d = 1 or d = 2"
        case .noCoefficients:
            "the kernel has no Bernstein coefficients; give M + 1 ≥ 1 of them"
        case .coefficientCountMismatch(let c, let d):
            "C has \(c) coefficients but D has \(d); give both the same M + 1 entries"
        case .nonFiniteCoefficient(let i):
            "coefficient C[\(i)] is NaN or infinite; fix the kernel model"
        case .nonFiniteSignChangingCoefficient(let i):
            "coefficient D[\(i)] is NaN or infinite; fix the kernel model"
        case .negativeCoefficient(let i, let value):
            "coefficient C[\(i)] = \(value) is negative; C must be ≥ 0, put sign-changing terms in D"
        case .invalidExponent(let alpha):
            "singularity exponent α = \(alpha) is not a finite number ≥ 0; pick α ≥ 0"
        case .unsupportedQuadrature(let name, let reason):
            "the \(name) quadrature does not apply: \(reason)"
        case .invalidModel(let path, let reason):
            "\(path): not a usable kernel model: \(reason)"
        }
    }
}

extension KernelError {
    /// Throws unless δ is positive and finite and d ∈ {1, 2}.
    static func check(horizon: Double, dimension: Int) throws(KernelError) {
        guard dimension == 1 || dimension == 2 else { throw .unsupportedDimension(dimension) }
        guard horizon > 0, horizon.isFinite else { throw .nonPositiveHorizon(horizon) }
    }

    /// Throws unless there is at least one coefficient and all are finite.
    static func check(coefficients: [Double]) throws(KernelError) {
        guard !coefficients.isEmpty else { throw .noCoefficients }
        if let i = coefficients.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteCoefficient(index: i) }
    }

    /// The value of a validating initializer, for the non-throwing initializers whose arguments
    /// are the programmer's responsibility: an invalid argument traps with the error's message.
    static func trapping<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { preconditionFailure("\(error)") }
    }
}
