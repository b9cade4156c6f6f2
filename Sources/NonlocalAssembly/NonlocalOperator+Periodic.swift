// NonlocalOperator+Periodic: the eigenvalues of the operator on a periodic grid, its symbols at the lattice's Fourier modes.
import Foundation

extension NonlocalOperator {
    /// The eigenvalue of the periodic operator for the Fourier mode exp(2πi (k_x i/n_x + k_y j/n_y)):
    /// c + Σ_ξ w_ξ (1 − cos θ_ξ), θ_ξ = 2π (k_x ξ_x/n_x + k_y ξ_y/n_y), with the phase reduced in integers
    /// and 1 − cos θ written 2 sin²(θ/2), which does not cancel for small θ.
    /// - Precondition: the grid is periodic.
    public func periodicEigenvalue(wavenumber k: SIMD2<Int>) -> Double {
        precondition(grid.boundary == .periodic, "the symbol is the eigenvalue on periodic grids only")
        let (nx, ny) = (grid.shape.x, grid.shape.y)
        var sum = reaction
        for (offset, weight) in zip(offsets, weights) {
            // θ/2π = a/n_x + b/n_y with a, b reduced modulo the period: the fraction (a n_y + b n_x)/(n_x n_y).
            let a = ((k.x * offset.x) % nx + nx) % nx, b = ((k.y * offset.y) % ny + ny) % ny
            let turns = Double(a * ny + b * nx) / Double(nx * ny)
            let half = sin(Double.pi * turns)
            sum += weight * 2 * half * half
        }
        return sum
    }
}
