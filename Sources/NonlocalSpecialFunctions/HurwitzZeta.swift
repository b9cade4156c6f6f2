// HurwitzZeta: ζ(σ, a) = Σ_{k≥0} (k + a)^{−σ} continued to all real σ ≠ 1, for the boundary correction of quadratures.
import Foundation

/// The Hurwitz zeta function `ζ(σ, a) = Σ_{k≥0} (k + a)^{−σ}` (σ > 1), analytically continued to
/// every real σ ≠ 1, for `a > 0`; `ζ(σ, 1)` is Riemann's ζ(σ).
///
/// It gives the error of the one-point rule at an end where the integrand vanishes like a power
/// (Navot 1961, generalized Euler–Maclaurin): with nodes `(θ + k)h`, k ≥ 0,
/// `h Σ_k F((θ + k)h) − ∫₀ F = ζ(−s, θ) g(0) h^{1+s} + O(h^{2+s})` for `F(t) = t^s g(t)`, g smooth, 0 < θ ≤ 1.
///
/// Evaluated by Euler–Maclaurin summation after `N = 10` terms,
/// `ζ(σ, a) = Σ_{k<N} (k + a)^{−σ} + (N + a)^{1−σ}/(σ − 1) + (N + a)^{−σ}/2 + Σ_{j=1}^{8} B_{2j}/(2j)! (σ)_{2j−1} (N + a)^{1−σ−2j}`,
/// whose remainder is below 1e-15 relative to the terms for |σ| ≤ 2; the cancellation of the
/// terms costs up to 3 digits when σ < 0 (accurate to about 1e-13 there).
public struct HurwitzZeta: Sendable, Hashable {
    /// σ, the exponent; σ ≠ 1.
    public let exponent: Double

    /// B_2, B_4, …, B_16 divided by (2j)!.
    private static let scaledBernoulli: [Double] = [
        1.0 / 6 / 2, -1.0 / 30 / 24, 1.0 / 42 / 720, -1.0 / 30 / 40_320, 5.0 / 66 / 3_628_800,
        -691.0 / 2730 / 479_001_600, 7.0 / 6 / 87_178_291_200, -3617.0 / 510 / 20_922_789_888_000,
    ]

    /// - Precondition: σ ≠ 1 (the pole) and |σ| ≤ 2 (the range where N = 10 is enough).
    public init(exponent sigma: Double) {
        precondition(sigma != 1 && abs(sigma) <= 2, "HurwitzZeta needs σ ≠ 1 and |σ| ≤ 2, got σ = \(sigma)")
        exponent = sigma
    }

    /// ζ(σ, a) for a > 0.
    public func callAsFunction(_ a: Double) -> Double {
        precondition(a > 0 && a.isFinite, "HurwitzZeta needs a > 0, got a = \(a)")
        let sigma = exponent
        let terms = 10
        var sum = 0.0
        for k in 0..<terms { sum += pow(Double(k) + a, -sigma) }
        let tail = Double(terms) + a
        let integral: Double = pow(tail, 1 - sigma) / (sigma - 1)
        sum += integral + pow(tail, -sigma) / 2
        var rising = sigma  // (σ)_{2j−1}
        var power: Double = pow(tail, -sigma - 1)  // (N + a)^{1−σ−2j}
        for (j, coefficient) in Self.scaledBernoulli.enumerated() {
            sum += coefficient * rising * power
            rising *= (sigma + Double(2 * j + 1)) * (sigma + Double(2 * j + 2))
            power /= tail * tail
        }
        return sum
    }
}
