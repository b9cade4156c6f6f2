// FractionalBernsteinKernel: the paper's §8 variant of eq. (3.11), singular like r^{-α} at the origin.
import Foundation

/// `K(r) = Σ_{m=0}^{M} C_m B_{m,M}(r/δ) / r^α` on `0 < r ≤ δ`, zero beyond (paper §8: eq. 3.11
/// with each `δ^{d+2}` replaced by `r^α`, to mimic the fractional kernel (8.2), `α = d + 2s`).
///
/// The paper learns C ≥ 0 and α ≥ 0 (stage 1 only); the type requires α ≥ 0 and finite C of
/// any sign. K is integrable against r² (so L_K is defined on smooth u) for α < d + 2.
public struct FractionalBernsteinKernel: RadialKernel, Hashable {
    /// C, M + 1 entries.
    public let coefficients: [Double]
    /// α ≥ 0, the power of 1/r.
    public let exponent: Double
    public let horizon: Double
    public let dimension: Int

    /// M, the degree of the expansion.
    public var order: Int { coefficients.count - 1 }
    /// The Bernstein basis of order M.
    public var basis: BernsteinBasis { BernsteinBasis(order: order) }

    /// The kernel for arguments the program chose.
    /// - Precondition: the conditions under which ``init(validating:exponent:horizon:dimension:)`` does not throw.
    public init(coefficients: [Double], exponent: Double, horizon: Double, dimension: Int) {
        self = KernelError.trapping {
            try FractionalBernsteinKernel(validating: coefficients, exponent: exponent, horizon: horizon, dimension: dimension)
        }
    }

    /// The kernel with parameters from the user: throws unless d ∈ {1, 2}, δ > 0 is finite,
    /// C is nonempty and finite, and α ≥ 0 is finite.
    public init(validating coefficients: [Double], exponent: Double, horizon: Double, dimension: Int)
        throws(KernelError)
    {
        try KernelError.check(horizon: horizon, dimension: dimension)
        try KernelError.check(coefficients: coefficients)
        guard exponent >= 0, exponent.isFinite else { throw .invalidExponent(exponent) }
        self.coefficients = coefficients
        self.exponent = exponent
        self.horizon = horizon
        self.dimension = dimension
    }

    /// The basis kernel `B_{m,M}(r/δ) / r^α` (C = e_m): one regression feature for fixed α.
    /// - Precondition: 0 ≤ m ≤ M, α ≥ 0 finite, δ > 0 finite, d ∈ {1, 2}.
    public static func basisFunction(_ m: Int, order: Int, exponent: Double, horizon: Double, dimension: Int)
        -> FractionalBernsteinKernel
    {
        precondition(order >= 0 && (0...order).contains(m), "need 0 ≤ m ≤ M")
        let unit = (0...order).map { $0 == m ? 1.0 : 0 }
        return FractionalBernsteinKernel(coefficients: unit, exponent: exponent, horizon: horizon, dimension: dimension)
    }

    /// K(r) for 0 < r ≤ δ (infinite at r = 0 when α > 0); 0 for r > δ.
    public func callAsFunction(_ r: Double) -> Double {
        r <= horizon ? basis.evaluate(coefficients, at: r / horizon) / pow(r, exponent) : 0
    }
}
