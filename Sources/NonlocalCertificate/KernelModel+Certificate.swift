// KernelModel+Certificate: a model's coercivity certificate on any grid — λ_min(A_{C+D}) beside 1/κ(C) − 2N(D).
import NonlocalAssembly
import NonlocalKernels

extension KernelModel.Certificate {
    /// The certificate of `model` on `grid` (described by `specification`):
    /// `1/κ = λ_min(A_C)` of the nonnegative part (eq. 4.3), N(D) of the sign-changing part
    /// (``SignChangingNorm``, the L1 form, on this grid's stencil), λ_min of the whole operator,
    /// and the Gershgorin bound `1/κ − 2N(D)` that λ_min never falls below. A reaction term c
    /// belongs to the nonnegative part (it raises 1/κ and λ_min by c).
    /// Kernels without a sign-changing part have N = 0 and λ_min = 1/κ.
    /// - Parameter inverseKappa: 1/κ of the nonnegative part on this grid when already known
    ///   (the regression computes it before stage 2); nil computes it.
    /// - Throws: ``CertificateError`` for a model that makes no kernel, a grid it cannot live
    ///   on, or a failed eigensolve.
    public init(model: KernelModel, grid: Grid, specification: GridSpecification, inverseKappa known: Double? = nil) throws(CertificateError) {
        let kernel: any RadialKernel
        do { kernel = try model.makeKernel() } catch { throw .invalidModel(reason: error.description) }
        guard kernel.dimension == grid.dimension else { throw .dimensionMismatch(kernel: kernel.dimension, grid: grid.dimension) }
        do { try grid.checkHorizon(kernel.horizon) } catch { throw .grid(error) }
        let reaction = model.reaction ?? 0
        func smallestEigenpair(_ kernel: some RadialKernel) throws(CertificateError) -> (value: Double, residual: Double?) {
            do { return try NonlocalOperator(kernel: kernel, grid: grid, reaction: reaction).smallestEigenpair() } catch {
                throw .eigensolverFailed(reason: error.description)
            }
        }
        func smallestEigenvalue(_ kernel: some RadialKernel) throws(CertificateError) -> Double { try smallestEigenpair(kernel).value }
        let (lambdaMin, residual) = try smallestEigenpair(kernel)
        var inverseKappa = lambdaMin, norm = 0.0
        if let bernstein = kernel as? BernsteinKernel, bernstein.signChangingCoefficients.contains(where: { $0 != 0 }) {
            if let known { inverseKappa = known } else { inverseKappa = try smallestEigenvalue(bernstein.nonnegativePart) }
            let order = bernstein.signChangingCoefficients.count - 1
            let basis = (0...order).map { BernsteinKernel.basisFunction($0, order: order, horizon: bernstein.horizon, dimension: grid.dimension) }
            let stencil = Stencil(dimension: grid.dimension, spacing: grid.spacing, horizon: bernstein.horizon)
            norm = SignChangingNorm(stencil: stencil, basis: basis).value(bernstein.signChangingCoefficients)
        }
        self.init(
            kappa: 1 / inverseKappa, signChangingNorm: norm, lambdaMin: lambdaMin, lowerBound: inverseKappa - 2 * norm,
            grid: specification.description, coercive: lambdaMin > 0)
        lambdaMinResidual = residual
    }
}
