// Tests of BernsteinKernel: the δ^{d+2} scaling of eq. (3.11), the C/D split, basis features, the kernel contract.
import Foundation
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct BernsteinKernelTests {
    /// A kernel with random C ≥ 0 and D of both signs.
    static func randomKernel(order: Int, horizon: Double, dimension: Int, seed: UInt64) -> BernsteinKernel {
        var generator = SplitMix64(seed: seed)
        return BernsteinKernel(
            coefficients: generator.uniform(order + 1, in: 0..<2), signChanging: generator.uniform(order + 1),
            horizon: horizon, dimension: dimension)
    }

    @Test(arguments: [1, 2])
    func satisfiesTheKernelContract(dimension: Int) {
        for (order, delta) in [(0, 0.1), (2, 0.25), (20, 1), (40, 3)] {
            let kernel = Self.randomKernel(order: order, horizon: delta, dimension: dimension, seed: 1)
            checkRadialKernel(kernel)
            checkRadialKernel(kernel.nonnegativePart)
            checkRadialKernel(kernel.signChangingPart)
        }
    }

    @Test(arguments: [1, 2])
    func scalesLikeDeltaToTheMinusDPlusTwo(dimension: Int) {
        // K(tδ)·δ^{d+2} = Σ (C_m + D_m) B_{m,M}(t), whatever δ.
        for delta in [0.01, 0.25, 1, 7.5] {
            let kernel = Self.randomKernel(order: 10, horizon: delta, dimension: dimension, seed: 2)
            #expect(kernel.basisScale == 1 / pow(delta, Double(dimension + 2)))
            for j in 0...50 {
                let t = Double(j) / 50
                let unscaled = kernel.basis.evaluate(kernel.coefficients, at: t)
                let scaled = kernel(t * delta) * pow(delta, Double(dimension + 2))
                #expect(abs(scaled - unscaled) <= 1e-14 * kernel.coefficients.map(abs).reduce(0, +), "δ = \(delta), t = \(t)")
            }
        }
    }

    @Test func partsAddUpToTheKernel() {
        let kernel = Self.randomKernel(order: 8, horizon: 0.3, dimension: 2, seed: 3)
        let (c, d) = (kernel.nonnegativePart, kernel.signChangingPart)
        #expect(c.nonnegativeCoefficients == kernel.nonnegativeCoefficients && c.signChangingCoefficients.allSatisfy { $0 == 0 })
        #expect(d.signChangingCoefficients == kernel.signChangingCoefficients && d.nonnegativeCoefficients.allSatisfy { $0 == 0 })
        #expect(zip(kernel.coefficients, zip(kernel.nonnegativeCoefficients, kernel.signChangingCoefficients)).allSatisfy { $0 == $1.0 + $1.1 })
        let bound = zip(kernel.nonnegativeCoefficients, kernel.signChangingCoefficients).reduce(0) { $0 + $1.0 + abs($1.1) } * kernel.basisScale
        for j in 0...60 {
            let r = 0.3 * Double(j) / 60
            #expect(abs(c(r) + d(r) - kernel(r)) <= 1e-14 * bound, "r = \(r)")
        }
        #expect(kernel.order == 8 && c.order == 8 && c.horizon == 0.3 && d.dimension == 2)
    }

    @Test func basisFunctionsAreTheRegressionFeatures() {
        let kernel = BernsteinKernel(coefficients: [0.5, 0, 3, 1.25, 2], horizon: 0.2, dimension: 1)
        let features = (0...4).map { BernsteinKernel.basisFunction($0, order: 4, horizon: 0.2, dimension: 1) }
        for j in 0...40 {
            let r = 0.2 * Double(j) / 40
            let values = kernel.basis.values(at: r / 0.2)
            for m in 0...4 {
                #expect(abs(features[m](r) - values[m] * kernel.basisScale) <= 1e-15 * kernel.basisScale, "m = \(m), r = \(r)")
            }
            let combination = zip(kernel.coefficients, features).reduce(0) { $0 + $1.0 * $1.1(r) }
            #expect(abs(combination - kernel(r)) <= 1e-14 * 6.75 * kernel.basisScale, "r = \(r)")
        }
    }

    @Test func defaultSignChangingPartIsZero() {
        let kernel = BernsteinKernel(coefficients: [1, 2, 3], horizon: 1, dimension: 1)
        #expect(kernel.signChangingCoefficients == [0, 0, 0])
        #expect(kernel.coefficients == [1, 2, 3])
        #expect(kernel.signChangingPart(0.5) == 0)
    }

    @Test func programmerErrorsTrap() async {
        await #expect(processExitsWith: .failure) {
            _ = BernsteinKernel(coefficients: [1, -1], horizon: 1, dimension: 1)
        }
    }
}
