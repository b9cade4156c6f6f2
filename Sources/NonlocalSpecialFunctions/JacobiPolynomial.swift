// JacobiPolynomial: P_n^{(α,β)} by the three-term recurrence, for the exact fractional solutions.
import Foundation

/// The Jacobi polynomial `P_n^{(α,β)}(x)`, orthogonal on [−1, 1] for the weight `(1 − x)^α (1 + x)^β`
/// and normalized by `P_n^{(α,β)}(1) = (α + 1)_n / n!` (Abramowitz–Stegun 22.2.1).
///
/// Evaluated by the three-term recurrence (A&S 22.7.1), `P₀ = 1`, `P₁ = (α + 1) + (α + β + 2)(x − 1)/2`,
/// `2(n+1)(n+α+β+1)(2n+α+β) P_{n+1} = (2n+α+β+1)[(2n+α+β+2)(2n+α+β) x + α² − β²] P_n − 2(n+α)(n+β)(2n+α+β+2) P_{n−1}`,
/// which is stable on [−1, 1].
public struct JacobiPolynomial: Sendable, Hashable {
    /// n ≥ 0.
    public let degree: Int
    /// α > −1.
    public let alpha: Double
    /// β > −1.
    public let beta: Double

    /// - Precondition: n ≥ 0, α > −1, β > −1.
    public init(degree n: Int, alpha: Double, beta: Double) {
        precondition(n >= 0, "the degree must be ≥ 0")
        precondition(alpha > -1 && beta > -1, "Jacobi polynomials need α > −1 and β > −1")
        degree = n
        self.alpha = alpha
        self.beta = beta
    }

    /// P_n^{(α,β)}(x).
    public func callAsFunction(_ x: Double) -> Double {
        if degree == 0 { return 1 }
        let ab = alpha + beta
        var previous = 1.0
        var current = (alpha + 1) + (ab + 2) * (x - 1) / 2
        var k = 1
        while k < degree {
            let n = Double(k)
            let c = 2 * n + ab
            let next =
                ((c + 1) * ((c + 2) * c * x + alpha * alpha - beta * beta) * current
                    - 2 * (n + alpha) * (n + beta) * (c + 2) * previous) / (2 * (n + 1) * (n + ab + 1) * c)
            previous = current
            current = next
            k += 1
        }
        return current
    }
}
