// RefinementConsistentProgram: C + D in one program whose constraints keep the model one operator, where the data see it, on its training grid and finer ones (periodic 1-D).
import NonlocalLinearAlgebra
import NonlocalOptimization

/// On a periodic grid the operator of `K = Σ θ_m b_m` is circulant, with eigenvalues the symbols
/// `σ_θ(k; h) = s_k(h)ᵀθ`, linear in θ. The program
///
///     min L(θ) + λθᵀPθ   subject to   s_k(h/j)ᵀθ ≥ ε for every wavenumber k of h/j, j ∈ {1, 2, 5, 10},
///         aᵀθ = 0 (``SecondMomentConsistency``),   s_q(h)ᵀθ = s_q(h/20)ᵀθ = s_q(h/40)ᵀθ for q in the modes
///
/// fits θ = C + D of any sign (C ≥ 0 with D free is no constraint on the sum) so that
/// - the model is coercive, λ_min ≥ ε, on the training grid and at h/2, h/5 and h/10, exactly: on a
///   periodic grid λ_min is the smallest symbol, so no Gershgorin-type bound 1/κ − 2N(D) is spent;
/// - its second moment, which sets L_K u ≈ −m₂u″ on smooth u, is its continuum one; and
/// - at the data's lowest modes it does the same thing on h as on much finer grids.
/// The last two are what make the training grid's error carry over: without them the fit takes
/// directions the training sums cannot see and a finer grid can (docs/LEARNING.md measures it).
/// The curvature penalty λθᵀPθ keeps the kernel's shape
/// tame where the data leave it free; the held-out samples, on the training grid, cannot choose
/// λ, so it is a fixed multiple of the loss's scale.
///
/// Solved in coordinates where the problem is well conditioned: θ = s·W·N·y with s the stage-1
/// kernel's scale, W whitening the loss's Hessian (its eigenvalues floored at 1e-10 of the
/// stage-1 loss, a ridge on directions the data do not determine), and N an orthonormal basis of
/// the equalities' null space; in y the Hessian is the identity and ``ConvexQuadraticProgram``
/// meets only the positivity rows, each scaled to unit length.
struct RefinementConsistentProgram {
    let loss: QuadraticLoss
    /// λ·P, or nil for no penalty.
    let penalty: DenseMatrix?
    /// Rows r_i with r_iᵀθ ≥ ``floor``: the symbols on the training grid and its refinements.
    let positivity: DenseMatrix
    /// ε > 0.
    let floor: Double
    /// Rows e_i with e_iᵀθ = 0.
    let equalities: DenseMatrix
    /// The stage-1 coefficients C*: they set the scales (their loss, their largest entry).
    let reference: [Double]

    /// θ and the interior-point method's largest KKT residual.
    func solve() throws(OptimizationError) -> (coefficients: [Double], kktResidual: Double) {
        let n = loss.linear.count
        let scale = reference.map(abs).max().flatMap { $0 > 0 ? $0 : nil } ?? 1
        let lossScale = Swift.max(loss.value(at: reference), .leastNormalMagnitude)
        // θ = s·u: the objective over L(C*) is uᵀQu − 2gᵀu + const.
        var hessian = loss.gram
        if let penalty { for i in hessian.storage.indices { hessian.storage[i] += penalty.storage[i] } }
        for i in hessian.storage.indices { hessian.storage[i] *= scale * scale / lossScale }
        let gradient = loss.linear.map { $0 * scale / lossScale }
        // Q = UΣUᵀ (symmetric, positive semi-definite); u = Wx with W = U Σ^{−1/2} makes Q the identity.
        let decomposition = try Self.decompose(hessian)
        var whitening = decomposition.left
        for column in 0..<n {
            let factor = 1 / Swift.max(decomposition.values[column], 1e-10).squareRoot()
            for row in 0..<n { whitening[row, column] *= factor }
        }
        // θ = (s W) x; the equalities' null space in x.
        var toTheta = whitening
        for i in toTheta.storage.indices { toTheta.storage[i] *= scale }
        let nullSpace = try Self.nullSpace(of: equalities.multiplied(by: toTheta))
        let basis = toTheta.multiplied(by: nullSpace)  // θ = basis · y
        let reduced = nullSpace.columnCount
        // ‖x‖² − 2 (Wᵀg)ᵀx with x = N y: in y, yᵀy − 2 (NᵀWᵀg)ᵀy, as ½yᵀ(2I)y + pᵀy.
        let projected = nullSpace.multiplied(by: whitening.multiplied(by: gradient, transposingSelf: true), transposingSelf: true)
        let rows = positivity.multiplied(by: basis)
        // Without the inequalities the minimizer is y = NᵀWᵀg; when it already keeps every symbol ≥ ε it is
        // the program's solution (the problem is convex), and no interior-point iteration is needed.
        let unconstrained = rows.multiplied(by: projected)
        if unconstrained.allSatisfy({ $0 >= floor }) { return (basis.multiplied(by: projected), 0) }
        var identity = DenseMatrix(rowCount: reduced, columnCount: reduced)
        for i in 0..<reduced { identity[i, i] = 2 }
        // r_iᵀθ ≥ ε as −(r_iᵀ basis) y ≤ −ε, each row over its length.
        var constraints = DenseMatrix(rowCount: rows.rowCount, columnCount: reduced)
        var bounds = [Double](repeating: 0, count: rows.rowCount)
        for i in 0..<rows.rowCount {
            let length = (0..<reduced).reduce(0.0) { $0 + rows[i, $1] * rows[i, $1] }.squareRoot()
            guard length > 0 else { continue }
            for j in 0..<reduced { constraints[i, j] = -rows[i, j] / length }
            bounds[i] = -floor / length
        }
        let solution = try ConvexQuadraticProgram(
            quadratic: identity, linear: projected.map { -2 * $0 }, constraints: constraints, bounds: bounds
        ).solve()
        return (basis.multiplied(by: solution.minimizer), solution.residuals.maximum)
    }

    /// The SVD of a symmetric matrix, as the program's failure.
    private static func decompose(_ matrix: DenseMatrix) throws(OptimizationError) -> DenseMatrix.SingularValueDecomposition {
        do { return try matrix.singularValueDecomposition() } catch {
            throw .failed(solver: "the refinement-consistent program", reason: "no singular value decomposition: \(error)")
        }
    }

    /// An orthonormal basis (n × (n − rank)) of {x : Ex = 0}: the right singular vectors of E beyond its
    /// rank. E (rows scaled to unit length, so the rank cut-off compares like with like) is padded with
    /// zero rows to at least n, so that the thin SVD returns all n of them.
    static func nullSpace(of e: DenseMatrix) throws(OptimizationError) -> DenseMatrix {
        let n = e.columnCount
        var square = DenseMatrix(rowCount: Swift.max(n, e.rowCount), columnCount: n)
        for i in 0..<e.rowCount {
            let length = (0..<n).reduce(0.0) { $0 + e[i, $1] * e[i, $1] }.squareRoot()
            for j in 0..<n { square[i, j] = length > 0 ? e[i, j] / length : 0 }
        }
        let decomposition = try decompose(square)
        let rank = decomposition.values.count(where: { $0 > 1e-10 * (decomposition.values.first ?? 0) })
        var result = DenseMatrix(rowCount: n, columnCount: n - rank)
        for column in 0..<(n - rank) {
            for row in 0..<n { result[row, column] = decomposition.rightTransposed[rank + column, row] }
        }
        return result
    }
}
