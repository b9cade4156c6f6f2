// SampledProblem: what every generator shares — a seed, a number of samples and generate(); spectral ones add a decay.
import NonlocalDataset
import NonlocalFiles

/// A generator of random samples: the same seed gives the same dataset, byte for byte, and
/// the dataset holds exactly ``samples`` samples.
public protocol SampledProblem: Sendable {
    var seed: UInt64 { get set }
    var samples: Int { get set }
    /// Checks every parameter, and that the dataset fits in memory (``MemoryRequest``), without
    /// allocating anything of the dataset's size; ``generate(report:)`` calls it first, and a
    /// caller calls it before its first progress line.
    /// - Throws: ``GeneratorError`` naming the first invalid parameter, or
    ///   ``GeneratorError/insufficientMemory(_:)``.
    func validate() throws(GeneratorError)
    /// The dataset. Generators that take long report their steps through `report`.
    /// - Throws: ``GeneratorError`` naming the first invalid parameter.
    func generate(report: (String) -> Void) throws(GeneratorError) -> Dataset
}

/// Throws unless `samples` samples of `valuesPerSample` doubles, plus `fixedBytes`, fit in memory.
func requireMemory(_ what: String, samples: Int, valuesPerSample: Int, fixedBytes: Int = 0) throws(GeneratorError) {
    let bytes = MemoryRequest.sum(MemoryRequest.product(8, samples, valuesPerSample), fixedBytes)
    do throws(MemoryShortfall) { try MemoryRequest(what, bytes: bytes).check() } catch { throw .insufficientMemory(error) }
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
