// Tests of JacobiPolynomial: the recurrence against the explicit binomial sum and the value at 1.
import Foundation
import NonlocalSpecialFunctions
import Testing

@Suite struct JacobiPolynomialTests {
    /// `binom(r, k)` for real r: r(r − 1)…(r − k + 1)/k!.
    static func binomial(_ r: Double, _ k: Int) -> Double {
        (0..<k).reduce(1.0) { $0 * (r - Double($1)) / Double($1 + 1) }
    }

    @Test(arguments: [(0.25, -0.5), (0.75, -0.5), (0.5, 0), (0.3, 2.5), (-0.5, -0.5)])
    func recurrenceMatchesTheExplicitSum(alpha: Double, beta: Double) {
        // A&S 22.3.1: P_n^{(α,β)}(x) = Σ_k binom(n+α, n−k) binom(n+β, k) ((x−1)/2)^k ((x+1)/2)^{n−k}.
        for n in 0...7 {
            let p = JacobiPolynomial(degree: n, alpha: alpha, beta: beta)
            for x in stride(from: -1.0, through: 1.0, by: 0.125) {
                let sum = (0...n).reduce(0.0) { total, k in
                    let nk = Double(n)
                    let term: Double = Self.binomial(nk + alpha, n - k) * Self.binomial(nk + beta, k)
                    return total + term * pow((x - 1) / 2, Double(k)) * pow((x + 1) / 2, Double(n - k))
                }
                #expect(abs(p(x) - sum) <= 1e-13 * max(1, abs(sum)), "n = \(n), α = \(alpha), β = \(beta), x = \(x)")
            }
            // P_n(1) = (α + 1)_n / n!.
            #expect(abs(p(1) - Self.binomial(Double(n) + alpha, n)) <= 1e-13 * max(1, abs(p(1))))
        }
    }
}
