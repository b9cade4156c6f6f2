// Tests of the Bunch–Kaufman wrapper: saddle-point systems to round-off, 2×2 pivots, and the errors it reports.
import NonlocalLinearAlgebra
import Testing

@Suite struct DenseMatrixSolveTests {
    @Test func solvesSaddlePointSystemsToRoundOff() throws {
        // K = [Q Aᵀ; A −W] with Q positive semi-definite and singular, W ≥ 0 diagonal: the
        // interior-point Newton matrix, indefinite.
        var generator = SplitMix64(seed: 3)
        for (n, m) in [(5, 3), (40, 70), (120, 250)] {
            let factor = DenseMatrix(rowCount: n / 2, columnCount: n, storage: generator.uniform(n / 2 * n))
            let q = factor.multiplied(by: factor, transposingSelf: true)
            let a = DenseMatrix(rowCount: m, columnCount: n, storage: generator.uniform(m * n))
            let w = generator.uniform(m, in: 0..<1)
            var k = DenseMatrix(rowCount: n + m, columnCount: n + m)
            for j in 0..<n {
                for i in 0..<n { k[i, j] = q[i, j] }
                for i in 0..<m { (k[n + i, j], k[j, n + i]) = (a[i, j], a[i, j]) }
            }
            for i in 0..<m { k[n + i, n + i] = -w[i] }
            let factorization = try k.factorizedSymmetricIndefinite()
            for _ in 0..<3 {
                let b = generator.uniform(n + m)
                let x = factorization.solve(b)
                let residual = k.multiplied(by: x).subtracting(b).maximumNorm
                let rowSums = (0..<(n + m)).map { i in (0..<(n + m)).reduce(0) { $0 + abs(k[i, $1]) } }
                let scale = rowSums.max()! * x.maximumNorm + b.maximumNorm
                #expect(residual <= 10 * Double(n + m) * .ulpOfOne * scale, "n = \(n), m = \(m): residual \(residual)")
            }
        }
    }

    @Test func aZeroDiagonalNeedsATwoByTwoPivot() throws {
        // [[0, 1], [1, 0]] has no usable 1×1 pivot; its inverse is itself.
        let swap = DenseMatrix(columns: [[0, 1], [1, 0]])
        let x = try swap.factorizedSymmetricIndefinite().solve([2, 3])
        #expect(x == [3, 2])
    }

    @Test func singularAndNonFiniteMatricesThrow() {
        #expect(throws: SolverError.singular(reciprocalCondition: 0)) {
            try DenseMatrix(columns: [[1, 1], [1, 1]]).factorizedSymmetricIndefinite()
        }
        #expect(throws: SolverError.nonFiniteEntry(row: 1, column: 0)) {
            try DenseMatrix(columns: [[1, .nan], [.nan, 1]]).factorizedSymmetricIndefinite()
        }
    }
}
