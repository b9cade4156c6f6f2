// SampleGrams: each sample's own quadratic loss, so the gradient of any minibatch is a sum of small stored matrices.
import Dispatch
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalKernels
import NonlocalLinearAlgebra
import Synchronization

/// For sample i with features Φ_i (#X × n) and targets f_i at X, the sample's loss
/// `(1/#X)‖Φ_iθ − f_i‖² = θᵀG_iθ − 2b_iᵀθ + c_i` with
/// `G_i = Φ_iᵀΦ_i/#X`, `b_i = Φ_iᵀf_i/#X`, `c_i = f_iᵀf_i/#X`.
///
/// The mean squared residual of a minibatch B, `(1/(|B|·#X))‖Φ_Bθ − f_B‖²` (PyTorch's `MSELoss`
/// on the batch), is then the quadratic of `G_B = Σ_{i∈B} G_i/|B|`, `b_B`, `c_B` alike, and its
/// gradient `2(G_Bθ − b_B)` is exactly the one autograd computes — at O(|B|·n²) per step
/// instead of O(|B|·#X·n). The mean over all samples is the full-data ``QuadraticLoss``.
///
/// The columns are either a basis, `Φ = D·W` with `W[c, m] = b_m(r_c)h^d` (n = M + 1), or the
/// radius classes themselves, `Φ = D` (class-level moments P_i, q_i, c_i; n = classes), with D
/// the radial differences of ``FeatureMap``.
///
/// Memory: N·(n(n+1)/2 + n + 1) doubles (only G_i's upper triangle is kept): 101 MB for
/// N = 50,000 and M = 20. Each sample's numbers are contiguous, so a batch sum reads |B| blocks.
public struct SampleGrams: Sendable {
    /// The stencil of the horizon the features were built with.
    public let stencil: Stencil
    /// N, the samples held (numbered 0..<N from the start of the range they were built from).
    public let sampleCount: Int
    /// n: M + 1 basis functions, or the number of radius classes for class-level moments.
    public let parameterCount: Int
    /// #X, the residuals of one sample.
    public let pointsPerSample: Int
    /// `Σ_i G_i / N` (and b, c alike), summed in sample order: the loss of all N samples.
    public let total: QuadraticLoss
    /// Per sample: G_i's upper triangle packed by columns ((i, j), i ≤ j, at i + j(j+1)/2), b_i, c_i.
    private let storage: [Double]

    /// The per-sample losses of `basis` (radial functions supported on [0, δ]) for the samples
    /// `range` of `dataset` (all when nil), streamed `batchSize` samples at a time. `route` as for
    /// ``RadialMoments``: on 1D periodic grids with X = Ω each sample's numbers come from its
    /// periodograms (``PeriodicPeriodograms``, one FFT per sample) by Parseval,
    /// `G_i = Σ_k (ω_k/#X) |û_i(k)|² (ΛW)[k, ·]ᵀ(ΛW)[k, ·]` with Λ the classes' eigenvalues:
    /// no radial differences at all.
    /// - Precondition: δ does not exceed the dataset's layer width; the range lies within the samples.
    public init(
        dataset: Dataset, basis: [any RadialKernel], horizon: Double, samples range: Range<Int>? = nil,
        route: RadialMoments.Route = .automatic, batchSize: Int = 1_000
    ) throws(GridError) {
        precondition(!basis.isEmpty, "a basis is needed")
        try self.init(dataset: dataset, horizon: horizon, range: range, route: route, batchSize: batchSize) { $0.stencil.basisWeights(basis) }
    }

    /// The per-sample class-level moments `P_i = D_iᵀD_i/#X`, `q_i = D_iᵀf_i/#X`, `c_i`: one
    /// column per radius class of the stencil of horizon δ. Every basis on the stencil (any order M,
    /// any exponent α) has `G_i = WᵀP_iW`, `b_i = Wᵀq_i`.
    public init(
        classMomentsOf dataset: Dataset, horizon: Double, samples range: Range<Int>? = nil,
        route: RadialMoments.Route = .automatic, batchSize: Int = 1_000
    ) throws(GridError) {
        try self.init(dataset: dataset, horizon: horizon, range: range, route: route, batchSize: batchSize, weights: nil)
    }

    private init(
        dataset: Dataset, horizon: Double, range: Range<Int>?, route: RadialMoments.Route, batchSize: Int,
        weights: ((FeatureMap) -> DenseMatrix)?
    ) throws(GridError) {
        let range = range ?? 0..<dataset.sampleCount
        precondition(range.lowerBound >= 0 && range.upperBound <= dataset.sampleCount && !range.isEmpty, "sample range out of bounds")
        precondition(batchSize >= 1, "batch size must be positive")
        let grid = try dataset.grid.makeGrid()
        let map = FeatureMap(grid: grid, horizon: horizon, evaluationPoints: dataset.evaluationPoints)
        let weightMatrix = weights?(map)
        let n = weightMatrix?.columnCount ?? map.stencil.classRadii.count
        let points = map.evaluationPoints.count
        precondition(points >= 1, "X is empty")
        let fourierApplies = PeriodicPeriodograms.applies(to: grid, evaluationPoints: map.evaluationPoints)
        precondition(route != .fourier || fourierApplies, "the Fourier route needs a 1D periodic grid with X = Ω")
        let fourier = (route == .fourier || (route == .automatic && fourierApplies))
            ? FourierContraction(periodograms: PeriodicPeriodograms(length: grid.interiorCount), stencil: map.stencil, weights: weightMatrix)
            : nil
        var storage: [Double] = []
        storage.reserveCapacity(range.count * Self.stride(n))
        var start = range.lowerBound
        while start < range.upperBound {
            let samples = start..<Swift.min(start + batchSize, range.upperBound)
            if let fourier {
                storage += fourier.sampleBlocks(fourier.periodograms.samples(dataset, samples))
            } else {
                let batch = dataset.samples(samples)
                let differences = map.radialDifferences(batch.u, exterior: batch.exterior)
                let features = weightMatrix.map { differences.multiplied(by: $0) }?.storage ?? differences.storage
                // f at X, sample-major like the rows of the features.
                var targets = [Double](repeating: 0, count: batch.sampleCount * points)
                for s in 0..<batch.sampleCount {
                    for (x, p) in map.evaluationPoints.enumerated() { targets[s * points + x] = batch.f[p, s] }
                }
                storage += Self.sampleBlocks(features: features, targets: targets, samples: batch.sampleCount, points: points, n: n)
            }
            start += batchSize
        }
        self.stencil = map.stencil
        self.sampleCount = range.count
        self.parameterCount = n
        self.pointsPerSample = points
        self.storage = storage
        total = Self.mean(of: 0..<range.count, in: storage, n: n, points: points)
    }

    /// The mean quadratic of `samples` (a minibatch; repeats count twice): `θᵀG_Bθ − 2b_Bᵀθ + c_B`,
    /// the mean squared residual over their |B|·#X residuals, summed in an order fixed by `samples`.
    /// - Precondition: `samples` is nonempty and within 0..<N.
    public func loss(of samples: some Sequence<Int>) -> QuadraticLoss {
        Self.mean(of: samples, in: storage, n: parameterCount, points: pointsPerSample)
    }

    /// The bytes the per-sample numbers occupy.
    public var byteCount: Int { storage.count * MemoryLayout<Double>.stride }

    /// Doubles per sample: the packed triangle, b_i and c_i.
    static func stride(_ n: Int) -> Int { n * (n + 1) / 2 + n + 1 }

    /// The bytes `samples` samples of `n` columns would occupy.
    static func byteCount(samples: Int, columns n: Int) -> Int { samples * stride(n) * MemoryLayout<Double>.stride }

    private static func mean(of samples: some Sequence<Int>, in storage: [Double], n: Int, points: Int) -> QuadraticLoss {
        let width = stride(n), sampleCount = storage.count / width
        let indices = Array(samples)
        precondition(!indices.isEmpty, "an empty batch")
        precondition(indices.allSatisfy { (0..<sampleCount).contains($0) }, "a sample outside 0..<\(sampleCount)")
        var sum = [Double](repeating: 0, count: width)
        storage.withUnsafeBufferPointer { blocks in
            sum.withUnsafeMutableBufferPointer { sum in
                let block = { (i: Int) in blocks.baseAddress! + indices[i] * width }
                // Eight blocks per pass keep eight memory streams in flight (a shuffled batch's
                // blocks lie scattered over the storage): 3.8× faster than one at a time for
                // N = 50,000, M = 20. The order of the additions is fixed by the order of `samples`.
                var i = 0
                while i + 8 <= indices.count {
                    let (a, b, c, d) = (block(i), block(i + 1), block(i + 2), block(i + 3))
                    let (e, f, g, h) = (block(i + 4), block(i + 5), block(i + 6), block(i + 7))
                    for k in 0..<width { sum[k] += ((a[k] + b[k]) + (c[k] + d[k])) + ((e[k] + f[k]) + (g[k] + h[k])) }
                    i += 8
                }
                while i < indices.count {
                    let a = block(i)
                    for k in 0..<width { sum[k] += a[k] }
                    i += 1
                }
            }
        }
        let count = indices.count
        let scale = 1 / Double(count)
        var gram = DenseMatrix(rowCount: n, columnCount: n)
        var k = 0
        for j in 0..<n {
            for i in 0...j {
                let value = sum[k] * scale
                (gram[i, j], gram[j, i]) = (value, value)
                k += 1
            }
        }
        let linear = (0..<n).map { sum[k + $0] * scale }
        return QuadraticLoss(gram: gram, linear: linear, constant: sum[k + n] * scale, residualCount: count * points)
    }

    /// The blocks of the `samples` samples whose features (rows sample-major, `samples·points`
    /// rows, n columns, column-major) and targets are given: per sample one BLAS product
    /// `[Φ_i f_i]ᵀ[Φ_i f_i]`, which holds G_i, b_i and c_i. Chunks of samples run concurrently;
    /// each sample's numbers come from one call on its own data, so the result does not depend
    /// on scheduling.
    private static func sampleBlocks(features: [Double], targets: [Double], samples: Int, points: Int, n: Int) -> [Double] {
        let width = stride(n), rows = samples * points, scale = 1 / Double(points)
        let chunks = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, samples))
        let pieces = Mutex([[Double]](repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let mine = (samples * chunk / chunks)..<(samples * (chunk + 1) / chunks)
            var block: [Double] = []
            block.reserveCapacity(mine.count * width)
            var augmented = [Double]()
            augmented.reserveCapacity(points * (n + 1))
            for s in mine {
                augmented.removeAll(keepingCapacity: true)
                for j in 0..<n { augmented += features[(j * rows + s * points)..<(j * rows + (s + 1) * points)] }
                augmented += targets[(s * points)..<((s + 1) * points)]
                let a = DenseMatrix(rowCount: points, columnCount: n + 1, storage: augmented)
                let products = a.multiplied(by: a, transposingSelf: true).storage
                for j in 0..<n {
                    for i in 0...j { block.append(products[i + j * (n + 1)] * scale) }
                }
                for i in 0...n { block.append(products[i + n * (n + 1)] * scale) }
            }
            pieces.withLock { $0[chunk] = block }
        }
        return pieces.withLock { $0.flatMap { $0 } }
    }
}

/// The Fourier route of ``SampleGrams`` (1D periodic grid, X = Ω, so #X = n): with E = ΛW the
/// classes' eigenvalues times the basis weights (E = Λ for class moments) and ω_k = w_k / n the
/// Parseval weights of ``PeriodicPeriodograms``, each sample's numbers are sums over the
/// frequency classes k = 0…⌊n/2⌋ of its periodograms,
///
///     G_i = Σ_k (ω_k/#X) |û_i(k)|² E[k, ·]ᵀ E[k, ·],   b_i = Σ_k (ω_k/#X) Re(û_i(k) conj f̂_i(k)) E[k, ·]ᵀ,
///     c_i = Σ_k (ω_k/#X) |f̂_i(k)|²,
///
/// O(⌊n/2⌋·n_cols²) per sample after its FFT, and no radial differences at all.
private struct FourierContraction: Sendable {
    let periodograms: PeriodicPeriodograms
    /// n_cols: the basis functions, or the radius classes.
    private let columns: Int
    /// Row k (k-major): (ω_k/#X) E[k, i] E[k, j] for i ≤ j, packed like G_i ((i, j) at i + j(j+1)/2).
    private let gramTerms: [Double]
    /// Row k: (ω_k/#X) E[k, i].
    private let linearTerms: [Double]
    /// ω_k/#X.
    private let constantTerms: [Double]

    /// Samples whose numbers are formed together by one task; any split gives the same numbers.
    private static let blockSize = 64

    init(periodograms: PeriodicPeriodograms, stencil: Stencil, weights: DenseMatrix?) {
        self.periodograms = periodograms
        let eigenvalues = periodograms.eigenvalues(of: stencil)
        let e = weights.map { eigenvalues.multiplied(by: $0) } ?? eigenvalues
        let n = e.columnCount, frequencies = e.rowCount
        let scale = periodograms.weights.map { $0 / Double(periodograms.length) }
        columns = n
        var gram: [Double] = [], linear: [Double] = []
        gram.reserveCapacity(frequencies * n * (n + 1) / 2)
        linear.reserveCapacity(frequencies * n)
        for k in 0..<frequencies {
            for j in 0..<n {
                for i in 0...j { gram.append(scale[k] * e[k, i] * e[k, j]) }
            }
            for i in 0..<n { linear.append(scale[k] * e[k, i]) }
        }
        gramTerms = gram
        linearTerms = linear
        constantTerms = scale
    }

    /// The blocks (G_i's packed triangle, b_i, c_i) of the samples whose periodograms are given, in order.
    func sampleBlocks(_ samples: PeriodicPeriodograms.Samples) -> [Double] {
        let count = samples.power.columnCount, blockSize = Self.blockSize
        let blocks = (count + blockSize - 1) / blockSize
        let results = Mutex([[Double]](repeating: [], count: blocks))
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            let values = sampleBlocks(samples, block * blockSize..<Swift.min((block + 1) * blockSize, count))
            results.withLock { $0[block] = values }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    private func sampleBlocks(_ samples: PeriodicPeriodograms.Samples, _ range: Range<Int>) -> [Double] {
        let n = columns, frequencies = constantTerms.count
        let triangle = n * (n + 1) / 2, width = SampleGrams.stride(n)
        var result = [Double](repeating: 0, count: range.count * width)
        result.withUnsafeMutableBufferPointer { result in
            gramTerms.withUnsafeBufferPointer { gramTerms in
                linearTerms.withUnsafeBufferPointer { linearTerms in
                    samples.power.storage.withUnsafeBufferPointer { power in
                        samples.crossPower.storage.withUnsafeBufferPointer { cross in
                            samples.targetPower.storage.withUnsafeBufferPointer { target in
                                for (s, sample) in range.enumerated() {
                                    let block = result.baseAddress! + s * width
                                    let spectrum = sample * frequencies
                                    for k in 0..<frequencies {
                                        let (p, x) = (power[spectrum + k], cross[spectrum + k])
                                        let gram = gramTerms.baseAddress! + k * triangle
                                        for t in 0..<triangle { block[t] += p * gram[t] }
                                        let linear = linearTerms.baseAddress! + k * n
                                        for i in 0..<n { block[triangle + i] += x * linear[i] }
                                        block[triangle + n] += target[spectrum + k] * constantTerms[k]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
