// FractionalProblem: data of (−Δ)^s u = f on the unit ball with u = 0 outside (paper §8), by Green's-function quadrature.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalFiles
import NonlocalLinearAlgebra

/// Samples of the fractional Poisson problem on (−1, 1) (d = 1) or the unit disk (d = 2), u = 0
/// outside, solved by ``FractionalPoissonSolver``. The forcings are the paper's (7.2–7.3), which §8
/// cites without saying how they sit on (−1, 1): `f = Σ_k f̂_k φ_k(x)` with `f̂_k = exp(−α|k|²) ξ`
/// and φ_k one of the readings of ``Forcing`` (products over both axes in 2D); κ
/// (``wavenumberScale``), α (``decay``), the highest mode and whether the constant mode k = 0 is
/// included set their spectral content.
///
/// The grid's layer width is the largest horizon the data can be learned with (δ ≤ 4 in
/// Table 3); the layer carries u = 0, so no exterior values are stored.
public struct FractionalProblem: Sendable {
    /// How (7.2)'s cos(2πkx/L) on [0, L] is read on (−1, 1), with κ = ``wavenumberScale``.
    public enum Forcing: String, Sendable, CaseIterable {
        /// cos(κkx): the formula with x the coordinate of (−1, 1). The default: with it the exact
        /// learner reproduces Table 3 (docs/LEARNING.md).
        case cosKX = "cos-kx"
        /// cos(πκkx): period 2/k, symmetric about 0.
        case cosPiKX = "cos-pi-kx"
        /// cos(πκk(x + 1)): [0, L] mapped onto (−1, 1) with L = 2; k odd modes are odd about 0.
        case cosPiKShifted = "cos-pi-k-shifted"

        /// The argument of the cosine at coordinate x for k = 1.
        func phase(_ x: Double, scale: Double) -> Double {
            switch self {
            case .cosKX: scale * x
            case .cosPiKX: .pi * scale * x
            case .cosPiKShifted: .pi * scale * (x + 1)
            }
        }
    }

    public var dimension = 1
    public var forcing = Forcing.cosKX
    public var order = 0.75
    /// Grid spacing h; nil means 0.01 in 1D and 0.05 in 2D.
    public var spacing: Double?
    /// Width of the interaction layer; nil means 4 in 1D and 1 in 2D.
    public var layerWidth: Double?
    public var samples = 50_000
    public var decay = 0.1
    /// Highest mode per axis; nil means 99 in 1D and 10 in 2D.
    public var modes: Int?
    public var wavenumberScale = 1.0
    public var includeConstantMode = false
    /// X: the unknowns with |x| ≤ this radius (161 points of [−0.8, 0.8] at h = 0.01).
    public var evaluationRadius = 0.8
    public var seed: UInt64 = 1

    public init() {}

    public var gridSpecification: GridSpecification {
        let h = spacing ?? (dimension == 1 ? 0.01 : 0.05)
        let width = layerWidth ?? (dimension == 1 ? 4 : 1)
        return dimension == 1
            ? .interval(lower: -1, upper: 1, spacing: h, horizon: width) : .disk(radius: 1, spacing: h, horizon: width)
    }

    /// The forcing modes (k₁, k₂) (k₂ = 0 in 1D).
    var forcingModes: [SIMD2<Int>] {
        let highest = modes ?? (dimension == 1 ? 99 : 10)
        let first = includeConstantMode ? 0 : 1
        guard dimension == 2 else { return (first...highest).map { SIMD2($0, 0) } }
        var result: [SIMD2<Int>] = []
        for k2 in 0...highest {
            for k1 in 0...highest where includeConstantMode || k1 + k2 > 0 { result.append(SIMD2(k1, k2)) }
        }
        return result
    }

    /// Generates the dataset; `report` receives progress lines (the quadrature matrix takes longest).
    /// Checks the parameters and that the dataset fits in memory (``SampledProblem/validate()``).
    public func validate() throws(GeneratorError) {
        try require(dimension == 1 || dimension == 2, "dimension", dimension, "use 1 (interval) or 2 (disk)")
        try require(samples >= 1, "samples", samples, "use at least 1 sample")
        try require(decay >= 0 && decay.isFinite, "decay", decay, "use α ≥ 0")
        try require((modes ?? 1) >= 0, "modes", modes ?? 0, "use modes ≥ 0")
        try require(wavenumberScale > 0 && wavenumberScale.isFinite, "wavenumber scale", wavenumberScale, "use a positive scale")
        try require(evaluationRadius > 0 && evaluationRadius < 1, "evaluation radius", evaluationRadius, "use a radius in (0, 1)")
        // forcingModes is empty exactly when no mode above 0 is asked for and the constant is left out
        // (and is not built here: it holds (modes + 1)^d modes).
        try require((modes ?? 1) >= 1 || includeConstantMode, "modes", modes ?? 0, "include at least one mode")
        try require(order > 0 && order < 1, "s", order, "the fractional order must lie in (0, 1)")
        let grid: Grid
        do { grid = try gridSpecification.makeGrid() } catch {
            throw .invalidParameter(name: "grid", value: "\(gridSpecification)", allowed: "\(error)")
        }
        // The dense N × N solution matrix W (and its correction), and per sample the coefficients of
        // every forcing mode, f and u.
        let n = grid.interiorCount
        let highest = modes ?? (dimension == 1 ? 99 : 10)
        let modeCount = dimension == 2 ? MemoryRequest.product(MemoryRequest.sum(highest, 1), MemoryRequest.sum(highest, 1)) : MemoryRequest.sum(highest, 1)
        try requireMemory(
            "\(samples) samples on \(n) unknowns with \(modeCount) forcing modes", samples: samples,
            valuesPerSample: MemoryRequest.sum(modeCount, n, n), fixedBytes: MemoryRequest.product(16, n, n))
    }

    public func generate(report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        try validate()
        let specification = gridSpecification
        let grid: Grid
        do { grid = try specification.makeGrid() } catch {
            throw .invalidParameter(name: "grid", value: "\(specification)", allowed: "\(error)")
        }
        report("building the Green's-function quadrature on \(grid.interiorCount) unknowns")
        let solver = try FractionalPoissonSolver(grid: grid, order: order)
        report("solving \(samples) samples")
        let x = grid.interiorCoordinates
        let modes = forcingModes
        let phases = x.map { SIMD2(forcing.phase($0.x, scale: wavenumberScale), forcing.phase($0.y, scale: wavenumberScale)) }
        let series = CosineSeries(points: x.count, modes: modes.count) { j, k in
            cos(Double(modes[k].x) * phases[j].x) * cos(Double(modes[k].y) * phases[j].y)
        }
        var generator = SplitMix64(seed: seed)
        let coefficients = CosineSeries.randomCoefficients(
            squaredWavenumbers: modes.map { Double($0.x * $0.x + $0.y * $0.y) }, decay: decay, samples: samples,
            using: &generator)
        let f = series.synthesize(coefficients)
        let u = solver.solve(f)
        let radius = evaluationRadius * (1 + 1e-12)
        return Dataset(
            problem: "fractional", grid: specification, u: u, f: f,
            evaluationMask: x.map { ($0 * $0).sum() <= radius * radius },
            parameters: [
                "dimension": "\(dimension)", "order": "\(order)", "forcing": forcing.rawValue, "decay": "\(decay)", "modes": "\(modes.count)",
                "highest_mode": "\(self.modes ?? (dimension == 1 ? 99 : 10))", "wavenumber_scale": "\(wavenumberScale)",
                "constant_mode": "\(includeConstantMode)", "evaluation_radius": "\(evaluationRadius)", "samples": "\(samples)",
            ],
            seed: seed)
    }
}
