// Tests of FractionalPoissonExactSolution: degree 0 is the f = 1 solution, and λ_n in closed form at s = ½.
import Foundation
import NonlocalGenerators
import Testing

@Suite struct FractionalPoissonExactSolutionTests {
    @Test(arguments: [0.1, 0.25, 0.5, 0.75, 0.9])
    func degreeZeroIsTheConstantForcingSolution(s: Double) {
        // n = 0: u = (1 − |x|²)^s, f = λ₀, and u/λ₀ = u₁ ties λ₀ = 4^s Γ(d/2 + s)Γ(1 + s)/Γ(d/2) to u₁'s constant.
        for d in [1, 2] {
            let pair = FractionalPoissonExactSolution(order: s, dimension: d, degree: 0)
            for x in [SIMD2<Double>(0, 0), SIMD2(0.3, d == 2 ? -0.4 : 0), SIMD2(-0.99, 0)] {
                let u1 = FractionalPoissonSolver.constantForcingSolution(order: s, dimension: d, at: x)
                #expect(abs(pair.solution(at: x) / pair.forcingScale - u1) <= 1e-15)
                #expect(pair.forcing(at: x) == pair.forcingScale)
            }
            #expect(pair.solution(at: SIMD2(1, 0)) == 0 && pair.solution(at: SIMD2(0.8, d == 2 ? 0.8 : 2)) == 0)
        }
    }

    @Test func forcingScaleIsOddIntegersInOneDimensionAtHalfOrder() {
        // d = 1, s = ½: λ_n = 2 Γ(n + 1)Γ(n + 3/2)/(n! Γ(n + ½)) = 2n + 1.
        for n in 0...20 {
            let pair = FractionalPoissonExactSolution(order: 0.5, dimension: 1, degree: n)
            #expect(abs(pair.forcingScale - Double(2 * n + 1)) <= 1e-13 * Double(2 * n + 1), "n = \(n)")
        }
    }
}
