// SampledProblem: what every generator shares — a seed, a number of samples and generate(); spectral ones add a decay.
import NonlocalDataset

/// A generator of random samples: the same seed gives the same dataset, byte for byte, and
/// the dataset holds exactly ``samples`` samples.
public protocol SampledProblem: Sendable {
    var seed: UInt64 { get set }
    var samples: Int { get set }
    /// The dataset. Generators that take long report their steps through `report`.
    /// - Throws: ``GeneratorError`` naming the first invalid parameter.
    func generate(report: (String) -> Void) throws(GeneratorError) -> Dataset
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
