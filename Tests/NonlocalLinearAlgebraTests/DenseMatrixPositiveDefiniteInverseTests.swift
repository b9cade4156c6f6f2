// Tests of the in-place inverse of a symmetric positive definite matrix: a known inverse, A·A⁻¹ = I, symmetry, and the errors.
import NonlocalLinearAlgebra
import Testing

@Suite struct DenseMatrixPositiveDefiniteInverseTests {
    @Test func aKnownInverseIsFullAndSymmetric() throws {
        // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8, both triangles filled.
        var a = DenseMatrix(columns: [[4, 2], [2, 3]])
        try a.invertPositiveDefinite()
        let expected = DenseMatrix(columns: [[3.0 / 8, -2.0 / 8], [-2.0 / 8, 4.0 / 8]])
        #expect(a.storage.subtracting(expected.storage).maximumNorm <= 1e-15)
    }

    @Test(arguments: [5, 64, 200])
    func theInverseTimesTheMatrixIsTheIdentity(n: Int) throws {
        // A = BᵀB + n I, seeded: ‖A A⁻¹ − I‖_max ≤ c·n·ε·κ with κ ≤ 10 here; the result is exactly symmetric.
        // n = 200 crosses the 64 × 64 tiles of the mirroring.
        var generator = SplitMix64(seed: UInt64(n))
        let b = DenseMatrix(rowCount: n, columnCount: n, storage: generator.uniform(n * n))
        var a = b.multiplied(by: b, transposingSelf: true)
        for i in 0..<n { a[i, i] += Double(n) }
        var inverse = a
        try inverse.invertPositiveDefinite()
        let product = a.multiplied(by: inverse)
        #expect(product.storage.subtracting(DenseMatrix.identity(n).storage).maximumNorm <= 100 * Double(n) * 0x1p-52)
        #expect(inverse == inverse.transposed())
    }

    @Test func indefiniteAndNonFiniteMatricesAreRefused() {
        var indefinite = DenseMatrix(columns: [[1, 2], [2, 1]])
        #expect(throws: SolverError.notPositiveDefinite(column: 1)) { try indefinite.invertPositiveDefinite() }
        var nonFinite = DenseMatrix(columns: [[1, .nan], [.nan, 1]])
        #expect(throws: SolverError.nonFiniteEntry(row: 1, column: 0)) { try nonFinite.invertPositiveDefinite() }
    }
}
