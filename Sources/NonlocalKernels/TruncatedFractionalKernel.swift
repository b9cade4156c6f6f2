// TruncatedFractionalKernel: the fractional Laplacian's kernel (paper eq. 8.2) cut off at the horizon.
import Foundation

/// `K(r) = C_{d,s} / r^{d+2s}` on `0 < r ≤ δ`, zero beyond: the kernel (8.2) of `(−Δ)^s`,
/// truncated — the baseline of the paper's Table 3. With δ ≥ diam(Ω ∪ support of u) it is the
/// full fractional Laplacian for functions vanishing outside Ω.
public struct TruncatedFractionalKernel: RadialKernel, Hashable {
    /// s ∈ (0, 1), the fractional order.
    public let order: Double
    public let horizon: Double
    public let dimension: Int
    /// `C_{d,s}`, see ``normalizationConstant(dimension:order:)``.
    public let normalizationConstant: Double

    /// d + 2s, the power of 1/r.
    public var exponent: Double { Double(dimension) + 2 * order }

    /// Throws unless s ∈ (0, 1), δ > 0 is finite and d ∈ {1, 2}: s and δ typically come from the command line.
    public init(order s: Double, horizon: Double, dimension: Int) throws(KernelError) {
        try KernelError.check(horizon: horizon, dimension: dimension)
        guard s > 0, s < 1 else { throw .fractionalOrderOutOfRange(s) }
        order = s
        self.horizon = horizon
        self.dimension = dimension
        normalizationConstant = Self.normalizationConstant(dimension: dimension, order: s)
    }

    /// `C_{d,s} = 2^{2s} s Γ(s + d/2) / (π^{d/2} Γ(1 − s))`, the constant that makes
    /// `C_{d,s} P.V.∫ (u(x) − u(y)) / |x − y|^{d+2s} dy` have Fourier symbol `|ξ|^{2s}` (eq. 8.1).
    /// Examples: `C_{1,1/2} = 1/π`, `C_{2,1/2} = 1/(2π)`.
    /// - Precondition: d ≥ 1, 0 < s < 1.
    public static func normalizationConstant(dimension d: Int, order s: Double) -> Double {
        precondition(d >= 1, "the dimension must be ≥ 1")
        precondition(s > 0 && s < 1, "the fractional order must be in (0, 1)")
        let halfD = Double(d) / 2
        return pow(2, 2 * s) * s * tgamma(s + halfD) / (pow(Double.pi, halfD) * tgamma(1 - s))
    }

    /// The kernel mass the truncation drops, `∫_{|ξ|>δ} C_{d,s} |ξ|^{−d−2s} dξ = C_{d,s} ω_d δ^{−2s}/(2s)`
    /// (ω₁ = 2, ω₂ = 2π): the part of the full operator's diagonal that a truncated kernel loses,
    /// restored as a reaction term by the "truncated + tail mass" preconditioner.
    public var tailMass: Double {
        let sphere = dimension == 1 ? 2.0 : 2 * Double.pi
        return normalizationConstant * sphere * pow(horizon, -2 * order) / (2 * order)
    }

    /// K(r) for 0 < r ≤ δ (infinite at r = 0); 0 for r > δ.
    public func callAsFunction(_ r: Double) -> Double {
        r <= horizon ? normalizationConstant / pow(r, exponent) : 0
    }
}
