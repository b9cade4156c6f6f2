// Tests of the coercivity certificate against the analytic oracle of periodic grids: circulant operators are diagonal in Fourier modes.
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct CoercivityCertificateTests {
    /// On a periodic grid the operator of K is circulant: its eigenvalues are the symbol
    /// σ_K(k) = Σ_ξ K(|ξ|)(1 − cos 2πk·ξ) h^d at the grid's wavenumbers, k = 0 the deflated constant.
    /// The smallest over k ≠ 0 is λ_min (eq. 4.3 on mean-zero functions).
    static func smallestSymbol(of kernel: some RadialKernel, points n: Int, dimension d: Int) -> Double {
        let stencil = Stencil(kernel: kernel, spacing: 1 / Double(n))
        var smallest = Double.infinity
        for k2 in 0..<(d == 2 ? n : 1) {
            for k1 in 0..<n where (k1, k2) != (0, 0) {
                smallest = min(smallest, stencil.symbol(of: kernel, wavenumber: SIMD2(Double(k1), Double(k2))))
            }
        }
        return smallest
    }

    /// A seeded model C + D of order M on horizon δ: C ≥ 0, D sign-changing and of the same size.
    static func model(order: Int, horizon: Double, dimension: Int, seed: UInt64, signChangingScale: Double) -> KernelModel {
        var generator = SplitMix64(seed: seed)
        let c = (0...order).map { _ in 10 * generator.nextUnit() }
        let d = generator.uniform(order + 1).map { $0 * signChangingScale }
        return KernelModel(
            family: .bernstein, dimension: dimension, horizon: horizon, nonnegativeCoefficients: c, signChangingCoefficients: d,
            toolkitVersion: "test")
    }

    /// On periodic grids λ_min comes from the symbols at the lattice's modes, not an eigensolver: it
    /// equals LAPACK's smallest eigenvalue of the assembled matrix with the constants deflated, for
    /// coercive and non-coercive seeded kernels, odd and even sizes, 1D and 2D, with and without a reaction.
    @Test(arguments: [(1, 37, 0.2), (1, 64, 0.37), (2, 9, 0.3), (2, 12, 0.25)])
    func periodicEigenvaluesMatchTheDenseEigensolver(dimension: Int, points: Int, horizon: Double) throws {
        let grid = try GridSpecification.periodic(dimension: dimension, points: points, length: 1).makeGrid()
        let dense = SymmetricEigensolver(method: .dense)
        for seed in UInt64(1)...4 {
            for reaction in [0, 0.7] {
                let kernel = try Self.model(order: 6, horizon: horizon, dimension: dimension, seed: seed, signChangingScale: seed > 2 ? 40 : 1)
                    .makeKernel()
                let op = NonlocalOperator(kernel: kernel, grid: grid, reaction: reaction)
                let matrix = op.assemble()
                let ones = [Double](repeating: 1, count: matrix.rowCount)
                let expected = try dense.smallestEigenpairs(of: matrix, count: 1, deflating: ones)[0].value
                let size = matrix.denseMatrix().storage.map(abs).max()!
                #expect(abs(try op.smallestEigenvalue() - expected) <= 1e-11 * size, "seed \(seed), c = \(reaction)")
            }
        }
    }

    @Test(arguments: [(1, 64, 0.2), (1, 101, 0.37), (2, 24, 0.15)])
    func certificateMatchesTheSymbolAndItsBound(dimension: Int, points: Int, horizon: Double) throws {
        let specification = GridSpecification.periodic(dimension: dimension, points: points, length: 1)
        let grid = try specification.makeGrid()
        for seed in UInt64(1)...6 {
            // Small and large D: coercive and not, the bound holds either way.
            let model = Self.model(order: 4, horizon: horizon, dimension: dimension, seed: seed, signChangingScale: seed <= 3 ? 0.5 : 8)
            let certificate = try KernelModel.Certificate(model: model, grid: grid, specification: specification)
            let full = try model.makeKernel()
            let nonnegative = BernsteinKernel(coefficients: model.nonnegativeCoefficients, horizon: horizon, dimension: dimension)
            let lambda = Self.smallestSymbol(of: full, points: points, dimension: dimension)
            let inverseKappa = Self.smallestSymbol(of: nonnegative, points: points, dimension: dimension)
            let scale = inverseKappa + 1
            let label = "d = \(dimension), n = \(points), seed \(seed)"
            #expect(abs(certificate.lambdaMin - lambda) <= 1e-9 * scale, "\(label): λ_min \(certificate.lambdaMin) vs symbol \(lambda)")
            #expect(abs(1 / certificate.kappa - inverseKappa) <= 1e-9 * scale, "\(label): 1/κ \(1 / certificate.kappa) vs \(inverseKappa)")
            #expect(certificate.lambdaMin >= certificate.lowerBound - 1e-9 * scale, "\(label): λ_min below 1/κ − 2N(D)")
            #expect(abs(certificate.lowerBound - (1 / certificate.kappa - 2 * certificate.signChangingNorm)) <= 1e-12 * (scale + certificate.signChangingNorm))
            #expect(certificate.coercive == (lambda > 0), "\(label)")
            #expect(certificate.grid == specification.description)
        }
    }

    /// N(D) is ½ Σ_ξ |K_D(|ξ|)| h^d + ½ |Σ_ξ K_D(|ξ|) h^d| over the grid's stencil, written out here offset by offset.
    @Test func signChangingNormIsTheL1FormOnTheGridsStencil() throws {
        for (specification, seed) in [(GridSpecification.interval(lower: -1, upper: 1, spacing: 0.01, horizon: 0.3), UInt64(3)),
                                      (.disk(radius: 1, spacing: 0.1, horizon: 0.35), 4)] {
            let grid = try specification.makeGrid()
            let model = Self.model(order: 5, horizon: 0.3, dimension: specification.dimension, seed: seed, signChangingScale: 2)
            let certificate = try KernelModel.Certificate(model: model, grid: grid, specification: specification)
            let part = BernsteinKernel(
                coefficients: [Double](repeating: 0, count: 6), signChanging: model.signChangingCoefficients, horizon: 0.3,
                dimension: specification.dimension)
            let stencil = Stencil(kernel: part, spacing: grid.spacing)
            let values = stencil.radii.map { part($0) * stencil.cellVolume }
            let expected = 0.5 * values.reduce(0) { $0 + abs($1) } + 0.5 * abs(values.reduce(0, +))
            #expect(abs(certificate.signChangingNorm - expected) <= 1e-12 * expected, "\(specification)")
            #expect(certificate.lambdaMin >= certificate.lowerBound, "\(specification)")
        }
    }

    /// On a volume-constrained grid the certificate carries the eigensolver's residual ‖Aw − λw‖ for its unit
    /// vector, which converged (≤ 1e-8 relative to λ_max's scale); on a periodic grid λ_min is the exact
    /// symbol and there is none; a model file never stores it (the same bytes with or without).
    @Test func theCertificateReportsItsEigenResidual() throws {
        let specification = GridSpecification.disk(radius: 1, spacing: 0.05, horizon: 0.2)
        let model = Self.model(order: 4, horizon: 0.2, dimension: 2, seed: 2, signChangingScale: 0.5)
        let certificate = try KernelModel.Certificate(model: model, grid: specification.makeGrid(), specification: specification)
        let matrix = NonlocalOperator(kernel: try model.makeKernel(), grid: try specification.makeGrid()).assemble()
        let scale = matrix.denseMatrix().storage.map(abs).max()!
        let residual = try #require(certificate.lambdaMinResidual)
        #expect(residual <= 1e-8 * scale, "residual \(residual)")
        let periodic = GridSpecification.periodic(dimension: 1, points: 64, length: 1)
        #expect(try KernelModel.Certificate(model: model1D, grid: periodic.makeGrid(), specification: periodic).lambdaMinResidual == nil)
        var stored = model
        stored.certificate = certificate
        var bare = certificate
        bare.lambdaMinResidual = nil
        var without = model
        without.certificate = bare
        #expect(try stored.encoded() == without.encoded())
    }

    private var model1D: KernelModel { Self.model(order: 4, horizon: 0.2, dimension: 1, seed: 2, signChangingScale: 0.5) }

    @Test func kernelsWithoutASignChangingPartHaveNoNorm() throws {
        let specification = GridSpecification.periodic(dimension: 1, points: 50, length: 1)
        let model = KernelModel(family: .bernstein, dimension: 1, horizon: 0.2, nonnegativeCoefficients: [1, 3, 2], toolkitVersion: "test")
        let certificate = try KernelModel.Certificate(model: model, grid: specification.makeGrid(), specification: specification)
        #expect(certificate.signChangingNorm == 0)
        let lambda = Self.smallestSymbol(of: try model.makeKernel(), points: 50, dimension: 1)
        #expect(abs(certificate.lambdaMin - lambda) <= 1e-10 * lambda)
        #expect(certificate.lambdaMin == 1 / certificate.kappa)
    }

    @Test func aPeriodicGridOfOnePointHasNoCertificate() throws {
        // Its only function is the constant, which the certificate deflates: the eigensolver's
        // precondition (count ≤ n − 1) trapped (SIGILL) on `check --grid periodic:d=1,n=1`.
        let model = KernelModel(family: .bernstein, dimension: 1, horizon: 1, nonnegativeCoefficients: [1, 1], toolkitVersion: "test")
        let single = GridSpecification.periodic(dimension: 1, points: 1, length: 1)
        #expect(throws: CertificateError.eigensolverFailed(reason: EigenError.noEigenpairs(dimension: 1).description)) {
            try KernelModel.Certificate(model: model, grid: single.makeGrid(), specification: single)
        }
        let pair = GridSpecification.periodic(dimension: 1, points: 2, length: 1)
        #expect(try KernelModel.Certificate(model: model, grid: pair.makeGrid(), specification: pair).lambdaMin > 0)
    }

    @Test func gridsTheModelCannotLiveOnAreNamed() throws {
        let model = KernelModel(family: .bernstein, dimension: 1, horizon: 0.5, nonnegativeCoefficients: [1, 1], toolkitVersion: "test")
        let narrow = GridSpecification.interval(lower: -1, upper: 1, spacing: 0.01, horizon: 0.25)
        #expect(throws: CertificateError.grid(.horizonBeyondLayer(horizon: 0.5, layerWidth: 0.25))) {
            try KernelModel.Certificate(model: model, grid: narrow.makeGrid(), specification: narrow)
        }
        let coarse = GridSpecification.periodic(dimension: 1, points: 4, length: 1)
        var short = model
        short.horizon = 0.2
        #expect(throws: CertificateError.grid(.horizonBelowSpacing(horizon: 0.2, spacing: 0.25))) {
            try KernelModel.Certificate(model: short, grid: coarse.makeGrid(), specification: coarse)
        }
        let plane = GridSpecification.periodic(dimension: 2, points: 10, length: 1)
        #expect(throws: CertificateError.dimensionMismatch(kernel: 1, grid: 2)) {
            try KernelModel.Certificate(model: model, grid: plane.makeGrid(), specification: plane)
        }
    }
}
