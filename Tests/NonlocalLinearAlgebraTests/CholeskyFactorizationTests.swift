// Tests of the CHOLMOD wrapper: residuals at scale, several right-hand sides, re-factorization, errors, factor export.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

/// ‖A x − b‖ / ‖b‖.
func relativeResidual(_ a: SparseMatrix, _ x: [Double], _ b: [Double]) -> Double {
    a.multiply(x).subtracting(b).euclideanNorm / b.euclideanNorm
}

@Suite struct CholeskyFactorizationTests {
    /// Dirichlet Laplacians by name (matrices as test arguments would be printed on failure).
    static let dirichletLaplacians: [String: SparseMatrix] = [
        "1D n=1000": .laplacian1D(1000), "1D n=100000": .laplacian1D(100_000),
        "2D 30x30": .laplacian2D(30, 30), "2D 316x316 (n=99856)": .laplacian2D(316, 316),
    ]

    @Test(arguments: dirichletLaplacians.keys.sorted())
    func solvesDirichletLaplaciansToRoundOff(name: String) throws {
        let matrix = try #require(Self.dirichletLaplacians[name])
        let cholesky = try CholeskyFactorization(factorizing: matrix)
        let conformance = checkExactSolver(cholesky, for: matrix, tolerance: 1e-12)
        #expect(conformance.passed, "\(name): worst residual \(conformance.worstResidual)")
    }

    @Test func solvesSeveralRightHandSidesAtOnce() throws {
        let matrix = SparseMatrix.laplacian2D(20, 25)
        var generator = SplitMix64(seed: 5)
        let b = DenseMatrix(rowCount: 500, columnCount: 3, storage: generator.uniform(1500))
        let cholesky = try CholeskyFactorization(factorizing: matrix)
        let x = cholesky.solve(b)
        for j in 0..<3 {
            #expect(relativeResidual(matrix, x.column(j), b.column(j)) <= 1e-13)
            #expect(x.column(j) == cholesky.solve(b.column(j)))
        }
    }

    @Test func refactorizesNewValuesOnTheAnalyzedPattern() throws {
        let matrix = SparseMatrix.laplacian2D(15, 15)
        let cholesky = try CholeskyFactorization(analyzing: matrix)
        var generator = SplitMix64(seed: 6)
        let b = generator.uniform(225)
        for shift in [0.0, 10, 1000] {
            let shifted = matrix.adding(.identity(225), scaledBy: shift)
            try cholesky.factorize(shifted)
            #expect(relativeResidual(shifted, cholesky.solve(b), b) <= 1e-13)
        }
    }

    @Test(arguments: [CholeskyFactorization.Ordering.natural, .automatic])
    func indefiniteMatrixNamesTheFailingColumn(ordering: CholeskyFactorization.Ordering) throws {
        var diagonal = [Double](repeating: 2, count: 40)
        diagonal[17] = -1
        #expect(throws: SolverError.notPositiveDefinite(column: 17)) {
            try CholeskyFactorization(factorizing: .diagonal(diagonal), ordering: ordering)
        }
        // The 1D Laplacian's k-th pivot is (k+1)/k (times 1/h²); lowering a_kk by more than that breaks it at k.
        let laplacian = SparseMatrix.laplacian1D(30)
        let h2 = 1 / Double(31 * 31)
        let broken = laplacian.adding(.diagonal((0..<30).map { $0 == 9 ? -1.2 / h2 : 0 }))
        #expect(throws: SolverError.notPositiveDefinite(column: 9)) {
            try CholeskyFactorization(factorizing: broken, ordering: .natural)
        }
    }

    @Test func nonFiniteEntriesAreRejected() throws {
        var matrix = SparseMatrix.laplacian1D(5)
        matrix.values[4] = .nan
        #expect(throws: SolverError.nonFiniteEntry(row: 1, column: 2)) {
            try CholeskyFactorization(factorizing: matrix)
        }
    }

    @Test(arguments: [CholeskyFactorization.Ordering.automatic, .natural])
    func exportedFactorReproducesThePermutedMatrix(ordering: CholeskyFactorization.Ordering) throws {
        for matrix in [SparseMatrix.laplacian2D(40, 35), .laplacian1D(500), randomSPD(300, seed: 2)] {
            let cholesky = try CholeskyFactorization(factorizing: matrix, ordering: ordering)
            let factor = try cholesky.exportFactor()
            try factor.lower.validate()
            #expect(!factor.lower.values.contains(0))
            #expect(factor.lower.diagonal.allSatisfy { $0 == 1 })
            #expect(factor.lower.upperTriangle().nonzeroCount == matrix.rowCount)
            #expect(Set(factor.permutation) == Set(0..<matrix.rowCount))
            if ordering == .natural { #expect(factor.permutation == Array(0..<matrix.rowCount)) }
            let difference = matrix.symmetricallyPermuted(by: factor.permutation)
                .adding(factor.reconstructedPermutedMatrix(), scaledBy: -1)
            #expect(difference.frobeniusNorm <= 1e-12 * matrix.frobeniusNorm)
        }
    }
}

/// A seeded random sparse symmetric positive definite matrix (diagonally dominant).
func randomSPD(_ n: Int, seed: UInt64) -> SparseMatrix {
    var generator = SplitMix64(seed: seed)
    var builder = TripletBuilder(rowCount: n, columnCount: n)
    for _ in 0..<(4 * n) {
        let i = Int.random(in: 0..<n, using: &generator), j = Int.random(in: 0..<n, using: &generator)
        guard i != j else { continue }
        let value = Double.random(in: -1..<1, using: &generator)
        builder.append(row: i, column: j, value: value)
        builder.append(row: j, column: i, value: value)
    }
    let offDiagonal = builder.build()
    let rowSums = (0..<n).map { row in
        (offDiagonal.rowPointers[row]..<offDiagonal.rowPointers[row + 1]).reduce(0.0) { $0 + abs(offDiagonal.values[$1]) }
    }
    return offDiagonal.adding(.diagonal(rowSums.map { $0 + 0.5 }))
}
