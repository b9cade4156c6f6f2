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
        /// Fourier on 1D periodic grids with X = Ω, differences elsewhere.
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
        batchSize: Int? = nil
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
        case .differences: useFourier = false
        case .fourier:
            precondition(fourierApplies, "the Fourier route needs a 1D periodic grid with X = Ω")
            useFourier = true
        }
        var accumulator: any MomentAccumulator =
            useFourier
            ? FourierAccumulator(grid: grid, stencil: Stencil(dimension: 1, spacing: grid.spacing, horizon: horizon))
            : DifferenceAccumulator(map: FeatureMap(grid: grid, horizon: horizon, evaluationPoints: points))
        let rowsPerSample = Swift.max(1, points.count * (useFourier ? 1 : accumulator.stencil.classRadii.count))
        let batch = batchSize ?? Swift.min(2_000, Swift.max(1, Self.batchEntries / rowsPerSample))
        var start = range.lowerBound
        while start < range.upperBound {
            accumulator.add(dataset, samples: start..<Swift.min(start + batch, range.upperBound))
            start += batch
        }
        let count = range.count * points.count
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
