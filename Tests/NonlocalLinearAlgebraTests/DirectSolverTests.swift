// Tests of the direct-solve policy: Cholesky when it applies, LU with a stated reason otherwise.
import Foundation
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
        #expect(lu.method == .lu && lu.fallbackReason?.hasPrefix("the matrix is not symmetric: A[") == true, "\(lu.fallbackReason ?? "")")
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

    /// [[1e20, 0], [1e5, 1]] is symmetric to 1e−14 relative to its largest entry, but not entry
    /// by entry; CHOLMOD would solve its symmetrised lower triangle. UMFPACK solves the matrix itself.
    @Test func aLargeAsymmetricEntryIsNotHiddenByAHugeOne() throws {
        let a = try SparseMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 1, 3], columnIndices: [0, 0, 1], values: [1e20, 1e5, 1])
        #expect(!a.isSymmetric(relativeTolerance: 1e-14))
        #expect(a.firstAsymmetry() == MatrixAsymmetry(row: 1, column: 0, value: 1e5, mirror: 0))
        let solution = try DirectSolver.solve(a, [1, 1])
        #expect(solution.method == .lu, "\(solution.method)")
        #expect(abs(solution.x[0] - 1e-20) <= 4e-36 && abs(solution.x[1] - (1 - 1e-15)) <= 1e-16, "\(solution.x)")
        #expect(solution.relativeResidual <= 1e-15)
        // Rounding-level asymmetry next to a unit diagonal still counts as symmetric (and uses CHOLMOD).
        let nearly = try SparseMatrix(
            rowCount: 2, columnCount: 2, rowPointers: [0, 2, 4], columnIndices: [0, 1, 0, 1], values: [2, -1, -1 - 1e-15, 2])
        #expect(nearly.isSymmetric(relativeTolerance: MatrixSymmetry.tolerance))
        #expect(try DirectSolver.solve(nearly, [1, 1]).method == .cholesky)
    }

    /// The tolerance of the answer check: 100·n·ε/rcond between 1e−10 and 1e−6.
    @Test func theResidualToleranceScalesWithTheConditionBetweenItsBounds() {
        #expect(DirectSolver.residualTolerance(unknowns: 100, reciprocalCondition: 1) == 1e-10)
        #expect(DirectSolver.residualTolerance(unknowns: 1000, reciprocalCondition: 1e-2) == 100 * 1000 * Double.ulpOfOne / 1e-2)
        #expect(DirectSolver.residualTolerance(unknowns: 1000, reciprocalCondition: 1e-12) == 1e-6)
        #expect(DirectSolver.residualTolerance(unknowns: 10, reciprocalCondition: 0) == 1e-6)
    }

    /// Answers that overflow or miss b are errors, never a Solution with residual inf or nan.
    @Test func answersThatFailTheirCheckThrow() {
        // rcond = 1, but x = 1e310.
        #expect(throws: SolverError.nonFiniteSolution(index: 0)) {
            try DirectSolver.solve(SparseMatrix.diagonal([1e-300, 1e-300]), [1e10, 1e10])
        }
        // CHOLMOD's x = (2.4, −1.4) is finite, but A·x overflows: the residual is inf or nan and cannot pass.
        let overflowing = try! SparseMatrix(
            rowCount: 2, columnCount: 2, rowPointers: [0, 2, 4], columnIndices: [0, 1, 0, 1], values: [1e308, 1e308, 1e308, 1.7e308])
        #expect {
            try DirectSolver.solve(overflowing, [1e308, 0])
        } throws: { error in
            guard case .inaccurateSolution(let residual, _, _)? = error as? SolverError else { return false }
            return !residual.isFinite
        }
    }

    /// A periodic operator (A·1 = 0) solved on the mean-zero vectors: b projected, x of mean zero,
    /// equal to the exact solution sin/λ₁ of the discrete Laplacian.
    @Test func constantsAreDeflated() throws {
        let n = 50
        var builder = TripletBuilder(rowCount: n, columnCount: n)
        for i in 0..<n {
            builder.append(row: i, column: i, value: 2)
            builder.append(row: i, column: (i + 1) % n, value: -1)
            builder.append(row: i, column: (i + n - 1) % n, value: -1)
        }
        let a = builder.build()
        #expect(a.annihilatesConstants)
        #expect(!SparseMatrix.laplacian1D(n).annihilatesConstants)
        let wave = (0..<n).map { sin(2 * Double.pi * Double($0) / Double(n)) }
        let solution = try DirectSolver.solve(a, wave.map { $0 + 3 }, nullSpace: .constants)
        let lambda = 2 - 2 * cos(2 * Double.pi / Double(n))
        #expect(zip(solution.x, wave).allSatisfy { abs($0 - $1 / lambda) <= 1e-11 / lambda })
        #expect(abs(solution.x.reduce(0, +)) <= 1e-12 * Double(n) / lambda)
        #expect(solution.nullSpace == .constants && solution.relativeResidual <= solution.residualTolerance)
        // A constant b lies wholly in the null space: x = 0, all of b removed.
        let constant = try DirectSolver.solve(a, [Double](repeating: 2, count: n), nullSpace: .constants)
        #expect(constant.x.allSatisfy { $0 == 0 } && constant.removedRightHandSide == 1 && constant.method == .none)
        // Without deflation the same system is singular: refused, never a solution.
        #expect(throws: SolverError.self) { try DirectSolver.solve(a, wave.map { $0 + 3 }) }
    }
}
