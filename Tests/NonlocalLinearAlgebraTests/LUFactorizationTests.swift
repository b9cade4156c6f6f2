// Tests of the UMFPACK wrapper: nonsymmetric residuals, re-factorization, singular matrices and its status messages.
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

    /// Every status umfpack.h documents (SuiteSparse 5.12), by value: the test target does not see the C header.
    static let documentedStatuses: [(name: String, code: Int32)] = [
        ("UMFPACK_OK", 0), ("UMFPACK_WARNING_singular_matrix", 1), ("UMFPACK_WARNING_determinant_underflow", 2),
        ("UMFPACK_WARNING_determinant_overflow", 3), ("UMFPACK_ERROR_out_of_memory", -1),
        ("UMFPACK_ERROR_invalid_Numeric_object", -3), ("UMFPACK_ERROR_invalid_Symbolic_object", -4),
        ("UMFPACK_ERROR_argument_missing", -5), ("UMFPACK_ERROR_n_nonpositive", -6), ("UMFPACK_ERROR_invalid_matrix", -8),
        ("UMFPACK_ERROR_different_pattern", -11), ("UMFPACK_ERROR_invalid_system", -13),
        ("UMFPACK_ERROR_invalid_permutation", -15), ("UMFPACK_ERROR_internal_error", -911), ("UMFPACK_ERROR_file_IO", -17),
        ("UMFPACK_ERROR_ordering_failed", -18),
    ]

    @Test func everyDocumentedStatusHasAMessageOfItsOwn() {
        let messages = Self.documentedStatuses.map { LUFactorization.statusMessage($0.code) }
        for (status, message) in zip(Self.documentedStatuses, messages) {
            #expect(!message.isEmpty && !message.contains("\n"), "\(status.name): '\(message)'")
            #expect(!message.contains("unknown"), "\(status.name) (\(status.code)) is not mapped: \(message)")
        }
        #expect(Set(messages).count == messages.count, "two statuses share a message: \(messages)")
        // Codes umfpack.h does not define (the gaps −2, −7, …) say so and name the number.
        for code: Int32 in [-2, -7, -12, 4, 1000] {
            #expect(LUFactorization.statusMessage(code) == "unknown UMFPACK status \(code)")
        }
        // The message reaches the error a caller sees.
        let error = SolverError.umfpack(function: "umfpack_dl_numeric", status: -11)
        #expect(error.description.contains(LUFactorization.statusMessage(-11)) && error.description.contains("umfpack_dl_numeric"))
    }
}
