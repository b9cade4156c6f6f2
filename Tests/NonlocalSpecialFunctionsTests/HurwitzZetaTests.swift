// Tests of HurwitzZeta against Riemann's ζ at known points, Bernoulli polynomials and the shift recurrence.
import Foundation
import NonlocalSpecialFunctions
import Testing

@Suite struct HurwitzZetaTests {
    @Test func matchesRiemannZetaAtKnownPoints() {
        // ζ(2) = π²/6, ζ(0) = −½, ζ(−1) = −1/12, and ζ(−½) = −ζ(3/2)/(4π) by the functional equation.
        let zeta3Halves = 2.612_375_348_685_488_343_348_567_567_924_071_630_571
        #expect(abs(HurwitzZeta(exponent: 2)(1) - Double.pi * Double.pi / 6) <= 1e-15)
        #expect(abs(HurwitzZeta(exponent: 0)(1) + 0.5) <= 1e-14)
        #expect(abs(HurwitzZeta(exponent: -1)(1) + 1.0 / 12) <= 1e-14)
        #expect(abs(HurwitzZeta(exponent: -0.5)(1) + zeta3Halves / (4 * Double.pi)) <= 1e-13)
    }

    @Test func matchesBernoulliPolynomialsAtNonPositiveIntegers() {
        // ζ(−n, a) = −B_{n+1}(a)/(n + 1): B₁(a) = a − ½, B₂(a) = a² − a + 1/6.
        for a in [0.01, 0.3, 0.5, 0.77, 1] {
            #expect(abs(HurwitzZeta(exponent: 0)(a) - (0.5 - a)) <= 1e-13)
            #expect(abs(HurwitzZeta(exponent: -1)(a) + (a * a - a + 1.0 / 6) / 2) <= 1e-13)
        }
    }

    @Test(arguments: [-0.95, -0.75, -0.5, -0.25, -0.05, 0.5, 1.5])
    func obeysTheShiftAndDuplicationIdentities(sigma: Double) {
        // ζ(σ, a) = a^{−σ} + ζ(σ, a + 1), and ζ(σ, ½) = (2^σ − 1) ζ(σ).
        let zeta = HurwitzZeta(exponent: sigma)
        for a in [0.001, 0.2, 0.5, 0.9] {
            #expect(abs(zeta(a) - pow(a, -sigma) - zeta(a + 1)) <= 1e-13 * max(1, abs(zeta(a))), "σ = \(sigma), a = \(a)")
        }
        #expect(abs(zeta(0.5) - (pow(2, sigma) - 1) * zeta(1)) <= 1e-13, "σ = \(sigma)")
    }
}
