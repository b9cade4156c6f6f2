// `nonlocal demo`: the main job on its built-in default, with real numbers.
import ArgumentParser
import Foundation
import NonlocalAssembly
import NonlocalKernels
import NonlocalLinearAlgebra

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assemble a nonlocal operator on the unit disk, certify its coercivity, factorize and solve.")

    @Option(help: "Grid spacing h (the disk has about π/h² unknowns).")
    var spacing: Double = 0.01

    @Option(help: "Horizon δ, at least h.")
    var horizon: Double = 0.05

    func validate() throws {
        guard spacing > 0, spacing <= 0.5, spacing.isFinite else {
            throw CommandError("--spacing must be in (0, 0.5] (got \(spacing))")
        }
        guard 1 / spacing == (1 / spacing).rounded() else {
            throw CommandError("--spacing must divide 1 into whole cells, e.g. 0.01 or 0.02 (got \(spacing))")
        }
        guard horizon >= spacing, horizon <= 1 else {
            throw CommandError("--horizon must be in [spacing, 1] (got \(horizon)); the stencil needs δ ≥ h")
        }
    }

    func run() throws {
        let kernel = ManufacturedKernel.linear(horizon: horizon, dimension: 2)
        progress("building the disk grid and assembling the operator of kernel (5.3)")
        let grid = try Grid.disk(radius: 1, spacing: spacing, horizon: horizon)
        let op = NonlocalOperator(kernel: kernel, grid: grid)
        let (matrix, assembly) = timed { op.assemble() }
        print("kernel (5.3) K(r) = 4 (r/δ)/δ⁴ on the unit disk, h = \(spacing), δ = \(horizon) (\(op.stencil.count) stencil offsets)")
        print("assembled: \(grid.interiorCount.grouped) unknowns, \(grid.layerCount.grouped) layer points, \(matrix.nonzeroCount.grouped) nonzeros in \(assembly.fixed(3)) s")

        progress("certifying coercivity with ARPACK shift-invert")
        let (pairs, eigenTime) = try timed { try SymmetricEigensolver().smallestEigenpairs(of: matrix, count: 1) }
        print("coercivity: λ_min = \(pairs[0].value.fixed(6)), κ = 1/λ_min = \((1 / pairs[0].value).fixed(6)), residual ‖Aw − λw‖ = \(pairs[0].residualNorm.scientific()) (\(eigenTime.fixed(2)) s)")

        progress("factorizing with CHOLMOD and solving L_K u = 1 with u = 0 on the layer")
        let (cholesky, factorTime) = try timed { try CholeskyFactorization(factorizing: matrix) }
        let f = [Double](repeating: 1, count: grid.interiorCount)
        let (u, solveTime) = timed { cholesky.solve(f) }
        let residual = matrix.multiply(u).subtracting(f).euclideanNorm / f.euclideanNorm
        print("CHOLMOD: nnz(L) = \(cholesky.factorNonzeroCount.grouped), factor \(factorTime.fixed(3)) s, solve \(solveTime.fixed(3)) s, ‖Au − f‖/‖f‖ = \(residual.scientific())")

        // L_K[|x|²] = −2 m₂ while Δ|x|² = 4, so L_K ≈ −(m₂/2) Δ: the local limit solves
        // −(m₂/2) Δu = 1 on the disk, u = (1 − |x|²)/(2 m₂).
        let moment = op.stencil.secondMoment(of: kernel)
        let centre = grid.interiorCoordinates.indices.min { grid.interiorCoordinates[$0].squaredLength < grid.interiorCoordinates[$1].squaredLength }!
        let local = 1 / (2 * moment)
        // The first Dirichlet eigenvalue of −Δ on the unit disk is j₀,₁², j₀,₁ the first zero of J₀.
        let besselZero = 2.404_825_557_695_773
        print("local limit −(m₂/2)Δ, m₂ = ½Σ K|ξ|²h² = \(moment.fixed(6)): u(0) = \(u[centre].fixed(6)) vs \(local.fixed(6)), λ_min = \(pairs[0].value.fixed(4)) vs (m₂/2) j₀,₁² = \((moment / 2 * besselZero * besselZero).fixed(4)) (differences O(δ))")
    }
}

extension SIMD2<Double> {
    var squaredLength: Double { (self * self).sum() }
}
