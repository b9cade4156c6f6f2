// FractionalGreenFunction: Blumenthal–Getoor–Ray's Green's function of (−Δ)^s on the unit ball B₁ ⊂ R^d.
import Foundation
import NonlocalSpecialFunctions

/// The Green's function of `(−Δ)^s` on the unit ball with `u = 0` outside (DESIGN.md, "Mathematical
/// conventions"; Blumenthal, Getoor and Ray 1961; Bucur 2016):
///
/// `G(x, y) = κ_{d,s} |x − y|^{2s−d} ∫₀^{r₀} t^{s−1} (t + 1)^{−d/2} dt`,
/// `r₀ = (1 − |x|²)(1 − |y|²) / |x − y|²`, `κ_{d,s} = Γ(d/2) / (4^s π^{d/2} Γ(s)²)`,
///
/// so that `u(x) = ∫_{B₁} G(x, y) f(y) dy` solves `(−Δ)^s u = f` in B₁, `u = 0` outside, with the
/// fractional Laplacian normalized by `C_{d,s}` (symbol `|ξ|^{2s}`). G is symmetric and positive for
/// x ≠ y in B₁; near the diagonal it behaves like `|x − y|^{2s−d}` (2s < d), `log(1/|x − y|)` (2s = d = 1),
/// or stays bounded (2s > d = 1). It vanishes like `(1 − |y|²)^s` at the boundary.
///
/// The radial integral is `B(τ; s, d/2 − s)` with `τ = r₀/(1 + r₀)`, see ``IncompleteBeta``. Both τ and
/// `1 − τ` come from one division each: with `D = |x − y|²` and `P = (1 − |x|²)(1 − |y|²)`,
/// `τ = P/(D + P)` and `1 − τ = D/(D + P)`, so points near the diagonal or the boundary lose nothing.
public struct FractionalGreenFunction: Sendable, Equatable {
    /// s ∈ (0, 1), the fractional order.
    public let order: Double
    /// d ∈ {1, 2}. In 1D points are `SIMD2(x, 0)`.
    public let dimension: Int
    /// `κ_{d,s} = Γ(d/2) / (4^s π^{d/2} Γ(s)²)`.
    public let constant: Double
    /// `B(·; s, d/2 − s)`.
    public let incompleteBeta: IncompleteBeta

    /// Throws unless s ∈ (0, 1) and d ∈ {1, 2}: both typically come from the command line.
    public init(order s: Double, dimension d: Int) throws(GeneratorError) {
        guard s > 0, s < 1 else {
            throw .invalidParameter(name: "s", value: "\(s)", allowed: "the fractional order must lie in (0, 1)")
        }
        guard d == 1 || d == 2 else {
            throw .invalidParameter(name: "dimension", value: "\(d)", allowed: "the fractional solver supports d = 1 or 2")
        }
        order = s
        dimension = d
        let halfD = Double(d) / 2
        constant = tgamma(halfD) / (pow(4, s) * pow(Double.pi, halfD) * tgamma(s) * tgamma(s))
        incompleteBeta = IncompleteBeta(a: s, b: halfD - s)
    }

    /// `∫₀^{r₀} t^{s−1} (1 + t)^{−d/2} dt` for `0 ≤ r₀ < ∞`, to a few ulps relative.
    public func radialIntegral(_ r0: Double) -> Double {
        precondition(r0 >= 0 && r0 < .infinity, "the radial integral needs 0 ≤ r₀ < ∞, got \(r0)")
        return incompleteBeta(r0 / (1 + r0), complement: 1 / (1 + r0))
    }

    /// G(x, y) for x ≠ y in the open unit ball; 0 when either point is on or outside the sphere.
    /// - Precondition: x ≠ y.
    @inline(__always)
    public func callAsFunction(_ x: SIMD2<Double>, _ y: SIMD2<Double>) -> Double {
        let difference = x - y
        let distanceSquared = (difference * difference).sum()
        precondition(distanceSquared > 0, "G(x, y) is singular at x = y")
        let product = Swift.max(0, 1 - (x * x).sum()) * Swift.max(0, 1 - (y * y).sum())
        let sum = distanceSquared + product
        let radial = incompleteBeta(product / sum, complement: distanceSquared / sum)
        return constant * pow(distanceSquared, order - Double(dimension) / 2) * radial
    }
}
