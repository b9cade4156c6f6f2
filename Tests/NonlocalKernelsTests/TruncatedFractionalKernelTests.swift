// Tests of TruncatedFractionalKernel: the constant C_{d,s} of eq. (8.1) against closed forms, and the kernel (8.2).
import Foundation
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct TruncatedFractionalKernelTests {
    @Test func normalizationConstantHasItsKnownValues() {
        // s = 1/2: C_{1,1/2} = 1/π, C_{2,1/2} = 1/(2π). s = 3/4, d = 1: Γ(5/4) = Γ(1/4)/4 gives 3√2/(8√π).
        let c1 = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: 0.5)
        let c2 = TruncatedFractionalKernel.normalizationConstant(dimension: 2, order: 0.5)
        let c3 = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: 0.75)
        #expect(abs(c1 - 1 / Double.pi) <= 2e-16 / Double.pi)
        #expect(abs(c2 - 1 / (2 * Double.pi)) <= 2e-16 / (2 * Double.pi))
        let closedForm = 3 * (2.0).squareRoot() / (8 * Double.pi.squareRoot())
        #expect(abs(c3 - closedForm) <= 1e-14 * closedForm, "C_{1,3/4} = \(c3), closed form \(closedForm)")
    }

    @Test(arguments: [0.05, 0.25, 0.5, 0.6, 0.75, 0.9, 0.99])
    func normalizationConstantMatchesTheReflectionFormulas(s: Double) {
        // Γ(1+s)Γ(1−s) = πs/sin(πs) turns the definition into C_{1,s} = Γ(1+2s) sin(πs)/π
        // (with Legendre's duplication formula) and C_{2,s} = 4ˢ Γ(1+s)² sin(πs)/π².
        let one = tgamma(1 + 2 * s) * sin(Double.pi * s) / Double.pi
        let two = pow(4, s) * tgamma(1 + s) * tgamma(1 + s) * sin(Double.pi * s) / (Double.pi * Double.pi)
        let c1 = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: s)
        let c2 = TruncatedFractionalKernel.normalizationConstant(dimension: 2, order: s)
        #expect(abs(c1 - one) <= 1e-14 * one, "C_{1,\(s)} = \(c1), reflection formula \(one)")
        #expect(abs(c2 - two) <= 1e-14 * two, "C_{2,\(s)} = \(c2), reflection formula \(two)")
    }

    @Test(arguments: [1, 2])
    func kernelIsTheTruncatedEquation8_2(dimension: Int) throws {
        for (s, delta) in [(0.75, 1.0), (0.3, 0.125), (0.5, 4)] {
            let kernel = try TruncatedFractionalKernel(order: s, horizon: delta, dimension: dimension)
            checkRadialKernel(kernel)
            #expect(kernel.order == s && kernel.exponent == Double(dimension) + 2 * s)
            #expect(kernel.normalizationConstant == TruncatedFractionalKernel.normalizationConstant(dimension: dimension, order: s))
            for j in 1...40 {
                let r = delta * Double(j) / 40
                let expected = kernel.normalizationConstant / pow(r, Double(dimension) + 2 * s)
                #expect(abs(kernel(r) - expected) <= 1e-15 * expected, "r = \(r)")
            }
        }
    }
}
