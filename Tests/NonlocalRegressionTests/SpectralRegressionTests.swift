// Tests of SpectralRegression: a learned preconditioner for the one-point fractional operator that clusters P⁻¹A better than truncating the kernel.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalRegression
import NonlocalTestSupport
import Testing

/// A dense matrix as a LinearOperator (y = A x by BLAS).
private struct DenseOperator: LinearOperator {
    let matrix: DenseMatrix
    var dimension: Int { matrix.rowCount }
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let result = matrix.multiplied(by: Array(x))
        for i in 0..<result.count { y[i] = result[i] }
    }
}

@Suite struct SpectralRegressionTests {
    static let s = 0.75
    static var constant: Double { pow(2, 2 * s) * s * tgamma(s + 0.5) / (Double.pi.squareRoot() * tgamma(1 - s)) }

    /// The one-point quadrature of C_{1,s}/|x−y|^{1+2s} on the unknowns of (−1, 1), with the
    /// lattice sum to R = 2 and the exterior tail C R^{−2s}/s on the diagonal (written out here,
    /// independently of the toolkit's references).
    static func naiveOperator(spacing h: Double) -> DenseMatrix {
        let n = Int((2 / h).rounded()) - 1
        var a = DenseMatrix(rowCount: n, columnCount: n)
        let reach = Int((2 / h).rounded())
        var diagonal = 2 * constant * pow(2, -2 * s) / (2 * s)
        for j in 1...reach { diagonal += 2 * constant * pow(Double(j) * h, -1 - 2 * s) * h }
        for j in 0..<n {
            for i in 0..<n { a[i, j] = i == j ? diagonal : -constant * pow(Double(abs(i - j)) * h, -1 - 2 * s) * h }
        }
        return a
    }

    static func dataset(spacing h: Double, horizon: Double) throws -> (DenseMatrix, Dataset) {
        let a = naiveOperator(spacing: h)
        var data = OperatorData(grid: .interval(lower: -1, upper: 1, spacing: h, horizon: horizon))
        data.problem = "fractional-naive"
        data.parameters = ["order": "\(s)"]
        return (a, try data.generate(operator: DenseOperator(matrix: a)))
    }

    static func iterations(_ a: DenseMatrix, preconditioner: SparseMatrix) throws -> Int {
        let b = [Double](repeating: 1, count: a.rowCount)
        return try ConjugateGradient(relativeTolerance: 1e-10).solve(
            DenseOperator(matrix: a), b, preconditioner: CholeskyFactorization(factorizing: preconditioner)
        ).iterations
    }

    /// At h = 2⁻⁷ (255 unknowns) and δ = 1/16, 1/8: the learned operator satisfies its own
    /// constraints on every sample, its α is d + 2s, and CG preconditioned by it needs fewer
    /// iterations than with the truncated kernel C_{1,s}/r^{1+2s} on r ≤ δ (measured independently
    /// with numpy: truncated 16 and 12, learned 10–11 and 8).
    @Test(arguments: [(0.0625, 16), (0.125, 12)])
    func beatsTheTruncatedKernel(horizon: Double, truncatedIterations: Int) throws {
        let h = 1.0 / 128
        let (a, data) = try Self.dataset(spacing: h, horizon: horizon)
        var configuration = SpectralRegression.Configuration(horizon: horizon, order: 4)
        configuration.outlierCounts = [0, 2, 4, 8]
        let regression = try SpectralRegression(dataset: data, configuration: configuration)
        #expect(regression.exponent == 1 + 2 * Self.s)
        let model = try regression.sweep(orders: [4])[0]
        #expect(model.losses["rayleigh_min"]! >= 1 - 1e-7, "P ≥ A on every sample")
        #expect(model.certificate?.coercive == true)
        let grid = try data.grid.makeGrid()
        let learned = NonlocalOperator(kernel: try model.makeKernel(), grid: grid, reaction: model.reaction ?? 0).assemble()
        let truncated = NonlocalOperator(kernel: try TruncatedFractionalKernel(order: Self.s, horizon: horizon, dimension: 1), grid: grid).assemble()
        let baseline = try Self.iterations(a, preconditioner: truncated)
        #expect(baseline == truncatedIterations)
        let count = try Self.iterations(a, preconditioner: learned)
        #expect(count < baseline, "learned \(count) vs truncated \(baseline)")
        #expect(abs(count - Int(model.losses["predicted_cg_iterations"]!)) <= 3, "prediction \(model.losses["predicted_cg_iterations"]!) vs \(count)")
    }

    @Test func dataWithoutAnOrderNeedAnExponent() throws {
        let (_, data) = try Self.dataset(spacing: 1.0 / 32, horizon: 0.25)
        var anonymous = data
        anonymous.parameters = [:]
        #expect(throws: RegressionError.self) {
            try SpectralRegression(dataset: anonymous, configuration: .init(horizon: 0.25, order: 2))
        }
    }
}
