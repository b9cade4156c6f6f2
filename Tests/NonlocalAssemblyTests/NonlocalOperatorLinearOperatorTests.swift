// Tests that the matrix-free operator is a LinearOperator: the same map as its assembled matrix, and CG solves with it unassembled.
import NonlocalAssembly
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct NonlocalOperatorLinearOperatorTests {
    static let grids: [(String, Grid)] = [
        ("periodic 1D", .periodic(dimension: 1, points: 200, length: 1)),
        ("periodic 2D", .periodic(dimension: 2, points: 30, length: 1)),
        ("interval", try! .interval(from: -1, to: 1, spacing: 0.01, horizon: 0.1)),
        ("disk", try! .disk(radius: 1, spacing: 0.05, horizon: 0.2)),
    ]

    @Test func matrixFreeApplyIsTheAssembledMatrix() {
        for (label, grid) in Self.grids {
            let kernel = BernsteinKernel(coefficients: [1, 3, 0.5], horizon: 4 * grid.spacing, dimension: grid.dimension)
            let op = NonlocalOperator(kernel: kernel, grid: grid)
            let check = checkLinearOperator(op, against: op.assemble(), tolerance: 1e-14)
            #expect(check.passed, "\(label): worst difference \(check.worstDifference)")
        }
    }

    /// CG on the unassembled operator reaches the CHOLMOD solution of the assembled one.
    @Test func conjugateGradientsTakeTheOperatorUnassembled() throws {
        let grid = try Grid.disk(radius: 1, spacing: 0.05, horizon: 0.2)
        let op = NonlocalOperator(kernel: BernsteinKernel(coefficients: [2, 1], horizon: 0.2, dimension: 2), grid: grid)
        let b = [Double](repeating: 1, count: op.dimension)
        let iterative = try ConjugateGradient(relativeTolerance: 1e-12).solve(op, b)
        let direct = try CholeskyFactorization(factorizing: op.assemble()).solve(b)
        #expect(iterative.solution.subtracting(direct).maximumNorm <= 1e-9 * direct.maximumNorm)
    }
}
