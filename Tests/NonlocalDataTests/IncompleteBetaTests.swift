// Tests of IncompleteBeta: the Green's function's radial integral against Float80 quadrature, closed forms and the reflection identity.
import Foundation
import NonlocalData
import Testing

@Suite struct IncompleteBetaTests {
    /// ∫₀^{r₀} t^{s−1}(1 + t)^{−d/2} dt in Float80: with t = w^{1/s} it is (1/s)∫₀^{r₀^s} (1 + w^{1/s})^{−d/2} dw,
    /// split at w = 1, and w = e^v beyond, so both pieces are bounded and smooth inside.
    static func reference(_ r0: Double, order s: Double, dimension d: Int) -> Double {
        let s = Float80(s), halfD = Float80(d) / 2
        let quadrature = TanhSinhQuadrature()
        let top = pow(Float80(r0), s)
        var sum = quadrature.integrate(from: 0, to: min(top, 1)) { w in pow(1 + pow(w, 1 / s), -halfD) }
        if top > 1 {
            sum += quadrature.integrate(from: 0, to: log(top)) { v in exp(v) * pow(1 + exp(v / s), -halfD) }
        }
        return Double(sum / s)
    }

    static let radii: [Double] = [1e-12, 1e-6, 1e-3, 0.1, 0.5, 0.999, 1, 1.001, 2, 10, 1e3, 1e6, 1e12]

    @Test(arguments: [0.05, 0.25, 0.5, 0.6, 0.75, 0.95])
    func radialIntegralMatchesFloat80Quadrature(s: Double) throws {
        // Covers b = d/2 − s > 0, = 0 (d = 1, s = ½) and < 0, both series branches (τ ≶ ½ ⇔ r₀ ≶ 1)
        // and r₀ from the far field (1e-12) to the diagonal (1e12), where the d = 1, s > ½ integral diverges.
        for d in [1, 2] {
            let green = try FractionalGreenFunction(order: s, dimension: d)
            for r0 in Self.radii {
                let expected = Self.reference(r0, order: s, dimension: d)
                let value = green.radialIntegral(r0)
                #expect(abs(value - expected) <= 2e-15 * expected, "d = \(d), s = \(s), r₀ = \(r0): \(value) vs \(expected)")
            }
        }
    }

    @Test func radialIntegralHasItsClosedFormsAtHalfOrder() throws {
        // s = ½: ∫₀^{r₀} dt/√(t(1 + t)) = 2 asinh √r₀ (d = 1) and ∫₀^{r₀} dt/(√t (1 + t)) = 2 atan √r₀ (d = 2).
        let one = try FractionalGreenFunction(order: 0.5, dimension: 1)
        let two = try FractionalGreenFunction(order: 0.5, dimension: 2)
        for r0 in Self.radii + [0.25, 0.75, 1.5, 3, 1e9, 1e15] {
            let asinhForm = 2 * asinh(r0.squareRoot()), atanForm = 2 * atan(r0.squareRoot())
            #expect(abs(one.radialIntegral(r0) - asinhForm) <= 1e-15 * asinhForm, "d = 1, r₀ = \(r0)")
            #expect(abs(two.radialIntegral(r0) - atanForm) <= 1e-15 * atanForm, "d = 2, r₀ = \(r0)")
        }
    }

    @Test(arguments: [(0.3, 0.2), (0.5, 0.5), (0.75, 0.25), (0.1, 0.9), (0.95, 0.05), (0.5, 1e-4)])
    func reflectionIdentityHolds(a: Double, b: Double) {
        // B(x; a, b) + B(1 − x; b, a) = Γ(a)Γ(b)/Γ(a + b): for x ≠ ½ one term uses each series branch.
        let forward = IncompleteBeta(a: a, b: b), backward = IncompleteBeta(a: b, b: a)
        let complete = tgamma(a) * tgamma(b) / tgamma(a + b)
        for x in [1e-9, 0.01, 0.2, 0.4999, 0.5, 0.6, 0.9, 0.999_999] {
            let sum = forward(x, complement: 1 - x) + backward(1 - x, complement: x)
            #expect(abs(sum - complete) <= 4e-15 * complete, "a = \(a), b = \(b), x = \(x): \(sum) vs \(complete)")
        }
    }

    @Test(arguments: [-0.45, -0.25, -1e-6, 0, 1e-6])
    func divergesAtOneLikeThePowerOfTheComplement(b: Double) {
        // For b ≤ 0, B(x; a, b) = (1 − x)^b/(−b) + C + O(1 − x) (−log(1 − x) + C at b = 0): differences at
        // two points near 1 remove C. B(1 − 2y) − B(1 − y) = ∫_{1−2y}^{1−y} ≈ (y^b − (2y)^b)/(−b)(1 + O(y)).
        let beta = IncompleteBeta(a: 0.6, b: b)
        for y in [1e-6, 1e-9, 1e-12] {
            let difference = beta(1 - y, complement: y) - beta(1 - 2 * y, complement: 2 * y)
            let leading = b == 0 ? log(2.0) : (pow(2 * y, b) - pow(y, b)) / b
            #expect(abs(difference - leading) <= 1e-5 * abs(leading), "b = \(b), 1 − x = \(y): \(difference) vs \(leading)")
        }
    }

    @Test func vanishesLikeAPowerAtZero() {
        // B(x; a, b) = x^a/a (1 + O(x)).
        let beta = IncompleteBeta(a: 0.25, b: -0.25)
        for x in [1e-300, 1e-100, 1e-20] {
            #expect(abs(beta(x) - pow(x, 0.25) / 0.25) <= 1e-15 * pow(x, 0.25) / 0.25)
        }
        #expect(beta(0) == 0)
    }
}
