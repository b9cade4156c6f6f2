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

    @Test func matricesWithoutStoredEntriesAreRefusedNotTrapped() throws {
        // A 2 × 2 zero matrix (a MatrixMarket `2 2 0`, a PETSc Mat with nz = 0) and a 0 × 0 one
        // reached a precondition (SIGILL) in the CHOLMOD/UMFPACK view of the arrays.
        let zero = try SparseMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 0, 0], columnIndices: [], values: [])
        #expect(throws: SolverError.noStoredEntries(rows: 2, columns: 2)) { try DirectSolver.solve(zero, [1, 1]) }
        #expect(throws: SolverError.noStoredEntries(rows: 2, columns: 2)) { try LUFactorization(factorizing: zero) }
        #expect(throws: SolverError.noStoredEntries(rows: 2, columns: 2)) { try CholeskyFactorization(factorizing: zero) }
        let empty = try SparseMatrix(rowCount: 0, columnCount: 0, rowPointers: [0], columnIndices: [], values: [])
        #expect(throws: SolverError.noStoredEntries(rows: 0, columns: 0)) { try DirectSolver.solve(empty, []) }
        #expect(SolverError.noStoredEntries(rows: 2, columns: 2).description.contains("no stored entries, so it is singular"))
        #expect(SolverError.noStoredEntries(rows: 0, columns: 0).description.contains("0 × 0: there are no unknowns"))
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
