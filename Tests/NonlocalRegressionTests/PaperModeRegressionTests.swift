// Tests of the paper-faithful optimizer: stage 1 approaches the exact NNLS fit and never beats it, stage 2 drives H to 0, the fractional α heads for the exact loss's minimizer.
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalOptimization
import NonlocalRegression
import NonlocalTestSupport
import Synchronization
import Testing

@Suite struct PaperModeRegressionTests {
    static func manufactured(_ kernel: ManufacturedKernel.Profile, samples: Int) throws -> Dataset {
        var problem = ManufacturedProblem()
        problem.kernel = kernel
        problem.samples = samples
        return try problem.generate()
    }

    /// Linear kernel (5.3) data lie in the model class with C = (0, 2, 4) for M = 2: paper mode
    /// (batch 100, lr 5e-3) reaches it, slowly — 20,000 Adam steps here, the step count of 40
    /// epochs at the paper's N = 50,000.
    @Test func stageOneApproachesTheExactSolution() throws {
        let data = try Self.manufactured(.linear, samples: 1_000)
        let grams = try SampleGrams(dataset: data, basis: bernsteinBasis(order: 2, horizon: 0.25), horizon: 0.25)
        var paper = PaperModeRegression()
        paper.epochs = 2_000
        let fit = try paper.fitNonnegative(grams)
        let error = fit.coefficients.subtracting([0, 2, 4]).maximumNorm
        #expect(error <= 1e-3, "C = \(fit.coefficients)")
        #expect(fit.coefficients.allSatisfy { $0 >= 0 })
        // The loss falls from O(c) to nearly zero (c = mean f² ≈ 1.2e3; measured 7e-12·c).
        #expect(fit.loss <= 1e-9 * grams.total.constant)
        #expect(fit.lossHistory.count == 2_000 && fit.loss == fit.lossHistory.last)
    }

    /// NNLS minimizes the same convex quadratic over C ≥ 0 exactly, so its loss bounds paper
    /// mode's from below, whatever the data and however many epochs Adam runs.
    @Test func theExactLossBoundsThePaperModeLoss() throws {
        let biharmonic = try { () throws -> Dataset in
            var problem = BiharmonicProblem()
            problem.samples = 300
            problem.horizon = 0.25
            return try problem.generate()
        }()
        let configurations: [(String, Dataset, Int)] = [
            ("manufactured linear", try Self.manufactured(.linear, samples: 400), 2),
            ("manufactured cosine", try Self.manufactured(.cosine, samples: 400), 2),
            ("manufactured cosine", try Self.manufactured(.cosine, samples: 400), 5),
            ("biharmonic", biharmonic, 5),
        ]
        for (name, data, order) in configurations {
            let grams = try SampleGrams(dataset: data, basis: bernsteinBasis(order: order, horizon: 0.25), horizon: 0.25)
            let exact = NonnegativeLeastSquares().solve(grams.total)
            try #require(exact.kktResidual <= 1e-10, "\(name), M = \(order): NNLS did not converge")
            for epochs in [1, 30, 200] {
                var paper = PaperModeRegression()
                paper.epochs = epochs
                let fit = try paper.fitNonnegative(grams)
                // Rounding of θᵀGθ − 2bᵀθ + c is a few ε·c.
                #expect(exact.loss <= fit.loss + 1e-13 * grams.total.constant, "\(name), M = \(order), \(epochs) epochs")
                #expect(fit.coefficients.allSatisfy { $0 >= 0 })
            }
        }
    }

    /// Same seed, same bits — in all three fits, down to every epoch's loss; another seed starts elsewhere.
    @Test func theSameSeedGivesTheSameBits() throws {
        let data = try Self.manufactured(.cosine, samples: 250)
        let basis = bernsteinBasis(order: 4, horizon: 0.25)
        let grams = try SampleGrams(dataset: data, basis: basis, horizon: 0.25)
        var paper = PaperModeRegression()
        paper.epochs = 20
        paper.seed = 42
        let (first, second) = (try paper.fitNonnegative(grams), try paper.fitNonnegative(grams))
        #expect(first.coefficients == second.coefficients && first.lossHistory == second.lossHistory)

        paper.maximumSteps = 3
        let norm = SignChangingNorm(stencil: Stencil(dimension: 1, spacing: 0.01, horizon: 0.25), basis: basis)
        let (a, b) = (
            try paper.fitSignChanging(grams, nonnegative: first.coefficients, bound: 5, norm: norm),
            try paper.fitSignChanging(grams, nonnegative: first.coefficients, bound: 5, norm: norm)
        )
        #expect(a.correction == b.correction && a.slack == b.slack && a.history.map(\.loss) == b.history.map(\.loss))

        var problem = FractionalProblem()
        problem.samples = 30
        let batches = try RadialBatches(dataset: problem.generate(), horizon: 0.25)
        paper.epochs = 5
        let (c, d) = (try paper.fitFractional(batches, order: 2), try paper.fitFractional(batches, order: 2))
        #expect(c.coefficients == d.coefficients && c.exponentHistory == d.exponentHistory)

        paper.seed = 43
        paper.epochs = 20
        #expect(try paper.fitNonnegative(grams).coefficients != first.coefficients)
    }

    /// Progress reports every epoch's full-data loss, in order.
    @Test func progressReportsEachEpoch() throws {
        let data = try Self.manufactured(.linear, samples: 120)
        let grams = try SampleGrams(dataset: data, basis: bernsteinBasis(order: 1, horizon: 0.25), horizon: 0.25)
        var paper = PaperModeRegression()
        paper.epochs = 7
        let reports = Mutex<[(Int, Double)]>([])
        let fit = try paper.fitNonnegative(grams) { epoch, loss in reports.withLock { $0.append((epoch, loss)) } }
        let received = reports.withLock { $0 }
        #expect(received.map(\.0) == Array(1...7))
        #expect(received.map(\.1) == fit.lossHistory)
    }

    /// Stage 2 on the cosine kernel (5.4), which changes sign, so D has work to do. With the
    /// paper's 5,000 Adam steps per augmented-Lagrangian step (10 epochs of 500 batches at
    /// N = 50,000; here 100 epochs of 50 batches of 10), H → 0: N(D) + θ² = τ − H ≈ τ, so
    /// N(D) ≤ τ, and the loss falls below the C-only loss.
    @Test(arguments: [2, 5])
    func stageTwoDrivesTheConstraintToZero(order: Int) throws {
        let data = try Self.manufactured(.cosine, samples: 500)
        let basis = bernsteinBasis(order: order, horizon: 0.25)
        let grams = try SampleGrams(dataset: data, basis: basis, horizon: 0.25)
        let nonnegative = NonnegativeLeastSquares().solve(grams.total)
        let kernel = BernsteinKernel(coefficients: nonnegative.coefficients, horizon: 0.25, dimension: 1)
        let tau = try NonlocalOperator(kernel: kernel, grid: try data.grid.makeGrid()).smallestEigenvalue() / 2
        let norm = SignChangingNorm(stencil: Stencil(dimension: 1, spacing: 0.01, horizon: 0.25), basis: basis)
        var paper = PaperModeRegression()
        paper.batchSize = 10
        paper.epochsPerStep = 100
        let fit = try paper.fitSignChanging(grams, nonnegative: nonnegative.coefficients, bound: tau, norm: norm)

        // What is reported is what holds.
        #expect(fit.steps == fit.history.count && fit.steps <= paper.maximumSteps)
        #expect(fit.norm == norm.value(fit.correction))
        #expect(abs(tau - fit.norm - fit.slack * fit.slack - fit.constraint) <= 1e-14 * tau)
        #expect(fit.loss == grams.total.value(at: zip(nonnegative.coefficients, fit.correction).map { $0 + $1 }))
        switch fit.termination {
        case .constraintMet: #expect(abs(fit.constraint) <= paper.constraintTolerance)
        case .penaltyLimit: #expect(fit.history.last!.penalty >= paper.penaltyLimit)
        case .stepLimit: #expect(fit.steps == paper.maximumSteps)
        }
        // What the algorithm achieves.
        #expect(abs(fit.constraint) <= 1e-6 * tau, "H = \(fit.constraint) after \(fit.steps) steps (\(fit.termination))")
        #expect(fit.norm <= tau * (1 + 1e-6))
        #expect(fit.loss <= nonnegative.loss, "L(C* + D) = \(fit.loss), L(C*) = \(nonnegative.loss)")
    }

    /// §8: from α = 0, the joint Adam fit of (C, α) moves α toward the exponent that minimizes
    /// the exact loss (NNLS in C for each α of a scan), and for its α no C beats NNLS's.
    @Test func theFractionalExponentHeadsForTheExactMinimizer() throws {
        var problem = FractionalProblem()
        problem.samples = 300
        // Forcings whose exact optimum lies well inside (0, 3), so that moving from α = 0 toward it
        // is something to check (with cos(kx) at δ = 1 it sits at α ≈ 1).
        problem.forcing = .cosPiKShifted
        let data = try problem.generate()
        let moments = try RadialMoments(dataset: data, horizon: 1)
        func exactLoss(_ alpha: Double) -> Double {
            let basis: [any RadialKernel] = (0...5).map {
                FractionalBernsteinKernel.basisFunction($0, order: 5, exponent: alpha, horizon: 1, dimension: 1)
            }
            return NonnegativeLeastSquares().solve(QuadraticLoss(moments: moments, basis: basis)).loss
        }
        let scan = stride(from: 0.0, through: 3.0, by: 0.25).map { ($0, exactLoss($0)) }
        let best = scan.min { $0.1 < $1.1 }!.0
        try #require(best >= 1.5, "the exact loss is smallest at α = \(best)")

        var paper = PaperModeRegression()
        paper.epochs = 150
        let batches = try RadialBatches(dataset: data, horizon: 1)
        let fit = try paper.fitFractional(batches, order: 5)
        #expect(fit.exponent >= 0.5 && fit.exponent <= best + 0.5, "α = \(fit.exponent), exact minimizer near \(best)")
        #expect(abs(fit.exponent - best) < best, "α moved toward \(best)")
        #expect(fit.coefficients.allSatisfy { $0 >= 0 })
        #expect(fit.loss <= 0.1 * fit.lossHistory[0])
        #expect(exactLoss(fit.exponent) <= fit.loss * (1 + 1e-12))
        #expect(fit.exponentHistory.count == 150 && fit.exponentHistory.last == fit.exponent)
    }

    /// The fit is the same whether the batches come from stored moments or recomputed differences.
    @Test func theFractionalFitDoesNotDependOnTheBatchSource() throws {
        var problem = FractionalProblem()
        problem.samples = 40
        let data = try problem.generate()
        var paper = PaperModeRegression()
        paper.epochs = 3
        paper.batchSize = 16
        let stored = try paper.fitFractional(RadialBatches(dataset: data, horizon: 0.5, storage: .perSampleMoments), order: 3)
        let recomputed = try paper.fitFractional(RadialBatches(dataset: data, horizon: 0.5, storage: .recomputedDifferences), order: 3)
        #expect(abs(stored.exponent - recomputed.exponent) <= 1e-10)
        #expect(stored.coefficients.subtracting(recomputed.coefficients).maximumNorm <= 1e-10 * stored.coefficients.maximumNorm)
    }

    /// Settings and a τ the user can get wrong throw, naming the value.
    @Test func badSettingsThrow() throws {
        let data = try Self.manufactured(.linear, samples: 10)
        let basis = bernsteinBasis(order: 1, horizon: 0.25)
        let grams = try SampleGrams(dataset: data, basis: basis, horizon: 0.25)
        var paper = PaperModeRegression()
        paper.batchSize = 0
        #expect(throws: RegressionError.invalidParameter(name: "batch size", value: "0", allowed: "use at least 1 sample per batch")) {
            try paper.fitNonnegative(grams)
        }
        paper = PaperModeRegression()
        paper.sufficientDecrease = 1
        #expect(throws: RegressionError.self) { try paper.validate() }
        let norm = SignChangingNorm(stencil: Stencil(dimension: 1, spacing: 0.01, horizon: 0.25), basis: basis)
        #expect(throws: RegressionError.self) {
            try PaperModeRegression().fitSignChanging(grams, nonnegative: [0, 4], bound: -1, norm: norm)
        }
    }
}
