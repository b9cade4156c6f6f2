// AdamOptimizer: Kingma and Ba's Adam with bias correction, step for step as PyTorch's torch.optim.Adam computes it.

/// Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1)
/// for a gradient g_t at step t = 1, 2, …:
/// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, `θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`,
/// element by element. The last line is PyTorch's arrangement of `θ − lr·m̂/(√v̂ + ε)`
/// (`torch.optim.Adam`, no weight decay, no AMSGrad), whose defaults are the ones here.
///
/// With a constant gradient the bias-corrected moments are exact, m̂ = g and v̂ = g², so every
/// step moves each coordinate by lr·|g|/(|g| + ε) ≈ lr against its gradient.
public struct AdamOptimizer: Sendable {
    /// lr > 0.
    public let learningRate: Double
    /// β₁ ∈ [0, 1): the decay of the first-moment average.
    public let firstMomentDecay: Double
    /// β₂ ∈ [0, 1): the decay of the second-moment average.
    public let secondMomentDecay: Double
    /// ε > 0, added to √v̂.
    public let epsilon: Double
    /// t, the steps taken.
    public private(set) var stepCount = 0
    private var firstMoment: [Double]
    private var secondMoment: [Double]

    /// A fresh optimizer (m = v = 0) for `parameterCount` parameters.
    /// - Precondition: lr > 0 and ε > 0 finite, β₁, β₂ ∈ [0, 1).
    public init(
        parameterCount: Int, learningRate: Double, firstMomentDecay: Double = 0.9, secondMomentDecay: Double = 0.999,
        epsilon: Double = 1e-8
    ) {
        precondition(parameterCount >= 0, "negative parameter count")
        precondition(learningRate > 0 && learningRate.isFinite, "the learning rate must be positive")
        precondition((0..<1).contains(firstMomentDecay) && (0..<1).contains(secondMomentDecay), "β₁ and β₂ must lie in [0, 1)")
        precondition(epsilon > 0 && epsilon.isFinite, "ε must be positive")
        self.learningRate = learningRate
        self.firstMomentDecay = firstMomentDecay
        self.secondMomentDecay = secondMomentDecay
        self.epsilon = epsilon
        firstMoment = [Double](repeating: 0, count: parameterCount)
        secondMoment = firstMoment
    }

    public var parameterCount: Int { firstMoment.count }

    /// One step of descent on `parameters` for `gradient` (∂loss/∂parameters).
    /// - Precondition: both have ``parameterCount`` entries.
    public mutating func step(_ parameters: inout [Double], gradient: [Double]) {
        precondition(parameters.count == parameterCount && gradient.count == parameterCount, "Adam holds \(parameterCount) parameters")
        stepCount += 1
        let (beta1, beta2) = (firstMomentDecay, secondMomentDecay)
        let stepSize = learningRate / (1 - pow(beta1, stepCount))
        let rootCorrection = (1 - pow(beta2, stepCount)).squareRoot()
        for k in 0..<parameterCount {
            let g = gradient[k]
            firstMoment[k] = beta1 * firstMoment[k] + (1 - beta1) * g
            secondMoment[k] = beta2 * secondMoment[k] + (1 - beta2) * g * g
            parameters[k] -= stepSize * firstMoment[k] / (secondMoment[k].squareRoot() / rootCorrection + epsilon)
        }
    }
}

/// xⁿ for a step count n ≥ 1 (exact repeated squaring, so no Foundation import is needed).
private func pow(_ x: Double, _ n: Int) -> Double {
    var (result, base, exponent) = (1.0, x, n)
    while exponent > 0 {
        if exponent & 1 == 1 { result *= base }
        base *= base
        exponent >>= 1
    }
    return result
}
