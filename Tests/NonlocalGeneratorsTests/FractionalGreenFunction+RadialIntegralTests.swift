// Tests of the Green's function's radial integral ∫₀^{r₀} t^{s−1}(1 + t)^{−d/2} dt (an incomplete beta function) against Float80 quadrature and closed forms.
import Foundation
import NonlocalGenerators
import NonlocalTestSupport
import Testing

@Suite struct FractionalGreenFunctionRadialIntegralTests {
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
}
