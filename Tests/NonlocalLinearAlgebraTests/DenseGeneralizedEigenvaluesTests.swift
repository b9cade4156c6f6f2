// Tests of the dense generalized eigenvalues A x = λ B x: a pencil with known spectrum, and a B that is not positive definite.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct DenseGeneralizedEigenvaluesTests {
    /// With B = diag(b) and A = diag(a), λ = a_i/b_i; conjugating both by one invertible matrix keeps λ.
    @Test func congruenceKeepsTheSpectrum() throws {
        let n = 6
        var generator = SplitMix64(seed: 4)
        let a = (0..<n).map { Double($0 + 1) }, b = (0..<n).map { _ in 0.5 + generator.nextUnit() }
        var s = DenseMatrix(rowCount: n, columnCount: n, storage: generator.uniform(n * n))
        for i in 0..<n { s[i, i] += 4 }
        func conjugated(_ d: [Double]) -> DenseMatrix {
            var diagonal = DenseMatrix(rowCount: n, columnCount: n)
            for i in 0..<n { diagonal[i, i] = d[i] }
            return s.multiplied(by: diagonal.multiplied(by: s.transposed()))
        }
        let values = try conjugated(a).generalizedEigenvalues(mass: conjugated(b))
        let expected = zip(a, b).map(/).sorted()
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) <= 1e-12 * expected.last! })
    }

    @Test func indefiniteMassIsRefused() {
        let a = DenseMatrix.identity(2)
        let b = DenseMatrix(rowCount: 2, columnCount: 2, storage: [1, 2, 2, 1])
        #expect(throws: SolverError.self) { try a.generalizedEigenvalues(mass: b) }
    }
}
