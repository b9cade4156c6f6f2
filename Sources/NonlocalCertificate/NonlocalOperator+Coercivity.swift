// NonlocalOperator+Coercivity: 1/κ of eq. (4.3), the smallest eigenvalue of the assembled operator on its solution space.
import NonlocalAssembly
import NonlocalLinearAlgebra

extension NonlocalOperator {
    /// eq. (4.3): `1/κ = min_w wᵀSw / wᵀMw`; with one-point quadrature `S = h^d A`, `M = h^d I`,
    /// so 1/κ = λ_min(A). On periodic grids the constants are A's null space and are deflated
    /// (the solution space is mean-zero functions). Negative when the kernel is not coercive.
    ///
    /// On a periodic grid A is circulant (block-circulant in 2D): its eigenvectors are the lattice's
    /// Fourier modes and its eigenvalues the symbols ``periodicEigenvalue(wavenumber:)``, so λ_min is
    /// their minimum over the modes other than the constant, exactly and in O(n · offsets), where an
    /// eigensolver needs a factorization. Elsewhere the eigensolver (dense or ARPACK) computes it.
    /// - Throws: ``EigenError`` when the eigensolver fails; ``EigenError/noEigenpairs(dimension:)``
    ///   on a periodic grid of one point, whose only function is the deflated constant.
    public func smallestEigenvalue() throws(EigenError) -> Double {
        try smallestEigenpair().value
    }

    /// ``smallestEigenvalue()`` with the residual `‖A w − λ w‖₂` of its unit eigenvector w, the check that the
    /// eigensolver converged; nil on periodic grids, where λ_min is the exact symbol and no vector is computed.
    public func smallestEigenpair() throws(EigenError) -> (value: Double, residual: Double?) {
        if grid.boundary == .periodic {
            let (nx, ny) = (grid.shape.x, grid.shape.y)
            guard nx * ny > 1 else { throw .noEigenpairs(dimension: nx * ny) }
            // σ(k) = σ(−k): half of the modes suffice (k_y ≤ n_y/2, and k_x ≤ n_x/2 on the k_y = 0 line).
            var smallest = Double.infinity
            for ky in 0...(ny / 2) {
                for kx in 0..<(ky == 0 ? nx / 2 + 1 : nx) where kx != 0 || ky != 0 {
                    smallest = Swift.min(smallest, periodicEigenvalue(wavenumber: SIMD2(kx, ky)))
                }
            }
            return (smallest, nil)
        }
        let matrix = assemble()
        guard matrix.rowCount > 0 else { throw .noEigenpairs(dimension: 0) }
        let pair = try SymmetricEigensolver().smallestEigenpairs(of: matrix, count: 1)[0]
        return (pair.value, pair.residualNorm / pair.vector.euclideanNorm)
    }
}
