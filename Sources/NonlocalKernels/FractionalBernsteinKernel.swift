// FractionalBernsteinKernel: the paper's §8 variant of eq. (3.11), singular like r^{-α} at the origin.
import Foundation
import NonlocalSpecialFunctions

/// How a kernel singular at the origin is discretized on a lattice.
public enum LatticeQuadrature: String, Codable, Sendable, CaseIterable {
    /// Silling's one-point rule, K(|ξ|)·h^d per offset (the paper's). For K ∼ r^{−α} it converges
    /// only like h^{d+2−α}, so a kernel fitted on one grid with α near d + 2 has absorbed that
    /// grid's quadrature error and changes on finer grids.
    case onePoint = "one-point"
    /// Product integration (1-D): `g(r) = 2u(x) − u(x + r) − u(x − r)` is written as r²·q(r) with
    /// q = g/r² linear between lattice radii and constant on (0, h] and beyond the last radius,
    /// and `K(r) r²` is integrated exactly against it. Exact for quadratic u, second order for
    /// smooth u at every α < 3, and the weights' second moment is the continuum's.
    case product
    /// Mass-lumped P1 Galerkin (1-D): the weights are the hat functions' stiffness under K divided by
    /// h (``galerkinWeights(count:spacing:)``), so the matrix is the finite-element matrix a P1 code
    /// such as PyNucleus assembles, with f sampled at the nodes. On solutions singular at the
    /// boundary, such as (1 − x²)^s for f = 1 with u = 0 outside, its error is a quarter of the
    /// product rule's (both first order; s = ¾: 0.09 % against 0.35 % at h = 0.01), so a model
    /// learned on one grid, whose error there may be that small, keeps it on finer ones.
    case galerkin

    /// The rule's name in sentences ("Galerkin", "product", "one-point").
    public var name: String { self == .galerkin ? "Galerkin" : rawValue }

    /// Whether the rule integrates the kernel's singularity at the origin (``product``,
    /// ``galerkin``): implemented in 1-D, for α < 3.
    public var integratesSingularity: Bool { self != .onePoint }
}

/// `K(r) = Σ_{m=0}^{M} C_m B_{m,M}(r/δ) / r^α` on `0 < r ≤ δ`, zero beyond (paper §8: eq. 3.11
/// with each `δ^{d+2}` replaced by `r^α`, to mimic the fractional kernel (8.2), `α = d + 2s`).
///
/// The paper learns C ≥ 0 and α ≥ 0 (stage 1 only); the type requires α ≥ 0 and finite C of
/// any sign. K is integrable against r² (so L_K is defined on smooth u) for α < d + 2.
/// ``quadrature`` says how the kernel is put on a lattice (``latticeWeights(radii:spacing:)``).
public struct FractionalBernsteinKernel: RadialKernel, Hashable {
    /// C, M + 1 entries.
    public let coefficients: [Double]
    /// α ≥ 0, the power of 1/r.
    public let exponent: Double
    public let horizon: Double
    public let dimension: Int
    public let quadrature: LatticeQuadrature

    /// M, the degree of the expansion.
    public var order: Int { coefficients.count - 1 }
    /// The Bernstein basis of order M.
    public var basis: BernsteinBasis { BernsteinBasis(order: order) }

    /// The kernel for arguments the program chose.
    /// - Precondition: the conditions under which ``init(validating:exponent:horizon:dimension:)`` does not throw.
    public init(
        coefficients: [Double], exponent: Double, horizon: Double, dimension: Int, quadrature: LatticeQuadrature = .onePoint
    ) {
        self = KernelError.trapping {
            try FractionalBernsteinKernel(
                validating: coefficients, exponent: exponent, horizon: horizon, dimension: dimension, quadrature: quadrature)
        }
    }

    /// The kernel with parameters from the user: throws unless d ∈ {1, 2}, δ > 0 is finite,
    /// C is nonempty and finite, and α ≥ 0 is finite; the Galerkin and product rules also need d = 1 and α < 3.
    public init(
        validating coefficients: [Double], exponent: Double, horizon: Double, dimension: Int,
        quadrature: LatticeQuadrature = .onePoint
    ) throws(KernelError) {
        try KernelError.check(horizon: horizon, dimension: dimension)
        try KernelError.check(coefficients: coefficients)
        guard exponent >= 0, exponent.isFinite else { throw .invalidExponent(exponent) }
        if quadrature.integratesSingularity {
            guard dimension == 1 else { throw .unsupportedQuadrature(quadrature.rawValue, reason: "it is implemented in 1-D only; use one-point in 2-D") }
            guard exponent < 3 else {
                throw .unsupportedQuadrature(
                    quadrature.rawValue, reason: "α = \(exponent) ≥ d + 2 = 3, where K r² is not integrable; pick α < 3")
            }
        }
        self.coefficients = coefficients
        self.exponent = exponent
        self.horizon = horizon
        self.dimension = dimension
        self.quadrature = quadrature
    }

    /// The basis kernel `B_{m,M}(r/δ) / r^α` (C = e_m): one regression feature for fixed α.
    /// - Precondition: 0 ≤ m ≤ M, α ≥ 0 finite, δ > 0 finite, d ∈ {1, 2}.
    public static func basisFunction(
        _ m: Int, order: Int, exponent: Double, horizon: Double, dimension: Int, quadrature: LatticeQuadrature = .onePoint
    ) -> FractionalBernsteinKernel {
        precondition(order >= 0 && (0...order).contains(m), "need 0 ≤ m ≤ M")
        let unit = (0...order).map { $0 == m ? 1.0 : 0 }
        return FractionalBernsteinKernel(
            coefficients: unit, exponent: exponent, horizon: horizon, dimension: dimension, quadrature: quadrature)
    }

    /// K(r) for 0 < r ≤ δ (infinite at r = 0 when α > 0); 0 for r > δ.
    public func callAsFunction(_ r: Double) -> Double {
        r <= horizon ? basis.evaluate(coefficients, at: r / horizon) / pow(r, exponent) : 0
    }

    /// The one-point weights K(r)·h^d, the ``LatticeQuadrature/galerkin`` rule's
    /// (``galerkinWeights(count:spacing:)``), or the ``LatticeQuadrature/product`` rule's: for the radii
    /// r_1 < … < r_J of a 1-D stencil,
    /// `w_j = r_j^{−2} [∫_{r_{j−1}}^{r_j} K r² φ_j dr + ∫_{r_j}^{r_{j+1}} K r² φ_j dr]` with φ_j the hat
    /// function of r_j, where (0, r_1] counts fully to r_1 and [r_J, δ] fully to r_J. The singular
    /// piece ∫_0^{r_1} r^{2−α} P(r) dr becomes (r_1^p/p) ∫_0^1 P(r_1 t^{1/p}) dt with p = 3 − α, a
    /// smooth integrand; the rest is Gauss–Legendre on each element.
    public func latticeWeights(radii: [Double], spacing h: Double) -> [Double] {
        if quadrature == .galerkin, !radii.isEmpty { return galerkinWeights(count: radii.count, spacing: h) }
        guard quadrature == .product, let first = radii.first else { return onePointWeights(radii: radii, spacing: h) }
        let rule = Self.unitRule
        let polynomial = { (r: Double) in self.basis.evaluate(self.coefficients, at: r / self.horizon) }
        let kernelTimesSquare = { (r: Double) in polynomial(r) * pow(r, 2 - self.exponent) }
        var weights = [Double](repeating: 0, count: radii.count)
        let p = 3 - exponent
        weights[0] = pow(first, p) / p * zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * polynomial(first * pow($1.0, 1 / p)) }
        for j in 1..<radii.count {
            let (a, b) = (radii[j - 1], radii[j])
            for (t, w) in zip(rule.nodes, rule.weights) {
                let value = kernelTimesSquare(a + (b - a) * t) * w * (b - a)
                weights[j - 1] += value * (1 - t)
                weights[j] += value * t
            }
        }
        if let last = radii.last, horizon > last * (1 + 1e-12) {
            weights[radii.count - 1] += zip(rule.nodes, rule.weights).reduce(0) {
                $0 + $1.1 * (horizon - last) * kernelTimesSquare(last + (horizon - last) * $1.0)
            }
        }
        return zip(weights, radii).map { $0 / ($1 * $1) }
    }

    /// 16-point Gauss–Legendre on [0, 1]. On an element away from 0 the integrand r^{2−α}P(r)φ(r) is smooth
    /// and 16 points reach rounding; on (0, r_1] the substitution leaves P(r_1 t^{1/p}), to about 1e-7 of
    /// that element's share (``LatticeQuadratureTests``).
    static let unitRule = GaussLegendreRule(from: 0, to: 1, order: 16)
}
