// PaperModeRegression+SignChangingStage: stage 2 of Algorithm 1 (steps 5–19) — the augmented Lagrangian on H(D, θ) = τ − N(D) − θ², each step solved by Adam.
import NonlocalCertificate
import NonlocalLinearAlgebra
import NonlocalOptimization

extension PaperModeRegression {
    /// Why stage 2 stopped.
    public enum Termination: String, Sendable {
        /// |H| ≤ ε (step 9).
        case constraintMet = "constraint met"
        /// μ reached the penalty limit (step 14).
        case penaltyLimit = "penalty limit"
        /// STEP_MAX steps ran (step 7).
        case stepLimit = "step limit"
    }

    /// The state after one augmented-Lagrangian step s.
    public struct AugmentedLagrangianStep: Sendable {
        public let step: Int
        /// The full-data loss L(C* + D⁽ˢ⁾).
        public let loss: Double
        /// N(D⁽ˢ⁾).
        public let norm: Double
        /// H(D⁽ˢ⁾, θ⁽ˢ⁾) = τ − N(D⁽ˢ⁾) − (θ⁽ˢ⁾)².
        public let constraint: Double
        /// λ and μ after the step's update (steps 12–17).
        public let multiplier: Double
        public let penalty: Double
    }

    /// The outcome of stage 2.
    public struct SignChangingFit: Sendable {
        /// D* = D⁽ˢ⁾ of the last step (step 19).
        public let correction: [Double]
        /// θ, the slack of the inequality N(D) ≤ τ.
        public let slack: Double
        /// The full-data loss L(C* + D*).
        public let loss: Double
        /// N(D*).
        public let norm: Double
        /// H(D*, θ) = τ − N(D*) − θ²: N(D*) ≤ τ − H, so N(D*) ≤ τ whenever H ≥ 0.
        public let constraint: Double
        /// The augmented-Lagrangian steps taken (subproblems solved).
        public let steps: Int
        public let termination: Termination
        public let history: [AugmentedLagrangianStep]
    }

    /// Stage 2 (Algorithm 1, steps 5–19): D⁽⁰⁾ ~ U(−1/√(M+1), 1/√(M+1)), θ⁽⁰⁾ = 1, λ = 0,
    /// μ = ``initialPenalty``; each step s runs ``epochsPerStep`` epochs of a fresh Adam on
    /// shuffled minibatches of
    /// `L₂(D, θ) = L_B(C* + D) + λH + (μ/2)H²`, `H(D, θ) = τ − N(D) − θ²` (eq. 4.4),
    /// warm-started from (D⁽ˢ⁻¹⁾, θ⁽ˢ⁻¹⁾), with gradient
    /// `∂L₂/∂D = 2(G_B(C* + D) − b_B) − (λ + μH)∂N(D)`, `∂L₂/∂θ = −2θ(λ + μH)` (∂N a subgradient).
    /// Then: stop if |H⁽ˢ⁾| ≤ ε; if |H⁽ˢ⁾| ≥ c|H⁽ˢ⁻¹⁾|, μ ← ρμ and stop once μ ≥ the penalty
    /// limit; otherwise λ ← λ + μH⁽ˢ⁾. `progress` receives each step.
    ///
    /// The paper is silent on whether Adam's moments survive from one step to the next; each
    /// step here is a new unconstrained problem (λ, μ changed), solved by a new optimizer.
    /// - Parameters:
    ///   - grams: the per-sample losses of the basis C* and D share.
    ///   - nonnegative: C*, from stage 1.
    ///   - bound: τ = 1/(2κ(C*)) (eq. 4.3), positive.
    ///   - norm: N(D) for the same basis on the training stencil.
    /// - Throws: ``RegressionError/invalidParameter(name:value:allowed:)`` for bad settings or a
    ///   τ that is not positive (C* not coercive), ``RegressionError/nonFinite(what:)`` on divergence.
    public func fitSignChanging(
        _ grams: SampleGrams, nonnegative: [Double], bound tau: Double, norm: SignChangingNorm,
        progress: (@Sendable (AugmentedLagrangianStep) -> Void)? = nil
    ) throws(RegressionError) -> SignChangingFit {
        try validate()
        let n = grams.parameterCount
        precondition(nonnegative.count == n, "C* has \(nonnegative.count) entries for \(n) basis functions")
        precondition(norm.classWeights.columnCount == n, "N(D) is for another basis")
        guard tau > 0, tau.isFinite else {
            throw .invalidParameter(name: "τ = 1/(2κ)", value: "\(tau)", allowed: "τ must be positive: C* must give a coercive operator")
        }
        func constraint(_ d: ArraySlice<Double>, _ slack: Double) -> Double { tau - norm.value(Array(d)) - slack * slack }

        var generator = generator(stage: 2)
        let limit = 1 / Double(n).squareRoot()
        // x = (D, θ): Adam treats the slack like any other parameter.
        var x = generator.uniform(n, in: -limit..<limit) + [1]
        var schedule = MinibatchSchedule(sampleCount: grams.sampleCount, batchSize: batchSize, generator: generator)
        var (multiplier, penalty) = (0.0, initialPenalty)
        var previous = constraint(x[0..<n], x[n])
        var history: [AugmentedLagrangianStep] = []
        var termination = Termination.stepLimit
        for step in 1...maximumSteps {
            var adam = AdamOptimizer(parameterCount: n + 1, learningRate: learningRate)
            for _ in 0..<epochsPerStep {
                for batch in schedule.nextEpoch() {
                    let d = Array(x[0..<n]), slack = x[n]
                    let kernel = zip(nonnegative, d).map { $0 + $1 }
                    var gradient = grams.loss(of: batch).halfGradient(at: kernel)
                    gradient.scale(by: 2)
                    // ∂(λH + μH²/2)/∂H, times ∂H/∂D = −∂N(D) and ∂H/∂θ = −2θ.
                    let weight = multiplier + penalty * (tau - norm.value(d) - slack * slack)
                    gradient.add(norm.subgradient(d), scaledBy: -weight)
                    gradient.append(-2 * slack * weight)
                    adam.step(&x, gradient: gradient)
                }
            }
            let d = Array(x[0..<n])
            let h = constraint(x[0..<n], x[n])
            let loss = grams.total.value(at: zip(nonnegative, d).map { $0 + $1 })
            guard loss.isFinite, h.isFinite else { throw .nonFinite(what: "the stage-2 loss at augmented-Lagrangian step \(step)") }
            if abs(h) <= constraintTolerance {
                termination = .constraintMet
            } else if abs(h) >= sufficientDecrease * abs(previous) {
                penalty *= penaltyGrowth
                if penalty >= penaltyLimit { termination = .penaltyLimit }
            } else {
                multiplier += penalty * h
            }
            let record = AugmentedLagrangianStep(
                step: step, loss: loss, norm: norm.value(d), constraint: h, multiplier: multiplier, penalty: penalty)
            history.append(record)
            progress?(record)
            previous = h
            if termination != .stepLimit { break }
        }
        let d = Array(x[0..<n]), last = history.last!
        return SignChangingFit(
            correction: d, slack: x[n], loss: last.loss, norm: last.norm, constraint: last.constraint, steps: history.count,
            termination: termination, history: history)
    }
}
