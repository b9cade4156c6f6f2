// Tests of FractionalBernsteinKernel: the r^{-α} form of §8 and its limits α = 0 and M = 0.
import Foundation
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct FractionalBernsteinKernelTests {
    /// The Galerkin weights of a whole Bernstein basis computed at once are bit for bit the weights of
    /// each basis kernel alone, for M = 0 … 20, α from weakly to strongly singular, δ a multiple of h
    /// or not; a basis of another rule, or a kernel that is not a unit basis function, is not batched.
    @Test(arguments: [0, 1, 5, 20])
    func aGalerkinBasisIsWeightedAtOnceBitForBit(order: Int) throws {
        for (alpha, delta, h) in [(0.5, 0.25, 0.01), (2.5, 4.0, 0.01), (2.9, 0.3, 0.07), (1.7, 0.05, 0.05)] {
            let basis = (0...order).map {
                FractionalBernsteinKernel.basisFunction($0, order: order, exponent: alpha, horizon: delta, dimension: 1, quadrature: .galerkin)
            }
            let count = Int((delta / h * (1 + 1e-10)).rounded(.down))
            let batched = try #require(FractionalBernsteinKernel.galerkinBasisWeights(basis, count: count, spacing: h))
            #expect(batched == basis.map { $0.galerkinWeights(count: count, spacing: h) }, "M = \(order), α = \(alpha), δ = \(delta), h = \(h)")
        }
        let product = (0...order).map {
            FractionalBernsteinKernel.basisFunction($0, order: order, exponent: 2.5, horizon: 1, dimension: 1, quadrature: .product)
        }
        #expect(FractionalBernsteinKernel.galerkinBasisWeights(product, count: 10, spacing: 0.1) == nil)
        let scaled = FractionalBernsteinKernel(
            coefficients: (0...order).map { $0 == 0 ? 2.0 : 0 }, exponent: 2.5, horizon: 1, dimension: 1, quadrature: .galerkin)
        #expect(FractionalBernsteinKernel.galerkinBasisWeights([scaled], count: 10, spacing: 0.1) == nil)
    }

    @Test(arguments: [1, 2])
    func satisfiesTheKernelContract(dimension: Int) {
        var generator = SplitMix64(seed: 1)
        for (order, alpha) in [(0, 0.0), (5, 1.5), (20, 2.9)] {
            let c = generator.uniform(order + 1, in: 0..<1)
            checkRadialKernel(FractionalBernsteinKernel(coefficients: c, exponent: alpha, horizon: 0.5, dimension: dimension))
        }
    }

    @Test func timesRToTheAlphaIsABernsteinPolynomial() {
        var generator = SplitMix64(seed: 2)
        let c = generator.uniform(11, in: -1..<1)
        let kernel = FractionalBernsteinKernel(coefficients: c, exponent: 1.5, horizon: 2, dimension: 1)
        for r in generator.uniform(100, in: 0.01..<2) {
            let polynomial = kernel.basis.evaluate(c, at: r / 2)
            #expect(abs(kernel(r) * pow(r, 1.5) - polynomial) <= 1e-14 * c.map(abs).reduce(0, +), "r = \(r)")
        }
    }

    @Test(arguments: [1, 2])
    func alphaZeroIsTheBernsteinKernelTimesDeltaToTheDPlusTwo(dimension: Int) {
        let c = [0.5, 2, 0, 1, 3]
        let fractional = FractionalBernsteinKernel(coefficients: c, exponent: 0, horizon: 0.4, dimension: dimension)
        let bernstein = BernsteinKernel(coefficients: c, horizon: 0.4, dimension: dimension)
        for j in 0...50 {
            let r = 0.5 * Double(j) / 50
            #expect(abs(fractional(r) * bernstein.basisScale - bernstein(r)) <= 1e-15 * 3 * bernstein.basisScale, "r = \(r)")
        }
    }

    @Test(arguments: [1, 2])
    func orderZeroWithAlphaDPlusTwoSIsTheTruncatedFractionalKernel(dimension: Int) throws {
        let truncated = try TruncatedFractionalKernel(order: 0.75, horizon: 1.5, dimension: dimension)
        let fractional = FractionalBernsteinKernel(
            coefficients: [truncated.normalizationConstant], exponent: truncated.exponent, horizon: 1.5, dimension: dimension)
        for j in 1...80 {
            let r = 2 * Double(j) / 80
            #expect(fractional(r) == truncated(r), "r = \(r)")
        }
    }

    @Test func basisFunctionsCombineIntoTheKernel() {
        let c = [1.0, 0.25, 2]
        let kernel = FractionalBernsteinKernel(coefficients: c, exponent: 0.8, horizon: 1, dimension: 2)
        let features = (0...2).map { FractionalBernsteinKernel.basisFunction($0, order: 2, exponent: 0.8, horizon: 1, dimension: 2) }
        for j in 1...40 {
            let r = Double(j) / 40
            let combination = zip(c, features).reduce(0) { $0 + $1.0 * $1.1(r) }
            #expect(abs(combination - kernel(r)) <= 1e-14 * kernel(r), "r = \(r)")
        }
    }
}
