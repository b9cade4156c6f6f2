// RadialBatches: minibatch losses at the level of radius classes, for fits whose basis changes during the fit (the fractional exponent α).
import NonlocalAssembly
import NonlocalDataset
import NonlocalLinearAlgebra

/// With `k_c = Σ_m θ_m b_m(r_c) h^d` the kernel's weight on radius class c, the mean squared
/// residual of a minibatch B is `kᵀP_Bk − 2kᵀq_B + c_B` in the class-level moments of its
/// samples. ``loss(of:at:)`` returns it with its half gradient `P_Bk − q_B` (the chain rule
/// through W(α) is the caller's), from one of two sources:
///
/// - ``Storage/perSampleMoments``: every sample's P_i, q_i, c_i (``SampleGrams`` on the radius
///   classes); a step costs O(|B|·classes²) and reads classes²/2 doubles per sample. Memory
///   N·classes²/2 doubles: 0.4 GB for N = 10,000 at δ = 1, h = 0.01 (100 classes), but 32 GB for
///   N = 50,000 at δ = 4 (400 classes, Table 3's widest horizon).
/// - ``Storage/recomputedDifferences``: the batch's radial differences D_B, recomputed each
///   step from the data, then two matrix–vector products: O(|B|·#X·offsets) per step and
///   memory independent of N, but slower — measured on 2 cores at δ = 1, #X = 161, |B| = 100:
///   6 ms per step against 0.25 ms from stored moments. The only route when the moments do not fit.
///
/// ``Storage/automatic(memoryLimit:)`` keeps the moments when they fit in the limit (default
/// 2 GiB, which N = 50,000 samples at δ = 1 just fit).
public struct RadialBatches: Sendable {
    public enum Storage: Sendable, Equatable {
        /// Per-sample moments when they take at most `memoryLimit` bytes, else recomputed differences.
        case automatic(memoryLimit: Int)
        case perSampleMoments
        case recomputedDifferences
    }

    /// The stencil of the horizon: its ``Stencil/classRadii`` are the r_c of k.
    public let stencil: Stencil
    /// N, the samples (numbered 0..<N from the start of the range given).
    public let sampleCount: Int
    /// The class-level loss of all N samples: gram P, linear q, constant c.
    public let total: QuadraticLoss
    private let source: Source

    private enum Source: Sendable {
        case moments(SampleGrams)
        /// The map, the data, and the first sample of the range.
        case differences(FeatureMap, Dataset, Int)
    }

    /// The samples `range` of `dataset` (all when nil) on the stencil of horizon δ.
    /// - Precondition: δ does not exceed the dataset's layer width; the range lies within the samples.
    public init(
        dataset: Dataset, horizon: Double, samples range: Range<Int>? = nil,
        storage: Storage = .automatic(memoryLimit: 2 << 30), batchSize: Int = 1_000
    ) throws(GridError) {
        let range = range ?? 0..<dataset.sampleCount
        let classes = Stencil(dimension: dataset.grid.dimension, spacing: dataset.grid.spacing, horizon: horizon).classRadii.count
        let storesMoments: Bool
        switch storage {
        case .perSampleMoments: storesMoments = true
        case .recomputedDifferences: storesMoments = false
        case .automatic(let limit): storesMoments = SampleGrams.byteCount(samples: range.count, columns: classes) <= limit
        }
        if storesMoments {
            let moments = try SampleGrams(classMomentsOf: dataset, horizon: horizon, samples: range, batchSize: batchSize)
            stencil = moments.stencil
            total = moments.total
            source = .moments(moments)
        } else {
            let moments = try RadialMoments(dataset: dataset, horizon: horizon, samples: range, batchSize: batchSize)
            let map = FeatureMap(grid: try dataset.grid.makeGrid(), horizon: horizon, evaluationPoints: dataset.evaluationPoints)
            stencil = map.stencil
            total = QuadraticLoss(
                gram: moments.differenceGram, linear: moments.differenceTargets, constant: moments.targetMeanSquare,
                residualCount: moments.residualCount)
            source = .differences(map, dataset, range.lowerBound)
        }
        sampleCount = range.count
    }

    /// The bytes of the per-sample moments (0 when differences are recomputed).
    public var byteCount: Int {
        if case .moments(let moments) = source { moments.byteCount } else { 0 }
    }

    /// Whether the per-sample moments are held (rather than differences recomputed per batch).
    public var storesMoments: Bool {
        if case .moments = source { true } else { false }
    }

    /// The batch's mean squared residual at class weights k and its half gradient `P_Bk − q_B`.
    /// - Precondition: `batch` is nonempty and within 0..<N; k has one entry per radius class.
    public func loss(of batch: some Collection<Int>, at weights: [Double]) -> (value: Double, halfGradient: [Double]) {
        precondition(weights.count == stencil.classRadii.count, "one weight per radius class")
        switch source {
        case .moments(let moments):
            let quadratic = moments.loss(of: batch)
            return (quadratic.value(at: weights), quadratic.halfGradient(at: weights))
        case .differences(let map, let dataset, let first):
            precondition(!batch.isEmpty && batch.allSatisfy { (0..<sampleCount).contains($0) }, "batch outside 0..<\(sampleCount)")
            let columns = batch.map { first + $0 }
            func gather(_ m: DenseMatrix) -> DenseMatrix {
                DenseMatrix(rowCount: m.rowCount, columnCount: columns.count, storage: columns.flatMap { m.column($0) })
            }
            let differences = map.radialDifferences(gather(dataset.u), exterior: dataset.exterior.map(gather))
            var residual = differences.multiplied(by: weights)
            let points = map.evaluationPoints.count
            for (s, column) in columns.enumerated() {
                for (x, p) in map.evaluationPoints.enumerated() { residual[s * points + x] -= dataset.f[p, column] }
            }
            let count = Double(residual.count)
            var half = differences.multiplied(by: residual, transposingSelf: true)
            half.scale(by: 1 / count)
            return (residual.dot(residual) / count, half)
        }
    }
}
