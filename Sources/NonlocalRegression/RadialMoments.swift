// RadialMoments: the data's second moments per radius class — every loss on one stencil, any order or exponent, is a small product with them.
import Dispatch
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalLinearAlgebra
import Synchronization

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
        /// One FFT per sample (``RealFourierTransform``), O(N n log n) in all, no cancellation
        /// (the sines are evaluated directly), cost independent of δ.
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

    /// Accumulates the moments of the samples `range` (all when nil) for the stencil of horizon δ.
    /// - Precondition: δ does not exceed the dataset's layer width (checked by the caller, who
    ///   reports it as an input error), and the range lies within the samples.
    public init(
        dataset: Dataset, horizon: Double, samples range: Range<Int>? = nil, route: Route = .automatic,
        batchSize: Int = 2_000
    ) throws(GridError) {
        let range = range ?? 0..<dataset.sampleCount
        precondition(range.lowerBound >= 0 && range.upperBound <= dataset.sampleCount && !range.isEmpty, "sample range out of bounds")
        precondition(batchSize >= 1, "batch size must be positive")
        let grid = try dataset.grid.makeGrid()
        let points = dataset.evaluationPoints
        let fourierApplies = PeriodicFourierBasis.applies(to: grid, evaluationPoints: points)
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
        var start = range.lowerBound
        while start < range.upperBound {
            accumulator.add(dataset, samples: start..<Swift.min(start + batchSize, range.upperBound))
            start += batchSize
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
    /// Each batch is split into this many pieces, run concurrently and summed in order: a fixed
    /// number, not the core count, so the sums' rounding is the same on every machine.
    private static let pieces = 2

    let stencil: Stencil
    private let transform: RealFourierTransform
    /// λ[k, c]: the eigenvalue of radius class c's difference operator at frequency k = 0…⌊n/2⌋.
    private let eigenvalues: DenseMatrix
    private var sums: Periodograms

    init(grid: Grid, stencil: Stencil) {
        self.stencil = stencil
        transform = RealFourierTransform(length: grid.interiorCount)
        eigenvalues = PeriodicFourierBasis.eigenvalues(points: grid.interiorCount, stencil: stencil)
        sums = Periodograms(frequencies: transform.frequencyCount)
    }

    var totals: (DenseMatrix, [Double], Double) {
        // Parseval: the real modes of frequency k (cosine and sine, or the lone constant and
        // alternating modes) carry w_k |û(k)|² / n between them, w_k = 2 for 0 < k < n/2, else 1.
        // P = Λᵀ diag(w ⊙ power) Λ, q = Λᵀ (w ⊙ crossPower), ‖f‖² = wᵀ targetPower.
        let n = transform.length
        let weight = (0..<transform.frequencyCount).map { k in (k == 0 || 2 * k == n ? 1.0 : 2.0) / Double(n) }
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
        let transform = transform, pieces = Self.pieces
        let results = Mutex([Periodograms](repeating: Periodograms(frequencies: 0), count: pieces))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let start = samples.lowerBound
            let mine = (start + samples.count * piece / pieces)..<(start + samples.count * (piece + 1) / pieces)
            // Blocks of spectra small enough to stay in cache between the transform and the sums.
            var periodograms = Periodograms(frequencies: transform.frequencyCount)
            for block in stride(from: mine.lowerBound, to: mine.upperBound, by: 64) {
                let columns = block..<Swift.min(block + 64, mine.upperBound)
                periodograms.add(transform.spectra(columns: columns, of: dataset.u), transform.spectra(columns: columns, of: dataset.f))
            }
            results.withLock { $0[piece] = periodograms }
        }
        for piece in results.withLock({ $0 }) { sums.add(piece) }
    }
}

/// Per frequency k, sums over samples of |û_i(k)|², Re(û_i(k) conj f̂_i(k)) and |f̂_i(k)|².
private struct Periodograms: Sendable {
    var power: [Double]
    var crossPower: [Double]
    var targetPower: [Double]

    init(frequencies: Int) {
        power = [Double](repeating: 0, count: frequencies)
        crossPower = power
        targetPower = power
    }

    /// Adds the samples whose interleaved spectra (``RealFourierTransform/spectra(columns:of:)``,
    /// one sample per column) are given.
    mutating func add(_ u: DenseMatrix, _ f: DenseMatrix) {
        let frequencies = power.count
        precondition(u.rowCount == 2 * frequencies && f.rowCount == u.rowCount && f.columnCount == u.columnCount, "spectra of different shapes")
        u.storage.withUnsafeBufferPointer { u in
            f.storage.withUnsafeBufferPointer { f in
                for column in stride(from: 0, to: u.count, by: 2 * frequencies) {
                    for k in 0..<frequencies {
                        let (ur, ui) = (u[column + 2 * k], u[column + 2 * k + 1])
                        let (fr, fi) = (f[column + 2 * k], f[column + 2 * k + 1])
                        power[k] += ur * ur + ui * ui
                        crossPower[k] += ur * fr + ui * fi
                        targetPower[k] += fr * fr + fi * fi
                    }
                }
            }
        }
    }

    mutating func add(_ other: Periodograms) {
        power.add(other.power)
        crossPower.add(other.crossPower)
        targetPower.add(other.targetPower)
    }
}
