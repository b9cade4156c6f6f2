// The kernels the assembly tests run on: Bernstein (eq. 3.11), singular fractional, sign-changing manufactured.
import Foundation
import NonlocalKernels
import NonlocalTestSupport

enum TestKernels {
    /// Σ_m C_m B_{m,M}(r/δ)/δ^{d+2} with seeded random C ≥ 0.
    static func bernstein(order: Int, horizon: Double, dimension: Int, seed: UInt64) -> any RadialKernel {
        var generator = SplitMix64(seed: seed)
        let coefficients = generator.uniform(order + 1, in: 0..<1)
        return ClosureKernel(horizon: horizon, dimension: dimension) { r in
            let t = r / horizon
            var sum = 0.0
            for m in 0...order {
                sum += coefficients[m] * binomial(order, m) * pow(t, Double(m)) * pow(1 - t, Double(order - m))
            }
            return sum / pow(horizon, Double(dimension + 2))
        }
    }

    /// C_{d,s}/r^{d+2s} on r ≤ δ: singular at the origin.
    static func truncatedFractional(order s: Double, horizon: Double, dimension: Int) -> any RadialKernel {
        let d = Double(dimension)
        let constant = pow(2, 2 * s) * s * tgamma(s + d / 2) / (pow(.pi, d / 2) * tgamma(1 - s))
        return ClosureKernel(horizon: horizon, dimension: dimension) { r in constant / pow(r, d + 2 * s) }
    }

    /// The sign-changing manufactured kernel (5.4): 21.4615/δ^{d+2} cos(3πr/(5δ)).
    static func manufacturedCosine(horizon: Double, dimension: Int) -> any RadialKernel {
        ClosureKernel(horizon: horizon, dimension: dimension) { r in
            21.4615 / pow(horizon, Double(dimension + 2)) * cos(3 * .pi * r / (5 * horizon))
        }
    }

    /// Every kind, for tests that must hold for any kernel.
    static func all(horizon: Double, dimension: Int) -> [(String, any RadialKernel)] {
        [
            ("Bernstein M=6", bernstein(order: 6, horizon: horizon, dimension: dimension, seed: 42)),
            ("truncated fractional s=0.75", truncatedFractional(order: 0.75, horizon: horizon, dimension: dimension)),
            ("manufactured cosine (5.4)", manufacturedCosine(horizon: horizon, dimension: dimension)),
        ]
    }

    /// B_{m,M}(r/δ)/δ^{d+2}: one basis function of the regression.
    static func bernsteinBasisFunction(_ m: Int, order: Int, horizon: Double, dimension: Int) -> any RadialKernel {
        ClosureKernel(horizon: horizon, dimension: dimension) { r in
            let t = r / horizon
            return binomial(order, m) * pow(t, Double(m)) * pow(1 - t, Double(order - m)) / pow(horizon, Double(dimension + 2))
        }
    }

    private static func binomial(_ n: Int, _ k: Int) -> Double {
        (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) }
    }
}
