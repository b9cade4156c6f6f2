// NonlocalOperator: a radial kernel on a grid with one-point quadrature — matrix-free apply for many vectors.
import NonlocalKernels
import NonlocalLinearAlgebra

/// The discrete nonlocal operator (DESIGN.md conventions, Silling's one-point quadrature)
/// `L_K[u](x_p) = Σ_ξ K(|ξ|) (u(x_p) − u(x_p + ξ)) h^d`, with `u` on Ω and prescribed exterior
/// values on Ω_I (volume constraint) or wrapped around the period box (periodic).
///
/// The kernel enters only through its value at each stencil offset, evaluated once: the
/// operator is translation invariant, so assembly and application never call the kernel.
///
/// An optional reaction term c ≥ 0 adds `c u(x_p)`: `(L_K + c)[u]`. It shifts every eigenvalue
/// by c (a learned preconditioner uses it for the kernel mass beyond its horizon).
public struct NonlocalOperator: Sendable {
    public let grid: Grid
    public let stencil: Stencil
    /// The offsets that move a point (on a periodic grid an offset that is a whole number of
    /// periods lands back home and contributes K·(u_p − u_p) = 0).
    let offsets: [SIMD2<Int>]
    /// K(|ξ|)·h^d for each of ``offsets``.
    let weights: [Double]
    /// c, the reaction coefficient (0 without one).
    public let reaction: Double
    /// Σ weights + c: the diagonal of the assembled matrix (layer neighbours included).
    public let diagonalWeight: Double

    /// - Parameter reaction: c ≥ 0 of the reaction term c·u (0: none).
    /// - Precondition: the kernel's dimension is the grid's, its horizon does not exceed the
    ///   grid's layer width (volume-constrained grids are built for a horizon), and c is finite.
    public init(kernel: some RadialKernel, grid: Grid, reaction: Double = 0) {
        self.init(stencil: Stencil(kernel: kernel, spacing: grid.spacing), weights: nil, kernel: kernel, grid: grid, reaction: reaction)
    }

    private init(stencil: Stencil, weights: [Double]?, kernel: some RadialKernel, grid: Grid, reaction: Double) {
        precondition(reaction.isFinite, "the reaction coefficient must be finite")
        precondition(kernel.dimension == grid.dimension, "a \(kernel.dimension)D kernel on a \(grid.dimension)D grid")
        precondition(
            grid.holdsStencil(ofHorizon: kernel.horizon), "horizon \(kernel.horizon) exceeds the grid's layer width \(grid.layerWidth)")
        self.grid = grid
        self.stencil = stencil
        let all = weights ?? stencil.weights(of: kernel)
        let moves = stencil.offsets.map { offset in
            grid.boundary != .periodic || offset.x % grid.shape.x != 0 || offset.y % grid.shape.y != 0
        }
        offsets = zip(stencil.offsets, moves).filter(\.1).map(\.0)
        self.weights = zip(all, moves).filter(\.1).map(\.0)
        self.reaction = reaction
        diagonalWeight = self.weights.reduce(0, +) + reaction
    }

    /// The number of unknowns (points of Ω).
    public var dimension: Int { grid.interiorCount }

    /// L_K[u] for many samples at once: `u` is Ω × samples, `exterior` is Ω_I × samples
    /// (nil means zero exterior values). The result is Ω × samples.
    public func apply(_ u: DenseMatrix, exterior: DenseMatrix? = nil) -> DenseMatrix {
        precondition(u.rowCount == grid.interiorCount, "u has \(u.rowCount) rows for \(grid.interiorCount) unknowns")
        precondition(
            exterior.map { $0.rowCount == grid.layerCount && $0.columnCount == u.columnCount } ?? true,
            "exterior values must be Ω_I × samples")
        let samples = u.columnCount
        // Point-major copies: the samples of one point are contiguous, so each stencil offset is an axpy.
        let values = u.transposed().storage
        let outside = exterior?.transposed().storage ?? []
        var result = [Double](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { v in
            outside.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { y in
                    let (v, g, y) = (SharedBuffer(v), SharedBuffer(g), SharedBuffer(y))
                    forEachChunk(of: grid.interiorCount, minimumChunk: Swift.max(1, 4096 / Swift.max(1, samples))) { points in
                        for p in points {
                            let row = p * samples, home = grid.interior[p]
                            for k in 0..<samples { y[row + k] = diagonalWeight * v[row + k] }
                            for (offset, weight) in zip(offsets, weights) {
                                let q = grid.neighbour(of: home, offset: offset)
                                if q >= 0 {
                                    let source = q * samples
                                    for k in 0..<samples { y[row + k] -= weight * v[source + k] }
                                } else if !g.isEmpty {
                                    let source = (-1 - q) * samples
                                    for k in 0..<samples { y[row + k] -= weight * g[source + k] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return DenseMatrix(rowCount: samples, columnCount: grid.interiorCount, storage: result).transposed()
    }

    /// L_K[u] for one vector on Ω (with optional exterior values on Ω_I).
    public func apply(_ u: [Double], exterior: [Double]? = nil) -> [Double] {
        apply(
            DenseMatrix(rowCount: u.count, columnCount: 1, storage: u),
            exterior: exterior.map { DenseMatrix(rowCount: $0.count, columnCount: 1, storage: $0) }
        ).storage
    }

    /// The right-hand-side term of non-zero exterior data: `L_K[u] = A u − E g`, so the
    /// volume-constrained problem `L_K[u] = f` is `A u = f + E g`. Returns E g (length |Ω|).
    public func exteriorContribution(_ g: [Double]) -> [Double] {
        precondition(g.count == grid.layerCount, "exterior data has \(g.count) values for \(grid.layerCount) layer points")
        // E g = A·0 − L_K[0; g].
        var contribution = apply([Double](repeating: 0, count: grid.interiorCount), exterior: g)
        contribution.scale(by: -1)
        return contribution
    }
}
