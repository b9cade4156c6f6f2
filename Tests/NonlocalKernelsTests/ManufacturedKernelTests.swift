// Tests of ManufacturedKernel: eqs. (5.3)–(5.4), the linear kernel as a Bernstein kernel, its second moment.
import Foundation
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct ManufacturedKernelTests {
    static let horizons = [0.1, 0.25, 1, 3]

    @Test(arguments: ManufacturedKernel.Profile.allCases)
    func satisfiesTheKernelContract(profile: ManufacturedKernel.Profile) {
        for delta in Self.horizons {
            for d in [1, 2] { checkRadialKernel(ManufacturedKernel(profile, horizon: delta, dimension: d)) }
        }
    }

    @Test(arguments: [1, 2])
    func linearKernelIsABernsteinKernel(dimension: Int) {
        for delta in Self.horizons {
            let linear = ManufacturedKernel.linear(horizon: delta, dimension: dimension)
            let first = BernsteinKernel(coefficients: [0, 4], horizon: delta, dimension: dimension)
            let second = BernsteinKernel(coefficients: [0, 2, 4], horizon: delta, dimension: dimension)
            let peak = 4 / pow(delta, Double(dimension + 2))
            for j in 0...120 {
                let r = delta * Double(j) / 100  // past the horizon too
                #expect(first(r) == linear(r), "M = 1, δ = \(delta), r = \(r)")
                #expect(abs(second(r) - linear(r)) <= 1e-15 * peak, "M = 2, δ = \(delta), r = \(r)")
            }
            #expect(linear(delta) == peak)
        }
    }

    @Test(arguments: [1, 2])
    func cosineKernelMatchesEquation5_4(dimension: Int) {
        for delta in Self.horizons {
            let kernel = ManufacturedKernel.cosine(horizon: delta, dimension: dimension)
            let amplitude = 21.4615 / pow(delta, Double(dimension + 2))
            #expect(abs(kernel(0) - amplitude) <= 1e-15 * amplitude)
            #expect(abs(kernel(5 * delta / 6)) <= 1e-15 * amplitude, "cos(3πr/(5δ)) vanishes at r = 5δ/6")
            #expect(kernel(0.8 * delta) > 0 && kernel(0.9 * delta) < 0)
            #expect(abs(kernel(delta) - amplitude * cos(3 * Double.pi / 5)) <= 1e-15 * amplitude)
        }
    }

    /// `½ ∫_{ℝᵈ} K(|ξ|) ξ₁² dξ`: the diffusivity L_K reduces to on quadratics (1 for −Δ).
    static func halfSecondMoment(_ kernel: some RadialKernel) -> Double {
        // In d = 2 the angular integral of cos²θ is π; in d = 1 the two half-lines give 2.
        let delta = kernel.horizon, panels = 400, h = delta / Double(panels)
        let nodes = [-(0.6).squareRoot(), 0, (0.6).squareRoot()], weights = [5.0 / 9, 8.0 / 9, 5.0 / 9]
        var radial = 0.0
        for p in 0..<panels {
            for (x, w) in zip(nodes, weights) {
                let r = (Double(p) + (x + 1) / 2) * h
                radial += w * h / 2 * kernel(r) * r * r * (kernel.dimension == 2 ? r : 1)
            }
        }
        return (kernel.dimension == 2 ? Double.pi : 2) * radial / 2
    }

    @Test func linearKernelHasDeltaIndependentDiffusivity() {
        // ½∫K ξ₁² dξ = 1 in d = 1 (L_K → −u'') and 2π/5 in d = 2, for every δ: the δ^{d+2} scaling.
        for delta in Self.horizons {
            let one = Self.halfSecondMoment(ManufacturedKernel.linear(horizon: delta, dimension: 1))
            let two = Self.halfSecondMoment(ManufacturedKernel.linear(horizon: delta, dimension: 2))
            #expect(abs(one - 1) <= 1e-14, "δ = \(delta): \(one)")
            #expect(abs(two - 2 * Double.pi / 5) <= 1e-14, "δ = \(delta): \(two)")
        }
    }

    @Test func profilesNameThemselves() {
        #expect(ManufacturedKernel.Profile(rawValue: "cosine") == .cosine)
        #expect(ManufacturedKernel.Profile.allCases.map(\.rawValue) == ["linear", "cosine"])
        #expect(ManufacturedKernel.linear(horizon: 1, dimension: 1).profile == .linear)
    }
}
