// RadialMoments: the data's second moments per radius class — every loss on one stencil, any order or exponent, is a small product with them.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalLinearAlgebra

/// With D[(i, x), c] = Σ_{|ξ| = r_c} (u_i(x) − u_i(x + ξ)) the radial differences of
/// ``FeatureMap`` and f the targets at X, the moments are
/// `P = DᵀD / n`, `q = Dᵀf / n`, `c = fᵀf / n` over the n = N·#X residuals.
///
/// A radial basis b_m enters only through `W[c, m] = b_m(r_c) h^d`, so the loss of every basis
/// on this stencil is `G = WᵀPW`, `b = Wᵀq` (``QuadraticLoss/init(moments:basis:)``): one pass
/// over the data serves every order M of an order sweep and every exponent α of the fractional
/// search. Memory is one batch of samples, never N.
public struct RadialMoments: Sendable {
    /// How the moments are accumulated; both give the same numbers to rounding.
    public enum Route: Sendable {
        /// Fourier on 1D periodic grids with X = Ω; elsewhere Gram or differences, whichever
        /// costs fewer operations (Gram for every 1-D grid in practice, differences for the disk's
        /// wide 2-D stencils).
        case automatic
        /// Radial differences of each batch, then `P += DᵀD` (`cblas_dgemm`): any grid and X.
        case differences
        /// 1D periodic grids with X = Ω only: each difference operator is a circulant matrix,
        /// diagonal in the Fourier basis with eigenvalues `λ_c(k) = Σ_{ξ ∈ class c} 2 sin²(π k ξ / L)`,
        /// so by Parseval `P[c, c'] = Σ_k w_k λ_c(k) λ_c'(k) Σ_i |û_i(k)|² / n` over the
        /// frequencies k = 0…⌊n/2⌋ (w_k = 2 where the cosine and sine of k both exist, else 1).
        /// One FFT per sample (``PeriodicPeriodograms``, summed over samples), O(N n log n) in all,
        /// no cancellation (the sines are evaluated directly), cost independent of δ.
        case fourier
        /// The sample Gram matrix `G = Σ_i ũ_i ũ_iᵀ` of the values ũ on the grid (interior, and the
        /// layer when the data store it) and `H = Σ_i ũ_i f_i(X)ᵀ`, one BLAS product per batch
        /// (O(N n²)); then, since each column of D is a fixed combination `r_{x,c}` of values,
        /// `P[c, c'] = Σ_x r_{x,c}ᵀ G r_{x,c'}` and `q[c] = Σ_x r_{x,c}ᵀ H e_x` (O(#X·S·n), S offsets).
        /// Where differences cost O(N #X C²) for C classes, this is independent of δ per sample:
        /// 1-D, N = 40,000, δ = 4, h = 0.01 takes 5·10⁹ operations instead of 10¹².
        case gram
    }

    public let stencil: Stencil
    /// P: classes × classes, symmetric positive semi-definite.
    public let differenceGram: DenseMatrix
    /// q: one entry per radius class.
    public let differenceTargets: [Double]
    /// c: the mean of f² over samples and X.
    public let targetMeanSquare: Double
    /// n = N·#X, the number of residuals averaged.
    public let residualCount: Int

    /// The entries of D one batch may hold (16 MB): wide stencils get small batches.
    static let batchEntries = 2_000_000

    /// Accumulates the moments of the samples `range` (all when nil) for the stencil of horizon δ,
    /// `batchSize` samples at a time (by default as many as keep one batch of D within 16 MB).
    /// - Precondition: δ does not exceed the dataset's layer width (checked by the caller, who
    ///   reports it as an input error), and the range lies within the samples.
    public init(
        dataset: Dataset, horizon: Double, samples range: Range<Int>? = nil, route: Route = .automatic,
        batchSize: Int? = nil, progress: (String) -> Void = { _ in }
    ) throws(GridError) {
        let range = range ?? 0..<dataset.sampleCount
        precondition(range.lowerBound >= 0 && range.upperBound <= dataset.sampleCount && !range.isEmpty, "sample range out of bounds")
        precondition((batchSize ?? 1) >= 1, "batch size must be positive")
        let grid = try dataset.grid.makeGrid()
        let points = dataset.evaluationPoints
        let fourierApplies = PeriodicPeriodograms.applies(to: grid, evaluationPoints: points)
        let useFourier: Bool
        switch route {
        case .automatic: useFourier = fourierApplies
        case .differences, .gram: useFourier = false
        case .fourier:
            precondition(fourierApplies, "the Fourier route needs a 1D periodic grid with X = Ω")
            useFourier = true
        }
        var accumulator: any MomentAccumulator
        if useFourier {
            accumulator = FourierAccumulator(grid: grid, stencil: Stencil(dimension: 1, spacing: grid.spacing, horizon: horizon))
        } else {
            let map = FeatureMap(grid: grid, horizon: horizon, evaluationPoints: points)
            let exterior = dataset.exterior != nil
            let useGram = route == .gram || (route == .automatic && GramAccumulator.isCheaper(map: map, exterior: exterior, samples: range.count))
            accumulator = useGram ? GramAccumulator(map: map, exterior: exterior) : DifferenceAccumulator(map: map)
        }
        let rowsPerSample = Swift.max(1, accumulator.rowsPerSample)
        let batch = batchSize ?? Swift.min(2_000, Swift.max(1, Self.batchEntries / rowsPerSample))
        var start = range.lowerBound
        while start < range.upperBound {
            let end = Swift.min(start + batch, range.upperBound)
            progress("the pass over the data: samples \(start + 1)–\(end) of \(range.lowerBound + 1)–\(range.upperBound)")
            accumulator.add(dataset, samples: start..<end)
            start = end
        }
        let count = range.count * points.count
        progress("the moments of \(accumulator.stencil.classRadii.count) radii at \(points.count) points")
        var (gram, targets, square) = accumulator.totals
        gram.storage.scale(by: 1 / Double(count))
        targets.scale(by: 1 / Double(count))
        stencil = accumulator.stencil
        differenceGram = gram
        differenceTargets = targets
        targetMeanSquare = square / Double(count)
        residualCount = count
    }
}

/// Sums DᵀD, Dᵀf and fᵀf over batches of samples.
private protocol MomentAccumulator {
    var stencil: Stencil { get }
    /// Values one sample adds to a batch's working arrays (sizes the batches to 16 MB).
    var rowsPerSample: Int { get }
    var totals: (DenseMatrix, [Double], Double) { get }
    mutating func add(_ dataset: Dataset, samples: Range<Int>)
}

private struct DifferenceAccumulator: MomentAccumulator {
    let map: FeatureMap
    var totals: (DenseMatrix, [Double], Double)

    init(map: FeatureMap) {
        self.map = map
        let classes = map.stencil.classRadii.count
        totals = (DenseMatrix(rowCount: classes, columnCount: classes), [Double](repeating: 0, count: classes), 0)
    }

    var stencil: Stencil { map.stencil }
    var rowsPerSample: Int { map.evaluationPoints.count * map.stencil.classRadii.count }

    mutating func add(_ dataset: Dataset, samples: Range<Int>) {
        let batch = dataset.samples(samples)
        let differences = map.radialDifferences(batch.u, exterior: batch.exterior)
        // f at X, sample-major like the rows of D.
        let targets = (0..<batch.sampleCount).flatMap { s in map.evaluationPoints.map { batch.f[$0, s] } }
        totals.0.storage.add(differences.multiplied(by: differences, transposingSelf: true).storage)
        totals.1.add(differences.multiplied(by: targets, transposingSelf: true))
        totals.2 += targets.dot(targets)
    }
}

private struct FourierAccumulator: MomentAccumulator {
    let stencil: Stencil
    private let periodograms: PeriodicPeriodograms
    /// λ[k, c]: the eigenvalue of radius class c's difference operator at frequency k = 0…⌊n/2⌋.
    private let eigenvalues: DenseMatrix
    private var sums: PeriodicPeriodograms.Sums

    init(grid: Grid, stencil: Stencil) {
        self.stencil = stencil
        periodograms = PeriodicPeriodograms(length: grid.interiorCount)
        eigenvalues = periodograms.eigenvalues(of: stencil)
        sums = PeriodicPeriodograms.Sums(frequencies: periodograms.frequencyCount)
    }

    var rowsPerSample: Int { 1 }

    var totals: (DenseMatrix, [Double], Double) {
        // Parseval (``PeriodicPeriodograms``): P = Λᵀ diag(ω ⊙ power) Λ, q = Λᵀ (ω ⊙ crossPower),
        // ‖f‖² = ωᵀ targetPower, with ω_k = w_k / n.
        let weight = periodograms.weights
        var weighted = eigenvalues
        for c in 0..<weighted.columnCount {
            for k in 0..<weighted.rowCount { weighted[k, c] *= weight[k] * sums.power[k] }
        }
        return (
            eigenvalues.multiplied(by: weighted, transposingSelf: true),
            eigenvalues.multiplied(by: zip(weight, sums.crossPower).map { $0 * $1 }, transposingSelf: true),
            weight.dot(sums.targetPower)
        )
    }

    mutating func add(_ dataset: Dataset, samples: Range<Int>) {
        periodograms.accumulate(dataset, samples: samples, into: &sums)
    }
}

/// The ``RadialMoments/Route/gram`` route: the values' Gram matrix over the samples, then the
/// moments as small quadratic forms in it.
private struct GramAccumulator: MomentAccumulator {
    let map: FeatureMap
    /// Whether the data store layer values (else they are zero and have no slot).
    let exterior: Bool
    /// Σ ũ ũᵀ (slots × slots), Σ ũ f(X)ᵀ (slots × #X), Σ f(X)ᵀ f(X).
    private var gram: DenseMatrix
    private var cross: DenseMatrix
    private var square = 0.0

    init(map: FeatureMap, exterior: Bool) {
        self.map = map
        self.exterior = exterior
        let slots = map.grid.interiorCount + (exterior ? map.grid.layerCount : 0)
        gram = DenseMatrix(rowCount: slots, columnCount: slots)
        cross = DenseMatrix(rowCount: slots, columnCount: map.evaluationPoints.count)
    }

    /// Whether this route takes fewer operations than the differences': N·n² + #X·S·(n + C) against N·#X·(S + C²).
    static func isCheaper(map: FeatureMap, exterior: Bool, samples: Int) -> Bool {
        let n = Double(map.grid.interiorCount + (exterior ? map.grid.layerCount : 0)), points = Double(map.evaluationPoints.count)
        let offsets = Double(map.stencil.count), classes = Double(map.stencil.classRadii.count), count = Double(samples)
        return count * n * n + points * offsets * (n + classes) < count * points * (offsets + classes * classes)
    }

    var stencil: Stencil { map.stencil }
    var rowsPerSample: Int { gram.rowCount }

    mutating func add(_ dataset: Dataset, samples: Range<Int>) {
        let batch = dataset.samples(samples)
        let interior = map.grid.interiorCount, slots = gram.rowCount, count = batch.sampleCount
        // The slots are u's rows, then (with layer data) the exterior's: a stacked copy only then.
        var values = batch.u
        if exterior, let outside = batch.exterior {
            values = DenseMatrix(rowCount: slots, columnCount: count)
            for sample in 0..<count {
                for i in 0..<interior { values[i, sample] = batch.u[i, sample] }
                for k in 0..<map.grid.layerCount { values[interior + k, sample] = outside[k, sample] }
            }
        }
        var targets = DenseMatrix(rowCount: map.evaluationPoints.count, columnCount: count)
        for sample in 0..<count {
            for (x, p) in map.evaluationPoints.enumerated() { targets[x, sample] = batch.f[p, sample] }
        }
        gram.storage.add(values.multiplied(by: values, transposingOther: true).storage)
        cross.storage.add(values.multiplied(by: targets, transposingOther: true).storage)
        square += targets.storage.dot(targets.storage)
    }

    /// Column x·S + s of D's combinations: the value slot of neighbour s of the x-th point, or nil for a zero layer value.
    private func slot(_ x: Int, _ s: Int) -> Int? {
        let q = map.neighbour(ofEvaluationPoint: x, offset: s)
        if q >= 0 { return q }
        return exterior ? map.grid.interiorCount - 1 - q : nil
    }

    var totals: (DenseMatrix, [Double], Double) {
        let stencil = map.stencil, classes = stencil.classRadii.count, slots = gram.rowCount, offsets = stencil.count
        let multiplicity = stencil.classMultiplicities.map(Double.init), radiusClass = stencil.radiusClass
        var moments = [Double](repeating: 0, count: classes * classes)  // column-major, P[c, d] at c + d·classes
        var targets = [Double](repeating: 0, count: classes)
        // Per point x, only the rows of G r_{x,d} at x's own slots are needed: row 0 is p, row 1 + s is slot(s).
        var rows = [Int](repeating: -1, count: offsets + 1)
        var combined = [Double](repeating: 0, count: (offsets + 1) * classes)  // row r, class d at r + d·(offsets + 1)
        let height = offsets + 1
        gram.storage.withUnsafeBufferPointer { g in
            cross.storage.withUnsafeBufferPointer { h in
                for (x, p) in map.evaluationPoints.enumerated() {
                    rows[0] = p
                    for s in 0..<offsets { rows[1 + s] = slot(x, s) ?? -1 }
                    // combined[r, d] = (G r_{x,d})[rows[r]] = multiplicity_d G[rows[r], p] − Σ_{s ∈ d} G[rows[r], slot(s)],
                    // column by column of G (x's slots are nearly consecutive, so each column is read in order); each
                    // entry still takes its terms in increasing s, so the sums are the same bits as row by row.
                    for r in 0..<height where rows[r] >= 0 {
                        let value = g[rows[r] + p * slots]
                        for d in 0..<classes { combined[r + d * height] = multiplicity[d] * value }
                    }
                    for s in 0..<offsets where rows[1 + s] >= 0 {
                        let column = rows[1 + s] * slots, base = radiusClass[s] * height
                        for r in 0..<height where rows[r] >= 0 { combined[r + base] -= g[rows[r] + column] }
                    }
                    // P[c, d] += r_{x,c}ᵀ (G r_{x,d}); q[c] += r_{x,c}ᵀ H e_x.
                    for d in 0..<classes {
                        let pivot = combined[d * height]
                        for c in 0..<classes { moments[c + d * classes] += multiplicity[c] * pivot }
                    }
                    for c in 0..<classes { targets[c] += multiplicity[c] * h[p + x * slots] }
                    for s in 0..<offsets where rows[1 + s] >= 0 {
                        let c = radiusClass[s]
                        for d in 0..<classes { moments[c + d * classes] -= combined[1 + s + d * height] }
                        targets[c] -= h[rows[1 + s] + x * slots]
                    }
                }
            }
        }
        return (DenseMatrix(rowCount: classes, columnCount: classes, storage: moments), targets, square)
    }
}
