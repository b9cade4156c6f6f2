// GreenFunctionInverse: the accurate disk reference — the inverse of the symmetric Green's-function quadrature, A = W₀⁻¹.
import NonlocalAssembly
import NonlocalGenerators
import NonlocalLinearAlgebra

/// The accurate reference on the disk: `A = W₀⁻¹`, W₀ the solution matrix of
/// `FractionalPoissonSolver(grid:order:correctingBoundary: false)`, the subtracted one-point rule for
/// `u(x_i) = ∫ G(x_i, y) f(y) dy` with Blumenthal–Getoor–Ray's Green's function:
/// `(W₀)_ij = G(x_i, x_j) h²` (i ≠ j), `(W₀)_ii = u₁(x_i) − Σ_{j≠i} (W₀)_ij`.
///
/// **Why not finite elements.** P1/Q1 Galerkin on the square lattice restricted to the disk (a
/// staircase domain) was tried and converges only like h (3.5 % at h = 2⁻⁵), far worse than this.
///
/// **What it is exact for.** `W₀·1 = u₁` holds by construction (the diagonal subtracts the row sum
/// from the exact f = 1 solution), so `A u₁ = 1` to rounding and the f = 1 error says nothing about
/// accuracy; it is measured on Dyda–Kuznetsov–Kwaśnicki pairs with non-constant f
/// (`FractionalPoissonExactSolution`, degree ≥ 1), where W₀ errs by the quadrature error of the
/// subtracted rule at the boundary, O(h^{1+s}) along each lattice line. Measured for the degree-1 pair
/// at s = ¾ (nodal relative L2): 2.41e-2, 3.07e-3, 9.66e-4, 1.89e-4 at h = 2⁻³ … 2⁻⁶, orders 2.97, 1.67,
/// 2.35 — scattered about 1 + s = 1.75 by how the lattice meets the circle.
///
/// W₀ is symmetric (G is); its positive definiteness is checked by the Cholesky factorization that
/// the inverse starts with. The inverse is formed in place (LAPACK dpotrf + dpotri), so the peak is
/// one N × N matrix. Cost: N²/2 Green's function evaluations and N³ flops.
enum GreenFunctionInverse {
    /// A = W₀⁻¹ on `grid` (validated as the unit disk's lattice).
    /// - Throws: ``ReferenceError/notPositiveDefinite(matrix:column:)`` when W₀ is not positive definite.
    static func matrix(on grid: Grid, order s: Double) throws(ReferenceError) -> DenseMatrix {
        var inverse = try solutionMatrix(on: grid, order: s)
        do {
            try inverse.invertPositiveDefinite()
        } catch .notPositiveDefinite(let column) {
            throw .notPositiveDefinite(
                matrix: "the Green's-function matrix W₀ (N = \(grid.interiorCount), h = \(grid.spacing), s = \(s))", column: column)
        } catch {
            throw .linearAlgebra(error)
        }
        return inverse
    }

    /// W₀, returned from a solver that is gone once this returns, so the caller holds the only
    /// reference to its storage and inverts it without a copy.
    private static func solutionMatrix(on grid: Grid, order s: Double) throws(ReferenceError) -> DenseMatrix {
        do {
            return try FractionalPoissonSolver(grid: grid, order: s, correctingBoundary: false).solutionMatrix
        } catch {
            preconditionFailure("the order and the grid were validated: \(error)")
        }
    }
}
