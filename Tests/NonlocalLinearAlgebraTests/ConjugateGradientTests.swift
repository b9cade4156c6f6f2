// Tests of preconditioned conjugate gradients: exact preconditioning and the 1/h growth of plain CG.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct ConjugateGradientTests {
    @Test func exactCholeskyPreconditionerConvergesInAtMostTwoIterations() throws {
        let matrix = SparseMatrix.laplacian2D(60, 60)
        var generator = SplitMix64(seed: 21)
        let b = generator.uniform(3600)
        let result = try ConjugateGradient(relativeTolerance: 1e-10)
            .solve(matrix, b, preconditioner: try CholeskyFactorization(factorizing: matrix))
        #expect(result.iterations <= 2)
        #expect(relativeResidual(matrix, result.solution, b) <= 1e-10)
    }

    @Test func unpreconditionedIterationsGrowLikeOneOverH() throws {
        // κ(A) ~ 1/h², so CG needs O(√κ) = O(1/h) iterations: doubling the resolution doubles them.
        var counts: [Int] = []
        for m in [32, 64, 128] {
            let matrix = SparseMatrix.laplacian2D(m, m)
            let b = [Double](repeating: 1, count: m * m)
            let result = try ConjugateGradient(relativeTolerance: 1e-8).solve(matrix, b)
            #expect(relativeResidual(matrix, result.solution, b) <= 1e-7)
            #expect(result.residualHistory.count == result.iterations + 1)
            counts.append(result.iterations)
        }
        for (coarse, fine) in zip(counts, counts.dropFirst()) {
            let ratio = Double(fine) / Double(coarse)
            #expect(ratio >= 1.6 && ratio <= 2.4, "iterations \(counts)")
        }
    }

    @Test func jacobiAndLUPreconditionersAlsoWork() throws {
        let matrix = randomSPD(400, seed: 4)
        let b = [Double](repeating: 1, count: 400)
        let jacobi = try ConjugateGradient().solve(matrix, b, preconditioner: JacobiPreconditioner(matrix))
        #expect(relativeResidual(matrix, jacobi.solution, b) <= 1e-10)
        let lu = try ConjugateGradient().solve(matrix, b, preconditioner: try LUFactorization(factorizing: matrix))
        #expect(lu.iterations <= 2)
    }

    @Test func iterationLimitThrowsNoConvergence() throws {
        let matrix = SparseMatrix.laplacian2D(50, 50)
        #expect {
            try ConjugateGradient(maximumIterations: 5).solve(matrix, [Double](repeating: 1, count: 2500))
        } throws: { error in
            if case SolverError.noConvergence(iterations: 5, _) = error { return true }
            return false
        }
    }
}
