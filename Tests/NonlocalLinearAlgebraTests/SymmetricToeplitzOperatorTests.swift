// Tests of the FFT-applied symmetric Toeplitz operator: the conformance checks against the same matrix in CSR, and its eigenvalue bounds.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct SymmetricToeplitzOperatorTests {
    /// A_ij = c_{|i−j|} for seeded random c, assembled entry by entry in CSR (the independent product),
    /// at sizes whose circulant is exactly 2n − 1 long, padded, and trivial.
    @Test(arguments: [1, 2, 3, 7, 64, 255, 1000])
    func appliesAsItsAssembledMatrix(n: Int) {
        var generator = SplitMix64(seed: UInt64(n))
        let column = generator.uniform(n)
        var builder = TripletBuilder(rowCount: n, columnCount: n)
        for j in 0..<n { for i in 0..<n { builder.append(row: i, column: j, value: column[abs(i - j)]) } }
        let op = SymmetricToeplitzOperator(column: column)
        #expect(op.circulantLength >= 2 * n - 1 && op.circulantLength < max(2, 4 * n - 2))
        let result = checkLinearOperator(op, against: builder.build(), tolerance: 1e-14)
        #expect(result.passed, "n = \(n): worst difference \(result.worstDifference)")
    }

    /// tridiag(−1, 2, −1) has eigenvalues 2 − 2cos(πk/(n + 1)), inside the circulant's range [0, 4].
    @Test func theCirculantRangeBoundsTheSpectrum() {
        let op = SymmetricToeplitzOperator(column: [2, -1] + [Double](repeating: 0, count: 98))
        let range = op.circulantEigenvalueRange
        #expect(abs(range.lowerBound) < 1e-14 && abs(range.upperBound - 4) < 1e-14)
    }
}
