// Tests of the per-sample Grams: they sum to the full-data loss, and a batch's quadratic is its mean squared residual.
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalRegression
import NonlocalTestSupport
import Testing

@Suite struct SampleGramsTests {
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        a.subtracting(b).maximumNorm / max(b.maximumNorm, .leastNormalMagnitude)
    }

    /// Σ_i G_i / N = G of ``QuadraticLoss`` (likewise b and c) by either route of the Grams; the
    /// loss comes from class moments P = Λᵀ diag(power) Λ summed over all samples, then WᵀPW.
    @Test(arguments: [RadialMoments.Route.fourier, .differences])
    func perSampleGramsSumToTheFullLoss(route: RadialMoments.Route) throws {
        var problem = ManufacturedProblem()
        problem.kernel = .cosine
        problem.samples = 203
        let data = try problem.generate()
        let basis = bernsteinBasis(order: 6, horizon: 0.25)
        let grams = try SampleGrams(dataset: data, basis: basis, horizon: 0.25, route: route, batchSize: 50)
        let loss = try QuadraticLoss(dataset: data, basis: basis, horizon: 0.25)
        #expect(Self.relativeError(grams.total.gram.storage, loss.gram.storage) <= 1e-12)
        #expect(Self.relativeError(grams.total.linear, loss.linear) <= 1e-12)
        #expect(abs(grams.total.constant - loss.constant) <= 1e-12 * loss.constant)
        #expect(grams.total.residualCount == loss.residualCount)
        #expect(grams.sampleCount == 203 && grams.parameterCount == 7 && grams.pointsPerSample == 100)
    }

    /// Each sample's G_i, b_i, c_i agree between the Fourier and difference routes, also for a
    /// horizon beyond L/2 whose stencil wraps around the period.
    @Test func theRoutesAgreeSampleBySample() throws {
        var problem = BiharmonicProblem()
        problem.samples = 23
        problem.horizon = 0.6
        let data = try problem.generate()
        let basis = bernsteinBasis(order: 8, horizon: 0.6)
        let fourier = try SampleGrams(dataset: data, basis: basis, horizon: 0.6, route: .fourier, batchSize: 10)
        let differences = try SampleGrams(dataset: data, basis: basis, horizon: 0.6, route: .differences, batchSize: 7)
        for i in 0..<23 {
            let (a, b) = (fourier.loss(of: [i]), differences.loss(of: [i]))
            #expect(Self.relativeError(a.gram.storage, b.gram.storage) <= 1e-12, "sample \(i)")
            #expect(Self.relativeError(a.linear, b.linear) <= 1e-12, "sample \(i)")
            #expect(abs(a.constant - b.constant) <= 1e-13 * b.constant, "sample \(i)")
        }
    }

    /// On random periodic data every frequency is excited — the constant mode and, for even n,
    /// the alternating mode k = n/2 that smooth data never reach — and each sample's class moments
    /// and basis Grams agree between the Fourier and difference routes, for odd and even n, a
    /// stencil that wraps, and batches that split the range unevenly.
    @Test(arguments: [(64, 0.3), (15, 0.7)])
    func theRoutesAgreeOnRandomPeriodicData(points: Int, horizon: Double) throws {
        let data = PeriodicPeriodogramsTests.randomData(points: points, samples: 90, seed: 5 + UInt64(points))
        let basis = bernsteinBasis(order: 5, horizon: horizon)
        let pairs = [
            (try SampleGrams(classMomentsOf: data, horizon: horizon, samples: 2..<90, route: .fourier, batchSize: 67),
             try SampleGrams(classMomentsOf: data, horizon: horizon, samples: 2..<90, route: .differences, batchSize: 30)),
            (try SampleGrams(dataset: data, basis: basis, horizon: horizon, samples: 2..<90, route: .fourier, batchSize: 67),
             try SampleGrams(dataset: data, basis: basis, horizon: horizon, samples: 2..<90, route: .differences, batchSize: 30)),
        ]
        for (fourier, differences) in pairs {
            #expect(fourier.sampleCount == 88 && fourier.parameterCount == differences.parameterCount)
            for i in 0..<88 {
                let (a, b) = (fourier.loss(of: [i]), differences.loss(of: [i]))
                #expect(Self.relativeError(a.gram.storage, b.gram.storage) <= 1e-12, "n = \(points), sample \(i)")
                #expect(Self.relativeError(a.linear, b.linear) <= 1e-12, "n = \(points), sample \(i)")
                #expect(abs(a.constant - b.constant) <= 1e-13 * b.constant, "n = \(points), sample \(i)")
            }
        }
    }

    /// On an interval with exterior data and X ⊂ Ω, the loss of a shuffled batch (with a sample
    /// repeated) at a random kernel is the mean squared residual of the operator applied to those
    /// samples, and its half gradient is Φ_Bᵀ(Φ_Bθ − f_B)/(|B|·#X) from the features directly.
    @Test func aBatchQuadraticIsItsMeanSquaredResidual() throws {
        let grid = try Grid.interval(from: -1, to: 1, spacing: 0.05, horizon: 0.2)
        var generator = SplitMix64(seed: 12)
        let samples = 11
        func random(_ rows: Int) -> DenseMatrix {
            DenseMatrix(rowCount: rows, columnCount: samples, storage: generator.uniform(rows * samples, in: -1..<1))
        }
        let (u, f, exterior) = (random(grid.interiorCount), random(grid.interiorCount), random(grid.layerCount))
        let mask = (0..<grid.interiorCount).map { $0 % 3 != 0 }
        let data = Dataset(
            problem: "random", grid: try GridSpecification(parsing: "interval:a=-1,b=1,h=0.05,delta=0.2"), u: u, f: f,
            exterior: exterior, evaluationMask: mask)
        let basis = bernsteinBasis(order: 3, horizon: 0.2)
        let grams = try SampleGrams(dataset: data, basis: basis, horizon: 0.2, batchSize: 4)
        let theta = generator.uniform(4, in: 0..<2)
        let batch = [7, 2, 9, 2, 0]
        let quadratic = grams.loss(of: batch)

        let applied = NonlocalOperator(kernel: BernsteinKernel(coefficients: theta, horizon: 0.2, dimension: 1), grid: grid)
            .apply(u, exterior: exterior)
        let points = data.evaluationPoints
        var sum = 0.0
        for s in batch { for p in points { sum += (applied[p, s] - f[p, s]) * (applied[p, s] - f[p, s]) } }
        let meanSquare = sum / Double(batch.count * points.count)
        #expect(abs(quadratic.value(at: theta) - meanSquare) <= 1e-12 * meanSquare)
        #expect(quadratic.residualCount == batch.count * points.count)

        func gather(_ m: DenseMatrix) -> DenseMatrix {
            DenseMatrix(rowCount: m.rowCount, columnCount: batch.count, storage: batch.flatMap { m.column($0) })
        }
        let map = FeatureMap(grid: grid, horizon: 0.2, evaluationPoints: points)
        let features = map.features(gather(u), exterior: gather(exterior), basis: basis)
        var residual = features.multiplied(by: theta)
        for (s, sample) in batch.enumerated() { for (x, p) in points.enumerated() { residual[s * points.count + x] -= f[p, sample] } }
        var expected = features.multiplied(by: residual, transposingSelf: true)
        expected.scale(by: 1 / Double(residual.count))
        #expect(Self.relativeError(quadratic.halfGradient(at: theta), expected) <= 1e-11)
    }

    /// Class-level moments give every basis: WᵀP_iW = G_i and Wᵀq_i = b_i per sample.
    @Test func classMomentsGiveEveryBasis() throws {
        var problem = BiharmonicProblem()
        problem.samples = 9
        problem.horizon = 0.25
        let data = try problem.generate()
        let basis = bernsteinBasis(order: 4, horizon: 0.25)
        let moments = try SampleGrams(classMomentsOf: data, horizon: 0.25)
        let grams = try SampleGrams(dataset: data, basis: basis, horizon: 0.25)
        let weights = FeatureMap(grid: try data.grid.makeGrid(), horizon: 0.25).stencil.basisWeights(basis)
        #expect(moments.parameterCount == moments.stencil.classRadii.count)
        for i in [0, 4, 8] {
            let (p, g) = (moments.loss(of: [i]), grams.loss(of: [i]))
            let projected = weights.multiplied(by: p.gram.multiplied(by: weights), transposingSelf: true)
            #expect(Self.relativeError(projected.storage, g.gram.storage) <= 1e-12, "sample \(i)")
            #expect(Self.relativeError(weights.multiplied(by: p.linear, transposingSelf: true), g.linear) <= 1e-12, "sample \(i)")
            #expect(p.constant == g.constant)
        }
    }

    /// Built twice, the numbers are the same bits: chunks run concurrently, but each sample's
    /// numbers come from one fixed computation.
    @Test func buildsAreReproducible() throws {
        var problem = ManufacturedProblem()
        problem.samples = 300
        let data = try problem.generate()
        let basis = bernsteinBasis(order: 5, horizon: 0.25)
        let first = try SampleGrams(dataset: data, basis: basis, horizon: 0.25, batchSize: 64)
        let second = try SampleGrams(dataset: data, basis: basis, horizon: 0.25, batchSize: 64)
        #expect(first.total.gram == second.total.gram && first.total.linear == second.total.linear)
        for i in 0..<300 { #expect(first.loss(of: [i]).gram == second.loss(of: [i]).gram) }
    }
}
