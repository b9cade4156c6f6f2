// KernelRegression+Run: the stages of Algorithm 1 in order, for one order M or a sweep of orders sharing one pass over the data.
import NonlocalAssembly
import NonlocalCertificate
import NonlocalDataset
import NonlocalOptimization
import NonlocalKernels
import NonlocalFiles
import NonlocalLinearAlgebra

extension KernelRegression {
    /// The data's moments: one pass over the training samples, one over the validation ones.
    public struct Moments: Sendable {
        public let training: RadialMoments
        public let validation: RadialMoments?
    }

    /// Accumulates the moments for the configured δ; `progress` hears of each batch of the pass.
    public func moments(progress: (String) -> Void = { _ in }) throws(RegressionError) -> Moments {
        let training = try gridChecked { () throws(GridError) in
            try RadialMoments(
                dataset: dataset, horizon: configuration.horizon, samples: trainingSamples, progress: { progress("training data: " + $0) })
        }
        let validation = validationSamples.isEmpty
            ? nil
            : try gridChecked { () throws(GridError) in
                try RadialMoments(
                    dataset: dataset, horizon: configuration.horizon, samples: validationSamples, progress: { progress("validation data: " + $0) })
            }
        for value in training.differenceGram.storage + training.differenceTargets + [training.targetMeanSquare] where !value.isFinite {
            throw .nonFinite(what: "the loss of the training data")
        }
        return Moments(training: training, validation: validation)
    }

    /// Runs `body`, which builds the dataset's grid again (the initializer built and checked it
    /// once, so this cannot fail unless the dataset changed under us).
    private func gridChecked<T>(_ body: () throws(GridError) -> T) throws(RegressionError) -> T {
        do { return try body() } catch { throw .grid(error) }
    }

    /// Algorithm 1 for the configured order: the learned model with its certificate, losses
    /// and KKT residuals. Provenance names the dataset's problem, parameters and seed; the
    /// caller fills in the file and its hash.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws(RegressionError) -> KernelModel {
        try fit(order: configuration.order, moments: moments(progress: progress), progress: progress)
    }

    /// Every order in `orders` on the same moments (Figure 3): one model each.
    public func sweep(orders: [Int], progress: @escaping @Sendable (String) -> Void = { _ in }) throws(RegressionError) -> [KernelModel] {
        for order in orders where !(0...100).contains(order) {
            throw .invalidParameter(name: "order M", value: "\(order)", allowed: "pick 0 ≤ M ≤ 100")
        }
        let moments = try moments(progress: progress)
        var models: [KernelModel] = []
        for order in orders {
            models.append(try fit(order: order, moments: moments, progress: progress))
        }
        return models
    }

    /// The basis functions b_m of order M: Bernstein (3.11), or fractional with exponent α.
    func basis(order: Int, exponent: Double?) -> [any RadialKernel] {
        let (delta, d) = (configuration.horizon, grid.dimension)
        return (0...order).map { m -> any RadialKernel in
            if let alpha = exponent {
                FractionalBernsteinKernel.basisFunction(
                    m, order: order, exponent: alpha, horizon: delta, dimension: d, quadrature: configuration.quadrature ?? .onePoint)
            } else {
                BernsteinKernel.basisFunction(m, order: order, horizon: delta, dimension: d)
            }
        }
    }

    /// Stages 1 and 2 and the certificate for order M.
    public func fit(order: Int, moments: Moments, progress: @escaping @Sendable (String) -> Void = { _ in }) throws(RegressionError) -> KernelModel {
        let c = configuration
        // Paper mode on a fixed basis: each sample's Gram, shared by both stages.
        let grams = try paperModeGrams(order: order)
        // The second moment ties stage 1 and 2 (--consistency second-moment) or is one of the joint program's equalities (refinement).
        let moment = c.consistency == .none ? nil : SecondMomentConsistency(stencil: moments.training.stencil, basis: basis(order: order, exponent: nil))
        let consistency = c.consistency == .secondMoment ? moment : nil
        // Stage 1: C* ≥ 0 (and α for fractional kernels).
        let stage1 = try fitNonnegative(order: order, moments: moments, grams: grams, consistency: consistency, progress: progress)
        let basis = basis(order: order, exponent: stage1.exponent)
        let trainingLoss = QuadraticLoss(moments: moments.training, basis: basis)
        let validationLoss = moments.validation.map { QuadraticLoss(moments: $0, basis: basis) }
        var nonnegative = stage1.coefficients
        guard nonnegative.allSatisfy(\.isFinite) else { throw .nonFinite(what: "the stage-1 coefficients") }
        progress("M = \(order): stage 1 (\(c.solver.rawValue)) training loss \(sci(trainingLoss.value(at: nonnegative)))")
        var losses = ["training_stage1": trainingLoss.value(at: nonnegative)]
        if let validationLoss { losses["validation_stage1"] = validationLoss.value(at: nonnegative) }
        var kkt = ["stage1": stage1.kktResidual]

        // κ(C*), eq. (4.3), and stage 2: D under N(D) ≤ (1 − η)/(2κ).
        var signChanging = [Double](repeating: 0, count: order + 1)
        var knownInverseKappa: Double? = nil
        if c.joint, c.consistency == .refinement {
            // θ = C* + D with D of any sign: C* stays the record of the best nonnegative fit.
            let program = try refinementProgram(
                order: order, stencil: moments.training.stencil, basis: basis, loss: trainingLoss, nonnegative: nonnegative, moment: moment!)
            let theta: [Double]
            do { (theta, kkt["joint"]) = try program.solve() } catch {
                throw .solverFailed(stage: "the refinement-consistent program", reason: error.description)
            }
            guard theta.allSatisfy(\.isFinite) else { throw .nonFinite(what: "the refinement-consistent program's coefficients") }
            signChanging = zip(theta, nonnegative).map(-)
            progress("M = \(order): refinement-consistent joint program, training loss \(sci(trainingLoss.value(at: theta)))")
        } else if c.joint {
            // C and D together: stage 1 above stays the record of the best nonnegative fit.
            let joint = try jointProgram(order: order, stencil: moments.training.stencil, basis: basis, loss: trainingLoss)
            do {
                (nonnegative, signChanging, kkt["joint"]) = try joint.solve()
            } catch { throw .solverFailed(stage: "the joint program", reason: error.description) }
            guard (nonnegative + signChanging).allSatisfy(\.isFinite) else { throw .nonFinite(what: "the joint program's coefficients") }
            progress("M = \(order): joint program, training loss \(sci(trainingLoss.value(at: zip(nonnegative, signChanging).map(+))))")
        } else if c.signChanging {
            let kernel = BernsteinKernel(coefficients: nonnegative, horizon: c.horizon, dimension: grid.dimension)
            let inverseKappa: Double
            do { inverseKappa = try NonlocalOperator(kernel: kernel, grid: grid).smallestEigenvalue() } catch {
                throw .solverFailed(stage: "the coercivity eigenproblem of C*", reason: error.description)
            }
            knownInverseKappa = inverseKappa
            let bound = stageTwoBound(inverseKappa: inverseKappa)
            progress("M = \(order): 1/κ(C*) = \(sci(inverseKappa)); stage 2 bound N(D) ≤ \(sci(bound))")
            let norm = SignChangingNorm(stencil: moments.training.stencil, basis: basis, form: c.constraint)
            let stage2 = try fitSignChanging(
                moments: moments.training, basis: basis, nonnegative: nonnegative, norm: norm, bound: bound, grams: grams,
                consistency: consistency, progress: progress)
            guard stage2.coefficients.allSatisfy(\.isFinite) else { throw .nonFinite(what: "the stage-2 coefficients") }
            signChanging = stage2.coefficients
            kkt[c.solver == .exact ? "stage2" : "stage2_constraint"] = stage2.kktResidual
        }
        let total = zip(nonnegative, signChanging).map(+)
        if let moment { kkt["second_moment_gap"] = moment.gap(total) }
        losses["training"] = trainingLoss.value(at: total)
        if let validationLoss { losses["validation"] = validationLoss.value(at: total) }
        // ‖L_K u − f‖² / ‖f‖² over X: the loss relative to the data's own size, comparable across problems.
        if trainingLoss.constant > 0 { losses["training_relative"] = losses["training"]! / trainingLoss.constant }
        if let validationLoss, validationLoss.constant > 0 { losses["validation_relative"] = losses["validation"]! / validationLoss.constant }

        var model = KernelModel(
            family: stage1.exponent == nil ? .bernstein : .fractionalBernstein, dimension: grid.dimension, horizon: c.horizon,
            nonnegativeCoefficients: nonnegative, signChangingCoefficients: c.signChanging ? signChanging : [],
            exponent: stage1.exponent, quadrature: stage1.exponent == nil ? nil : c.quadrature, losses: losses, kktResiduals: kkt,
            solver: (c.joint
                ? "\(c.solver.rawValue), joint program"
                    + (c.consistency == .refinement
                        ? ", refinement-consistent at modes \(c.consistencyModes.lowerBound)...\(c.consistencyModes.upperBound)" : "")
                    + (c.curvature > 0 ? ", curvature \(c.curvature)" : "")
                : c.signChanging ? "\(c.solver.rawValue), constraint \(c.constraint.rawValue)" : c.solver.rawValue)
                + (consistency == nil ? "" : ", \(c.consistency.rawValue) consistent"),
            provenance: KernelModel.Provenance(
                dataFile: "", dataHash: "", problem: dataset.problem, parameters: dataset.parameters, seed: dataset.seed),
            toolkitVersion: NonlocalKitVersion.current)
        model.trainingGrid = dataset.grid.description
        model.validationSplit = splitDescription
        model.fractionalOrder = dataset.fractionalOrder
        if let warning = exponentBoundWarning(stage1.exponent) {
            progress("warning: \(warning)")
            model.warnings = [warning]
        }
        do {
            model.certificate = try KernelModel.Certificate(model: model, grid: grid, specification: dataset.grid, inverseKappa: knownInverseKappa)
        } catch { throw .solverFailed(stage: "the certificate", reason: error.description) }
        if let certificate = model.certificate {
            progress("M = \(order): λ_min = \(sci(certificate.lambdaMin)) ≥ 1/κ − 2N(D) = \(sci(certificate.lowerBound))")
        }
        if c.signChanging, model.certificate != nil {
            // D is bounded on the training stencil (l1) or on its refinements (coefficients): say where it was checked.
            // The refinement-consistent program constrains h/2, h/5 and h/10: all three are recorded.
            model.certificate!.refinements = []
            for factor in c.consistency == .refinement ? [2, 5, 10] : [2] {
                let refined = dataset.grid.refined(by: factor)
                let fine: KernelModel.Certificate
                do { fine = try KernelModel.Certificate(model: model, grid: try refined.makeGrid(), specification: refined) } catch {
                    throw .solverFailed(stage: "the certificate on \(refined)", reason: "\(error)")
                }
                model.certificate!.refinements!.append(
                    .init(grid: fine.grid, lambdaMin: fine.lambdaMin, lowerBound: fine.lowerBound, coercive: fine.coercive))
                progress("M = \(order): on \(refined): λ_min = \(sci(fine.lambdaMin)) ≥ \(sci(fine.lowerBound))")
                if !fine.coercive {
                    let warning = "not coercive on the refined grid \(refined) (λ_min = \(sci(fine.lambdaMin))); "
                        + (c.constraint == .coefficients
                            ? "use it only on grids `nonlocal check` certifies, or learn with a smaller δ or M"
                            : "learn with --constraint coefficients to bound D on refinements")
                    progress("warning: \(warning)")
                    model.warnings = (model.warnings ?? []) + [warning]
                }
            }
        }
        return model
    }

    /// The joint program for order M on the periodic training grid: the symbols of the basis at
    /// every wavenumber 1…n/2, the coefficient form's weights, and the curvature penalty scaled to the loss.
    func jointProgram(order: Int, stencil: Stencil, basis: [any RadialKernel], loss: QuadraticLoss) throws(RegressionError) -> JointRegression {
        guard case .periodic(_, let points, let length) = dataset.grid else {
            throw .invalidParameter(name: "joint", value: "on", allowed: "the joint program needs a periodic grid")
        }
        let symbols = stencil.periodicSymbols(of: basis, wavenumbers: Array(1...(points / 2)), length: length)
        return JointRegression(
            loss: loss, symbols: symbols,
            coefficientWeights: SignChangingNorm(stencil: stencil, basis: basis, form: .coefficients).coefficientWeights,
            penalty: curvaturePenalty(order: order, loss: loss), margin: configuration.coercivityMargin)
    }

    /// λP with λ = λ_rel · tr(G)/tr(P) (``JointRegression/curvature(order:)``), or nil without a penalty.
    func curvaturePenalty(order: Int, loss: QuadraticLoss) -> DenseMatrix? {
        guard configuration.curvature > 0, order >= 2 else { return nil }
        var p = JointRegression.curvature(order: order)
        let trace = { (a: DenseMatrix) in (0..<a.rowCount).reduce(0.0) { $0 + a[$1, $1] } }
        let scale = configuration.curvature * trace(loss.gram) / trace(p)
        for i in p.storage.indices { p.storage[i] *= scale }
        return p
    }

    /// The refinement-consistent program for order M on the periodic training grid of n points:
    /// symbols ≥ 10⁻³ λ_min(A_{C*}) at every wavenumber of h, h/2, h/5, h/10; the second moment's
    /// equality; the symbols at ``Configuration/consistencyModes`` (at most n/2) equal on h, h/20
    /// and h/40.
    func refinementProgram(
        order: Int, stencil: Stencil, basis: [any RadialKernel], loss: QuadraticLoss, nonnegative: [Double], moment: SecondMomentConsistency
    ) throws(RegressionError) -> RefinementConsistentProgram {
        guard case .periodic(_, let points, let length) = dataset.grid else {
            throw .invalidParameter(name: "consistency", value: "refinement", allowed: "the refinement-consistent program needs a periodic grid")
        }
        func symbols(refinement j: Int, wavenumbers: [Int]) -> DenseMatrix {
            Stencil(dimension: 1, spacing: length / Double(points * j), horizon: stencil.horizon)
                .periodicSymbols(of: basis, wavenumbers: wavenumbers, length: length)
        }
        let positivity = Self.stacked([1, 2, 5, 10].map { j in symbols(refinement: j, wavenumbers: Array(1...(points * j / 2))) })
        guard configuration.consistencyModes.upperBound <= points / 2 else {
            let modes = configuration.consistencyModes
            throw .invalidParameter(
                name: "consistency modes", value: "\(modes.lowerBound)...\(modes.upperBound)",
                allowed: "the training grid of \(points) points resolves wavenumbers up to \(points / 2); pick modes within 1...\(points / 2)")
        }
        let modes = Array(configuration.consistencyModes)
        var equalities = [DenseMatrix(rowCount: 1, columnCount: basis.count, storage: moment.row)]
        let training = symbols(refinement: 1, wavenumbers: modes)
        for j in [20, 40] {
            var difference = symbols(refinement: j, wavenumbers: modes)
            for i in difference.storage.indices { difference.storage[i] = training.storage[i] - difference.storage[i] }
            equalities.append(difference)
        }
        let inverseKappa = symbols(refinement: 1, wavenumbers: Array(1...(points / 2))).multiplied(by: nonnegative).min() ?? 0
        guard inverseKappa > 0 else {
            throw .solverFailed(stage: "the refinement-consistent program", reason: "the stage-1 kernel C* is not coercive (λ_min = \(sci(inverseKappa)))")
        }
        return RefinementConsistentProgram(
            loss: loss, penalty: curvaturePenalty(order: order, loss: loss), positivity: positivity, floor: 1e-3 * inverseKappa,
            equalities: Self.stacked(equalities), reference: nonnegative)
    }

    /// The rows of `blocks`, one matrix (all have the same column count).
    static func stacked(_ blocks: [DenseMatrix]) -> DenseMatrix {
        var result = DenseMatrix(rowCount: blocks.reduce(0) { $0 + $1.rowCount }, columnCount: blocks.first?.columnCount ?? 0)
        var offset = 0
        for block in blocks {
            for i in 0..<block.rowCount { for j in 0..<block.columnCount { result[offset + i, j] = block[i, j] } }
            offset += block.rowCount
        }
        return result
    }

    /// τ = (1 − η)/(2κ(C*)), the bound stage 2 keeps N(D) below (0 when C* is not coercive):
    /// λ_min(A_{C*+D}) ≥ 1/κ − 2N(D) ≥ η/κ. Paper mode and the exact solver use the same τ.
    public func stageTwoBound(inverseKappa: Double) -> Double {
        Swift.max(0, (1 - configuration.coercivityMargin) * inverseKappa / 2)
    }

    /// The warning for a learned α that ended within 1e-6 of its search range's end: the
    /// optimum may lie beyond it. Not beyond d + 2, though: there ∫ r^{−α} |ξ|² dξ diverges at 0, the
    /// kernel has no continuum operator, and the one-point rule's answer depends on h (Table 3's
    /// models at α = 3 change 5–8× at h/10), so the warning says the model is tied to its grid.
    func exponentBoundWarning(_ alpha: Double?) -> String? {
        guard let alpha, case .learned(let lower, let upper) = configuration.exponent, lower < upper else { return nil }
        let limit = Double(grid.dimension + 2)
        if alpha >= limit - 1e-6 {
            return "α = \(alpha) reaches d + 2 = \(Int(limit)), where the kernel r^{−α} has no continuum operator: the model fits its "
                + "training grid only and changes on any other (`nonlocal validate` measures how much)"
        }
        if let s = dataset.fractionalOrder, abs(upper - (Double(grid.dimension) + 2 * s)) < 1e-12, abs(alpha - upper) <= 1e-6 {
            return "α = \(alpha) reached d + 2s = \(upper), the singularity of the data's own kernel and the default bound (a more "
                + "singular kernel is an operator of higher order than (−Δ)^\(s)); --alpha-range searches beyond it"
        }
        if let quadrature = configuration.quadrature, quadrature.integratesSingularity, alpha >= limit - 0.01 - 1e-6 {
            return "α = \(alpha) is at the \(quadrature.name) rule's limit, just below d + 2 = \(Int(limit)): at this δ the data are fitted best "
                + "by a nearly local operator (a multiple of the Laplacian); a wider horizon captures more of the nonlocal one"
        }
        if lower == 0, alpha <= 1e-6 {
            // The kernel type needs α ≥ 0, so there is no range to widen below it.
            return "α = \(alpha) is at 0, the least α a kernel B_m(r/δ)/r^α allows: at this δ the data are fitted best by a kernel "
                + "without a singularity"
        }
        let bound = abs(alpha - lower) <= 1e-6 ? lower : (abs(alpha - upper) <= 1e-6 ? upper : nil)
        return bound.map {
            "α = \($0) is at the end of its search range \(lower)...\(upper); the best α may lie beyond it — widen --alpha-range"
        }
    }

    /// A stage's coefficients with their optimality measure.
    struct StageSolution {
        var coefficients: [Double]
        var kktResidual: Double
        var exponent: Double? = nil
    }

    private func fitNonnegative(
        order: Int, moments: Moments, grams: SampleGrams?, consistency: SecondMomentConsistency?,
        progress: @escaping @Sendable (String) -> Void
    ) throws(RegressionError) -> StageSolution {
        switch (configuration.solver, configuration.exponent) {
        case (.exact, .learned(let lower, let upper)):
            let result = ExponentSearch(range: lower...upper, quadrature: configuration.quadrature ?? .onePoint)
                .minimize(moments: moments.training, order: order)
            return StageSolution(coefficients: result.solution.coefficients, kktResidual: result.solution.kktResidual, exponent: result.exponent)
        case (.adam, .learned(let lower, _)):
            let batches: RadialBatches
            batches = try gridChecked { () throws(GridError) in
                try RadialBatches(dataset: dataset, horizon: configuration.horizon, samples: trainingSamples)
            }
            let fit = try paperMode.fitFractional(batches, order: order, initialExponent: lower) { epoch, loss, alpha in
                progress("M = \(order): epoch \(epoch): loss \(sci(loss)), α = \(String(format: "%.6f", alpha))")
            }
            let loss = QuadraticLoss(moments: moments.training, basis: basis(order: order, exponent: fit.exponent))
            return StageSolution(
                coefficients: fit.coefficients, kktResidual: NonnegativeLeastSquares.kktResidual(of: loss, at: fit.coefficients),
                exponent: fit.exponent)
        case (.exact, _):
            let loss = QuadraticLoss(moments: moments.training, basis: basis(order: order, exponent: fixedExponent))
            let solution = NonnegativeLeastSquares().solve(consistency.map { $0.penalized(loss) } ?? loss)
            return StageSolution(coefficients: solution.coefficients, kktResidual: solution.kktResidual, exponent: fixedExponent)
        case (.adam, _):
            let fit = try paperMode.fitNonnegative(grams!) { epoch, loss in progress("M = \(order): epoch \(epoch): loss \(sci(loss))") }
            return StageSolution(
                coefficients: fit.coefficients, kktResidual: NonnegativeLeastSquares.kktResidual(of: grams!.total, at: fit.coefficients),
                exponent: fixedExponent)
        }
    }

    /// α when it is fixed by the configuration; nil for the Bernstein kernel (and for a learned α).
    private var fixedExponent: Double? {
        if case .fixed(let alpha) = configuration.exponent { alpha } else { nil }
    }

    private func fitSignChanging(
        moments: RadialMoments, basis: [any RadialKernel], nonnegative: [Double], norm: SignChangingNorm, bound: Double, grams: SampleGrams?,
        consistency: SecondMomentConsistency?, progress: @escaping @Sendable (String) -> Void
    ) throws(RegressionError) -> StageSolution {
        switch configuration.solver {
        case .exact:
            let solution = try SignChangingLeastSquares().solve(
                moments: moments, basis: basis, nonnegativePart: nonnegative, bound: bound, form: configuration.constraint,
                consistency: consistency)
            return StageSolution(coefficients: solution.coefficients, kktResidual: solution.kktResidual)
        case .adam:
            // Algorithm 1 needs τ > 0; with C* = 0 there is nothing to correct.
            guard bound > 0 else { return StageSolution(coefficients: nonnegative.map { _ in 0 }, kktResidual: 0) }
            let fit = try paperMode.fitSignChanging(grams!, nonnegative: nonnegative, bound: bound, norm: norm) { step in
                progress("augmented Lagrangian step \(step.step): loss \(sci(step.loss)), N(D) = \(sci(step.norm)), H = \(sci(step.constraint))")
            }
            progress("stage 2 (adam): \(fit.termination.rawValue) after \(fit.steps) steps, H = \(sci(fit.constraint))")
            // Reported as the relative violation of N(D) ≤ τ, which the augmented Lagrangian only approaches.
            return StageSolution(coefficients: fit.correction, kktResidual: Swift.max(0, fit.norm - bound) / bound)
        }
    }

    /// The paper's optimizer with this regression's epochs and seed.
    private var paperMode: PaperModeRegression {
        var paper = PaperModeRegression()
        paper.epochs = configuration.epochs
        paper.seed = configuration.seed
        return paper
    }

    /// Paper mode on a basis that does not move (Bernstein, or a fixed α): the training samples'
    /// per-sample Grams; nil otherwise.
    private func paperModeGrams(order: Int) throws(RegressionError) -> SampleGrams? {
        guard configuration.solver == .adam else { return nil }
        if case .learned = configuration.exponent { return nil }
        return try sampleGrams(order: order)
    }

    /// The training samples' per-sample Grams for order M on the configured basis.
    private func sampleGrams(order: Int) throws(RegressionError) -> SampleGrams {
        let basis = basis(order: order, exponent: fixedExponent)
        return try gridChecked { () throws(GridError) in
            try SampleGrams(dataset: dataset, basis: basis, horizon: configuration.horizon, samples: trainingSamples)
        }
    }

    /// What paper mode's two stages work on for order M of the Bernstein kernel (3.11): the
    /// per-sample Grams, the exact stage-1 minimizer C* (NNLS), and stage 2's bound
    /// τ = ``stageTwoBound(inverseKappa:)`` with its norm N — the problem ``run(progress:)``
    /// hands the paper's optimizer, so a benchmark can time each stage on exactly it.
    public struct PaperModeProblem: Sendable {
        public let grams: SampleGrams
        public let nonnegative: [Double]
        public let bound: Double
        public let norm: SignChangingNorm
    }

    /// - Throws: ``RegressionError`` for a fractional kernel (it has no stage 2) or a failed eigensolve.
    public func paperModeProblem(order: Int) throws(RegressionError) -> PaperModeProblem {
        guard configuration.exponent == nil else {
            throw .invalidParameter(name: "kernel", value: "fractional", allowed: "stage 2 exists for the Bernstein kernel (3.11) only")
        }
        let grams = try sampleGrams(order: order)
        let nonnegative = NonnegativeLeastSquares().solve(grams.total).coefficients
        let kernel = BernsteinKernel(coefficients: nonnegative, horizon: configuration.horizon, dimension: grid.dimension)
        let inverseKappa: Double
        do { inverseKappa = try NonlocalOperator(kernel: kernel, grid: grid).smallestEigenvalue() } catch {
            throw .solverFailed(stage: "the coercivity eigenproblem of C*", reason: error.description)
        }
        let norm = SignChangingNorm(stencil: grams.stencil, basis: basis(order: order, exponent: nil), form: configuration.constraint)
        return PaperModeProblem(grams: grams, nonnegative: nonnegative, bound: stageTwoBound(inverseKappa: inverseKappa), norm: norm)
    }
}

/// A number in a progress line: four significant digits.
private func sci(_ value: Double) -> String { String(format: "%.4g", value) }
