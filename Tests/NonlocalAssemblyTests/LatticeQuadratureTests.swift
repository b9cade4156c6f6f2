// Tests of the product rule for singular fractional kernels: exact on quadratics, second order on smooth functions, where the one-point rule is not.
import Foundation
import NonlocalAssembly
import NonlocalKernels
import Testing

@Suite struct LatticeQuadratureTests {
    /// The product rule integrates K r² exactly, so L_h[x²] = −2 × the continuum second moment
    /// ∫_0^δ K(r) r² dr on every grid, for δ a multiple of h or not: for K = r^{−α}, δ^{3−α}/(3 − α).
    @Test(arguments: [0.0, 1.5, 2.5, 2.9])
    func theProductRuleHasTheContinuumSecondMoment(alpha: Double) {
        for (h, delta) in [(0.01, 0.5), (0.01, 0.123), (0.05, 1.0)] {
            let kernel = FractionalBernsteinKernel(coefficients: [1], exponent: alpha, horizon: delta, dimension: 1, quadrature: .product)
            let stencil = Stencil(kernel: kernel, spacing: h)
            let exact = pow(delta, 3 - alpha) / (3 - alpha)
            #expect(abs(stencil.secondMoment(of: kernel) / exact - 1) < 1e-12, "h = \(h), δ = \(delta)")
        }
        // A kernel of order 4: ∫_0^δ B_{m,4}(r/δ) r^{2−α} dr = δ^{3−α} C(4, m) B(m + 3 − α, 5 − m), B Euler's beta function.
        let coefficients = [1.0, 0.5, 2, 0.25, 3], binomial = [1.0, 4, 6, 4, 1]
        let kernel = FractionalBernsteinKernel(coefficients: coefficients, exponent: alpha, horizon: 0.3, dimension: 1, quadrature: .product)
        let exact = (0...4).reduce(0.0) { sum, m in
            let (a, b) = (Double(m) + 3 - alpha, Double(5 - m))
            return sum + coefficients[m] * binomial[m] * pow(0.3, 3 - alpha) * tgamma(a) * tgamma(b) / tgamma(a + b)
        }
        // Not to rounding here: on (0, h] the substitution t = (r/h)^{3−α} leaves P(h t^{1/(3−α)}), not a
        // polynomial in t, to 16 Gauss points (about 1e-7 of that element's share of the moment).
        #expect(abs(Stencil(kernel: kernel, spacing: 0.01).secondMoment(of: kernel) / exact - 1) < 1e-8)
    }

    /// The symbol 2 Σ_j w_j (1 − cos 2πr_j) of K = r^{−5/2} on δ = 1 converges like h² + h^{5−α} under
    /// the product rule (successive differences shrink by between 4 and 2^{2.5} ≈ 5.66; interpolation
    /// on the elements, then the constant on (0, h]) and like h^{3−α} under the one-point rule (√2).
    @Test func theProductRuleConvergesAtSecondOrder() {
        func symbol(_ quadrature: LatticeQuadrature, spacing h: Double) -> Double {
            let kernel = FractionalBernsteinKernel(coefficients: [1], exponent: 2.5, horizon: 1, dimension: 1, quadrature: quadrature)
            return Stencil(kernel: kernel, spacing: h).symbol(of: kernel, wavenumber: SIMD2(1, 0))
        }
        func ratio(_ quadrature: LatticeQuadrature) -> Double {
            let values = [0.02, 0.01, 0.005].map { symbol(quadrature, spacing: $0) }
            return (values[0] - values[1]) / (values[1] - values[2])
        }
        #expect(ratio(.product) > 4 && ratio(.product) < pow(2, 2.5), "product: \(ratio(.product))")
        #expect(abs(ratio(.onePoint) - 2.squareRoot()) < 0.1, "one-point: \(ratio(.onePoint))")
    }

    /// The product rule is the one-point rule's replacement in 1-D below α = 3 only.
    @Test func theProductRuleRefusesWhatItCannotIntegrate() {
        #expect(throws: KernelError.self) {
            try FractionalBernsteinKernel(validating: [1], exponent: 3, horizon: 1, dimension: 1, quadrature: .product)
        }
        #expect(throws: KernelError.self) {
            try FractionalBernsteinKernel(validating: [1], exponent: 1, horizon: 1, dimension: 2, quadrature: .product)
        }
        #expect(throws: Never.self) { try FractionalBernsteinKernel(validating: [1], exponent: 3, horizon: 1, dimension: 1) }
    }
}
