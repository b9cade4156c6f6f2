// JointRegression: C and D of Algorithm 1 in one convex program, where the paper solves them in two stages, with an optional curvature penalty.
import NonlocalAssembly
import NonlocalCertificate
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalOptimization

/// The paper's problem (3.13), min L(C + D) subject to C ≥ 0 and N(D) ≤ ½·1/κ(C), is convex: 1/κ(C)
/// = λ_min(A_C) is the minimum of functions linear in C, hence concave, and N(D) is convex. On a
/// periodic grid A_C is circulant, its eigenvalues are the symbols σ_C(k) = s_kᵀC, and the
/// problem becomes a quadratic program in (C, D⁺, D⁻, σ):
///
///     min L(C + D⁺ − D⁻) + λ θᵀPθ   subject to   C, D⁺, D⁻ ≥ 0,
///         σ ≤ s_kᵀC (every wavenumber k ≠ 0),   Σ_m w_m (D⁺_m + D⁻_m) ≤ ½(1 − η) σ,
///
/// with w_m the coefficient form's weights (``SignChangingNorm``), so the certificate is the same
/// as the two-stage one: λ_min(A_{C+D}) ≥ λ_min(A_C) − 2N(D) ≥ ησ on the training grid (on a
/// refinement, as far as λ_min(A_C) carries over; the model's certificate checks h/2). Two stages fix C before D and so exclude kernels whose nonnegative part is not
/// the best nonnegative fit; the joint program keeps them. Where the data leave the kernel's
/// shape free (low-frequency data, high order M) the optional penalty λθᵀPθ, P_mn = ∫₀¹ B″_m B″_n,
/// the kernel's curvature, picks the smoothest of the kernels that fit.
public struct JointRegression {
    let loss: QuadraticLoss
    /// s_km = σ_{b_m}(k): the symbol of each basis function at each wavenumber k = 1…n/2 of the training grid.
    let symbols: DenseMatrix
    /// w_m of the coefficient form.
    let coefficientWeights: [Double]
    /// λ·P, or nil for no penalty.
    let penalty: DenseMatrix?
    /// η.
    let margin: Double

    /// The exact ∫₀¹ B″_{m,M}(t) B″_{n,M}(t) dt: B″_{m,M} = M(M − 1) Σ_i Δ²_{im} B_{i,M−2} with Δ² the
    /// second difference, and ∫₀¹ B_{i,n}B_{j,n} = C(n,i)C(n,j) / ((2n + 1) C(2n, i + j)).
    /// Zero for M < 2 (every such kernel is straight).
    public static func curvature(order: Int) -> DenseMatrix {
        let count = order + 1
        var result = DenseMatrix(rowCount: count, columnCount: count)
        guard order >= 2 else { return result }
        let n = order - 2
        func binomial(_ a: Int, _ b: Int) -> Double {
            guard b >= 0, b <= a else { return 0 }
            var value = 1.0
            for i in 0..<min(b, a - b) { value = value * Double(a - i) / Double(i + 1) }
            return value
        }
        // The Gram of the order-(M − 2) Bernstein basis, then Δ²ᵀ G Δ², Δ²[i, m] = (1, −2, 1) at m = i, i + 1, i + 2.
        let gram = (0...n).map { i in (0...n).map { j in binomial(n, i) * binomial(n, j) / (Double(2 * n + 1) * binomial(2 * n, i + j)) } }
        let difference = [1.0, -2, 1]
        let scale = Double(order * order * (order - 1) * (order - 1))
        for m in 0..<count {
            for l in 0..<count {
                var sum = 0.0
                for (a, da) in difference.enumerated() where m - a >= 0 && m - a <= n {
                    for (b, db) in difference.enumerated() where l - b >= 0 && l - b <= n {
                        sum += da * db * gram[m - a][l - b]
                    }
                }
                result[m, l] = scale * sum
            }
        }
        return result
    }

    /// Solves the program. Returns C, D = D⁺ − D⁻ and the interior-point method's largest KKT residual.
    func solve() throws(OptimizationError) -> (nonnegative: [Double], signChanging: [Double], kktResidual: Double) {
        let n = loss.linear.count, waves = symbols.rowCount
        let variables = 3 * n + 1, sigma = 3 * n
        // ½xᵀQx + pᵀx = θᵀ(G + λP)θ − 2bᵀθ with θ = Ex, E = [I I −I 0].
        var curvatureGram = loss.gram
        if let penalty { for i in 0..<(n * n) { curvatureGram.storage[i] += penalty.storage[i] } }
        let signs: [Double] = [1, 1, -1]
        var quadratic = DenseMatrix(rowCount: variables, columnCount: variables)
        var linear = [Double](repeating: 0, count: variables)
        for (a, sa) in signs.enumerated() {
            for i in 0..<n {
                linear[a * n + i] = -2 * sa * loss.linear[i]
                for (b, sb) in signs.enumerated() {
                    for j in 0..<n { quadratic[a * n + i, b * n + j] = 2 * sa * sb * curvatureGram[i, j] }
                }
            }
        }
        // Rows: −x ≤ 0 for C, D⁺, D⁻; σ − s_kᵀC ≤ 0; Σ w(D⁺ + D⁻) − ½(1 − η)σ ≤ 0.
        let rows = 3 * n + waves + 1
        var constraints = DenseMatrix(rowCount: rows, columnCount: variables)
        for i in 0..<(3 * n) { constraints[i, i] = -1 }
        for k in 0..<waves {
            constraints[3 * n + k, sigma] = 1
            for m in 0..<n { constraints[3 * n + k, m] = -symbols[k, m] }
        }
        for m in 0..<n {
            constraints[rows - 1, n + m] = coefficientWeights[m]
            constraints[rows - 1, 2 * n + m] = coefficientWeights[m]
        }
        constraints[rows - 1, sigma] = -0.5 * (1 - margin)
        let program = ConvexQuadraticProgram(
            quadratic: quadratic, linear: linear, constraints: constraints, bounds: [Double](repeating: 0, count: rows))
        let solution = try program.solve()
        let x = solution.minimizer
        // The interior point is strictly feasible; C's entries are ≥ 0 up to the iteration's last step.
        let nonnegative = (0..<n).map { Swift.max(0, x[$0]) }
        let signChanging = (0..<n).map { x[n + $0] - x[2 * n + $0] }
        return (nonnegative, signChanging, solution.residuals.maximum)
    }
}
