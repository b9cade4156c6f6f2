// KernelModel+Certificate: recompute a model's coercivity certificate on any grid — λ_min(A_{C+D}) beside 1/κ(C) − 2N(D).
import NonlocalAssembly
import NonlocalKernels

extension KernelModel.Certificate {
    /// The certificate of `model` on `grid` (described by `specification`):
    /// `1/κ = λ_min(A_C)` of the nonnegative part (eq. 4.3), N(D) of the sign-changing part in
    /// the L1 form on the grid's stencil (``SignChangingNorm``), λ_min of the whole operator,
    /// and the Gershgorin bound `1/κ − 2N(D)` that λ_min never falls below.
    /// Kernels without a sign-changing part have N = 0 and λ_min = 1/κ.
    /// - Parameter inverseKappa: 1/κ of the nonnegative part on this grid when already known
    ///   (the regression computes it before stage 2); nil computes it.
    /// - Throws: ``RegressionError`` for a kernel the model cannot make or a failed eigensolve.
    public init(model: KernelModel, grid: Grid, specification: GridSpecification, inverseKappa known: Double? = nil) throws(RegressionError) {
        let kernel: any RadialKernel
        do { kernel = try model.makeKernel() } catch { throw .solverFailed(stage: "kernel model", reason: error.description) }
        guard kernel.dimension == grid.dimension else {
            throw .gridMismatch(dataset: "a \(grid.dimension)D grid", requested: "a \(kernel.dimension)D kernel")
        }
        guard kernel.horizon <= grid.layerWidth * (1 + 1e-10) else {
            throw .horizonBeyondLayer(horizon: kernel.horizon, layerWidth: grid.layerWidth)
        }
        guard kernel.horizon >= grid.spacing * (1 - 1e-10) else { throw .horizonBelowSpacing(horizon: kernel.horizon, spacing: grid.spacing) }
        func smallestEigenvalue(_ kernel: some RadialKernel) throws(RegressionError) -> Double {
            do { return try NonlocalOperator(kernel: kernel, grid: grid).smallestEigenvalue() } catch {
                throw .solverFailed(stage: "the coercivity eigenproblem", reason: error.description)
            }
        }
        let lambdaMin = try smallestEigenvalue(kernel)
        var inverseKappa = lambdaMin, norm = 0.0
        if let bernstein = kernel as? BernsteinKernel, bernstein.signChangingCoefficients.contains(where: { $0 != 0 }) {
            if let known { inverseKappa = known } else { inverseKappa = try smallestEigenvalue(bernstein.nonnegativePart) }
            let stencil = Stencil(dimension: grid.dimension, spacing: grid.spacing, horizon: bernstein.horizon)
            norm = 0.5 * stencil.l1Norm(of: bernstein.signChangingPart) + 0.5 * abs(stencil.integral(of: bernstein.signChangingPart))
        }
        self.init(
            kappa: 1 / inverseKappa, signChangingNorm: norm, lambdaMin: lambdaMin, lowerBound: inverseKappa - 2 * norm,
            grid: specification.description, coercive: lambdaMin > 0)
    }
}
