// Tests of DenseMatrix as a LinearOperator: the conformance checks against the same matrix in CSR, and CG on a dense system.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct DenseMatrixLinearOperatorTests {
    @Test func aNonSymmetricDenseMatrixAppliesAsItsSparseCopy() {
        // A non-symmetric A tells A x from Aᵀ x; the sparse copy is the independent product.
        let n = 37
        var generator = SplitMix64(seed: 7)
        let dense = DenseMatrix(rowCount: n, columnCount: n, storage: generator.uniform(n * n))
        var builder = TripletBuilder(rowCount: n, columnCount: n)
        for j in 0..<n { for i in 0..<n { builder.append(row: i, column: j, value: dense[i, j]) } }
        let result = checkLinearOperator(dense, against: builder.build(), tolerance: 1e-14)
        #expect(result.passed, "worst difference \(result.worstDifference)")
    }

    @Test func conjugateGradientSolvesADenseSystem() throws {
        // The 1D Laplacian tridiag(−1, 2, −1) of size 50 with x = (1, …, 50): b = A x, and CG finds x in ≤ 50 steps.
        let n = 50
        var a = DenseMatrix(rowCount: n, columnCount: n)
        for i in 0..<n {
            a[i, i] = 2
            if i > 0 { a[i, i - 1] = -1; a[i - 1, i] = -1 }
        }
        let x = (1...n).map(Double.init)
        let result = try ConjugateGradient(relativeTolerance: 1e-12).solve(a, a.multiplied(by: x))
        #expect(result.solution.subtracting(x).maximumNorm <= 1e-9)
        #expect(result.iterations <= n)
    }
}
