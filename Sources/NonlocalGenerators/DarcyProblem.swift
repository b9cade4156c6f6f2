// DarcyProblem: coarse-grained heterogeneous Darcy data (paper §6) on the learning grid.
import NonlocalAssembly
import NonlocalDataset
import NonlocalFiles
import NonlocalLinearAlgebra

/// Samples of periodic Darcy flow −(κu')' = sin(2πkx/10) on [0, 10] with alternating cells of
/// diffusivity 1 and 4 (``DarcyFlow``, P1 finite elements), averaged over cell pairs and sampled
/// on a periodic learning grid. Wavenumbers k are uniform in 1…⌊length/λmin⌋.
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

    public init() {}

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
        // The nodal loads and solutions and u, f on the learning grid, per sample; the stiffness and its factor.
        try requireMemory(
            "\(samples) samples on \(nodes) nodes and \(learningPoints) learning points", samples: samples,
            valuesPerSample: MemoryRequest.sum(nodes, nodes, MemoryRequest.product(3, learningPoints)),
            fixedBytes: MemoryRequest.product(128, nodes))
    }

    public func generate(report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        try validate()
        let flow = try DarcyFlow(
            length: length, cellWidth: cellWidth, diffusivities: diffusivities, elementsPerCell: elementsPerCell)
        let highest = Int((length / minimumWavelength * (1 + 1e-12)).rounded(.down))
        var generator = SplitMix64(seed: seed)
        let wavenumbers = (0..<samples).map { _ in generator.integer(in: 1...highest) }
        let (u, f) = try flow.coarseGrained(wavenumbers: wavenumbers, learningPoints: learningPoints)
        return Dataset(
            problem: "darcy", grid: .periodic(dimension: 1, points: learningPoints, length: length), u: u, f: f,
            evaluationMask: [Bool](repeating: true, count: learningPoints),
            parameters: [
                "length": "\(length)", "cell_width": "\(cellWidth)",
                "diffusivities": "\(diffusivities.even) \(diffusivities.odd)", "elements_per_cell": "\(elementsPerCell)",
                "minimum_wavelength": "\(minimumWavelength)", "highest_wavenumber": "\(highest)", "samples": "\(samples)",
            ],
            seed: seed)
    }
}
