// BiharmonicProblem: data of the higher-order PDE −u_xx + cδ²u_xxxx = f (paper §7), solved spectrally.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalFiles
import NonlocalLinearAlgebra

/// Periodic data on [0, 1) for `−u_xx + c δ² u_xxxx = f` (DESIGN.md's sign; the paper prints
/// the opposite): `f = Σ_{k=1}^{modes} f̂_k cos(2πkx)`, `f̂_k = exp(−αk²) ξ` (7.2–7.3), and
/// `û_k = f̂_k / ((2πk)² + c δ² (2πk)⁴)` exactly.
public struct BiharmonicProblem: Sendable {
    public var c = 3e-4
    public var horizon = 0.5
    public var points = 100
    public var samples = 50_000
    public var decay = 0.1
    public var modes = 99
    public var seed: UInt64 = 1

    public init() {}

    /// The symbol of −∂² + cδ²∂⁴ at wavenumber k: (2πk)² + cδ²(2πk)⁴.
    public func symbol(_ k: Double) -> Double {
        let w = 2 * .pi * k
        return w * w + c * horizon * horizon * w * w * w * w
    }

    /// Checks the parameters and that the dataset fits in memory (``SampledProblem/validate()``).
    public func validate() throws(GeneratorError) {
        try require(c >= 0 && c.isFinite, "c", c, "use c ≥ 0")
        try require(horizon > 0 && horizon.isFinite, "horizon", horizon, "use δ > 0")
        try require(points >= 4, "points", points, "use at least 4 grid points")
        try require(samples >= 1, "samples", samples, "use at least 1 sample")
        try require(modes >= 1, "modes", modes, "use modes ≥ 1")
        try require(decay >= 0 && decay.isFinite, "decay", decay, "use α ≥ 0")
        // The forcing and solution spectra and u, f: 2 (modes + points) doubles a sample, and the cosine table.
        try requireMemory(
            "\(samples) samples on \(points) points with \(modes) modes", samples: samples,
            valuesPerSample: MemoryRequest.product(2, MemoryRequest.sum(modes, points)), fixedBytes: MemoryRequest.product(8, points, modes))
    }

    public func generate(report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        try validate()
        let specification = GridSpecification.periodic(dimension: 1, points: points, length: 1)
        let x = try! specification.makeGrid().interiorCoordinates.map(\.x)
        var generator = SplitMix64(seed: seed)
        let series = CosineSeries(points: points, modes: modes) { j, k in cos(2 * .pi * Double(k + 1) * x[j]) }
        let forcing = CosineSeries.randomCoefficients(
            squaredWavenumbers: (1...modes).map { Double($0 * $0) }, decay: decay, samples: samples, using: &generator)
        var solution = forcing
        for k in 0..<modes {
            let inverse = 1 / symbol(Double(k + 1))
            for s in 0..<samples { solution[k, s] *= inverse }
        }
        return Dataset(
            problem: "biharmonic", grid: specification, u: series.synthesize(solution), f: series.synthesize(forcing),
            evaluationMask: [Bool](repeating: true, count: points),
            parameters: ["c": "\(c)", "horizon": "\(horizon)", "decay": "\(decay)", "modes": "\(modes)", "samples": "\(samples)"],
            seed: seed)
    }
}
