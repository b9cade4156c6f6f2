// Tests that a 1D operator's band is its assembled matrix, and that the reaction term shifts the diagonal.
import NonlocalAssembly
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct NonlocalOperatorBandTests {
    @Test(arguments: [0.0, 2.5])
    func bandIsTheAssembledMatrix(reaction: Double) throws {
        let grid = try Grid.interval(from: -1, to: 1, spacing: 0.05, horizon: 0.23)
        let op = NonlocalOperator(kernel: try TruncatedFractionalKernel(order: 0.6, horizon: 0.23, dimension: 1), grid: grid, reaction: reaction)
        let band = try #require(op.symmetricBand())
        let dense = op.assemble().denseMatrix()
        #expect(band.bandwidth == 4 && band.nonzeroCount == op.assemble().nonzeroCount)
        for j in 0..<grid.interiorCount {
            for i in 0..<grid.interiorCount {
                let expected = dense[i, j]
                let stored = i >= j && i - j <= band.bandwidth ? band[row: i, column: j] : (j > i && j - i <= band.bandwidth ? band[row: j, column: i] : 0)
                #expect(stored == expected, "(\(i), \(j))")
            }
        }
        let bare = NonlocalOperator(kernel: try TruncatedFractionalKernel(order: 0.6, horizon: 0.23, dimension: 1), grid: grid)
        #expect(op.diagonalWeight == bare.diagonalWeight + reaction)
    }

    @Test func onlyIntervalsAreBands() {
        let kernel = BernsteinKernel(coefficients: [1], horizon: 0.1, dimension: 1)
        #expect(NonlocalOperator(kernel: kernel, grid: .periodic(dimension: 1, points: 50, length: 1)).symmetricBand() == nil)
    }
}
