// Tests of Adam: bias correction makes a constant gradient move every coordinate by lr, and a convex quadratic is minimized.
import NonlocalOptimization
import NonlocalTestSupport
import Testing

@Suite struct AdamOptimizerTests {
    /// With g constant, m_t = (1 − β₁ᵗ)g and v_t = (1 − β₂ᵗ)g² exactly, so each bias-corrected
    /// step is lr·g/(|g| + ε): the step size does not depend on the gradient's scale, except
    /// through ε for gradients near ε.
    @Test func aConstantGradientMovesEachCoordinateByTheLearningRate() {
        let gradient = [3.0, -2e-5, 1e6, -7e-9, 0]
        let learningRate = 5e-3
        var adam = AdamOptimizer(parameterCount: gradient.count, learningRate: learningRate)
        var theta = [Double](repeating: 1, count: gradient.count)
        for step in 1...50 {
            adam.step(&theta, gradient: gradient)
            for (k, g) in gradient.enumerated() {
                let expected = 1 - Double(step) * learningRate * g / (abs(g) + 1e-8)
                #expect(abs(theta[k] - expected) <= 1e-13, "step \(step), coordinate \(k)")
            }
        }
        #expect(adam.stepCount == 50)
    }

    /// f(x) = ½xᵀAx − bᵀx with A = FᵀF + I/2 symmetric positive definite: Adam with the full
    /// gradient Ax − b reaches A⁻¹b. With a constant learning rate it does not settle there
    /// exactly: once the gradient is tiny, √v̂ decays faster than m̂ and bursts of steps of size up
    /// to lr follow. So the test asserts what the method guarantees: some iterate is within 1e-6
    /// of the minimizer, and after a transient every iterate stays within lr of it.
    @Test func minimizesAConvexQuadratic() throws {
        let n = 6
        var generator = SplitMix64(seed: 5)
        let factor = DenseMatrix(rowCount: n, columnCount: n, storage: generator.uniform(n * n, in: -1..<1))
        var a = factor.multiplied(by: factor, transposingSelf: true)
        for i in 0..<n { a[i, i] += 0.5 }
        let b = generator.uniform(n, in: -1..<1)
        let minimizer = try a.solvingPositiveDefinite(b)
        let learningRate = 1e-2
        var adam = AdamOptimizer(parameterCount: n, learningRate: learningRate)
        var x = [Double](repeating: 0, count: n)
        var (closest, farthestLate) = (Double.infinity, 0.0)
        for step in 1...20_000 {
            adam.step(&x, gradient: a.multiplied(by: x).subtracting(b))
            let error = x.subtracting(minimizer).maximumNorm
            closest = min(closest, error)
            if step > 5_000 { farthestLate = max(farthestLate, error) }
        }
        #expect(closest <= 1e-6 * minimizer.maximumNorm, "closest approach \(closest)")
        #expect(farthestLate <= learningRate, "late excursion \(farthestLate)")
    }

    /// The first step is −lr·g/(|g| + ε) whatever β₁ and β₂ are (bias correction).
    @Test func theFirstStepIsTheSignOfTheGradient() {
        for (beta1, beta2) in [(0.9, 0.999), (0.5, 0.9), (0, 0)] {
            var adam = AdamOptimizer(parameterCount: 2, learningRate: 0.1, firstMomentDecay: beta1, secondMomentDecay: beta2)
            var theta = [0.0, 0.0]
            adam.step(&theta, gradient: [4, -1e-3])
            #expect(abs(theta[0] + 0.1 * 4 / (4 + 1e-8)) <= 1e-16)
            #expect(abs(theta[1] - 0.1 * 1e-3 / (1e-3 + 1e-8)) <= 1e-15)
        }
    }
}
