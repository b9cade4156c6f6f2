// PeriodicFractionalProblem: (−Δ)^s u = f on the periodic unit box in 1D or 2D, from the symbol |2πk|^{2s}.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalFiles
import NonlocalLinearAlgebra

/// Periodic data for the fractional Laplacian on [0, 1)^d, d ∈ {1, 2}:
/// `f = Σ_k f̂_k cos(2π k·x)` over wavevectors 0 < |k|∞ ≤ `modes` (a half-plane of them in 2D, so
/// no mode appears twice), `f̂_k = exp(−α|k|²) ξ`, and `û_k = f̂_k / |2πk|^{2s}` exactly. The
/// constant mode is excluded: (−Δ)^s annihilates it.
public struct PeriodicFractionalProblem: Sendable {
    public var dimension = 1
    public var order = 0.75
    public var points = 100
    public var samples = 10_000
    public var decay = 0.1
    public var modes = 20
    public var seed: UInt64 = 1

    public init() {}

    /// The wavevectors of the series: k > 0 in 1D; (k₁ > 0, any k₂) or (0, k₂ > 0) in 2D.
    public var wavevectors: [SIMD2<Int>] {
        guard dimension == 2 else { return (1...modes).map { SIMD2($0, 0) } }
        var vectors: [SIMD2<Int>] = []
        for k2 in -modes...modes {
            for k1 in 0...modes where k1 > 0 || k2 > 0 { vectors.append(SIMD2(k1, k2)) }
        }
        return vectors
    }

    /// |2πk|^{2s}.
    public func symbol(_ k: SIMD2<Int>) -> Double {
        let w = 2 * .pi * Double(k.x * k.x + k.y * k.y).squareRoot()
        return pow(w, 2 * order)
    }

    /// Checks the parameters and that the dataset fits in memory (``SampledProblem/validate()``).
    public func validate() throws(GeneratorError) {
        try require(dimension == 1 || dimension == 2, "dimension", dimension, "use 1 or 2")
        try require(order > 0 && order < 1, "order", order, "use s in (0, 1)")
        try require(points >= 4, "points", points, "use at least 4 grid points per side")
        try require(samples >= 1, "samples", samples, "use at least 1 sample")
        try require(modes >= 1, "modes", modes, "use modes ≥ 1")
        try require(decay >= 0 && decay.isFinite, "decay", decay, "use α ≥ 0")
        // The spectra of ~(2 modes + 1)^(d−1)·modes wavevectors and u, f on points^d unknowns, and the cosine table.
        let unknowns = MemoryRequest.product(points, dimension == 2 ? points : 1)
        let vectors = dimension == 2 ? MemoryRequest.product(MemoryRequest.sum(modes, modes, 1), MemoryRequest.sum(modes, 1)) : modes
        try requireMemory(
            "\(samples) samples on \(unknowns) points with \(vectors) wavevectors", samples: samples,
            valuesPerSample: MemoryRequest.product(2, MemoryRequest.sum(vectors, unknowns)),
            fixedBytes: MemoryRequest.product(8, unknowns, vectors))
    }

    public func generate(report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        try validate()
        let specification = GridSpecification.periodic(dimension: dimension, points: points, length: 1)
        let x = try! specification.makeGrid().interiorCoordinates
        let vectors = wavevectors
        var generator = SplitMix64(seed: seed)
        let series = CosineSeries(points: x.count, modes: vectors.count) { j, k in
            cos(2 * .pi * (SIMD2<Double>(Double(vectors[k].x), Double(vectors[k].y)) * x[j]).sum())
        }
        let forcing = CosineSeries.randomCoefficients(
            squaredWavenumbers: vectors.map { Double($0.x * $0.x + $0.y * $0.y) }, decay: decay, samples: samples,
            using: &generator)
        var solution = forcing
        for (k, vector) in vectors.enumerated() {
            let inverse = 1 / symbol(vector)
            for s in 0..<samples { solution[k, s] *= inverse }
        }
        return Dataset(
            problem: "fractional-periodic", grid: specification, u: series.synthesize(solution), f: series.synthesize(forcing),
            evaluationMask: [Bool](repeating: true, count: x.count),
            parameters: ["order": "\(order)", "decay": "\(decay)", "modes": "\(modes)", "samples": "\(samples)"],
            seed: seed)
    }
}
