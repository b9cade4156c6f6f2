// IncompleteBeta: B(x; a, b) = ∫₀ˣ σ^{a−1}(1−σ)^{b−1} dσ for 0 < a < 1 and −1 < b < 1, b ≤ 0 included.
import Foundation

/// The incomplete beta integral `B(x; a, b) = ∫₀ˣ σ^{a−1} (1 − σ)^{b−1} dσ`, `0 ≤ x < 1`, for
/// `0 < a < 1` and `−1 < b < 1`.
///
/// It is the radial integral of the fractional Green's function on the unit ball:
/// `∫₀^{r₀} t^{s−1} (1 + t)^{−d/2} dt = B(τ; s, d/2 − s)` with `τ = r₀/(1 + r₀)`
/// (substitute `t = τ/(1 − τ)`). For d = 1 and s ≥ ½ the second parameter `b = ½ − s` is zero or
/// negative: the integral then diverges as `x → 1`, like `(1 − x)^b/(−b)` (`−log(1 − x)` when b = 0).
/// Hand-written because no library available here (Glibc, Foundation, the Debian packages of
/// DESIGN.md) provides an incomplete beta with a non-positive parameter.
///
/// Two series, each with positive terms only (so no cancellation) and ratio at most ½:
/// - `x ≤ ½`: expand `(1 − σ)^{b−1} = Σ (1 − b)_k σ^k / k!`, so
///   `B(x; a, b) = x^a Σ_k p_k x^k`, `p_k = (1 − b)_k / (k! (a + k))`;
/// - `x > ½`, `y = 1 − x`: `B(x; a, b) = B(½; a, b) + ∫_y^{½} σ^{b−1} (1 − σ)^{a−1} dσ`
///   `= B(½; a, b) + Σ_k (1 − a)_k/k! · (2^{−b−k} − y^{b+k})/(b + k)`; the k = 0 term is
///   evaluated as `y^b expm1(b log(1/(2y)))/b` (→ `log(1/(2y))` at b = 0), exact also for b near 0.
/// Each series is a fixed polynomial evaluated by Horner's rule (about 60 terms), accurate to a
/// few ulps relative: the solver evaluates it once per pair of grid points.
public struct IncompleteBeta: Sendable, Equatable {
    /// a ∈ (0, 1), the exponent at σ = 0.
    public let a: Double
    /// b ∈ (−1, 1), the exponent at σ = 1.
    public let b: Double
    /// p_k of the series for x ≤ ½.
    private let lower: [Double]
    /// (1 − a)_k / (k! (b + k)) for k ≥ 1 (entry k − 1), the series for x > ½.
    private let upper: [Double]
    /// B(½; a, b) + Σ_{k≥1} (1 − a)_k/(k!(b + k)) 2^{−b−k}: the part of the x > ½ branch that does not depend on x.
    private let upperConstant: Double

    /// - Precondition: 0 < a < 1 and −1 < b < 1 (the range where both series have positive terms).
    public init(a: Double, b: Double) {
        precondition(a > 0 && a < 1, "IncompleteBeta needs 0 < a < 1, got a = \(a)")
        precondition(b > -1 && b < 1, "IncompleteBeta needs −1 < b < 1, got b = \(b)")
        self.a = a
        self.b = b
        // Terms fall at least like 2^{−k}·(k+1)^{|b|}; stop once a term is 2^{−64} of the first.
        let cutoff = 0x1p-64
        var lower: [Double] = []
        var pochhammer = 1.0, halfPower = 1.0
        for k in 0..<200 {
            let p = pochhammer / (a + Double(k))
            lower.append(p)
            if p * halfPower <= cutoff * lower[0] { break }
            pochhammer *= (Double(k) + 1 - b) / (Double(k) + 1)
            halfPower *= 0.5
        }
        var upper: [Double] = []
        pochhammer = 1 - a
        halfPower = 0.5
        for k in 1..<200 {
            let q = pochhammer / (b + Double(k))
            upper.append(q)
            if q * halfPower <= cutoff * upper[0] { break }
            pochhammer *= (Double(k) + 1 - a) / (Double(k) + 1)
            halfPower *= 0.5
        }
        self.lower = lower
        self.upper = upper
        let atHalf = pow(0.5, a) * Self.horner(lower, 0.5)
        upperConstant = atHalf + pow(0.5, b + 1) * Self.horner(upper, 0.5)
    }

    /// B(x; a, b) for 0 ≤ x < 1, computed from `1 − x` as given (not re-rounded) when x > ½.
    /// - Parameter y: `1 − x`, passed separately so that x close to 1 keeps its full accuracy
    ///   (the Green's function gets both from one division each).
    /// - Precondition: x ≥ 0, y > 0, and |x + y − 1| ≤ 1e-12.
    @inline(__always)
    public func callAsFunction(_ x: Double, complement y: Double) -> Double {
        precondition(x >= 0 && y > 0 && abs(x + y - 1) <= 1e-12, "IncompleteBeta needs 0 ≤ x < 1 and y = 1 − x")
        if x <= y {
            return x == 0 ? 0 : pow(x, a) * Self.horner(lower, x)
        }
        let logY = log(y)
        let yPowerB = exp(b * logY)
        let span = -0.693_147_180_559_945_3 - logY  // log(1/(2y)) = −log 2 − log y > 0
        let leading = b == 0 ? span : yPowerB * expm1(b * span) / b
        return upperConstant + leading - yPowerB * y * Self.horner(upper, y)
    }

    /// B(x; a, b) for 0 ≤ x < 1.
    public func callAsFunction(_ x: Double) -> Double {
        self(x, complement: 1 - x)
    }

    /// Σ c_k x^k by Horner's rule.
    @inline(__always)
    private static func horner(_ coefficients: [Double], _ x: Double) -> Double {
        coefficients.withUnsafeBufferPointer { c in
            var sum = 0.0
            var k = c.count - 1
            while k >= 0 {
                sum = sum * x + c[k]
                k -= 1
            }
            return sum
        }
    }
}
