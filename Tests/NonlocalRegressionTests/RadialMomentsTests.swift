// Tests of the radial moments: the Fourier, Gram and difference routes agree, and the quadratic they define is the mean squared residual.
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalRegression
import Testing

@Suite struct RadialMomentsTests {
    /// P and q to 1e-12 of their largest entry, c to 1e-13: the rounding of either route.
    static func expectAgreement(
        _ fourier: RadialMoments, _ differences: RadialMoments, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let gramError = fourier.differenceGram.storage.subtracting(differences.differenceGram.storage).maximumNorm
        #expect(gramError <= 1e-12 * differences.differenceGram.storage.maximumNorm, "\(label): P", sourceLocation: sourceLocation)
        let targetError = fourier.differenceTargets.subtracting(differences.differenceTargets).maximumNorm
        #expect(targetError <= 1e-12 * differences.differenceTargets.maximumNorm, "\(label): q", sourceLocation: sourceLocation)
        let squareError = abs(fourier.targetMeanSquare - differences.targetMeanSquare)
        #expect(squareError <= 1e-13 * differences.targetMeanSquare, "\(label): c", sourceLocation: sourceLocation)
    }

    /// Both routes on periodic data, including a horizon beyond L/2 whose stencil wraps.
    @Test(arguments: [0.25, 0.6])
    func fourierAndDifferenceRoutesAgree(horizon: Double) throws {
        var problem = BiharmonicProblem()
        problem.samples = 37
        problem.horizon = horizon
        let data = try problem.generate()
        let fourier = try RadialMoments(dataset: data, horizon: horizon, route: .fourier, batchSize: 10)
        let differences = try RadialMoments(dataset: data, horizon: horizon, route: .differences, batchSize: 16)
        Self.expectAgreement(fourier, differences, "δ = \(horizon)")
        #expect(fourier.residualCount == 37 * 100)
    }

    /// Random periodic data on odd and even grids (no alternating mode when n is odd), batches
    /// that split unevenly, and a stencil that wraps on the 10-point grid.
    @Test(arguments: [(99, 0.2), (10, 0.7), (64, 0.5)])
    func routesAgreeOnRandomPeriodicData(points: Int, horizon: Double) throws {
        var generator = SplitMix64(seed: UInt64(points))
        let samples = 151
        let u = DenseMatrix(rowCount: points, columnCount: samples, storage: generator.uniform(points * samples))
        let f = DenseMatrix(rowCount: points, columnCount: samples, storage: generator.uniform(points * samples))
        let data = Dataset(
            problem: "random", grid: .periodic(dimension: 1, points: points, length: 1), u: u, f: f, exterior: nil,
            evaluationMask: [Bool](repeating: true, count: points))
        let fourier = try RadialMoments(dataset: data, horizon: horizon, samples: 3..<samples, route: .fourier, batchSize: 67)
        let differences = try RadialMoments(dataset: data, horizon: horizon, samples: 3..<samples, route: .differences, batchSize: 50)
        Self.expectAgreement(fourier, differences, "n = \(points)")
    }

    /// The Gram route against the differences: smooth fractional data on the interval (zero layer, wide
    /// stencils, where G's entries are far larger than the differences'), random data with exterior
    /// values, random periodic data, and the disk.
    @Test func gramAndDifferenceRoutesAgree() throws {
        var fractional = FractionalProblem()
        fractional.samples = 300
        let smooth = try fractional.generate()
        for horizon in [0.125, 4.0] {
            let gram = try RadialMoments(dataset: smooth, horizon: horizon, route: .gram, batchSize: 70)
            let differences = try RadialMoments(dataset: smooth, horizon: horizon, route: .differences)
            Self.expectAgreement(gram, differences, "fractional δ = \(horizon)")
        }
        let grid = try Grid.interval(from: -1, to: 1, spacing: 0.05, horizon: 0.2)
        var generator = SplitMix64(seed: 5)
        let samples = 40
        let random = Dataset(
            problem: "random", grid: .interval(lower: -1, upper: 1, spacing: 0.05, horizon: 0.2),
            u: DenseMatrix(rowCount: grid.interiorCount, columnCount: samples, storage: generator.uniform(grid.interiorCount * samples)),
            f: DenseMatrix(rowCount: grid.interiorCount, columnCount: samples, storage: generator.uniform(grid.interiorCount * samples)),
            exterior: DenseMatrix(rowCount: grid.layerCount, columnCount: samples, storage: generator.uniform(grid.layerCount * samples)),
            evaluationMask: (0..<grid.interiorCount).map { $0 % 3 != 0 })
        Self.expectAgreement(
            try RadialMoments(dataset: random, horizon: 0.2, route: .gram, batchSize: 7),
            try RadialMoments(dataset: random, horizon: 0.2, route: .differences), "interval with exterior values")
        var biharmonic = BiharmonicProblem()
        biharmonic.samples = 20
        let periodic = try biharmonic.generate()
        Self.expectAgreement(
            try RadialMoments(dataset: periodic, horizon: 0.25, route: .gram),
            try RadialMoments(dataset: periodic, horizon: 0.25, route: .differences), "periodic")
        var disk = FractionalProblem()
        disk.dimension = 2
        disk.samples = 30
        let diskData = try disk.generate()
        Self.expectAgreement(
            try RadialMoments(dataset: diskData, horizon: 0.2, route: .gram),
            try RadialMoments(dataset: diskData, horizon: 0.2, route: .differences), "disk")
    }

    /// On a volume-constrained grid with exterior data and X ⊂ Ω, the loss of a random kernel
    /// is the mean squared residual of the operator applied to the data.
    @Test func differencesRouteOnAnIntervalWithExteriorData() throws {
        let grid = try Grid.interval(from: -1, to: 1, spacing: 0.05, horizon: 0.2)
        var generator = SplitMix64(seed: 11)
        let samples = 9
        let u = DenseMatrix(rowCount: grid.interiorCount, columnCount: samples, storage: generator.uniform(grid.interiorCount * samples, in: -1..<1))
        let f = DenseMatrix(rowCount: grid.interiorCount, columnCount: samples, storage: generator.uniform(grid.interiorCount * samples, in: -1..<1))
        let exterior = DenseMatrix(rowCount: grid.layerCount, columnCount: samples, storage: generator.uniform(grid.layerCount * samples, in: -1..<1))
        let mask = (0..<grid.interiorCount).map { $0 % 3 == 1 }
        let data = Dataset(
            problem: "random", grid: try GridSpecification(parsing: "interval:a=-1,b=1,h=0.05,delta=0.2"), u: u, f: f, exterior: exterior,
            evaluationMask: mask)
        let theta = generator.uniform(4, in: 0..<2)
        let kernel = BernsteinKernel(coefficients: theta, horizon: 0.2, dimension: 1)
        let loss = QuadraticLoss(moments: try RadialMoments(dataset: data, horizon: 0.2, batchSize: 4), basis: bernsteinBasis(order: 3, horizon: 0.2))
        let applied = NonlocalOperator(kernel: kernel, grid: grid).apply(u, exterior: exterior)
        var sum = 0.0, count = 0
        for s in 0..<samples {
            for p in 0..<grid.interiorCount where mask[p] {
                let r = applied[p, s] - f[p, s]
                sum += r * r
                count += 1
            }
        }
        #expect(abs(loss.value(at: theta) - sum / Double(count)) <= 1e-12 * sum / Double(count))
    }
}
