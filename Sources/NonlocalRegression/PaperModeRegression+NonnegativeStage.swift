// PaperModeRegression+NonnegativeStage: stage 1 of Algorithm 1 (steps 1–2) — Adam from C ~ U(0, 1), C ← max(C, 0) after each step.
import NonlocalLinearAlgebra
import NonlocalOptimization

extension PaperModeRegression {
    /// The outcome of stage 1.
    public struct NonnegativeFit: Sendable {
        /// C* ≥ 0 after the last epoch.
        public let coefficients: [Double]
        /// The full-data loss L(C*) (``SampleGrams/total``).
        public let loss: Double
        /// The full-data loss after each epoch.
        public let lossHistory: [Double]
    }

    /// Stage 1 (Algorithm 1, steps 1–2): C⁽⁰⁾ ~ U(0, 1), then ``epochs`` epochs of Adam on
    /// shuffled minibatches of the loss L₁(C) = L(ReLU(C)), mapping C ← max(C, 0) after each
    /// step; the minibatch gradient is `2(G_B C − b_B)` (on C ≥ 0, where ReLU is the identity).
    /// `progress` receives (epoch, full-data loss) after each epoch.
    /// - Throws: ``RegressionError/invalidParameter(name:value:allowed:)`` for bad settings,
    ///   ``RegressionError/nonFinite(what:)`` when the loss diverges.
    public func fitNonnegative(_ grams: SampleGrams, progress: (@Sendable (Int, Double) -> Void)? = nil)
        throws(RegressionError) -> NonnegativeFit
    {
        try validate()
        var generator = generator(stage: 1)
        var coefficients = generator.uniform(grams.parameterCount, in: 0..<1)
        var schedule = MinibatchSchedule(sampleCount: grams.sampleCount, batchSize: batchSize, generator: generator)
        var adam = AdamOptimizer(parameterCount: grams.parameterCount, learningRate: learningRate)
        var history: [Double] = []
        for epoch in 1...epochs {
            for batch in schedule.nextEpoch() {
                var gradient = grams.loss(of: batch).halfGradient(at: coefficients)
                gradient.scale(by: 2)
                adam.step(&coefficients, gradient: gradient)
                for m in coefficients.indices { coefficients[m] = Swift.max(coefficients[m], 0) }
            }
            let loss = grams.total.value(at: coefficients)
            guard loss.isFinite, coefficients.allSatisfy(\.isFinite) else {
                throw .nonFinite(what: "the stage-1 loss at epoch \(epoch)")
            }
            history.append(loss)
            progress?(epoch, loss)
        }
        return NonnegativeFit(coefficients: coefficients, loss: history.last!, lossHistory: history)
    }
}
