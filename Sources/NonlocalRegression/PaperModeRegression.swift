// PaperModeRegression: Algorithm 1 as the paper runs it — Adam on shuffled minibatches of 100, learning rate 5e-3 — with every setting named.
import NonlocalLinearAlgebra
import NonlocalOptimization

/// The settings of the paper-faithful optimizer of Algorithm 1 (§4): minibatch Adam for stage 1
/// (``fitNonnegative(_:progress:)``), the augmented Lagrangian for stage 2
/// (``fitSignChanging(_:nonnegative:bound:norm:progress:)``), and the joint (C, α) fit of §8
/// (``fitFractional(_:order:initialExponent:progress:)``). Defaults are the paper's where it states them.
///
/// Every random choice (initial coefficients, the permutation of each epoch) comes from
/// ``SplitMix64`` seeded with ``seed`` (one stream per stage), and every sum runs in a fixed
/// order, so the same seed gives bit-identical results.
///
/// The losses are quadratics: each Adam step sums the stored per-sample Grams of its batch
/// (``SampleGrams``), which gives exactly the minibatch gradient autograd would compute.
public struct PaperModeRegression: Sendable {
    /// Samples per Adam step (paper: 100).
    public var batchSize = 100
    /// Adam's learning rate (paper: 5e-3); β₁, β₂, ε are PyTorch's defaults.
    public var learningRate = 5e-3
    /// Stage 1 and fractional epochs (paper: "typically between 200 and 500", until the loss stagnates).
    public var epochs = 300
    public var seed: UInt64 = 1

    /// Stage 2: Adam epochs per augmented-Lagrangian step (paper: 10).
    public var epochsPerStep = 10
    /// STEP_MAX, the augmented-Lagrangian steps at most (paper: 100).
    public var maximumSteps = 100
    /// μ at the start (paper: 1).
    public var initialPenalty = 1.0
    /// ρ, the factor μ grows by when |H| did not shrink enough (paper: 10).
    public var penaltyGrowth = 10.0
    /// c: |H| must fall below c times its previous value to count as progress (paper: ¼).
    public var sufficientDecrease = 0.25
    /// ε: stop when |H| ≤ ε (paper: 1e-8).
    public var constraintTolerance = 1e-8
    /// Stop when μ reaches this (paper: 1e20).
    public var penaltyLimit = 1e20

    public init() {}

    /// Checks every setting.
    /// - Throws: ``RegressionError/invalidParameter(name:value:allowed:)`` naming the first bad one.
    public func validate() throws(RegressionError) {
        func require(_ ok: Bool, _ name: String, _ value: Any, _ allowed: String) throws(RegressionError) {
            if !ok { throw .invalidParameter(name: name, value: "\(value)", allowed: allowed) }
        }
        try require(batchSize >= 1, "batch size", batchSize, "use at least 1 sample per batch")
        try require(learningRate > 0 && learningRate.isFinite, "learning rate", learningRate, "use a positive learning rate")
        try require(epochs >= 1, "epochs", epochs, "use at least 1 epoch")
        try require(epochsPerStep >= 1, "epochs per step", epochsPerStep, "use at least 1 epoch per augmented-Lagrangian step")
        try require(maximumSteps >= 1, "maximum steps", maximumSteps, "use at least 1 augmented-Lagrangian step")
        try require(initialPenalty > 0 && initialPenalty.isFinite, "initial penalty", initialPenalty, "use μ > 0")
        try require(penaltyGrowth > 1 && penaltyGrowth.isFinite, "penalty growth", penaltyGrowth, "use ρ > 1")
        try require(sufficientDecrease > 0 && sufficientDecrease < 1, "sufficient decrease", sufficientDecrease, "use 0 < c < 1")
        try require(constraintTolerance >= 0 && constraintTolerance.isFinite, "constraint tolerance", constraintTolerance, "use ε ≥ 0")
        try require(penaltyLimit > initialPenalty, "penalty limit", penaltyLimit, "use a limit above the initial penalty")
    }

    /// The generator of one stage: the seed mixed with the stage's tag, so the stages draw
    /// unrelated numbers from one user seed.
    func generator(stage: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (stage &* 0x9E37_79B9_7F4A_7C15))
        return SplitMix64(seed: mixer.next())
    }
}
