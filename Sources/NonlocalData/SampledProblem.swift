// SampledProblem: what every generator shares — a seed and a number of samples; spectral ones add a decay.

/// A generator of random samples: the same seed gives the same dataset, byte for byte.
public protocol SampledProblem: Sendable {
    var seed: UInt64 { get set }
    var samples: Int { get set }
}

/// A generator whose random spectrum is exp(−α|k|²) ξ.
public protocol SpectralProblem: SampledProblem {
    var decay: Double { get set }
}

extension ManufacturedProblem: SpectralProblem {}
extension BiharmonicProblem: SpectralProblem {}
extension PeriodicFractionalProblem: SpectralProblem {}
extension FractionalProblem: SpectralProblem {}
extension DarcyProblem: SampledProblem {}
