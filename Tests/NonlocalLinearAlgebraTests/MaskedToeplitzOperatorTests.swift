// Tests of the FFT-applied masked two-level Toeplitz operator: the conformance checks against the same matrix in CSR on irregular point sets, and its eigenvalue bounds.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct MaskedToeplitzOperatorTests {
    /// A_ij = c(|p_i − p_j|) for a seeded random table c on seeded random subsets of a box (not convex,
    /// not connected), assembled entry by entry in CSR (the independent product); also a single point,
    /// one row of points, and a full box.
    @Test(arguments: [(1, 1, 1.0), (9, 1, 1.0), (1, 7, 1.0), (6, 6, 1.0), (13, 8, 0.5), (30, 17, 0.3)])
    func appliesAsItsAssembledMatrix(width: Int, height: Int, density: Double) {
        var generator = SplitMix64(seed: UInt64(width * 100 + height))
        var points: [SIMD2<Int>] = []
        for y in 0..<height {
            for x in 0..<width where generator.nextUnit() < density { points.append(SIMD2(x - 3, 2 * y - 5)) }
        }
        if points.isEmpty { points = [SIMD2(4, -2)] }
        let span = 2 * max(width, 2 * height)
        let table = generator.uniform(span * span)
        let entry = { (offset: SIMD2<Int>) in table[abs(offset.x) + abs(offset.y) * span] }
        let n = points.count
        var builder = TripletBuilder(rowCount: n, columnCount: n)
        for j in 0..<n { for i in 0..<n { builder.append(row: i, column: j, value: entry(points[i] &- points[j])) } }
        let op = MaskedToeplitzOperator(points: points, entry: entry)
        #expect(op.diagonal == table[0])
        let result = checkLinearOperator(op, against: builder.build(), tolerance: 1e-13)
        #expect(result.passed, "\(width) × \(height), \(n) points: worst difference \(result.worstDifference)")
    }

    /// The 5-point Laplacian (4 on the diagonal, −1 at the four neighbours) on an m × m box: its
    /// eigenvalues 4 − 2cos(πj/(m+1)) − 2cos(πk/(m+1)) lie inside the circulant's range [0, 8], which
    /// the circulant attains (its frequencies include 0 and, for even sizes, π).
    @Test func theCirculantRangeBoundsTheSpectrum() {
        let points = (0..<10).flatMap { y in (0..<10).map { SIMD2($0, y) } }
        let op = MaskedToeplitzOperator(points: points) { offset in
            offset == .zero ? 4 : (offset.x + offset.y == 1 ? -1 : 0)
        }
        let range = op.circulantEigenvalueRange
        #expect(abs(range.lowerBound) < 1e-13 && abs(range.upperBound - 8) < 1e-13, "\(range)")
    }
}
