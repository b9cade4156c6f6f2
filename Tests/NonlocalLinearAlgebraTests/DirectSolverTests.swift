// Tests of the direct-solve policy: Cholesky when it applies, LU with a stated reason otherwise.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct DirectSolverTests {
    @Test func positiveDefiniteSystemsUseCholesky() throws {
        let a = SparseMatrix.laplacian2D(30, 30)
        let b = a.multiply([Double](repeating: 1, count: 900))
        let solution = try DirectSolver.solve(a, b)
        #expect(solution.method == .cholesky && solution.fallbackReason == nil && solution.relativeResidual <= 1e-13)
    }

    @Test func indefiniteAndNonsymmetricSystemsFallBackToLU() throws {
        let indefinite = SparseMatrix.laplacian1D(200).adding(.identity(200), scaledBy: -5e4)
        let b = indefinite.multiply([Double](repeating: 1, count: 200))
        let solution = try DirectSolver.solve(indefinite, b)
        #expect(solution.method == .lu && solution.fallbackReason?.contains("not positive definite") == true)
        #expect(solution.relativeResidual <= 1e-10)
        let convection = SparseMatrix.convectionDiffusion2D(10, 10, velocity: (5, 0))
        let lu = try DirectSolver.solve(convection, [Double](repeating: 1, count: 100))
        #expect(lu.method == .lu && lu.fallbackReason == "the matrix is not symmetric")
    }

    @Test func nonFiniteEntriesAreNamed() {
        var a = SparseMatrix.laplacian1D(5)
        a.values[4] = .nan
        #expect(throws: SolverError.nonFiniteEntry(row: 1, column: 2)) { try DirectSolver.solve(a, [1, 1, 1, 1, 1]) }
    }

    @Test func singularSystemsThrow() {
        #expect(throws: SolverError.self) {
            try DirectSolver.solve(SparseMatrix.diagonal([1, 0, 2]), [1, 1, 1])
        }
    }
}
