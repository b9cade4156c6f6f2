// `nonlocal bench`: benchmarks that print tables (speed is measured here, never in tests).
import ArgumentParser
import NonlocalLinearAlgebra

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print tables.", subcommands: [Linalg.self])

    struct Linalg: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "CHOLMOD factor+solve and the ARPACK smallest eigenvalue of the 2D 5-point Laplacian.")

        @Option(parsing: .upToNextOption, help: "Grid points per side (n = m²).")
        var sides: [Int] = [100, 316, 1000]

        func validate() throws {
            guard !sides.isEmpty, sides.allSatisfy({ (2...3000).contains($0) }) else {
                throw ValidationError("--sides must be between 2 and 3000 points per side")
            }
        }

        func run() throws {
            var table = Table("n", "nnz(A)", "nnz(L)", "factor s", "solve s", "residual", "λ_min s", "λ_min", "rel. error")
            for m in sides {
                progress("n = \(m * m): assembling, factorizing, solving, eigenvalue")
                let matrix = SparseMatrix.laplacian2D(m, m)
                let (cholesky, factorTime) = try timed { try CholeskyFactorization(factorizing: matrix) }
                let b = matrix.multiply((0..<matrix.rowCount).map { Double($0 % 7) - 3 })
                let (x, solveTime) = timed { cholesky.solve(b) }
                let residual = matrix.multiply(x).subtracting(b).euclideanNorm / b.euclideanNorm
                let (pairs, eigenTime) = try timed {
                    try SymmetricEigensolver(method: .arpack).smallestEigenpairs(of: matrix, count: 1)
                }
                let analytic = SparseMatrix.laplacian2DEigenvalue(m, m)
                table.append(
                    matrix.rowCount.grouped, matrix.nonzeroCount.grouped, cholesky.factorNonzeroCount.grouped,
                    factorTime.fixed(3), solveTime.fixed(3), residual.scientific(1), eigenTime.fixed(2),
                    pairs[0].value.fixed(6), (abs(pairs[0].value - analytic) / analytic).scientific(1))
            }
            print(table.rendered)
        }
    }
}
