// SignChangingNorm: N(D), the size of the sign-changing part that stage 2 keeps below 1/(2κ) (paper eqs. 3.13–3.14, 4.4); the one formula stage 2 and the certificate share.
import NonlocalAssembly
import NonlocalKernels
import NonlocalLinearAlgebra

/// With `K_D(r) = Σ_m D_m b_m(r)` the sign-changing part on the training stencil (spacing h),
/// ``Form/l1`` is DESIGN.md's
/// `N(D) = ½ Σ_{0<|ξ|≤δ} |K_D(|ξ|)| h^d + ½ |Σ_{0<|ξ|≤δ} K_D(|ξ|) h^d|`, and
/// ``Form/asPrinted`` is the paper's literal discrete formula (4.4), which puts the plain
/// integral where the L1 norm belongs: `½ I(D) + ½ |I(D)|`, `I(D) = Σ_ξ K_D(|ξ|) h^d`.
///
/// The maximum over x ∈ Ω of the second term is the same at every x: the layer Ω_I holds the
/// whole stencil of every unknown, and periodic grids have no boundary. Gershgorin applied to
/// the K_D part of the assembled matrix (diagonal Σ K_D h^d, off-diagonals −K_D h^d) gives
/// `|λ(A_D)| ≤ 2N(D)` for the L1 form, hence `λ_min(A_{C+D}) ≥ λ_min(A_C) − 2N(D)`.
public struct SignChangingNorm: Sendable {
    public enum Form: String, Sendable, CaseIterable {
        /// `Σ_m w_m |D_m|` (``coefficientWeights``): bounds the L1 form on the training grid and
        /// on every refinement of it by h/j, j ∈ ``refinements``, so a model keeps its margin
        /// when assembled on a finer grid.
        case coefficients
        /// The L1 norm of K_D at the training grid's stencil points: the certificate holds on that
        /// grid, but K_D is free between the points and can grow there on other grids.
        case l1
        /// The paper's printed integral, for comparison; it does not bound K_D.
        case asPrinted = "as-printed"
    }

    /// The refinements j of the training spacing h whose stencils (spacing h/j) the coefficient
    /// form bounds: h/2, h/5 and h/10 among them, and h/40, near the limit h → 0 (the integral).
    public static let refinements = [1, 2, 3, 4, 5, 6, 8, 10, 20, 40]

    public let form: Form
    /// A[c, m] = n_c b_m(r_c) h^d with n_c the offsets in radius class c, so that
    /// (A D)_c = n_c K_D(r_c) h^d and Σ_ξ |K_D(|ξ|)| h^d = Σ_c |(A D)_c|.
    public let classWeights: DenseMatrix
    /// s = Σ_c A[c, ·], so that I(D) = sᵀD.
    public let integralWeights: [Double]
    /// w_m = max over the spacings h/j, j ∈ ``refinements``, of `Σ_{0<|ξ|≤δ} b_m(|ξ|) (h/j)^d`;
    /// empty unless the form is ``Form/coefficients``. The basis functions are non-negative
    /// (Bernstein), so `|K_D| ≤ Σ_m |D_m| b_m` pointwise and, on each of those stencils, the L1
    /// form is at most `Σ_m w_m |D_m|`.
    public let coefficientWeights: [Double]

    /// N for the basis functions b_m on `stencil` (the training grid's spacing and δ).
    public init(stencil: Stencil, basis: [any RadialKernel], form: Form = .l1) {
        precondition(!basis.isEmpty, "a basis is needed")
        classWeights = Self.classWeights(stencil: stencil, basis: basis)
        integralWeights = Self.columnSums(classWeights)
        coefficientWeights = form != .coefficients ? [] : Self.refinements.dropFirst().reduce(into: integralWeights) { weights, j in
            let fine = Stencil(dimension: stencil.dimension, spacing: stencil.spacing / Double(j), horizon: stencil.horizon)
            let sums = Self.columnSums(Self.classWeights(stencil: fine, basis: basis))
            for m in weights.indices { weights[m] = Swift.max(weights[m], sums[m]) }
        }
        self.form = form
    }

    /// Σ_c A[c, m] for each m: Σ_ξ b_m(|ξ|) h^d on the stencil of A.
    private static func columnSums(_ weights: DenseMatrix) -> [Double] {
        weights.multiplied(by: [Double](repeating: 1, count: weights.rowCount), transposingSelf: true)
    }

    /// A[c, m] = n_c b_m(r_c) h^d on `stencil`.
    private static func classWeights(stencil: Stencil, basis: [any RadialKernel]) -> DenseMatrix {
        let multiplicity = stencil.classMultiplicities
        var weights = stencil.basisWeights(basis)
        for m in 0..<weights.columnCount {
            for c in 0..<weights.rowCount { weights[c, m] *= Double(multiplicity[c]) }
        }
        return weights
    }

    /// N(D).
    public func value(_ d: [Double]) -> Double {
        let integral = integralWeights.dot(d)
        switch form {
        case .coefficients: return zip(coefficientWeights, d).reduce(0) { $0 + $1.0 * abs($1.1) }
        case .l1: return 0.5 * classWeights.multiplied(by: d).reduce(0) { $0 + abs($1) } + 0.5 * abs(integral)
        case .asPrinted: return 0.5 * integral + 0.5 * abs(integral)
        }
    }

    /// A subgradient of N at D (sign(0) = 0).
    public func subgradient(_ d: [Double]) -> [Double] {
        func sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : 0) }
        let integralSign = sign(integralWeights.dot(d))
        var g = integralWeights
        switch form {
        case .coefficients:
            g = zip(coefficientWeights, d).map { $0 * sign($1) }
        case .l1:
            g.scale(by: 0.5 * integralSign)
            g.add(classWeights.multiplied(by: classWeights.multiplied(by: d).map(sign), transposingSelf: true), scaledBy: 0.5)
        case .asPrinted:
            g.scale(by: 0.5 + 0.5 * integralSign)
        }
        return g
    }
}
