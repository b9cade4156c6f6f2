// Tests of the UMFPACK wrapper: nonsymmetric residuals, re-factorization and singular matrices.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct LUFactorizationTests {
    @Test(arguments: [(30, 30), (316, 316)])
    func solvesConvectionDiffusionToRoundOff(nx: Int, ny: Int) throws {
        let matrix = SparseMatrix.convectionDiffusion2D(nx, ny, velocity: (40, -25))
        #expect(!matrix.isSymmetric())
        let lu = try LUFactorization(factorizing: matrix)
        let conformance = checkExactSolver(lu, for: matrix, tolerance: 1e-12)
        #expect(conformance.passed, "worst residual \(conformance.worstResidual)")
    }

    @Test func refactorizesOnTheAnalyzedPattern() throws {
        let matrix = SparseMatrix.convectionDiffusion2D(12, 12, velocity: (5, 5))
        let lu = try LUFactorization(analyzing: matrix)
        var generator = SplitMix64(seed: 12)
        let b = generator.uniform(144)
        for scale in [1.0, -3.0] {
            let scaled = matrix.scaled(by: scale)
            try lu.factorize(scaled)
            #expect(relativeResidual(scaled, lu.solve(b), b) <= 1e-13)
        }
    }

    @Test func singularMatricesThrowInsteadOfReturningNaN() throws {
        // Two equal rows in a convection–diffusion matrix: elimination meets an exact zero pivot.
        let matrix = SparseMatrix.convectionDiffusion2D(10, 10, velocity: (3, 1))
        var builder = TripletBuilder(rowCount: 100, columnCount: 100)
        for row in 0..<100 {
            let source = row == 57 ? 56 : row
            for k in matrix.rowPointers[source]..<matrix.rowPointers[source + 1] {
                builder.append(row: row, column: matrix.columnIndices[k], value: matrix.values[k])
            }
        }
        // And a structurally singular matrix: an empty column.
        let structurallySingular = try SparseMatrix(
            rowCount: 3, columnCount: 3, rowPointers: [0, 1, 2, 3], columnIndices: [0, 0, 2], values: [1, 2, 3])
        for singular in [builder.build(), structurallySingular] {
            #expect {
                try LUFactorization(factorizing: singular)
            } throws: { error in
                if case SolverError.singular = error { return true }
                return false
            }
        }
    }
}
