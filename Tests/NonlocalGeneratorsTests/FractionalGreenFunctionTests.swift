// Tests of FractionalGreenFunction: closed forms at s = ½, symmetry, and ∫G(0, y)dy = u₁(0) by quadrature.
import Foundation
import NonlocalGenerators
import NonlocalTestSupport
import Testing

@Suite struct FractionalGreenFunctionTests {
    /// `n` points uniform in the open unit ball of R^d (1D: y = 0).
    static func points(_ n: Int, dimension d: Int, seed: UInt64) -> [SIMD2<Double>] {
        var random = SplitMix64(seed: seed)
        var points: [SIMD2<Double>] = []
        while points.count < n {
            let candidate = SIMD2(random.uniform(1)[0], d == 2 ? random.uniform(1)[0] : 0)
            if (candidate * candidate).sum() < 0.999 { points.append(candidate) }
        }
        return points
    }

    @Test func halfOrderMatchesTheClassicalClosedForms() throws {
        // d = 1, s = ½ (Riesz; κ = 1/(2π)): G = (1/π) log((1 − xy + √((1 − x²)(1 − y²))) / |x − y|).
        // d = 2, s = ½ (κ = 1/(2π²)): G = atan √r₀ / (π² |x − y|).
        let one = try FractionalGreenFunction(order: 0.5, dimension: 1)
        let two = try FractionalGreenFunction(order: 0.5, dimension: 2)
        #expect(abs(one.constant - 1 / (2 * Double.pi)) <= 1e-16)
        #expect(abs(two.constant - 1 / (2 * Double.pi * Double.pi)) <= 1e-16)
        let xs = Self.points(40, dimension: 1, seed: 1)
        for (x, y) in zip(xs, xs.reversed()) where x != y {
            let p = ((1 - x.x * x.x) * (1 - y.x * y.x)).squareRoot()
            let expected = log((1 - x.x * y.x + p) / abs(x.x - y.x)) / Double.pi
            #expect(abs(one(x, y) - expected) <= 1e-14 * expected, "x = \(x.x), y = \(y.x)")
        }
        let zs = Self.points(40, dimension: 2, seed: 2)
        for (x, y) in zip(zs, zs.reversed()) where x != y {
            let distanceSquared = ((x - y) * (x - y)).sum()
            let r0 = (1 - (x * x).sum()) * (1 - (y * y).sum()) / distanceSquared
            let expected = atan(r0.squareRoot()) / (Double.pi * Double.pi * distanceSquared.squareRoot())
            #expect(abs(two(x, y) - expected) <= 1e-14 * expected, "x = \(x), y = \(y)")
        }
    }

    @Test(arguments: [0.1, 0.25, 0.5, 0.75, 0.9])
    func isSymmetricAndPositive(s: Double) throws {
        for d in [1, 2] {
            let green = try FractionalGreenFunction(order: s, dimension: d)
            let xs = Self.points(30, dimension: d, seed: 3)
            for x in xs {
                for y in xs where x != y {
                    #expect(green(x, y) == green(y, x) && green(x, y) > 0)
                }
            }
            #expect(green(SIMD2(0.5, 0), SIMD2(d == 1 ? 1 : 0.6, d == 1 ? 0 : 0.8)) == 0, "G vanishes on the sphere")
        }
    }

    @Test(arguments: [0.25, 0.5, 0.75])
    func integratesToTheConstantForcingSolution(s: Double) throws {
        // ∫_{B₁} G(0, y) dy = u₁(0) = 2^{−2s} Γ(d/2)/(Γ(d/2 + s)Γ(1 + s)): the normalization κ_{d,s} and the
        // radial integral together. G(0, ·) is radial: 2∫₀¹ G(0, ρ) dρ (d = 1), 2π∫₀¹ G(0, ρ) ρ dρ (d = 2);
        // the ends are singular (ρ^{2s−d}, (1 − ρ)^s), which the tanh–sinh rule absorbs.
        for d in [1, 2] {
            let green = try FractionalGreenFunction(order: s, dimension: d)
            let integral = TanhSinhQuadrature().integrate(from: 0, to: 1) { rho in
                let g = Float80(green(.zero, SIMD2(Double(rho), 0)))
                return d == 1 ? 2 * g : 2 * Float80.pi * rho * g
            }
            let expected = FractionalPoissonSolver.constantForcingSolution(order: s, dimension: d, at: .zero)
            #expect(abs(Double(integral) - expected) <= 1e-13 * expected, "d = \(d): \(integral) vs \(expected)")
        }
    }

    @Test func rejectsOrdersAndDimensionsOutsideTheTheory() {
        for s in [0, 1, -0.5, 1.5, .nan, .infinity] {
            #expect(throws: GeneratorError.self) { try FractionalGreenFunction(order: s, dimension: 1) }
        }
        for d in [0, 3] {
            #expect(throws: GeneratorError.self) { try FractionalGreenFunction(order: 0.5, dimension: d) }
        }
    }
}
