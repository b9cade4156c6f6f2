// Tests of stage 2 on biharmonic data: N(D) ≤ τ exactly, the bound is active and keeps the operator coercive, optimality against perturbations, the unconstrained limit, and the as-printed form's unbounded kernels.
import NonlocalAssembly
import NonlocalCertificate
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalOptimization
import NonlocalRegression
import Testing

@Suite struct SignChangingLeastSquaresTests {
    /// Stage 1 on biharmonic data (paper §7) and the stage-2 bound τ = 1/(2κ(C*)) = λ_min(A_{C*})/2.
    struct Fixture: Sendable {
        let data: Dataset
        let horizon: Double
        let basis: [any RadialKernel]
        let moments: RadialMoments
        let loss: QuadraticLoss
        let stageOne: [Double]
        /// 1/κ(C*).
        let coercivity: Double
        var bound: Double { coercivity / 2 }

        init(c: Double, horizon: Double, order: Int = 20) throws {
            var problem = BiharmonicProblem()
            problem.samples = 2000
            problem.c = c
            problem.horizon = horizon
            data = try problem.generate()
            self.horizon = horizon
            basis = bernsteinBasis(order: order, horizon: horizon)
            moments = try RadialMoments(dataset: data, horizon: horizon)
            loss = QuadraticLoss(moments: moments, basis: basis)
            stageOne = NonnegativeLeastSquares().solve(loss).coefficients
            coercivity = try Self.smallestEigenvalue(data: data, horizon: horizon, nonnegative: stageOne)
        }

        func norm(_ form: SignChangingNorm.Form = .l1) -> SignChangingNorm {
            SignChangingNorm(stencil: moments.stencil, basis: basis, form: form)
        }

        /// λ_min of the assembled operator of C + D on mean-zero functions.
        static func smallestEigenvalue(data: Dataset, horizon: Double, nonnegative: [Double], signChanging: [Double]? = nil) throws -> Double {
            let kernel = BernsteinKernel(coefficients: nonnegative, signChanging: signChanging, horizon: horizon, dimension: 1)
            return try NonlocalOperator(kernel: kernel, grid: data.grid.makeGrid()).smallestEigenvalue()
        }
    }

    static let cases: [(c: Double, horizon: Double)] = [(3e-4, 0.25), (3e-4, 0.5), (0.01, 0.25), (0.01, 0.5)]

    /// One fixture per case, built once for the suite.
    static let fixtures: [Double: [Double: Fixture]] = {
        var result: [Double: [Double: Fixture]] = [:]
        for (c, horizon) in cases { result[c, default: [:]][horizon] = try? Fixture(c: c, horizon: horizon) }
        return result
    }()

    static func fixture(c: Double, horizon: Double) throws -> Fixture {
        try #require(fixtures[c]?[horizon], "stage 1 failed for c = \(c), δ = \(horizon)")
    }

    /// `L(θ + e) − L(θ) = eᵀGe + 2eᵀ(Gθ − b)`, free of the cancellation against c and of most
    /// of that in θᵀGθ, and its rounding bound (M+1)ε times the sizes of its terms.
    static func lossChange(_ loss: QuadraticLoss, from theta: [Double], by e: [Double]) -> (change: Double, rounding: Double) {
        let change = e.dot(loss.gram.multiplied(by: e)) + 2 * e.dot(loss.halfGradient(at: theta))
        var absoluteGram = loss.gram
        absoluteGram.storage = absoluteGram.storage.map(abs)
        let (absoluteE, absoluteTheta) = (e.map(abs), theta.map(abs))
        var gradientTerms = absoluteGram.multiplied(by: absoluteTheta)
        gradientTerms.add(loss.linear.map(abs))
        let terms = absoluteE.dot(absoluteGram.multiplied(by: absoluteE)) + 2 * absoluteE.dot(gradientTerms)
        return (change, Double(e.count) * .ulpOfOne * terms)
    }

    @Test(arguments: cases)
    func theBoundIsMetExactlyAndActiveAndKeepsTheOperatorCoercive(c: Double, horizon: Double) throws {
        let fixture = try Self.fixture(c: c, horizon: horizon)
        let norm = fixture.norm()
        let tau = fixture.bound
        #expect(tau > 0)
        let solution = try SignChangingLeastSquares().solve(fixture, form: norm.form, bound: tau)
        let label = "c = \(c), δ = \(horizon)"
        #expect(solution.norm == norm.value(solution.coefficients))
        #expect(solution.norm <= tau, "\(label): N(D) − τ = \(solution.norm - tau)")
        // Without the bound the fit is far better and N far larger (below), so the minimizer
        // lies on the boundary N(D) = τ.
        let free = try SignChangingLeastSquares().solve(fixture, form: norm.form, bound: 1e6 * tau)
        #expect(free.norm > 10 * tau, "\(label): the unconstrained minimizer has N = \(free.norm / tau) τ")
        #expect(solution.norm >= tau * (1 - 1e-9), "\(label): N(D) = \(solution.norm / tau) τ, the bound should be active")
        let stageOneLoss = fixture.loss.value(at: fixture.stageOne)
        #expect(solution.loss <= stageOneLoss)
        #expect(solution.loss < 0.7 * stageOneLoss, "\(label): L(C*+D)/L(C*) = \(solution.loss / stageOneLoss)")
        #expect(free.loss <= solution.loss)
        #expect(solution.kktResidual <= 1e-9, "\(label): KKT residual \(solution.kktResidual)")
        // At this bound the program is solved as stated, without a Tikhonov term.
        #expect(solution.regularization == 0)
        // DESIGN.md: Gershgorin on the K_D part gives λ_min(A_{C*+D}) ≥ 1/κ − 2N(D) ≥ 0.
        let lambda = try Fixture.smallestEigenvalue(
            data: fixture.data, horizon: horizon, nonnegative: fixture.stageOne, signChanging: solution.coefficients)
        #expect(lambda >= fixture.coercivity - 2 * solution.norm - 1e-9 * fixture.coercivity, "\(label): λ_min = \(lambda)")
    }

    /// The reported loss is the mean squared residual of the assembled operator of C* + D on the
    /// data, also at a loose bound where |D| reaches 10⁷–10⁸ while the kernel stays O(10³).
    @Test(arguments: [1.0, 10.0])
    func theReportedLossIsTheResidualOfTheAssembledOperator(boundFactor: Double) throws {
        let fixture = try Self.fixture(c: 3e-4, horizon: 0.25)
        let solution = try SignChangingLeastSquares().solve(fixture, form: .l1, bound: boundFactor * fixture.bound)
        #expect(solution.adjustment != .keptStageOne)
        let kernel = BernsteinKernel(
            coefficients: fixture.stageOne, signChanging: solution.coefficients, horizon: fixture.horizon, dimension: 1)
        let applied = NonlocalOperator(kernel: kernel, grid: try fixture.data.grid.makeGrid()).apply(fixture.data.u)
        var residual = applied.storage
        residual.add(fixture.data.f.storage, scaledBy: -1)
        let meanSquare = residual.dot(residual) / Double(residual.count)
        let error = abs(solution.loss - meanSquare) / meanSquare
        #expect(error <= 1e-6, "×\(boundFactor): reported \(solution.loss), residual \(meanSquare), max |D| \(solution.coefficients.maximumNorm)")
    }

    /// δ = 0.125 has 12 radius classes for 21 basis functions: D is determined only up to the
    /// null space of A (invisible to L and N), and stage 2 returns the smallest D, in A's row space.
    @Test func withFewerRadiusClassesThanBasisFunctionsDIsTheSmallest() throws {
        let fixture = try Fixture(c: 3e-4, horizon: 0.125)
        let a = fixture.norm().classWeights
        #expect(a.rowCount < a.columnCount)
        let solution = try SignChangingLeastSquares().solve(fixture, form: .l1, bound: fixture.bound)
        #expect(solution.norm >= fixture.bound * (1 - 1e-9))
        let svd = try a.singularValueDecomposition()
        let rowSpace = DenseMatrix(
            rowCount: svd.rank, columnCount: a.columnCount,
            storage: (0..<a.columnCount).flatMap { m in (0..<svd.rank).map { svd.rightTransposed[$0, m] } })
        let projected = rowSpace.multiplied(by: rowSpace.multiplied(by: solution.coefficients), transposingSelf: true)
        let outside = solution.coefficients.subtracting(projected).maximumNorm
        #expect(outside <= 1e-10 * solution.coefficients.maximumNorm, "component in A's null space: \(outside)")
    }

    /// N is positively homogeneous: `factor · d` with the largest factor ≤ 1 for which the
    /// computed N is at most τ (the loop covers N's rounding, large here: the terms of (AD)_c
    /// cancel, |D| ~ 10⁶ for kernel values ~ 10).
    static func scaledOntoBound(_ d: [Double], norm: SignChangingNorm, bound tau: Double) -> [Double] {
        var factor = min(1, tau / norm.value(d))
        while norm.value(d.map { $0 * factor }) > tau { factor *= 1 - 4 * .ulpOfOne }
        return d.map { $0 * factor }
    }

    @Test(arguments: cases)
    func noFeasiblePerturbationImprovesTheLoss(c: Double, horizon: Double) throws {
        let fixture = try Self.fixture(c: c, horizon: horizon)
        let norm = fixture.norm()
        let tau = fixture.bound
        let solution = try SignChangingLeastSquares().solve(fixture, form: norm.form, bound: tau)
        let d = solution.coefficients
        let theta = zip(fixture.stageOne, d).map { $0 + $1 }
        var generator = SplitMix64(seed: 7)
        // Small perturbations, where the first-order term −2zᵀ(…) of the KKT conditions decides
        // (a point 10⁻⁴ inside the optimum fails this), and larger ones.
        for scale in [1e-4, 1e-6, 1e-8, 1e-10] {
            for _ in 0..<25 {
                var trial = d
                trial.add(generator.uniform(d.count), scaledBy: scale * d.maximumNorm)
                trial = Self.scaledOntoBound(trial, norm: norm, bound: tau)
                let (change, rounding) = Self.lossChange(fixture.loss, from: theta, by: trial.subtracting(d))
                #expect(change >= -rounding, "c = \(c), δ = \(horizon), scale \(scale): the loss fell by \(-change), rounding \(rounding)")
            }
        }
        // Along the segment from 0 to D, D itself is best.
        for t in [0.0, 0.5, 0.9, 0.999, 0.999999] {
            let (change, rounding) = Self.lossChange(fixture.loss, from: theta, by: d.map { (t - 1) * $0 })
            #expect(change >= -rounding, "c = \(c), δ = \(horizon), t = \(t)")
        }
    }

    @Test(arguments: SignChangingNorm.Form.allCases)
    func aHugeBoundGivesTheUnconstrainedMinimizer(form: SignChangingNorm.Form) throws {
        // At M = 2, G is well conditioned (cond ≈ 3·10⁵) and Gθ = b has a unique solution,
        // with a negative coefficient; with the bound far above N(θ − C*), stage 2 must return
        // D = θ − C* under either form.
        let fixture = try Fixture(c: 0.01, horizon: 0.25, order: 2)
        let theta = try fixture.loss.gram.solvingPositiveDefinite(fixture.loss.linear)
        #expect(theta.contains { $0 < 0 })
        let expected = theta.subtracting(fixture.stageOne)
        let solution = try SignChangingLeastSquares().solve(fixture, form: form, bound: 1e3 * fixture.norm(.l1).value(expected))
        let error = solution.coefficients.subtracting(expected).maximumNorm / expected.maximumNorm
        #expect(error <= 1e-9, "\(form): relative error \(error)")
        #expect(solution.regularization == 0)
        #expect(solution.adjustment == .none)
        #expect(solution.kktResidual <= 1e-9)
        // The stage-1 minimizer is no longer optimal once signs may change.
        #expect(solution.loss < fixture.loss.value(at: fixture.stageOne))
    }

    @Test func theAsPrintedFormLetsTheKernelGrow() throws {
        // The printed constraint bounds only the integral of K_D, so with the same τ the kernel
        // values (its L1 norm) grow far beyond τ and the fit beyond what the L1 form allows.
        let fixture = try Self.fixture(c: 0.01, horizon: 0.25)
        let tau = fixture.bound
        let l1 = fixture.norm(.l1), printed = fixture.norm(.asPrinted)
        let printedSolution = try SignChangingLeastSquares().solve(fixture, form: .asPrinted, bound: tau)
        let l1Solution = try SignChangingLeastSquares().solve(fixture, form: .l1, bound: tau)
        #expect(printedSolution.norm <= tau)
        #expect(printedSolution.norm == printed.value(printedSolution.coefficients))
        #expect(printedSolution.kktResidual <= 1e-9)
        #expect(l1.value(printedSolution.coefficients) > 100 * tau, "N_l1(D) = \(l1.value(printedSolution.coefficients) / tau) τ")
        #expect(printedSolution.loss < 1e-3 * l1Solution.loss)
    }

    @Test func aZeroBoundKeepsStageOne() throws {
        let fixture = try Self.fixture(c: 3e-4, horizon: 0.25)
        let solution = try SignChangingLeastSquares().solve(fixture, form: .l1, bound: 0)
        #expect(solution.coefficients.allSatisfy { $0 == 0 })
        #expect(solution.loss == fixture.loss.value(at: fixture.stageOne))
        #expect(solution.norm == 0)
    }
}

extension SignChangingLeastSquares {
    /// Stage 2 on a fixture's moments, basis and stage-1 coefficients.
    func solve(_ fixture: SignChangingLeastSquaresTests.Fixture, form: SignChangingNorm.Form, bound: Double) throws -> Solution {
        try solve(moments: fixture.moments, basis: fixture.basis, nonnegativePart: fixture.stageOne, bound: bound, form: form)
    }
}
