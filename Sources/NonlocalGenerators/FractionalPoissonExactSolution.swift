// FractionalPoissonExactSolution: Dyda–Kuznetsov–Kwaśnicki's polynomial solutions of (−Δ)^s u = f on the unit ball.
import Foundation
import NonlocalSpecialFunctions

/// An exact pair of the fractional Poisson problem on the unit ball B₁ ⊂ R^d, `u = 0` outside
/// (Dyda, Kuznetsov and Kwaśnicki, "Fractional Laplace operator and Meijer G-function", Constr.
/// Approx. 45 (2017), with α = 2s and the radial harmonic V = 1):
///
/// `u(x) = (1 − |x|²)^s P_n^{(s, d/2−1)}(2|x|² − 1)`,  `f = (−Δ)^s u = λ_n P_n^{(s, d/2−1)}(2|x|² − 1)` in B₁,
/// `λ_n = 4^s Γ(d/2 + s + n) Γ(1 + s + n) / (n! Γ(d/2 + n))`.
///
/// The fractional Laplacian is normalized by `C_{d,s}` (symbol `|ξ|^{2s}`). Degree 0 is the
/// constant-forcing solution scaled by λ₀ (see ``FractionalPoissonSolver/constantForcingSolution(order:dimension:at:)``);
/// higher degrees have non-constant, smooth forcings and solutions with the boundary behaviour
/// `(1 − |x|²)^s` of every solution — the pairs that test a solver beyond f = 1.
public struct FractionalPoissonExactSolution: Sendable, Hashable {
    /// s ∈ (0, 1).
    public let order: Double
    /// d ≥ 1.
    public let dimension: Int
    /// `P_n^{(s, d/2−1)}`.
    public let polynomial: JacobiPolynomial
    /// λ_n, the factor between f and the polynomial part of u.
    public let forcingScale: Double

    /// - Precondition: 0 < s < 1, d ≥ 1, n ≥ 0.
    public init(order s: Double, dimension d: Int, degree n: Int) {
        precondition(s > 0 && s < 1, "the fractional order must lie in (0, 1)")
        precondition(d >= 1 && n >= 0, "the dimension must be ≥ 1 and the degree ≥ 0")
        order = s
        dimension = d
        let halfD = Double(d) / 2, degree = Double(n)
        polynomial = JacobiPolynomial(degree: n, alpha: s, beta: halfD - 1)
        // Through lgamma: the factorial and Γ's overflow long before λ_n does.
        let numerator: Double = lgamma(halfD + s + degree) + lgamma(1 + s + degree)
        let denominator: Double = lgamma(degree + 1) + lgamma(halfD + degree)
        forcingScale = pow(4, s) * exp(numerator - denominator)
    }

    /// The degree n.
    public var degree: Int { polynomial.degree }

    /// u(x) for |x| < 1 (0 for |x| ≥ 1). In 1D, x = SIMD2(x, 0).
    public func solution(at x: SIMD2<Double>) -> Double {
        let radiusSquared = (x * x).sum()
        guard radiusSquared < 1 else { return 0 }
        return pow(1 - radiusSquared, order) * polynomial(2 * radiusSquared - 1)
    }

    /// f(x) = (−Δ)^s u (x) for |x| < 1.
    public func forcing(at x: SIMD2<Double>) -> Double {
        forcingScale * polynomial(2 * (x * x).sum() - 1)
    }
}
