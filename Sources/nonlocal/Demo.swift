// `nonlocal demo`: the main job on its built-in default, with real numbers.
import ArgumentParser
import NonlocalWorkflows

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assemble a nonlocal operator on the unit disk, certify its coercivity, factorize and solve.")

    @Option(help: "Grid spacing h (the disk has about π/h² unknowns).")
    var spacing: Double = 0.01

    @Option(help: "Horizon δ, at least h.")
    var horizon: Double = 0.05

    var demo: DiskDemo {
        var demo = DiskDemo()
        demo.spacing = spacing
        demo.horizon = horizon
        return demo
    }

    func validate() throws { try demo.validate() }

    func run() throws {
        let o = try demo.run(progress: progress)
        print("kernel (5.3) K(r) = 4 (r/δ)/δ⁴ on the unit disk, h = \(spacing), δ = \(horizon) (\(o.stencilOffsets) stencil offsets)")
        print("assembled: \(o.unknowns.grouped) unknowns, \(o.layerPoints.grouped) layer points, \(o.nonzeros.grouped) nonzeros in \(o.assemblySeconds.fixed(3)) s")
        print("coercivity: λ_min = \(o.lambdaMin.fixed(6)), κ = 1/λ_min = \((1 / o.lambdaMin).fixed(6)), residual ‖Aw − λw‖ = \(o.eigenResidual.scientific()) (\(o.eigenSeconds.fixed(2)) s)")
        print("CHOLMOD: nnz(L) = \(o.factorNonzeros.grouped), factor \(o.factorSeconds.fixed(3)) s, solve \(o.solveSeconds.fixed(3)) s, ‖Au − f‖/‖f‖ = \(o.relativeResidual.scientific())")
        print("local limit −(m₂/2)Δ, m₂ = ½Σ K|ξ|²h² = \(o.secondMoment.fixed(6)): u(0) = \(o.centreValue.fixed(6)) vs \(o.localCentreValue.fixed(6)), λ_min = \(o.lambdaMin.fixed(4)) vs (m₂/2) j₀,₁² = \(o.localLambdaMin.fixed(4)) (differences O(δ))")
    }
}
