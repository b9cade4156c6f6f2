// LanczosTridiagonal: the tridiagonal matrix conjugate gradients builds implicitly, whose eigenvalues estimate those of P⁻¹A.
internal import COpenBLAS

/// CG's step lengths α_k and ratios β_k define the Lanczos matrix T of P⁻¹A (Saad, Iterative
/// Methods for Sparse Linear Systems, §6.7.3): `T_kk = 1/α_k + β_{k−1}/α_{k−1}`,
/// `T_{k,k+1} = √β_k / α_k`. Its eigenvalues (Ritz values) converge to P⁻¹A's from inside,
/// the extreme ones first, so after a converged solve they estimate the spectral bounds.
struct LanczosTridiagonal {
    private var alphas: [Double] = []
    private var betas: [Double] = []

    mutating func append(alpha: Double, beta: Double) {
        alphas.append(alpha)
        betas.append(beta)
    }

    /// The smallest and largest Ritz value, or nil without a step (or when LAPACK fails).
    /// The corresponding C function is `LAPACKE_dsterf` (eigenvalues of a symmetric tridiagonal matrix).
    func extremeEigenvalues() -> (smallest: Double, largest: Double)? {
        let k = alphas.count
        guard k > 0, alphas.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        var diagonal = [Double](repeating: 0, count: k)
        for i in 0..<k {
            let previous: Double = i > 0 ? betas[i - 1] / alphas[i - 1] : 0
            diagonal[i] = 1 / alphas[i] + previous
        }
        var offDiagonal = (0..<Swift.max(0, k - 1)).map { i in betas[i].squareRoot() / alphas[i] }
        if offDiagonal.isEmpty { offDiagonal = [0] }
        let info = LAPACKE_dsterf(blasInt(k), &diagonal, &offDiagonal)
        guard info == 0 else { return nil }
        return (diagonal.first!, diagonal.last!)
    }
}
