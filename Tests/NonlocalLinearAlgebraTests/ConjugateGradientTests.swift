// Tests of preconditioned conjugate gradients: exact preconditioning and the 1/h growth of plain CG.
import Foundation
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

    /// The Lanczos matrix of a converged solve bounds the spectrum from inside: on the
    /// n × 1 Laplacian (eigenvalues known, ``SparseMatrix/laplacian2DEigenvalue``) its extreme Ritz values match the
    /// extreme eigenvalues closely, and with an exact preconditioner P⁻¹A = I gives (1, 1).
    @Test func lanczosEstimatesTheExtremeEigenvalues() throws {
        let n = 100
        let matrix = SparseMatrix.laplacian2D(n, 1)
        let b = (0..<n).map { sin(Double($0 * 7)) + 0.5 }
        let result = try ConjugateGradient(relativeTolerance: 1e-12).solve(matrix, b)
        let (low, high) = try #require(result.extremeEigenvalueEstimates)
        let exactLow = SparseMatrix.laplacian2DEigenvalue(n, 1), exactHigh = SparseMatrix.laplacian2DEigenvalue(n, 1, modes: (n, 1))
        #expect(low >= exactLow * (1 - 1e-9) && abs(low - exactLow) <= 1e-6 * exactHigh, "\(low) vs \(exactLow)")
        #expect(high <= exactHigh * (1 + 1e-9) && abs(high - exactHigh) <= 1e-6 * exactHigh, "\(high) vs \(exactHigh)")
        let exact = try ConjugateGradient().solve(matrix, b, preconditioner: CholeskyFactorization(factorizing: matrix))
        let (one, alsoOne) = try #require(exact.extremeEigenvalueEstimates)
        #expect(abs(one - 1) <= 1e-10 && abs(alsoOne - 1) <= 1e-10)
    }
}
