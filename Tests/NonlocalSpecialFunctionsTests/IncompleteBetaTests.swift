// Tests of IncompleteBeta: the reflection identity and its behaviour at the ends.
import Foundation
import NonlocalSpecialFunctions
import NonlocalTestSupport
import Testing

@Suite struct IncompleteBetaTests {
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
