// Tests of the dense Cholesky and SVD wrappers: known factors and singular values, reconstruction, numerical rank, and the errors they report.
import Foundation
import NonlocalLinearAlgebra
import Testing

@Suite struct DenseMatrixFactorizationTests {
    @Test func choleskySolvesSeveralRightHandSidesWithOneFactorization() throws {
        // [[4, 2], [2, 3]] = LLᵀ with L = [[2, 0], [1, √2]]; A⁻¹ = [[3, −2], [−2, 4]] / 8.
        let factorization = try DenseMatrix(columns: [[4, 2], [2, 3]]).factorizedPositiveDefinite()
        #expect(factorization.solve([1, 0]).subtracting([3.0 / 8, -2.0 / 8]).maximumNorm <= 1e-15)
        #expect(factorization.solve([0, 1]).subtracting([-2.0 / 8, 4.0 / 8]).maximumNorm <= 1e-15)
    }

    @Test func choleskyRejectsIndefiniteAndNonFiniteMatrices() {
        #expect(throws: SolverError.notPositiveDefinite(column: 1)) {
            try DenseMatrix(columns: [[1, 2], [2, 1]]).factorizedPositiveDefinite()
        }
        #expect(throws: SolverError.nonFiniteEntry(row: 1, column: 0)) {
            try DenseMatrix(columns: [[1, .infinity], [.infinity, 1]]).factorizedPositiveDefinite()
        }
    }

    @Test(arguments: [(rows: 7, columns: 4), (rows: 3, columns: 6)])
    func singularValuesOfAKnownProductAndItsReconstruction(rows: Int, columns: Int) throws {
        // A = Q₁ diag(σ) Q₂ᵀ with orthonormal Q₁, Q₂ from Gram–Schmidt (twice) on
        // random columns: the SVD returns σ and reproduces A.
        var generator = SplitMix64(seed: UInt64(rows * columns))
        let p = min(rows, columns)
        let sigma = (0..<p).map { pow(10.0, -Double($0)) }
        func orthonormal(_ n: Int) -> DenseMatrix {
            var q = DenseMatrix(rowCount: n, columnCount: p)
            for j in 0..<p {
                var v = generator.uniform(n)
                for k in 0..<j { v.add(q.column(k), scaledBy: -q.column(k).dot(v)) }
                for k in 0..<j { v.add(q.column(k), scaledBy: -q.column(k).dot(v)) }
                v.scale(by: 1 / v.dot(v).squareRoot())
                for i in 0..<n { q[i, j] = v[i] }
            }
            return q
        }
        let (left, right) = (orthonormal(rows), orthonormal(columns))
        var scaledLeft = left
        for j in 0..<p { for i in 0..<rows { scaledLeft[i, j] *= sigma[j] } }
        let a = scaledLeft.multiplied(by: right.transposed())
        let svd = try a.singularValueDecomposition()
        #expect(svd.values.subtracting(sigma).maximumNorm <= 1e-14)
        #expect(svd.rank == p)
        var reconstructed = svd.left
        for j in 0..<p { for i in 0..<rows { reconstructed[i, j] *= svd.values[j] } }
        #expect(reconstructed.multiplied(by: svd.rightTransposed).storage.subtracting(a.storage).maximumNorm <= 1e-14)
        let gram = svd.left.multiplied(by: svd.left, transposingSelf: true)
        #expect(gram.storage.subtracting(DenseMatrix.identity(p).storage).maximumNorm <= 1e-14)
    }

    @Test func theRankCountsOnlySingularValuesAboveRounding() throws {
        // Rows (1, 2, 3), (2, 4, 6), (1, 0, 1): rank 2, the third singular value at rounding level.
        let a = DenseMatrix(columns: [[1, 2, 1], [2, 4, 0], [3, 6, 1]])
        let svd = try a.singularValueDecomposition()
        #expect(svd.rank == 2)
        #expect(svd.values[2] <= 1e-14 * svd.values[0])
        #expect(throws: SolverError.nonFiniteEntry(row: 0, column: 1)) {
            try DenseMatrix(columns: [[1, 0], [.nan, 1]]).singularValueDecomposition()
        }
    }
}
