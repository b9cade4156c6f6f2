// DiskDemo: the manufactured kernel (5.3) on the unit disk — assembly, certificate, CHOLMOD solve and the local limit it approaches.
import NonlocalAssembly
import NonlocalKernels
import NonlocalLinearAlgebra

/// Kernel (5.3), `K(r) = 4 (r/δ)/δ⁴`, volume-constrained on the unit disk (u = 0 on the layer):
/// assembly, λ_min by ARPACK, a CHOLMOD solve of L_K u = 1, and the local limit −(m₂/2)Δ the
/// operator approaches as δ → 0 (u(0) = 1/(2m₂), λ_min → (m₂/2) j₀,₁²).
public struct DiskDemo: Sendable {
    public var spacing = 0.01
    public var horizon = 0.05

    public init() {}

    public struct Outcome: Sendable {
        public let stencilOffsets: Int
        public let unknowns: Int
        public let layerPoints: Int
        public let nonzeros: Int
        public let assemblySeconds: Double
        public let lambdaMin: Double
        public let eigenResidual: Double
        public let eigenSeconds: Double
        public let factorNonzeros: Int
        public let factorSeconds: Double
        public let solveSeconds: Double
        public let relativeResidual: Double
        /// m₂ = ½ Σ K|ξ|² h², the discrete second moment.
        public let secondMoment: Double
        /// u at the unknown nearest the centre, and the local limit's 1/(2m₂).
        public let centreValue: Double
        public let localCentreValue: Double
        /// (m₂/2) j₀,₁², the local limit's smallest eigenvalue.
        public let localLambdaMin: Double
    }

    /// Checks the settings before any work: 0 < h ≤ 0.5 dividing 1 into whole cells, h ≤ δ ≤ 1.
    /// - Throws: ``WorkflowError/invalidSetting(name:value:allowed:)``.
    public func validate() throws(WorkflowError) {
        guard spacing > 0, spacing <= 0.5, spacing.isFinite else {
            throw .invalidSetting(name: "spacing", value: spacing, allowed: "pick h in (0, 0.5]")
        }
        guard 1 / spacing == (1 / spacing).rounded() else {
            throw .invalidSetting(name: "spacing", value: spacing, allowed: "h must divide 1 into whole cells, e.g. 0.01 or 0.02")
        }
        guard horizon >= spacing, horizon <= 1 else {
            throw .invalidSetting(name: "horizon", value: horizon, allowed: "pick δ in [h, 1]; the stencil needs δ ≥ h")
        }
    }

    /// - Throws: ``WorkflowError`` for invalid settings, ``EigenError`` or ``SolverError``.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        try validate()
        let kernel = ManufacturedKernel.linear(horizon: horizon, dimension: 2)
        progress("building the disk grid and assembling the operator of kernel (5.3)")
        let grid = try Grid.disk(radius: 1, spacing: spacing, horizon: horizon)
        let op = NonlocalOperator(kernel: kernel, grid: grid)
        let (matrix, assembly) = timed { op.assemble() }

        progress("certifying coercivity with ARPACK shift-invert")
        let (pairs, eigenTime) = try timed { () throws(EigenError) in try SymmetricEigensolver().smallestEigenpairs(of: matrix, count: 1) }

        progress("factorizing with CHOLMOD and solving L_K u = 1 with u = 0 on the layer")
        let (cholesky, factorTime) = try timed { () throws(SolverError) in try CholeskyFactorization(factorizing: matrix) }
        let f = [Double](repeating: 1, count: grid.interiorCount)
        let (u, solveTime) = timed { cholesky.solve(f) }
        let residual = matrix.multiply(u).subtracting(f).euclideanNorm / f.euclideanNorm

        // L_K[|x|²] = −2 m₂ while Δ|x|² = 4, so L_K ≈ −(m₂/2) Δ: the local limit solves
        // −(m₂/2) Δu = 1 on the disk, u = (1 − |x|²)/(2 m₂).
        let moment = op.stencil.secondMoment(of: kernel)
        let squaredNorm = { (x: SIMD2<Double>) in (x * x).sum() }
        let centre = grid.interiorCoordinates.indices.min { squaredNorm(grid.interiorCoordinates[$0]) < squaredNorm(grid.interiorCoordinates[$1]) }!
        // The first Dirichlet eigenvalue of −Δ on the unit disk is j₀,₁², j₀,₁ the first zero of J₀.
        let besselZero = 2.404_825_557_695_773
        return Outcome(
            stencilOffsets: op.stencil.count, unknowns: grid.interiorCount, layerPoints: grid.layerCount, nonzeros: matrix.nonzeroCount,
            assemblySeconds: assembly, lambdaMin: pairs[0].value, eigenResidual: pairs[0].residualNorm, eigenSeconds: eigenTime,
            factorNonzeros: cholesky.factorNonzeroCount, factorSeconds: factorTime, solveSeconds: solveTime, relativeResidual: residual,
            secondMoment: moment, centreValue: u[centre], localCentreValue: 1 / (2 * moment),
            localLambdaMin: moment / 2 * besselZero * besselZero)
    }
}
