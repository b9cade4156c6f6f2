// `nonlocal demo`: the main job on its built-in default, with real numbers.
import ArgumentParser
import Foundation
import NonlocalLinearAlgebra

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assemble a 2D operator, certify it with its smallest eigenvalue, factorize and solve.")

    @Option(help: "Interior grid points per side of the unit square (n = m²).")
    var points: Int = 300

    func validate() throws {
        guard (3...2000).contains(points) else {
            throw ValidationError("--points must be in 3...2000 (got \(points)); n = points² unknowns")
        }
    }

    func run() throws {
        let m = points
        progress("assembling the 2D 5-point Laplacian on a \(m) × \(m) grid")
        let (matrix, assembly) = timed { SparseMatrix.laplacian2D(m, m) }
        print("2D Dirichlet Laplacian, \(m) × \(m) interior points: n = \(matrix.rowCount.grouped), nnz = \(matrix.nonzeroCount.grouped) (\(assembly.fixed(3)) s)")

        progress("factorizing with CHOLMOD")
        let (cholesky, factorTime) = try timed { try CholeskyFactorization(factorizing: matrix) }
        var generator = SystemRandomNumberGenerator()
        let exact = (0..<matrix.rowCount).map { _ in Double.random(in: -1...1, using: &generator) }
        let b = matrix.multiply(exact)
        let (x, solveTime) = timed { cholesky.solve(b) }
        let residual = matrix.multiply(x).subtracting(b).euclideanNorm / b.euclideanNorm
        print("CHOLMOD: nnz(L) = \(cholesky.factorNonzeroCount.grouped), factor \(factorTime.fixed(3)) s, solve \(solveTime.fixed(3)) s, ‖Ax − b‖/‖b‖ = \(residual.scientific())")

        progress("computing the smallest eigenvalues with ARPACK shift-invert")
        let (pairs, eigenTime) = try timed {
            try SymmetricEigensolver(method: .arpack).smallestEigenpairs(of: matrix, count: 2)
        }
        let analytic = SparseMatrix.laplacian2DEigenvalue(m, m)
        print("coercivity: λ_min = \(pairs[0].value.fixed(10)) (analytic \(analytic.fixed(10)), relative error \((abs(pairs[0].value - analytic) / analytic).scientific())), residual ‖Aw − λw‖ = \(pairs[0].residualNorm.scientific()), \(eigenTime.fixed(2)) s")
        print("certified: the operator is positive definite with coercivity constant κ = 1/λ_min = \((1 / pairs[0].value).scientific(4))")
    }
}
