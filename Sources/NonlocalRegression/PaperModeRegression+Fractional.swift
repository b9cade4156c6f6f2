// PaperModeRegression+Fractional: the §8 fit — C and the exponent α of b_m(r) = B_{m,M}(r/δ)/r^α learned together by Adam.
import Foundation
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalOptimization

extension PaperModeRegression {
    /// The outcome of the fractional fit.
    public struct FractionalFit: Sendable {
        /// C ≥ 0.
        public let coefficients: [Double]
        /// α ≥ 0.
        public let exponent: Double
        /// The full-data loss at (C, α).
        public let loss: Double
        /// The full-data loss and α after each epoch.
        public let lossHistory: [Double]
        public let exponentHistory: [Double]
    }

    /// Paper §8 (stage 1 only): the kernel `Σ_m C_m B_{m,M}(r/δ)/r^α` with C⁽⁰⁾ ~ U(0, 1) and
    /// α⁽⁰⁾ = `initialExponent` ("initializing α to be 0"); ``epochs`` epochs of Adam on
    /// (C, α) over shuffled minibatches, then C ← max(C, 0), α ← max(α, 0) after each step.
    ///
    /// α changes the basis, so the loss is evaluated at the level of radius classes: with
    /// `W(α)[c, m] = B_{m,M}(r_c/δ) h^d / r_c^α` and `k = W(α)C`, the batch loss is
    /// `kᵀP_Bk − 2kᵀq_B + c_B` and, with `g = 2(P_Bk − q_B)`,
    /// `∂L/∂C = W(α)ᵀg`, `∂L/∂α = (W'C)ᵀg = −Σ_c ln(r_c) k_c g_c` (`∂b_m/∂α = −ln(r) b_m`).
    /// Per-sample Grams would have to be rebuilt at every α, so `batches` supplies the class-level
    /// `P_Bk − q_B`: from stored per-sample moments when they fit in memory (0.25 ms per step at
    /// δ = 1), else from the batch's radial differences recomputed each step (6 ms); see
    /// ``RadialBatches``. `progress` receives (epoch, full-data loss, α) after each epoch.
    /// - Throws: ``RegressionError/invalidParameter(name:value:allowed:)`` for bad settings,
    ///   ``RegressionError/nonFinite(what:)`` on divergence.
    public func fitFractional(
        _ batches: RadialBatches, order: Int, initialExponent: Double = 0,
        progress: (@Sendable (_ epoch: Int, _ loss: Double, _ exponent: Double) -> Void)? = nil
    ) throws(RegressionError) -> FractionalFit {
        try validate()
        guard order >= 0 else { throw .invalidParameter(name: "order M", value: "\(order)", allowed: "use M ≥ 0") }
        guard initialExponent >= 0, initialExponent.isFinite else {
            throw .invalidParameter(name: "initial exponent α", value: "\(initialExponent)", allowed: "use α ≥ 0")
        }
        let stencil = batches.stencil, n = order + 1
        let radii = stencil.classRadii, classes = radii.count
        let logarithms = radii.map { log($0) }
        // B[c, m] = B_{m,M}(r_c/δ) h^d, column-major; W(α) divides row c by r_c^α.
        var bernstein = [Double](repeating: 0, count: classes * n)
        for m in 0..<n {
            let b = FractionalBernsteinKernel.basisFunction(
                m, order: order, exponent: 0, horizon: stencil.horizon, dimension: stencil.dimension)
            for c in 0..<classes { bernstein[c + m * classes] = b(radii[c]) * stencil.cellVolume }
        }
        /// k = W(α)C and the factors 1/r_c^α.
        func classWeights(_ coefficients: ArraySlice<Double>, _ alpha: Double) -> (k: [Double], scale: [Double]) {
            let scale = radii.map { 1 / pow($0, alpha) }
            var k = [Double](repeating: 0, count: classes)
            for m in 0..<n {
                let cm = coefficients[coefficients.startIndex + m]
                for c in 0..<classes { k[c] += bernstein[c + m * classes] * cm }
            }
            for c in 0..<classes { k[c] *= scale[c] }
            return (k, scale)
        }

        var generator = generator(stage: 3)
        // x = (C, α).
        var x = generator.uniform(n, in: 0..<1) + [initialExponent]
        var schedule = MinibatchSchedule(sampleCount: batches.sampleCount, batchSize: batchSize, generator: generator)
        var adam = AdamOptimizer(parameterCount: n + 1, learningRate: learningRate)
        var (losses, exponents) = ([Double](), [Double]())
        for epoch in 1...epochs {
            for batch in schedule.nextEpoch() {
                let (k, scale) = classWeights(x[0..<n], x[n])
                let half = batches.loss(of: batch, at: k).halfGradient
                var gradient = [Double](repeating: 0, count: n + 1)
                for m in 0..<n {
                    var sum = 0.0
                    for c in 0..<classes { sum += bernstein[c + m * classes] * scale[c] * half[c] }
                    gradient[m] = 2 * sum
                }
                var alphaSum = 0.0
                for c in 0..<classes { alphaSum -= logarithms[c] * k[c] * half[c] }
                gradient[n] = 2 * alphaSum
                adam.step(&x, gradient: gradient)
                for j in 0...n { x[j] = Swift.max(x[j], 0) }
            }
            let loss = batches.total.value(at: classWeights(x[0..<n], x[n]).k)
            guard loss.isFinite, x.allSatisfy(\.isFinite) else { throw .nonFinite(what: "the fractional loss at epoch \(epoch)") }
            losses.append(loss)
            exponents.append(x[n])
            progress?(epoch, loss, x[n])
        }
        return FractionalFit(
            coefficients: Array(x[0..<n]), exponent: x[n], loss: losses.last!, lossHistory: losses, exponentHistory: exponents)
    }
}
