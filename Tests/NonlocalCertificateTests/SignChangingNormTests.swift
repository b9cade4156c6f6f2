// Tests of N(D): its two forms against their definitions, the subgradient inequality, and the Gershgorin bound |λ(A_D)| ≤ 2N(D).
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct SignChangingNormTests {
    static let order = 6, horizon = 0.23

    static func basis(dimension: Int) -> [any RadialKernel] {
        (0...order).map { BernsteinKernel.basisFunction($0, order: order, horizon: horizon, dimension: dimension) }
    }

    /// K_D(|ξ|) h^d at every offset of the stencil.
    static func offsetValues(_ d: [Double], stencil: Stencil, dimension: Int) -> [Double] {
        let part = BernsteinKernel(coefficients: d.map { _ in 0 }, signChanging: d, horizon: horizon, dimension: dimension)
        return stencil.radii.map { part($0) * stencil.cellVolume }
    }

    @Test(arguments: [1, 2])
    func bothFormsMatchTheirDefinitions(dimension: Int) {
        let stencil = Stencil(dimension: dimension, spacing: 0.02, horizon: Self.horizon)
        let l1 = SignChangingNorm(stencil: stencil, basis: Self.basis(dimension: dimension))
        let printed = SignChangingNorm(stencil: stencil, basis: Self.basis(dimension: dimension), form: .asPrinted)
        var generator = SplitMix64(seed: 11)
        for _ in 0..<20 {
            let d = generator.uniform(Self.order + 1).map { $0 * 5 }
            let values = Self.offsetValues(d, stencil: stencil, dimension: dimension)
            let integral = values.reduce(0, +)
            let expected = 0.5 * values.reduce(0) { $0 + abs($1) } + 0.5 * abs(integral)
            #expect(abs(l1.value(d) - expected) <= 1e-12 * expected)
            #expect(abs(printed.value(d) - (0.5 * integral + 0.5 * abs(integral))) <= 1e-12 * expected)
        }
    }

    /// The coefficient form bounds the L1 form on the training stencil and on every refinement
    /// h/j it lists, for seeded random D, in 1D and 2D; and it is Σ w_m |D_m| with w ≥ the
    /// training stencil's integral weights.
    @Test(arguments: [1, 2])
    func theCoefficientFormBoundsTheL1FormOnEveryRefinement(dimension: Int) {
        let h = 0.03
        let basis = Self.basis(dimension: dimension)
        let coefficients = SignChangingNorm(stencil: Stencil(dimension: dimension, spacing: h, horizon: Self.horizon), basis: basis, form: .coefficients)
        let training = SignChangingNorm(stencil: Stencil(dimension: dimension, spacing: h, horizon: Self.horizon), basis: basis)
        #expect(zip(coefficients.coefficientWeights, training.integralWeights).allSatisfy { $0 >= $1 })
        let refinements = SignChangingNorm.refinements.map {
            SignChangingNorm(stencil: Stencil(dimension: dimension, spacing: h / Double($0), horizon: Self.horizon), basis: basis)
        }
        var generator = SplitMix64(seed: 29)
        for _ in 0..<30 {
            let d = generator.uniform(Self.order + 1).map { ($0 - 0.5) * 10 }
            let bound = coefficients.value(d)
            #expect(abs(bound - zip(coefficients.coefficientWeights, d).reduce(0) { $0 + $1.0 * abs($1.1) }) <= 1e-14 * bound)
            for norm in refinements { #expect(norm.value(d) <= bound * (1 + 1e-12)) }
        }
    }

    /// A subgradient g of the convex N satisfies N(D + e) ≥ N(D) + gᵀe for every e, and where N is
    /// differentiable (no class value zero) gᵀe is its directional derivative.
    @Test(arguments: [SignChangingNorm.Form.coefficients, .l1, .asPrinted])
    func subgradientSupportsTheNorm(form: SignChangingNorm.Form) {
        let stencil = Stencil(dimension: 1, spacing: 0.01, horizon: Self.horizon)
        let norm = SignChangingNorm(stencil: stencil, basis: Self.basis(dimension: 1), form: form)
        var generator = SplitMix64(seed: 5)
        for _ in 0..<50 {
            let d = generator.uniform(Self.order + 1).map { $0 * 3 }
            let g = norm.subgradient(d)
            let value = norm.value(d)
            for _ in 0..<10 {
                let e = generator.uniform(Self.order + 1)
                var moved = d
                moved.add(e, scaledBy: 1)
                #expect(norm.value(moved) >= value + g.dot(e) - 1e-12 * (value + 1))
                let t = 1e-7
                var nudged = d
                nudged.add(e, scaledBy: t)
                let slope = (norm.value(nudged) - value) / t
                #expect(abs(slope - g.dot(e)) <= 1e-5 * (abs(slope) + 1), "directional derivative \(slope) vs gᵀe \(g.dot(e))")
            }
        }
    }

    /// Gershgorin on the K_D part of the assembled matrix: diagonal Σ K_D h^d, off-diagonal −K_D h^d,
    /// so every eigenvalue lies in [−2N(D), 2N(D)] — on periodic grids (the symbol) and volume-constrained ones.
    @Test func eigenvaluesOfTheSignChangingPartLieWithinTwiceTheNorm() throws {
        var generator = SplitMix64(seed: 9)
        let periodic = Stencil(dimension: 1, spacing: 0.01, horizon: Self.horizon)
        let norm = SignChangingNorm(stencil: periodic, basis: Self.basis(dimension: 1))
        for _ in 0..<20 {
            let d = generator.uniform(Self.order + 1).map { $0 * 10 }
            let part = BernsteinKernel(coefficients: d.map { _ in 0 }, signChanging: d, horizon: Self.horizon, dimension: 1)
            let largest = (0...50).map { abs(periodic.symbol(of: part, wavenumber: SIMD2(Double($0), 0))) }.max()!
            #expect(largest <= 2 * norm.value(d) * (1 + 1e-12))
        }
        // Volume-constrained: the dense spectrum of the assembled K_D operator on a small interval.
        let grid = try Grid.interval(from: -1, to: 1, spacing: 0.05, horizon: Self.horizon)
        let stencil = Stencil(dimension: 1, spacing: 0.05, horizon: Self.horizon)
        let coarse = SignChangingNorm(stencil: stencil, basis: Self.basis(dimension: 1))
        for _ in 0..<10 {
            let d = generator.uniform(Self.order + 1).map { $0 * 10 }
            let part = BernsteinKernel(coefficients: d.map { _ in 0 }, signChanging: d, horizon: Self.horizon, dimension: 1)
            let matrix = NonlocalOperator(kernel: part, grid: grid).assemble()
            let solver = SymmetricEigensolver(method: .dense)
            let low = try solver.smallestEigenpairs(of: matrix, count: 1)[0].value
            let high = -(try solver.smallestEigenpairs(of: matrix.scaled(by: -1), count: 1)[0].value)
            let bound = 2 * coarse.value(d)
            #expect(low >= -bound * (1 + 1e-12) && high <= bound * (1 + 1e-12), "spectrum [\(low), \(high)] beyond ±\(bound)")
        }
    }
}
