// Tests of the coercivity eigensolver against the known spectra of discrete Laplacians.
import Foundation
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

/// 4 sin²(θ/2) = 2 − 2 cos θ without cancellation for small θ.
func twoMinusTwoCos(_ theta: Double) -> Double { 4 * pow(sin(theta / 2), 2) }

/// The k smallest eigenvalues of the 1D Dirichlet Laplacian on n points: (2 − 2cos(kπ/(n+1)))/h².
func dirichlet1DEigenvalues(_ n: Int, count: Int) -> [Double] {
    let h = 1 / Double(n + 1)
    return (1...count).map { k in twoMinusTwoCos(Double(k) * .pi / Double(n + 1)) / (h * h) }
}

/// The k smallest eigenvalues of the 2D 5-point Dirichlet Laplacian on nx × ny points.
func dirichlet2DEigenvalues(_ nx: Int, _ ny: Int, count: Int) -> [Double] {
    let x = dirichlet1DEigenvalues(nx, count: min(nx, count)), y = dirichlet1DEigenvalues(ny, count: min(ny, count))
    return Array(x.flatMap { a in y.map { a + $0 } }.sorted().prefix(count))
}

func maximumRelativeError(_ pairs: [Eigenpair], _ exact: [Double]) -> Double {
    zip(pairs, exact).map { abs($0.value - $1) / abs($1) }.max() ?? .infinity
}

@Suite struct SymmetricEigensolverTests {
    @Test(arguments: [(200, SymmetricEigensolver.Method.dense), (200_000, .arpack), (200_000, .automatic)])
    func dirichlet1DLaplacian(n: Int, method: SymmetricEigensolver.Method) throws {
        let pairs = try SymmetricEigensolver(method: method).smallestEigenpairs(of: .laplacian1D(n), count: 4)
        let exact = dirichlet1DEigenvalues(n, count: 4)
        #expect(maximumRelativeError(pairs, exact) <= 1e-10)
        let scale = SparseMatrix.laplacian1D(n).infinityNorm
        #expect(pairs.allSatisfy { $0.residualNorm <= 1e-9 * scale })
    }

    @Test(arguments: [(15, 17, SymmetricEigensolver.Method.dense), (300, 310, .arpack)])
    func dirichlet2DLaplacian(nx: Int, ny: Int, method: SymmetricEigensolver.Method) throws {
        let matrix = SparseMatrix.laplacian2D(nx, ny)
        let pairs = try SymmetricEigensolver(method: method).smallestEigenpairs(of: matrix, count: 4)
        #expect(maximumRelativeError(pairs, dirichlet2DEigenvalues(nx, ny, count: 4)) <= 1e-10)
        #expect(pairs.allSatisfy { $0.residualNorm <= 1e-9 * matrix.infinityNorm })
    }

    @Test(arguments: [(200, SymmetricEigensolver.Method.dense), (100_000, .arpack)])
    func periodicLaplacianWithConstantsDeflated(n: Int, method: SymmetricEigensolver.Method) throws {
        let matrix = SparseMatrix.laplacian1D(n, periodic: true)
        let constants = [Double](repeating: 1, count: n)
        let pairs = try SymmetricEigensolver(method: method)
            .smallestEigenpairs(of: matrix, count: 3, deflating: constants)
        // 4 sin²(kπ/n) n², k = 1, 1, 2: the first non-zero eigenvalue is double.
        let first = twoMinusTwoCos(2 * .pi / Double(n)) * Double(n * n)
        let second = twoMinusTwoCos(4 * .pi / Double(n)) * Double(n * n)
        #expect(maximumRelativeError(pairs, [first, first, second]) <= 1e-10)
        #expect(pairs.allSatisfy { abs($0.vector.reduce(0, +)) <= 1e-8 * Double(n).squareRoot() })
    }

    @Test(arguments: [SymmetricEigensolver.Method.dense, .arpack])
    func generalizedPencilWithDiagonalMass(method: SymmetricEigensolver.Method) throws {
        // A w = λ M w with M = c I has eigenvalues λ(A)/c; M-orthonormal vectors.
        let n = 300, c = 0.37
        let pairs = try SymmetricEigensolver(method: method)
            .smallestEigenpairs(of: .laplacian1D(n), mass: .diagonal([Double](repeating: c, count: n)), count: 3)
        #expect(maximumRelativeError(pairs, dirichlet1DEigenvalues(n, count: 3).map { $0 / c }) <= 1e-10)
        #expect(pairs.allSatisfy { abs(c * $0.vector.dot($0.vector) - 1) <= 1e-10 })
    }

    @Test func indefiniteMatrixGivesItsMostNegativeEigenvalues() throws {
        // A − 50.5·λ₁ I is indefinite; the shift search must move below its spectrum.
        let n = 5000
        let exact = dirichlet1DEigenvalues(n, count: 3)
        let shift = 50.5 * exact[0]
        let matrix = SparseMatrix.laplacian1D(n).adding(.identity(n), scaledBy: -shift)
        let arpack = try SymmetricEigensolver(method: .arpack).smallestEigenpairs(of: matrix, count: 3)
        #expect(maximumRelativeError(arpack, exact.map { $0 - shift }) <= 1e-10)
        #expect(arpack[0].value < 0)
    }

    @Test func deflationOfAnIndefiniteOperatorFallsBackToAShiftBelowItsSpectrum() throws {
        // B = L − αL² annihilates constants, and its eigenvalues μ − αμ² turn negative for large μ,
        // so grounding fails and the shift search must find the most negative ones.
        let n = 400
        let laplacian = SparseMatrix.laplacian1D(n, periodic: true)
        let alpha = 4 / laplacian.infinityNorm
        let b = laplacian.adding(laplacian.multiplied(by: laplacian), scaledBy: -alpha)
        let constants = [Double](repeating: 1, count: n)
        let dense = try SymmetricEigensolver(method: .dense).smallestEigenpairs(of: b, count: 3, deflating: constants)
        let arpack = try SymmetricEigensolver(method: .arpack).smallestEigenpairs(of: b, count: 3, deflating: constants)
        #expect(dense[0].value < 0)
        #expect(zip(dense, arpack).allSatisfy { abs($0.value - $1.value) <= 1e-10 * abs($0.value) })
        // The exact minimum over the periodic modes μ_k = 4 sin²(kπ/n) n².
        let exact = (1..<n).map { k in
            let mu = twoMinusTwoCos(2 * .pi * Double(k) / Double(n)) * Double(n * n)
            return mu - alpha * mu * mu
        }.min()!
        #expect(abs(arpack[0].value - exact) <= 1e-10 * abs(exact))
    }

    @Test func oneIterationThrowsNoConvergenceWithTheConvergedPairs() throws {
        let solver = SymmetricEigensolver(method: .arpack, maximumIterations: 1, subspaceSize: 9)
        #expect {
            try solver.smallestEigenpairs(of: .laplacian2D(100, 100), count: 4)
        } throws: { error in
            guard case EigenError.noConvergence(let converged, let requested, _) = error else { return false }
            return requested == 4 && converged.count < 4
        }
    }

    @Test func nonPositiveDefiniteMassIsRejected() throws {
        var mass = [Double](repeating: 1, count: 50)
        mass[3] = -1
        #expect {
            try SymmetricEigensolver(method: .dense).smallestEigenpairs(of: .laplacian1D(50), mass: .diagonal(mass), count: 1)
        } throws: { error in
            if case EigenError.massNotPositiveDefinite = error { return true }
            return false
        }
    }
}
