// PeriodicPeriodograms: each sample's power spectra on a 1D periodic grid (FFTW), from which every Fourier-route moment of the regression is formed.
import Dispatch
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalLinearAlgebra
import Synchronization

/// On a 1D periodic grid of n points and period L, with X = Ω, the data enter every loss on a
/// radial stencil only through three periodograms per sample and frequency class k = 0…⌊n/2⌋:
///
///     power       |û(k)|²,   crossPower  Re(û(k) conj f̂(k)),   targetPower  |f̂(k)|²,
///
/// with `û(k) = Σ_{j<n} u_j e^{−2πi jk/n}` (``RealFourierTransform``, FFTW). Each radius class's
/// difference operator `(D_c u)(x) = Σ_{|ξ| = r_c} (u(x) − u(x + ξ))` is a symmetric circulant
/// matrix; its eigenvalue on the cosine and the sine of frequency k is
/// `λ_c(k) = Σ_{ξ ∈ class c} 2 sin²(π k ξ / L)` (``eigenvalues(of:)``), and Parseval gives
///
///     (D_c u)·(D_c' u) = Σ_k ω_k λ_c(k) λ_c'(k) |û(k)|²,   (D_c u)·f = Σ_k ω_k λ_c(k) Re(û(k) conj f̂(k)),
///     f·f = Σ_k ω_k |f̂(k)|²,   ω_k = w_k / n  (``weights``),
///
/// where w_k = 2 for 0 < k < n/2 (the cosine and the sine of k both exist) and w_k = 1 for the
/// constant mode k = 0 and, when n is even, for the alternating mode k = n/2 (it has no sine).
///
/// Every sample's periodograms come from one transform of its own data, so they do not depend on
/// how samples are split between threads; sums over samples (``accumulate(_:samples:into:)``) are
/// taken in a fixed partition, never one that follows the core count, so they are the same bits on
/// every machine.
public struct PeriodicPeriodograms: Sendable {
    /// Per frequency class k, the three periodograms summed over samples.
    public struct Sums: Sendable, Equatable {
        /// Σ_i |û_i(k)|².
        public var power: [Double]
        /// Σ_i Re(û_i(k) conj f̂_i(k)).
        public var crossPower: [Double]
        /// Σ_i |f̂_i(k)|².
        public var targetPower: [Double]

        /// Zero sums over `frequencies` frequency classes.
        public init(frequencies: Int) {
            power = [Double](repeating: 0, count: frequencies)
            crossPower = power
            targetPower = power
        }

        mutating func add(_ other: Sums) {
            power.add(other.power)
            crossPower.add(other.crossPower)
            targetPower.add(other.targetPower)
        }
    }

    /// Each sample's periodograms: column j of each matrix (⌊n/2⌋ + 1 rows, one per frequency
    /// class) belongs to the j-th sample of the range they were computed for.
    public struct Samples: Sendable {
        /// |û_i(k)|².
        public let power: DenseMatrix
        /// Re(û_i(k) conj f̂_i(k)).
        public let crossPower: DenseMatrix
        /// |f̂_i(k)|².
        public let targetPower: DenseMatrix
    }

    /// n, the grid points (the period L = n h).
    public let length: Int
    /// ω_k = w_k / n for k = 0…⌊n/2⌋: w_k = 2 for 0 < k < n/2, else 1.
    public let weights: [Double]
    private let transform: RealFourierTransform

    /// Sums split each call's samples into this many pieces, run concurrently and added in order:
    /// a fixed number, not the core count.
    private static let pieces = 2
    /// Samples transformed together: their spectra stay in cache until their periodograms are formed.
    private static let blockSize = 64

    /// Whether the periodograms describe the regression's moments: a 1D periodic grid with X = Ω.
    public static func applies(to grid: Grid, evaluationPoints points: [Int]) -> Bool {
        grid.boundary == .periodic && grid.dimension == 1 && points.count == grid.interiorCount
    }

    /// The periodograms of signals of n = `length` points.
    /// - Precondition: `length ≥ 1`.
    public init(length: Int) {
        transform = RealFourierTransform(length: length)
        self.length = length
        weights = (0...(length / 2)).map { k in (k == 0 || 2 * k == length ? 1.0 : 2.0) / Double(length) }
    }

    /// ⌊n/2⌋ + 1, the frequency classes.
    public var frequencyCount: Int { transform.frequencyCount }

    /// λ[k, c] = Σ_{ξ ∈ class c} 2 sin²(π k ξ / L) for k = 0…⌊n/2⌋: the eigenvalue of radius class
    /// c's difference operator that the cosine and the sine of frequency k share. The sines are
    /// evaluated directly (k ξ reduced mod n first), so nothing cancels.
    /// - Precondition: `stencil` is one-dimensional.
    public func eigenvalues(of stencil: Stencil) -> DenseMatrix {
        precondition(stencil.dimension == 1, "the periodograms are those of a 1D grid")
        let n = length
        var eigenvalues = DenseMatrix(rowCount: n / 2 + 1, columnCount: stencil.classRadii.count)
        for k in 0...(n / 2) {
            for (offset, c) in zip(stencil.offsets, stencil.radiusClass) {
                let half = sin(Double.pi * Double(k * offset.x % n) / Double(n))
                eigenvalues[k, c] += 2 * half * half
            }
        }
        return eigenvalues
    }

    /// The periodograms of each of the samples `range` of `dataset`.
    /// - Precondition: the dataset's signals have n points and `range` lies within its samples.
    public func samples(_ dataset: Dataset, _ range: Range<Int>) -> Samples {
        check(dataset, range)
        let frequencies = frequencyCount, blockSize = Self.blockSize
        let blocks = (range.count + blockSize - 1) / blockSize
        let results = Mutex([[Double]](repeating: [], count: blocks))
        // Any split gives the same numbers: each sample's come from its own transform.
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            let start = range.lowerBound + block * blockSize
            let values = blockValues(dataset, start..<Swift.min(start + blockSize, range.upperBound))
            results.withLock { $0[block] = values }
        }
        let values = results.withLock { $0 }
        func quantity(_ q: Int) -> DenseMatrix {
            var storage: [Double] = []
            storage.reserveCapacity(range.count * frequencies)
            for block in values {
                for column in stride(from: 0, to: block.count, by: 3 * frequencies) {
                    storage += block[(column + q * frequencies)..<(column + (q + 1) * frequencies)]
                }
            }
            return DenseMatrix(rowCount: frequencies, columnCount: range.count, storage: storage)
        }
        return Samples(power: quantity(0), crossPower: quantity(1), targetPower: quantity(2))
    }

    /// Adds the periodograms of the samples `range` of `dataset` to `sums`. The range is split into
    /// two halves run concurrently; each half sums its samples in order, starting from zero, and
    /// the halves are then added to `sums` first to last.
    /// - Precondition: the dataset's signals have n points, `range` lies within its samples and
    ///   `sums` has ⌊n/2⌋ + 1 frequency classes.
    public func accumulate(_ dataset: Dataset, samples range: Range<Int>, into sums: inout Sums) {
        check(dataset, range)
        let frequencies = frequencyCount, pieces = Self.pieces, blockSize = Self.blockSize
        precondition(sums.power.count == frequencies, "sums of \(sums.power.count) frequencies, expected \(frequencies)")
        let results = Mutex([Sums](repeating: Sums(frequencies: 0), count: pieces))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let start = range.lowerBound
            let mine = (start + range.count * piece / pieces)..<(start + range.count * (piece + 1) / pieces)
            var partial = Sums(frequencies: frequencies)
            for block in Swift.stride(from: mine.lowerBound, to: mine.upperBound, by: blockSize) {
                blockValues(dataset, block..<Swift.min(block + blockSize, mine.upperBound)).withUnsafeBufferPointer { values in
                    for column in Swift.stride(from: 0, to: values.count, by: 3 * frequencies) {
                        for k in 0..<frequencies {
                            partial.power[k] += values[column + k]
                            partial.crossPower[k] += values[column + frequencies + k]
                            partial.targetPower[k] += values[column + 2 * frequencies + k]
                        }
                    }
                }
            }
            results.withLock { $0[piece] = partial }
        }
        for piece in results.withLock({ $0 }) { sums.add(piece) }
    }

    private func check(_ dataset: Dataset, _ range: Range<Int>) {
        precondition(dataset.pointCount == length, "signals of \(dataset.pointCount) points for periodograms of length \(length)")
        precondition(range.lowerBound >= 0 && range.upperBound <= dataset.sampleCount, "sample range out of bounds")
    }

    /// The periodograms of the samples `columns`, per sample (in order) power, crossPower and
    /// targetPower over the frequencies k = 0…⌊n/2⌋.
    private func blockValues(_ dataset: Dataset, _ columns: Range<Int>) -> [Double] {
        let frequencies = frequencyCount
        let u = transform.spectra(columns: columns, of: dataset.u).storage
        let f = transform.spectra(columns: columns, of: dataset.f).storage
        return [Double](unsafeUninitializedCapacity: 3 * frequencies * columns.count) { values, count in
            u.withUnsafeBufferPointer { u in
                f.withUnsafeBufferPointer { f in
                    for j in 0..<columns.count {
                        let (spectrum, row) = (2 * frequencies * j, 3 * frequencies * j)
                        for k in 0..<frequencies {
                            let (ur, ui) = (u[spectrum + 2 * k], u[spectrum + 2 * k + 1])
                            let (fr, fi) = (f[spectrum + 2 * k], f[spectrum + 2 * k + 1])
                            values[row + k] = ur * ur + ui * ui
                            values[row + frequencies + k] = ur * fr + ui * fi
                            values[row + 2 * frequencies + k] = fr * fr + fi * fi
                        }
                    }
                }
            }
            count = values.count
        }
    }
}
