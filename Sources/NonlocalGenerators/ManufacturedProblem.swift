// ManufacturedProblem: data from a known kernel (paper §5) — low- or high-frequency u, f from the operator or its symbol.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalFiles
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalSpecialFunctions

/// Periodic data `f = L_K[u]` for the manufactured kernels (5.3) and (5.4) on [0, 1):
/// `u = Σ_{k=0}^{modes} û_k cos(2πkx)`, `û_k = exp(−αk²) ξ` (5.1–5.2); the high-frequency set
/// replaces half the samples by `ξ₁ sin(2πk₁x) + ξ₂ cos(2πk₂x)`, k₁, k₂ uniform in 5…15 (5.5).
/// f comes from the same discrete operator (exact recovery) or from the continuous symbol
/// `σ(k) = 2∫_0^δ K(r)(1 − cos 2πkr) dr` (a quadrature mismatch, as in the paper).
public struct ManufacturedProblem: Sendable {
    public enum Content: String, Sendable, CaseIterable { case low, high }
    public enum Forcing: String, Sendable, CaseIterable {
        /// f = L_K^h[u] with the one-point quadrature on the grid.
        case discreteOperator = "operator"
        /// f = Σ σ(k) û_k cos(2πkx) with the continuous symbol.
        case continuousSymbol = "symbol"
    }

    public var kernel: ManufacturedKernel.Profile = .linear
    public var content: Content = .low
    public var forcing: Forcing = .discreteOperator
    public var points = 100
    public var horizon = 0.25
    public var samples = 50_000
    public var decay = 0.1
    public var modes = 100
    public var seed: UInt64 = 1

    public init() {}

    /// Checks the parameters and that the dataset fits in memory (``SampledProblem/validate()``).
    public func validate() throws(GeneratorError) {
        try require(points >= 4, "points", points, "use at least 4 grid points")
        try require(horizon > 0 && horizon < Double.infinity, "horizon", horizon, "use δ > 0")
        try require(horizon >= 1 / Double(points) * (1 - 1e-10), "horizon", horizon, "use δ ≥ h = \(1 / Double(points))")
        try require(samples >= 1, "samples", samples, "use at least 1 sample")
        try require(decay >= 0 && decay.isFinite, "decay", decay, "use α ≥ 0")
        try require(modes >= 0, "modes", modes, "use modes ≥ 0")
        // U and F, the random spectrum, and the high-frequency terms: (4 points + modes + 1) doubles a sample.
        try requireMemory(
            "\(samples) samples on \(points) points with \(modes) modes", samples: samples,
            valuesPerSample: MemoryRequest.sum(MemoryRequest.product(4, points), modes, 1))
    }

    public func generate(report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        try validate()
        let specification = GridSpecification.periodic(dimension: 1, points: points, length: 1)
        let grid = try! specification.makeGrid()
        let kernel = ManufacturedKernel(self.kernel, horizon: horizon, dimension: 1)
        var generator = SplitMix64(seed: seed)
        let x = grid.interiorCoordinates.map(\.x)

        // Columns of U and their spectra: cosine modes 0…modes, plus sin/cos pairs for high-frequency samples.
        let cosines = CosineSeries(points: points, modes: modes + 1) { j, k in cos(2 * .pi * Double(k) * x[j]) }
        let lowCount = content == .low ? samples : samples / 2
        let low = CosineSeries.randomCoefficients(
            squaredWavenumbers: (0...modes).map { Double($0 * $0) }, decay: decay, samples: lowCount, using: &generator)
        var u = cosines.synthesize(low)
        var highTerms: [HighFrequencyTerm] = []
        for _ in lowCount..<samples {
            let xi1 = generator.nextUnit(), xi2 = generator.nextUnit()
            highTerms.append(HighFrequencyTerm(k1: generator.integer(in: 5...15), xi1: xi1, k2: generator.integer(in: 5...15), xi2: xi2))
        }
        if !highTerms.isEmpty {
            let high = highTerms.flatMap { term in x.map { term.value(at: $0) } }
            u = DenseMatrix(rowCount: points, columnCount: samples, storage: u.storage + high)
        }

        let f: DenseMatrix
        switch forcing {
        case .discreteOperator:
            f = NonlocalOperator(kernel: kernel, grid: grid).apply(u)
        case .continuousSymbol:
            let symbol = Self.continuousSymbol(of: kernel)
            var scaled = low
            for k in 0...modes { for s in 0..<lowCount { scaled[k, s] *= symbol(Double(k)) } }
            let high = highTerms.flatMap { term in x.map { term.value(at: $0, scaledBy: symbol) } }
            f = DenseMatrix(rowCount: points, columnCount: samples, storage: cosines.synthesize(scaled).storage + high)
        }
        return Dataset(
            problem: "manufactured", grid: specification, u: u, f: f, evaluationMask: [Bool](repeating: true, count: points),
            parameters: [
                "kernel": self.kernel.rawValue, "content": content.rawValue, "forcing": forcing.rawValue,
                "horizon": "\(horizon)", "decay": "\(decay)", "modes": "\(modes)", "samples": "\(samples)",
                // The two families of --content high, in two blocks: a validation split draws from each.
                "strata": content == .low ? "low-frequency:\(samples)" : "low-frequency:\(lowCount),high-frequency:\(samples - lowCount)",
            ],
            seed: seed)
    }

    /// σ(k) = ∫_{−δ}^{δ} K(|ξ|)(1 − cos 2πkξ) dξ = 2∫_0^δ K(r) · 2 sin²(πkr) dr, by composite
    /// Gauss–Legendre (K is smooth on [0, δ]; 64 panels of 16 nodes resolve k ≤ 200 to round-off).
    public static func continuousSymbol(of kernel: some RadialKernel) -> (Double) -> Double {
        let rule = GaussLegendreRule(from: 0, to: kernel.horizon, order: 16, panels: 64)
        let values = rule.nodes.map { kernel($0) }
        return { k in
            2 * zip(zip(rule.nodes, rule.weights), values).reduce(0) { sum, item in
                let half = sin(.pi * k * item.0.0)
                return sum + item.0.1 * item.1 * 2 * half * half
            }
        }
    }
}

/// ξ₁ sin(2πk₁x) + ξ₂ cos(2πk₂x) (5.5), each mode optionally scaled by a symbol σ(k).
private struct HighFrequencyTerm {
    let k1: Int, xi1: Double, k2: Int, xi2: Double

    func value(at x: Double, scaledBy symbol: (Double) -> Double = { _ in 1 }) -> Double {
        let sine = xi1 * symbol(Double(k1)) * sin(2 * .pi * Double(k1) * x)
        let cosine = xi2 * symbol(Double(k2)) * cos(2 * .pi * Double(k2) * x)
        return sine + cosine
    }
}
