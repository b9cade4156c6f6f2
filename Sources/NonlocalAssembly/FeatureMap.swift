// FeatureMap: the per-basis-function responses Φ_m[u](x) that make the regression a least-squares problem.
import NonlocalKernels
import NonlocalLinearAlgebra

/// Features of samples u for radial basis functions b_m (DESIGN.md):
/// `Φ_m[u](x) = Σ_ξ b_m(|ξ|) (u(x) − u(x + ξ)) h^d`, so that `L_K[u] = Σ_m θ_m Φ_m[u]` for
/// `K = Σ_m θ_m b_m`.
///
/// The work splits in two: ``radialDifferences(_:exterior:)`` sums the differences
/// `u(x) − u(x + ξ)` over each radius class once per sample (the only pass over the data),
/// and ``features(_:exterior:basis:)`` multiplies them by the basis weights
/// `W[c, m] = b_m(r_c) h^d` in one BLAS matrix product. A new basis (another order M, another
/// fractional exponent α) reuses the differences.
public struct FeatureMap: Sendable {
    public let grid: Grid
    public let stencil: Stencil
    /// X: the unknowns (interior numbers) where features are evaluated.
    public let evaluationPoints: [Int]
    /// neighbours[x · S + s]: where offset s lands from evaluation point x (interior ≥ 0, layer < 0).
    private let neighbours: [Int]

    /// Where offset s of the stencil lands from the x-th evaluation point: an interior number (≥ 0),
    /// or −1 − k for layer point k (the row of `exterior` in ``radialDifferences(_:exterior:)``).
    public func neighbour(ofEvaluationPoint x: Int, offset s: Int) -> Int { neighbours[x * stencil.count + s] }

    /// - Parameter evaluationPoints: interior numbers of X; nil means all of Ω.
    public init(grid: Grid, horizon: Double, evaluationPoints: [Int]? = nil) {
        precondition(grid.holdsStencil(ofHorizon: horizon), "horizon \(horizon) exceeds the layer width")
        self.grid = grid
        let stencil = Stencil(dimension: grid.dimension, spacing: grid.spacing, horizon: horizon)
        self.stencil = stencil
        let points = evaluationPoints ?? Array(0..<grid.interiorCount)
        precondition(points.allSatisfy { (0..<grid.interiorCount).contains($0) }, "evaluation points must be unknowns")
        self.evaluationPoints = points
        neighbours = points.flatMap { p in stencil.offsets.map { grid.neighbour(of: grid.interior[p], offset: $0) } }
    }

    /// D[(sample, x), c] = Σ_{|ξ| = r_c} (u(x) − u(x + ξ)): rows sample-major
    /// (row = sample·|X| + index of x in X), one column per radius class of the stencil.
    /// `u` is Ω × samples; `exterior` is Ω_I × samples (nil: zero exterior values).
    public func radialDifferences(_ u: DenseMatrix, exterior: DenseMatrix? = nil) -> DenseMatrix {
        precondition(u.rowCount == grid.interiorCount, "u has \(u.rowCount) rows for \(grid.interiorCount) unknowns")
        precondition(
            exterior.map { $0.rowCount == grid.layerCount && $0.columnCount == u.columnCount } ?? true,
            "exterior values must be Ω_I × samples")
        let samples = u.columnCount, pointCount = evaluationPoints.count
        let classes = stencil.classRadii.count, offsetCount = stencil.count
        let rows = samples * pointCount
        var differences = [Double](repeating: 0, count: rows * classes)
        let outside = exterior?.storage ?? []
        u.storage.withUnsafeBufferPointer { values in
            outside.withUnsafeBufferPointer { layerValues in
                differences.withUnsafeMutableBufferPointer { out in
                    let (values, layerValues, out) = (SharedBuffer(values), SharedBuffer(layerValues), SharedBuffer(out))
                    forEachChunk(of: samples, minimumChunk: Swift.max(1, 2048 / Swift.max(1, pointCount))) { chunk in
                        for sample in chunk {
                            let column = sample * grid.interiorCount, layerColumn = sample * grid.layerCount
                            for (x, p) in evaluationPoints.enumerated() {
                                let row = sample * pointCount + x, here = values[column + p]
                                for s in 0..<offsetCount {
                                    let q = neighbours[x * offsetCount + s]
                                    let there = q >= 0 ? values[column + q] : (layerValues.isEmpty ? 0 : layerValues[layerColumn - 1 - q])
                                    out[row + stencil.radiusClass[s] * rows] += here - there
                                }
                            }
                        }
                    }
                }
            }
        }
        return DenseMatrix(rowCount: rows, columnCount: classes, storage: differences)
    }

    /// Φ[(sample, x), m] = Φ_m[u_sample](x), rows as in ``radialDifferences(_:exterior:)``.
    public func features(_ u: DenseMatrix, exterior: DenseMatrix? = nil, basis: [any RadialKernel]) -> DenseMatrix {
        features(fromDifferences: radialDifferences(u, exterior: exterior), basis: basis)
    }

    /// Φ = D · W from differences already computed (one `cblas_dgemm`).
    public func features(fromDifferences differences: DenseMatrix, basis: [any RadialKernel]) -> DenseMatrix {
        precondition(differences.columnCount == stencil.classRadii.count, "differences of another stencil")
        return differences.multiplied(by: stencil.basisWeights(basis))
    }
}
