// Tests of stage 1: the quadratic loss is the mean squared residual, and exact NNLS recovers manufactured kernels.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalOptimization
import NonlocalRegression
import NonlocalTestSupport
import Testing

func bernsteinBasis(order: Int, horizon: Double, dimension: Int = 1) -> [any RadialKernel] {
    (0...order).map { BernsteinKernel.basisFunction($0, order: order, horizon: horizon, dimension: dimension) }
}

@Suite struct NonnegativeLeastSquaresTests {
    /// Data of kernel (5.3) made with the same discrete operator, so it lies in the model class.
    static func linearKernelData(samples: Int = 500) throws -> Dataset {
        var problem = ManufacturedProblem()
        problem.kernel = .linear
        problem.samples = samples
        return try problem.generate()
    }

    @Test(arguments: [(1, [0.0, 4]), (2, [0.0, 2, 4])])
    func exactRecoveryOfTheLinearKernel(order: Int, expected: [Double]) throws {
        let loss = try QuadraticLoss(dataset: Self.linearKernelData(), basis: bernsteinBasis(order: order, horizon: 0.25), horizon: 0.25, batchSize: 97)
        let solution = NonnegativeLeastSquares().solve(loss)
        let error = solution.coefficients.subtracting(expected).maximumNorm / expected.maximumNorm
        #expect(error <= 1e-10, "M = \(order): C = \(solution.coefficients)")
        #expect(solution.kktResidual <= 1e-10)
        // θᵀGθ − 2bᵀθ + c cancels terms of size c: its rounding is a few ε·c.
        #expect(solution.loss <= 1e-13 * loss.constant)
    }

    @Test func theQuadraticIsTheMeanSquaredResidual() throws {
        let data = try Self.linearKernelData(samples: 60)
        let basis = bernsteinBasis(order: 4, horizon: 0.25)
        let loss = try QuadraticLoss(dataset: data, basis: basis, horizon: 0.25, batchSize: 7)
        var generator = SplitMix64(seed: 2)
        let theta = generator.uniform(5, in: 0..<3)
        let kernel = BernsteinKernel(coefficients: theta, horizon: 0.25, dimension: 1)
        let residual = NonlocalOperator(kernel: kernel, grid: try data.grid.makeGrid()).apply(data.u).storage.subtracting(data.f.storage)
        let direct = residual.dot(residual) / Double(residual.count)
        #expect(abs(loss.value(at: theta) - direct) <= 1e-10 * direct)
    }

    @Test func solutionsSatisfyKKTWhenTheBoundIsActive() throws {
        // The cosine kernel (5.4) is negative near δ: a nonnegative fit must hit the bound C ≥ 0.
        for order in [3, 6, 10] {
            var problem = ManufacturedProblem()
            problem.kernel = .cosine
            problem.samples = 400
            let loss = try QuadraticLoss(dataset: problem.generate(), basis: bernsteinBasis(order: order, horizon: 0.25), horizon: 0.25)
            let solution = NonnegativeLeastSquares().solve(loss)
            #expect(solution.coefficients.allSatisfy { $0 >= 0 })
            #expect(solution.coefficients.contains(0), "M = \(order): the bound should be active")
            #expect(solution.kktResidual <= 1e-10, "M = \(order): KKT residual \(solution.kktResidual)")
            // No feasible perturbation improves the loss.
            var generator = SplitMix64(seed: UInt64(order))
            for _ in 0..<20 {
                let trial = zip(solution.coefficients, generator.uniform(order + 1, in: -1e-3..<1e-3)).map { max(0, $0 + $1) }
                #expect(loss.value(at: trial) >= solution.loss * (1 - 1e-12))
            }
        }
    }
}
