// Benchmarks: what `nonlocal bench linalg|assembly|generate|io` measure, as library calls returning rows (the command prints them).
import Foundation
import NonlocalAssembly
import NonlocalExport
import NonlocalGenerators
import NonlocalKernels
import NonlocalLinearAlgebra

/// Timings of the toolkit's building blocks. Each function runs its cases and returns one row
/// per case; speed is measured here, never in tests.
public enum Benchmarks {
    /// CHOLMOD and ARPACK on the 2D 5-point Laplacian of `side`² unknowns.
    public struct LinearAlgebraRow: Sendable, Codable {
        public let unknowns: Int
        public let nonzeros: Int
        public let factorNonzeros: Int
        public let factorSeconds: Double
        public let solveSeconds: Double
        public let relativeResidual: Double
        public let eigenSeconds: Double
        public let lambdaMin: Double
        /// |λ_min − analytic| / analytic.
        public let eigenError: Double
        /// SciPy's `eigsh(A, k=1, sigma=0)` on the same matrix in the same run: seconds, λ_min and its
        /// error, and the SciPy version; nil when no python with SciPy was given or it failed.
        public var scipyEigenSeconds: Double?
        public var scipyEigenError: Double?
        public var scipyVersion: String?
    }

    /// - Parameter python: a python3 with SciPy, for the `eigsh` columns; nil skips them.
    public static func linearAlgebra(sides: [Int], python: String? = nil, progress: @Sendable (String) -> Void = { _ in }) throws -> [LinearAlgebraRow] {
        try sides.map { m in
            progress("n = \(m * m): assembling, factorizing, solving, eigenvalue")
            let matrix = SparseMatrix.laplacian2D(m, m)
            let (cholesky, factorTime) = try timed { () throws(SolverError) in try CholeskyFactorization(factorizing: matrix) }
            let b = matrix.multiply((0..<matrix.rowCount).map { Double($0 % 7) - 3 })
            let (x, solveTime) = timed { cholesky.solve(b) }
            let residual = matrix.multiply(x).subtracting(b).euclideanNorm / b.euclideanNorm
            let (pairs, eigenTime) = try timed { () throws(EigenError) in
                try SymmetricEigensolver(method: .arpack).smallestEigenpairs(of: matrix, count: 1)
            }
            let analytic = SparseMatrix.laplacian2DEigenvalue(m, m)
            var row = LinearAlgebraRow(
                unknowns: matrix.rowCount, nonzeros: matrix.nonzeroCount, factorNonzeros: cholesky.factorNonzeroCount,
                factorSeconds: factorTime, solveSeconds: solveTime, relativeResidual: residual, eigenSeconds: eigenTime,
                lambdaMin: pairs[0].value, eigenError: abs(pairs[0].value - analytic) / analytic)
            if let python, let scipy = scipyEigsh(python: python, side: m) {
                progress("n = \(m * m): SciPy \(scipy.version) eigsh(A, k=1, sigma=0)")
                row.scipyEigenSeconds = scipy.seconds
                row.scipyEigenError = abs(scipy.lambda - analytic) / analytic
                row.scipyVersion = scipy.version
            }
            return row
        }
    }

    /// SciPy's shift-invert Lanczos (SuperLU factorization, ARPACK) on ``SparseMatrix/laplacian2D(_:_:)``, built in
    /// SciPy as the same Kronecker sum (T ⊗ I + I ⊗ T, T = tridiag(−1, 2, −1)/h², h = 1/(m + 1)); nil when it cannot run.
    private static func scipyEigsh(python: String, side m: Int) -> (version: String, seconds: Double, lambda: Double)? {
        let script = """
            import time, numpy, scipy, scipy.sparse as sp, scipy.sparse.linalg as sla
            m = \(m); h = 1.0 / (m + 1)
            t = sp.diags([-numpy.ones(m - 1), 2 * numpy.ones(m), -numpy.ones(m - 1)], [-1, 0, 1]) / h**2
            a = (sp.kron(sp.identity(m), t) + sp.kron(t, sp.identity(m))).tocsc()
            start = time.perf_counter(); w = sla.eigsh(a, k=1, sigma=0, return_eigenvectors=False); seconds = time.perf_counter() - start
            print(scipy.__version__, seconds, repr(float(w[0])))
            """
        guard let output = SciPyInterpreter.run(python: python, script: script) else { return nil }
        let fields = output.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 3, let seconds = Double(fields[1]), let lambda = Double(fields[2]) else { return nil }
        return (fields[0], seconds, lambda)
    }

    /// Sparse assembly of a Bernstein-kernel operator on a large periodic grid.
    public struct AssemblyRow: Sendable, Codable {
        public let label: String
        public let unknowns: Int
        public let nonzeros: Int
        /// The best of the repetitions.
        public let assemblySeconds: Double
        public let applySeconds: Double
        /// max |A v − apply(v)| / max |apply(v)|: the assembled matrix against the matrix-free apply.
        public let applyDifference: Double
    }

    public static func assembly(repetitions: Int, progress: @Sendable (String) -> Void = { _ in }) -> [AssemblyRow] {
        precondition(repetitions >= 1, "at least one repetition")
        // (label, grid, horizon in grid spacings)
        let cases: [(String, Grid, Double)] = [
            ("2D periodic 1000 × 1000, δ = 3h", .periodic(dimension: 2, points: 1000, length: 1), 3),
            ("1D periodic 10⁶ points, δ = 10h", .periodic(dimension: 1, points: 1_000_000, length: 1), 10),
        ]
        return cases.map { label, grid, reach in
            progress("\(label): assembling \(repetitions)×")
            let kernel = BernsteinKernel(coefficients: [1, 2, 0.5, 3, 1], horizon: reach * grid.spacing, dimension: grid.dimension)
            let op = NonlocalOperator(kernel: kernel, grid: grid)
            var (matrix, best) = timed { op.assemble() }
            for _ in 1..<repetitions {
                let (assembled, seconds) = timed { op.assemble() }
                (matrix, best) = (assembled, min(best, seconds))
            }
            let v = (0..<grid.interiorCount).map { Double(($0 * 7919) % 1000) / 1000 }
            let (applied, applySeconds) = timed { op.apply(v, exterior: nil) }
            let difference = matrix.multiply(v).subtracting(applied).maximumNorm / applied.maximumNorm
            return AssemblyRow(
                label: label, unknowns: grid.interiorCount, nonzeros: matrix.nonzeroCount, assemblySeconds: best,
                applySeconds: applySeconds, applyDifference: difference)
        }
    }

    /// The fractional Green's-function generator (1D and disk) and the Darcy generator.
    public struct GenerationRow: Sendable, Codable {
        public let label: String
        public let unknowns: Int
        public let samples: Int
        public let seconds: Double
        public let target: String
    }

    public static func generation(progress: @Sendable (String) -> Void = { _ in }) throws -> [GenerationRow] {
        func measure(_ label: String, target: String, _ problem: some SampledProblem) throws -> GenerationRow {
            progress(label)
            let (data, seconds) = try timed { () throws(GeneratorError) in try problem.generate(report: { _ in }) }
            return GenerationRow(label: label, unknowns: data.pointCount, samples: data.sampleCount, seconds: seconds, target: target)
        }
        var interval = FractionalProblem()
        interval.samples = 1000
        var disk = FractionalProblem()
        disk.dimension = 2
        disk.samples = 200
        var darcy = DarcyProblem()
        darcy.samples = 1000
        return [
            try measure("fractional 1D, h = 0.01, s = 0.75", target: "≤ 2 s", interval),
            try measure("fractional disk, h = 0.05, s = 0.75", target: "≤ 30 s", disk),
            try measure("darcy, 16 elements per cell", target: "—", darcy),
        ]
    }
}
