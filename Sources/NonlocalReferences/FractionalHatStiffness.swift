// FractionalHatStiffness: the Galerkin stiffness of (−Δ)^s between hat functions on a uniform 1D lattice, in closed form.
import Foundation
import NonlocalKernels

/// The coefficients a_k of the P1 (hat-function) Galerkin stiffness of `(−Δ)^s` on the uniform
/// lattice hZ, functions zero outside the mesh:
///
/// `K_ij = ⟨(−Δ)^{s/2} φ_i, (−Δ)^{s/2} φ_j⟩ = h^{1−2s} a_{|i−j|}`,
///
/// exactly symmetric Toeplitz on any interval of the lattice (the form is an integral over all of R,
/// so restricting to the unknowns of (−1, 1) changes nothing but the size).
///
/// **Closed form.** The autocorrelation of two unit hats is the centred cubic B-spline β³, and
/// `a_k = ((−Δ)^s β³)(k)`. On the Fourier side `β̂³(θ) = sinc⁴(θ/2)` (sinc x = sin x / x), so
/// `Σ_k a_k cos kθ = Σ_j |θ + 2πj|^{2s} sinc⁴((θ + 2πj)/2)`; in space, `(−Δ)^s |t|³`-type pieces give
///
/// `a_k = C_{1,s} / ((2s)(1−2s)(2−2s)(3−2s)) · Δ⁴g(k)`,  `g(t) = |t|^{3−2s}`,
/// `Δ⁴g(k) = g(k−2) − 4g(k−1) + 6g(k) − 4g(k+1) + g(k+2)`
///
/// (the fractional derivatives of B-splines are finite differences of powers: Unser and Blu,
/// "Fractional splines and wavelets", SIAM Rev. 42 (2000); the 1D stiffness on uniform meshes is
/// also in Biccari and Hernández-Santamaría, IMA J. Math. Control Inf. 36 (2019)). Values at
/// s = ¾: a₀ = 1.24637321, a₁ = −0.46939226, a₂ = −0.09891272, a₃ = −0.02316308; a_k → −C_{1,s} k^{−1−2s};
/// a₀ + 2Σ_{k≥1} a_k = 0 (the symbol vanishes at θ = 0).
///
/// **Evaluation.** The prefactor is singular at s = ½; Δ⁴ kills t², so `g(t) = (|t|^{3−2s} − t²)/(1 − 2s)`
/// gives the same a_k, and is evaluated as `t² ln t · expm1(ε ln t)/(ε ln t)`, ε = 1 − 2s (→ t² ln t
/// at s = ½, 0 at t = 0): smooth in s. That cancels badly for large k (Δ⁴g(k) ~ k^{−1−2s} from terms
/// ~ k^{3−2s}: about k⁴ ulps lost, 1e-4 relative at k = 10³), enough to spoil the f = 1 solve from
/// n ≈ 2000 on (s = ¾: 1.36e-4 instead of 9.39e-5 at n = 2047, 3.2e-4 instead of 4.7e-5 at n = 4095).
/// For k ≥ 3 the binomial series of `(k + j)^p`, p = 3 − 2s, is used instead:
///
/// `a_k = (C_{1,s}/(2s)) Σ_{m = 4, 6, …} c_m (2^{m+1} − 8) k^{p−m}`,  `c₄ = −2s/24`,
/// `c_{m+2} = c_m (p − m)(p − m − 1)/((m + 1)(m + 2))`,
///
/// (Σ_j w_j j^m = 2^{m+1} − 8 for the weights w = (1, −4, 6, −4, 1) and even m ≥ 4, 0 otherwise; the
/// factor p(p−1)(p−2) of the binomial coefficient cancels the prefactor's singular part). Every term
/// has the sign of c₄ (no cancellation) and the ratio of terms tends to (2/k)², so the sum converges
/// to full precision for every k ≥ 3 (≤ 50 terms at k = 3, 9 at k = 64).
public struct FractionalHatStiffness: Sendable {
    /// s ∈ (0, 1).
    public let order: Double
    /// `C_{1,s}`.
    public let normalizationConstant: Double

    /// - Precondition: 0 < s < 1.
    public init(order s: Double) {
        precondition(s > 0 && s < 1, "the fractional order must lie in (0, 1)")
        order = s
        normalizationConstant = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: s)
    }

    /// a_k (a_{−k} = a_k).
    public func coefficient(_ k: Int) -> Double {
        let k = abs(k)
        return k <= 2 ? directCoefficient(k) : seriesCoefficient(k)
    }

    /// a₀ … a_{count−1}.
    public func coefficients(count: Int) -> [Double] {
        precondition(count >= 0, "a negative count")
        return (0..<count).map(coefficient)
    }

    /// `Δ⁴g(k)` with the subtracted g, for the few k where it loses nothing.
    private func directCoefficient(_ k: Int) -> Double {
        let s = order, epsilon = 1 - 2 * order
        func g(_ t: Int) -> Double {
            guard t != 0 else { return 0 }
            let t = Double(abs(t)), logarithm = log(t)
            let x = epsilon * logarithm
            return t * t * logarithm * (x == 0 ? 1 : expm1(x) / x)
        }
        let difference = g(k - 2) - 4 * g(k - 1) + 6 * g(k) - 4 * g(k + 1) + g(k + 2)
        return normalizationConstant / ((2 * s) * (2 - 2 * s) * (3 - 2 * s)) * difference
    }

    /// The binomial series, summed until a term no longer changes the sum.
    private func seriesCoefficient(_ k: Int) -> Double {
        let s = order, p = 3 - 2 * order, kk = Double(k)
        let inverseSquare = 1 / (kk * kk)
        var c = -2 * s / 24  // c_m
        var power = pow(kk, p - 4)  // k^{p−m}
        var twoToM = 16.0  // 2^m
        var m = 4.0
        var sum = 0.0
        for _ in 0..<400 {
            let term = c * (2 * twoToM - 8) * power
            sum += term
            if abs(term) <= 1e-17 * abs(sum) { break }
            c *= (p - m) * (p - m - 1) / ((m + 1) * (m + 2))
            power *= inverseSquare
            twoToM *= 2 * 2
            m += 2
        }
        return normalizationConstant / (2 * s) * sum
    }
}
