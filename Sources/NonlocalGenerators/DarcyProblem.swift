// DarcyProblem: coarse-grained heterogeneous Darcy data (paper §6) on the learning grid.
import NonlocalAssembly
import NonlocalDataset
import NonlocalFiles
import NonlocalLinearAlgebra

/// Samples of periodic Darcy flow −(κu')' = a sin(2πkx/10) + b cos(2πkx/10) on [0, 10] with
/// alternating cells of diffusivity 1 and 4 (``DarcyFlow``, P1 finite elements), averaged over one
/// period 2L of the cells (``DarcyFlow/CoarseGraining``: around every point of the periodic learning
/// grid by default, or per cell pair as the paper prints). Wavenumbers k are uniform in 1…⌊length/λmin⌋,
/// and a, b uniform in [−1, 1]: a random amplitude and phase, so no two samples repeat (with sine
/// forcings alone, 1,000 samples held only ⌊length/λmin⌋ distinct pairs). The medium is not
/// translation invariant (its cells), so a phase is new information, not a shifted copy. By
/// linearity, the sine and cosine responses of each wavenumber are solved once and combined.
public struct DarcyProblem: Sendable {
    public var length = 10.0
    public var cellWidth = 0.1
    public var diffusivities = (even: 1.0, odd: 4.0)
    public var elementsPerCell = 16
    public var learningPoints = 500
    /// λmin: the shortest forcing wavelength.
    public var minimumWavelength = 1.0
    public var samples = 1000
    public var seed: UInt64 = 1
    /// Moving averages by default: the paper's cell-pair staircase keeps a nonnegative kernel from
    /// the homogenized second moment (docs/DATASETS.md).
    public var coarseGraining = DarcyFlow.CoarseGraining.moving

    public init() {}

    /// ⌊length/λmin⌋: the highest wavenumber a forcing has (a wavelength at λmin, within rounding).
    var highestWavenumber: Int { Int((length / minimumWavelength * (1 + 1e-12)).rounded(.down)) }

    /// Checks the parameters and that the dataset fits in memory (``SampledProblem/validate()``).
    public func validate() throws(GeneratorError) {
        try require(samples >= 1, "samples", samples, "use at least 1 sample")
        try require(
            minimumWavelength > 0 && minimumWavelength <= length, "minimum wavelength", minimumWavelength,
            "use 0 < λmin ≤ length = \(length)")
        try require(
            learningPoints >= 1 && learningPoints <= Int(Int32.max), "learningPoints", learningPoints,
            "the learning grid needs between 1 and 2³¹ − 1 points")
        let (_, nodes, _) = try DarcyFlow.checkParameters(
            length: length, cellWidth: cellWidth, diffusivities: diffusivities, elementsPerCell: elementsPerCell)
        // u and f on the learning grid per sample; the stiffness and its factor, and the nodal loads and
        // solutions of the sine and cosine of each wavenumber.
        try requireMemory(
            "\(samples) samples on \(nodes) nodes and \(learningPoints) learning points", samples: samples,
            valuesPerSample: MemoryRequest.product(2, learningPoints),
            fixedBytes: MemoryRequest.sum(MemoryRequest.product(128, nodes), MemoryRequest.product(64, highestWavenumber, MemoryRequest.sum(nodes, learningPoints))))
    }

    public func generate(report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        try validate()
        let flow = try DarcyFlow(
            length: length, cellWidth: cellWidth, diffusivities: diffusivities, elementsPerCell: elementsPerCell)
        let highest = highestWavenumber
        var generator = SplitMix64(seed: seed)
        let draws = (0..<samples).map { _ in
            (k: generator.integer(in: 1...highest), a: 2 * generator.nextUnit() - 1, b: 2 * generator.nextUnit() - 1)
        }
        let distinct = Array(1...highest)
        let sines = try flow.coarseGrained(
            wavenumbers: distinct, wave: .sine, learningPoints: learningPoints, coarseGraining: coarseGraining)
        let cosines = try flow.coarseGrained(
            wavenumbers: distinct, wave: .cosine, learningPoints: learningPoints, coarseGraining: coarseGraining)
        let points = learningPoints
        func combine(_ sine: DenseMatrix, _ cosine: DenseMatrix) -> DenseMatrix {
            var result = DenseMatrix(rowCount: points, columnCount: samples)
            for (s, draw) in draws.enumerated() {
                let column = (draw.k - 1) * points
                for p in 0..<points {
                    result.storage[p + s * points] = draw.a * sine.storage[column + p] + draw.b * cosine.storage[column + p]
                }
            }
            return result
        }
        let (u, f) = (combine(sines.u, cosines.u), combine(sines.f, cosines.f))
        return Dataset(
            problem: "darcy", grid: .periodic(dimension: 1, points: learningPoints, length: length), u: u, f: f,
            evaluationMask: [Bool](repeating: true, count: learningPoints),
            parameters: [
                "length": "\(length)", "cell_width": "\(cellWidth)",
                "diffusivities": "\(diffusivities.even) \(diffusivities.odd)", "elements_per_cell": "\(elementsPerCell)",
                "coarse_graining": coarseGraining.rawValue, "minimum_wavelength": "\(minimumWavelength)", "highest_wavenumber": "\(highest)", "samples": "\(samples)",
                "forcing": "a sin(2πkx/ℓ) + b cos(2πkx/ℓ), k uniform in 1…\(highest), a and b uniform in [−1, 1]",
            ],
            seed: seed)
    }
}
