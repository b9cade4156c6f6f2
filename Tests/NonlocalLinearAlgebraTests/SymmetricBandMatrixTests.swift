// Tests of the band Cholesky factorization (LAPACK dpbtrf/dpbtrs) against CHOLMOD on the same matrix, and its errors.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct SymmetricBandMatrixTests {
    /// A seeded diagonally dominant band matrix, as band and as CSR.
    static func matrix(n: Int, bandwidth k: Int, seed: UInt64) -> (SymmetricBandMatrix, SparseMatrix) {
        var generator = SplitMix64(seed: seed)
        var band = SymmetricBandMatrix(dimension: n, bandwidth: k)
        var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: n * (2 * k + 1))
        for j in 0..<n {
            band[row: j, column: j] = Double(2 * k + 2)
            builder.append(row: j, column: j, value: Double(2 * k + 2))
            for d in 1..<(min(k, n - 1 - j) + 1) {
                let value = generator.uniform(1)[0]
                band[row: j + d, column: j] = value
                builder.append(row: j + d, column: j, value: value)
                builder.append(row: j, column: j + d, value: value)
            }
        }
        return (band, builder.build())
    }

    @Test(arguments: [(1, 0), (7, 3), (100, 10), (50, 60)])
    func solvesLikeCholmod(n: Int, bandwidth: Int) throws {
        let (band, sparse) = Self.matrix(n: n, bandwidth: bandwidth, seed: UInt64(n))
        let factorization = try BandCholeskyFactorization(factorizing: band)
        let check = checkExactSolver(factorization, for: sparse, tolerance: 1e-13)
        #expect(check.passed, "worst residual \(check.worstResidual)")
        #expect(band.nonzeroCount == sparse.nonzeroCount)
    }

    @Test func indefiniteBandsNameTheColumn() {
        var band = SymmetricBandMatrix(dimension: 3, bandwidth: 1)
        band[row: 0, column: 0] = 1
        band[row: 1, column: 0] = 2
        band[row: 1, column: 1] = 1
        band[row: 2, column: 2] = 1
        #expect(throws: SolverError.notPositiveDefinite(column: 1)) { try BandCholeskyFactorization(factorizing: band) }
        band[row: 2, column: 2] = .nan
        #expect(throws: SolverError.nonFiniteEntry(row: 2, column: 2)) { try BandCholeskyFactorization(factorizing: band) }
    }
}
