// The kernels the assembly tests run on: Bernstein (eq. 3.11), singular fractional, sign-changing manufactured.
import NonlocalKernels
import NonlocalTestSupport

enum TestKernels {
    /// Σ_m C_m B_{m,M}(r/δ)/δ^{d+2} with seeded random C ≥ 0.
    static func bernstein(order: Int, horizon: Double, dimension: Int, seed: UInt64) -> BernsteinKernel {
        var generator = SplitMix64(seed: seed)
        return BernsteinKernel(coefficients: generator.uniform(order + 1, in: 0..<1), horizon: horizon, dimension: dimension)
    }

    /// Every kind, for tests that must hold for any kernel: smooth, singular at the origin, sign-changing.
    static func all(horizon: Double, dimension: Int) -> [(String, any RadialKernel)] {
        [
            ("Bernstein M=6", bernstein(order: 6, horizon: horizon, dimension: dimension, seed: 42)),
            ("truncated fractional s=0.75", try! TruncatedFractionalKernel(order: 0.75, horizon: horizon, dimension: dimension)),
            ("fractional Bernstein M=3, α=1.2", FractionalBernsteinKernel(coefficients: [1, 0.5, 2, 0.25], exponent: 1.2, horizon: horizon, dimension: dimension)),
            ("manufactured cosine (5.4)", ManufacturedKernel.cosine(horizon: horizon, dimension: dimension)),
        ]
    }
}
