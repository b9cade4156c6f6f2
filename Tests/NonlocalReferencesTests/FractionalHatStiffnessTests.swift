// Tests of the P1 stiffness coefficients a_k: known values, the far field, the zero row sum, the Fourier symbol, continuity at s = ½;
// and that the Galerkin lattice rule, integrated numerically, reproduces them.
import Foundation
import NonlocalKernels
import NonlocalReferences
import Testing

@Suite struct FractionalHatStiffnessTests {
    /// The Galerkin rule's weights of the truncated kernel C_{1,s} r^{−1−2s} on (0, δ], computed by
    /// quadrature, against the closed form of the untruncated stiffness: w_m = −h^{−2s} a_m for the
    /// offsets whose B-spline lies inside δ; w_1 lacks the far field's mass term −⅓∫_δ^∞ K; and the
    /// row sum, with the offsets past δ folded in, is h^{−2s} a_0/2 − ⅔ ∫_δ^∞ K.
    @Test(arguments: [(0.3, 3.0), (0.75, 3.0), (0.75, 2.93), (0.45, 1.0)])
    func theGalerkinRuleIsTheHatStiffness(s: Double, delta: Double) {
        let h = 0.05
        let constant = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: s)
        let kernel = FractionalBernsteinKernel(coefficients: [constant], exponent: 1 + 2 * s, horizon: delta, dimension: 1, quadrature: .galerkin)
        let weights = kernel.latticeWeights(radii: (1...Int((delta / h * (1 + 1e-10)).rounded(.down))).map { Double($0) * h }, spacing: h)
        let stiffness = FractionalHatStiffness(order: s), scale = pow(h, -2 * s)
        let farField = constant * pow(delta, -2 * s) / (2 * s)
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-11 * abs(b) }
        #expect(close(weights[0], -scale * stiffness.coefficient(1) + farField / 3), "w_1 = \(weights[0])")
        for m in 2...(weights.count - 3) {
            #expect(close(weights[m - 1], -scale * stiffness.coefficient(m)), "w_\(m) = \(weights[m - 1])")
        }
        let rowSum = weights.reduce(0, +)
        #expect(close(rowSum, scale * stiffness.coefficient(0) / 2 - 2 * farField / 3), "Σ w = \(rowSum)")
    }

    @Test func knownValuesAtThreeQuarters() {
        // Δ⁴|t|^{3/2} scaled by C_{1,¾}/((3/2)(−½)(½)(3/2)), evaluated independently (numpy and 60-digit mpmath).
        let stiffness = FractionalHatStiffness(order: 0.75)
        let expected = [1.24637321, -0.46939226, -0.09891272, -0.02316308]
        for (k, value) in expected.enumerated() {
            #expect(abs(stiffness.coefficient(k) - value) <= 1e-8, "a_\(k) = \(stiffness.coefficient(k))")
            #expect(stiffness.coefficient(-k) == stiffness.coefficient(k))
        }
    }

    @Test(arguments: [0.1, 0.25, 0.5, 0.75, 0.9])
    func theFarFieldIsTheKernelWithItsFirstCorrection(s: Double) {
        // a_k = −C_{1,s} k^{−1−2s} (1 + (p − 4)(p − 5)/(6k²) + O(k⁻⁴)), p = 3 − 2s: Δ⁴ = D⁴ + D⁶/6 + … acting on t^p.
        // At k = 1000 the O(k⁻⁴) rest is 1e-12, far below the 1 % of the correction (~1e-6) asked.
        let stiffness = FractionalHatStiffness(order: s)
        let constant = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: s)
        let p = 3 - 2 * s
        for k in [1000, 4000] {
            let kk = Double(k)
            let deviation = stiffness.coefficient(k) / (-constant * pow(kk, -1 - 2 * s)) - 1
            let correction = (p - 4) * (p - 5) / (6 * kk * kk)
            #expect(abs(deviation - correction) <= 0.01 * correction, "s = \(s), k = \(k): \(deviation) vs \(correction)")
        }
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func theCoefficientsSumToZero(s: Double) {
        // The symbol vanishes at θ = 0: a₀ + 2Σ_{k≥1} a_k = 0. Summed to N = 10⁵, with the tail
        // Σ_{k>N} a_k ≈ −C_{1,s} ∫_{N+½}^∞ t^{−1−2s} dt = −C_{1,s} (N + ½)^{−2s}/(2s) (midpoint rule, error O(N^{−2−2s})).
        let stiffness = FractionalHatStiffness(order: s)
        let constant = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: s)
        let count = 100_000
        let coefficients = stiffness.coefficients(count: count + 1)
        let partial = coefficients[0] + 2 * coefficients[1...].reversed().reduce(0, +)
        let tail = -constant * pow(Double(count) + 0.5, -2 * s) / (2 * s)
        let total = partial + 2 * tail
        #expect(abs(total) <= 1e-10 * coefficients[0], "s = \(s): a₀ + 2Σa_k = \(total) (tail \(tail))")
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func theFourierSymbolIsTheSummedSincPower(s: Double) {
        // Σ_k a_k cos kθ = Σ_j |θ + 2πj|^{2s} sinc⁴((θ + 2πj)/2) = 16 sin⁴(θ/2) Σ_j |θ + 2πj|^{2s−4}.
        // Left: to |k| ≤ 2·10⁵ (the oscillating tail is O(N^{−1−2s})); right: to |j| ≤ 10⁵ plus the integral
        // of the rest, 2·(2π)^{2s−4} J^{2s−3}/(3 − 2s). Agreement to 1e-6 relative.
        let stiffness = FractionalHatStiffness(order: s)
        let coefficients = stiffness.coefficients(count: 200_001)
        for theta in [0.3, 1.0, 2.0, 3.0] {
            var left = 0.0
            for k in stride(from: coefficients.count - 1, through: 1, by: -1) { left += 2 * coefficients[k] * cos(Double(k) * theta) }
            left += coefficients[0]
            var sum = 0.0
            let limit = 100_000
            for j in stride(from: limit, through: 1, by: -1) {
                sum += pow(abs(theta + 2 * .pi * Double(j)), 2 * s - 4) + pow(abs(theta - 2 * .pi * Double(j)), 2 * s - 4)
            }
            sum += pow(theta, 2 * s - 4)
            sum += 2 * pow(2 * .pi, 2 * s - 4) * pow(Double(limit) + 0.5, 2 * s - 3) / (3 - 2 * s)
            let right = 16 * pow(sin(theta / 2), 4) * sum
            #expect(agrees(left, right, relative: 1e-6), "s = \(s), θ = \(theta): \(left) vs \(right)")
        }
    }

    @Test func theCoefficientsAreContinuousAcrossOneHalf() {
        // The prefactor C/((2s)(1−2s)(2−2s)(3−2s)) is singular at s = ½ but a_k is smooth in s, in the direct
        // (k ≤ 2) and the series (k ≥ 3) ranges: at s = ½ ± 1e-7 the coefficients move by ~1e-7·|∂ ln a_k/∂s|
        // relative (≤ 1e-6 for k ≤ 10; at k = 1000 the far field k^{−1−2s} alone gives 2 ln k·1e-7 = 1.4e-6), and
        // the midpoint of the two neighbours is a_k at ½ to O(1e-14·∂²) — a jump or kink at ½ would show in both.
        let middle = FractionalHatStiffness(order: 0.5)
        let below = FractionalHatStiffness(order: 0.5 - 1e-7), above = FractionalHatStiffness(order: 0.5 + 1e-7)
        for k in [0, 1, 2, 3, 4, 10, 1000] {
            let a = middle.coefficient(k), lower = below.coefficient(k), upper = above.coefficient(k)
            let bound = k <= 10 ? 1e-6 : 2e-6
            #expect(a.isFinite && agrees(lower, a, relative: bound) && agrees(upper, a, relative: bound), "k = \(k): \(lower), \(a), \(upper)")
            #expect(agrees((lower + upper) / 2, a, relative: 1e-10), "k = \(k): midpoint \((lower + upper) / 2) vs \(a)")
        }
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func theDirectFormulaAndTheSeriesAgreeWhereBothAreAccurate(s: Double) {
        // For small k the fourth difference loses only ~k⁴ ulps, so at k = 3 … 6 both routes agree to 1e-11;
        // the stiffness switches from one to the other at k = 3, and a mistake in either shows here.
        let stiffness = FractionalHatStiffness(order: s)
        let constant = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: s)
        func g(_ t: Double) -> Double {
            guard t != 0 else { return 0 }
            let x = (1 - 2 * s) * log(abs(t))
            return t * t * log(abs(t)) * (x == 0 ? 1 : expm1(x) / x)
        }
        for k in 3...6 {
            let t = Double(k)
            let direct = constant / ((2 * s) * (2 - 2 * s) * (3 - 2 * s)) * (g(t - 2) - 4 * g(t - 1) + 6 * g(t) - 4 * g(t + 1) + g(t + 2))
            #expect(agrees(stiffness.coefficient(k), direct, relative: 1e-11), "s = \(s), k = \(k)")
        }
    }
}
