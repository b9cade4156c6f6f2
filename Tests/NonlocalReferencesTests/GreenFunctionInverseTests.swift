// Tests of the accurate disk reference A = W₀⁻¹: exact for f = 1 by construction, convergent on a non-constant exact pair.
import Foundation
import NonlocalGenerators
import NonlocalLinearAlgebra
import NonlocalReferences
import Testing

@Suite struct GreenFunctionInverseTests {
    @Test(arguments: [3, 4])
    func theConstantForcingSolutionIsMappedToOne(exponent: Int) throws {
        // W₀·1 = u₁ is built into the subtracted rule, so A u₁ = W₀⁻¹ u₁ = 1 up to the rounding of the inverse,
        // ~κ(W₀)·ε with κ(W₀) ~ h^{−2s}: measured 3.3e-14 (h = 2⁻³) and 2.5e-13 (2⁻⁴) in the max norm,
        // against a bound 10³·√N·ε of 3.1e-12 and 6.3e-12.
        let reference = try reference(.accurate, order: 0.75, dimension: 2, exponent: exponent)
        let residual = try reference.matrix().multiplied(by: reference.constantForcingSolution()).map { $0 - 1 }
        #expect(residual.maximumNorm <= 1e3 * Double(reference.unknownCount).squareRoot() * 0x1p-52, "h = 2^-\(exponent): \(residual.maximumNorm)")
    }

    @Test func theFirstExactPairConvergesFasterThanFirstOrder() throws {
        // u = (1 − |x|²)^s P₁^{(s,0)}(2|x|² − 1), f = λ₁ P₁^{(s,0)}(2|x|² − 1) (Dyda–Kuznetsov–Kwaśnicki), s = ¾.
        // A u_h = f is u_h = W₀ f: the subtracted rule errs by O(h^{1+s}) at a boundary the staircase lattice
        // meets irregularly, so the observed orders scatter about 1 + s. Measured at h = 2⁻³, 2⁻⁴, 2⁻⁵:
        // 2.41e-2, 3.07e-3, 9.66e-4 (orders 2.97, 1.67; 1.89e-4 at 2⁻⁶, order 2.35).
        let study = try ReferenceConvergenceStudy.run(kind: .accurate, order: 0.75, dimension: 2, spacings: [0.125, 0.0625, 0.03125])
        let errors = study.rows.map(\.exactPairError)
        #expect(errors[0] < 0.05 && errors[2] < 2e-3, "\(errors)")
        for order in study.observedOrders {
            #expect(order.exactPair >= 1.5, "orders \(study.observedOrders.map(\.exactPair)) from \(errors)")
        }
        #expect(study.rows.allSatisfy { $0.constantForcingError <= 1e-13 }, "\(study.rows.map(\.constantForcingError))")
    }
}
