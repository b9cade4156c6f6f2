// SurrogateValidation: `nonlocal validate` as a library call — a learned surrogate beside the dense references and the truncated kernel: errors, spectra, iterations, sizes and times.
import Foundation
import NonlocalAssembly
import NonlocalExport
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalReferences
import NonlocalRegression

/// Compares, on a grid of the unit interval or disk:
/// - as operators: the surrogate (a learned model), the truncated kernel `C_{d,s}/r^{d+2s}` at the
///   surrogate's δ, and each reference (``FractionalReference`` naive and accurate, or a matrix of
///   the user's): the relative L2 error of the solution of `A u = f` against the analytic
///   solution for f = 1 and for a Dyda–Kuznetsov–Kwaśnicki pair of degree 1 (non-constant f);
///   stored entries, bytes, factorization and solve times;
/// - as preconditioners of each reference A: the extreme eigenvalues of P⁻¹A (LAPACK's
///   generalized eigensolver up to ``denseEigenvalueLimit`` unknowns, CG's Lanczos estimates
///   above), the CG iterations they predict for a relative residual ε, and the iterations CG
///   takes on `A u = 1`.
/// When the grid is not the one the surrogate was learned on, the surrogate's training grid is
/// validated too, so the table shows what the change of grid costs.
public struct SurrogateValidation: Sendable {
    /// Where a reference comes from.
    public enum ReferenceSource: Sendable, Equatable {
        case builtIn(FractionalReference.Kind)
        /// A matrix file of the user's (``OperatorMatrix``), on the grid's unknowns.
        case file(path: String)

        /// `naive`, `accurate`, or a path.
        public init(parsing text: String) {
            if let kind = FractionalReference.Kind(rawValue: text) { self = .builtIn(kind) } else { self = .file(path: text) }
        }

        public var name: String {
            switch self {
            case .builtIn(let kind): kind.rawValue
            case .file(let path): path
            }
        }
    }

    public var modelPath: String
    /// nil: the grid the model was learned on.
    public var grid: GridSpecification?
    /// s; nil: the order the model records.
    public var order: Double?
    public var references: [ReferenceSource] = [.builtIn(.naive), .builtIn(.accurate)]
    /// ε for the CG runs and predictions.
    public var tolerance = 1e-10
    /// Up to this many unknowns P⁻¹A's spectrum is computed exactly (O(n³)); above, from CG's Lanczos matrix.
    public var denseEigenvalueLimit = 3_000

    public init(modelPath: String) { self.modelPath = modelPath }

    /// One operator validated.
    public struct OperatorRow: Sendable, Codable {
        /// `surrogate`, `surrogate (training grid)`, `truncated`, or the reference's name.
        public let name: String
        public let grid: String
        public let unknowns: Int
        public let nonzeros: Int
        public let bytes: Int
        public let factorSeconds: Double
        public let solveSeconds: Double
        /// Relative L2 errors against the analytic f = 1 solution and the degree-1 DKK pair.
        public let constantForcingError: Double
        public let exactPairError: Double
        /// As a preconditioner of each reference (by name); empty for the references themselves.
        public let preconditioning: [Preconditioning]
    }

    public struct Preconditioning: Sendable, Codable {
        public let reference: String
        public let lambdaMin: Double
        public let lambdaMax: Double
        /// Exact (LAPACK) or Lanczos estimates from CG.
        public let exactSpectrum: Bool
        public let predictedIterations: Int
        public let iterations: Int
    }

    public struct Outcome: Sendable {
        public let rows: [OperatorRow]
        public let order: Double
        public let gridWarning: String?
        /// On the validated grid: the unknowns' coordinates, the analytic f = 1 solution, and each
        /// operator's solution of A u = 1 (by row name), for plots.
        public let coordinates: [SIMD2<Double>]
        public let exactSolution: [Double]
        public let solutions: [String: [Double]]
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        let model = try KernelModel.read(from: modelPath)
        guard let s = order ?? model.fractionalOrder else {
            throw WorkflowError.missingSetting(name: "--order", reason: "\(modelPath) records no fractional order s; give the order of the operator it stands for")
        }
        guard s > 0, s < 1 else { throw WorkflowError.invalidSetting(name: "s", value: s, allowed: "pick s in (0, 1)") }
        let training = try model.trainingGrid.map { text throws(GridError) in try GridSpecification(parsing: text) }
        guard let specification = grid ?? training else { throw WorkflowError.noGrid(modelPath: modelPath) }
        guard model.dimension == specification.dimension else {
            throw WorkflowError.dimensionMismatch(modelPath: modelPath, kernel: model.dimension, grid: specification)
        }
        // Every grid the model is validated on must hold it: checked before any work.
        let grids = (training.map { $0.spacing != specification.spacing ? [$0] : [] } ?? []) + [specification]
        for grid in grids {
            do { try grid.makeGrid().checkHorizon(model.horizon) } catch { throw WorkflowError.horizon(modelPath: modelPath, error) }
        }
        let warning = TrainingGridCheck.warning(for: model, modelPath: modelPath, on: specification)
        if let warning { progress("warning: \(warning)") }
        var rows: [OperatorRow] = []
        if let training, training.spacing != specification.spacing {
            rows += try validate(model: model, order: s, on: training, surrogateOnly: true, progress: progress).rows
        }
        let main = try validate(model: model, order: s, on: specification, surrogateOnly: false, progress: progress)
        rows += main.rows
        let grid = try specification.makeGrid()
        return Outcome(
            rows: rows, order: s, gridWarning: warning, coordinates: grid.interiorCoordinates,
            exactSolution: try FractionalReference(kind: .naive, order: s, grid: grid).constantForcingSolution(), solutions: main.solutions)
    }

    /// The rows on one grid: the references, then the truncated kernel and the surrogate.
    private func validate(
        model: KernelModel, order s: Double, on specification: GridSpecification, surrogateOnly: Bool,
        progress: @escaping @Sendable (String) -> Void
    ) throws -> (rows: [OperatorRow], solutions: [String: [Double]]) {
        let grid = try specification.makeGrid()
        do { try grid.checkHorizon(model.horizon) } catch { throw WorkflowError.horizon(modelPath: modelPath, error) }
        // Dense references, each with its f = 1 and DKK errors.
        let anchor = try FractionalReference(kind: .naive, order: s, grid: grid)
        let constantSolution = anchor.constantForcingSolution(), pair = anchor.exactPair(degree: 1)
        let ones = [Double](repeating: 1, count: grid.interiorCount)
        var rows: [OperatorRow] = []
        var solutions: [String: [Double]] = [:]
        var references: [(String, DenseMatrix)] = []
        for source in surrogateOnly ? [] : self.references {
            progress("reference \(source.name) on \(specification)")
            let matrix = try referenceMatrix(source, order: s, grid: grid)
            let (factorization, factorSeconds) = try timed { () throws(SolverError) in try matrix.factorizedPositiveDefinite() }
            let (u, solveSeconds) = timed { factorization.solve(ones) }
            solutions[source.name] = u
            rows.append(OperatorRow(
                name: source.name, grid: specification.description, unknowns: matrix.rowCount, nonzeros: matrix.rowCount * matrix.rowCount,
                bytes: 8 * matrix.rowCount * matrix.rowCount, factorSeconds: factorSeconds, solveSeconds: solveSeconds,
                constantForcingError: FractionalReference.relativeError(u, against: constantSolution),
                exactPairError: FractionalReference.relativeError(factorization.solve(pair.forcing), against: pair.solution), preconditioning: []))
            references.append((source.name, matrix))
        }
        // The compact operators.
        var compact: [(String, any RadialKernel, Double)] = [
            (surrogateOnly ? "surrogate (training grid)" : "surrogate", try model.makeKernel(), model.reaction ?? 0)
        ]
        if !surrogateOnly { compact.append(("truncated", try TruncatedFractionalKernel(order: s, horizon: model.horizon, dimension: model.dimension), 0)) }
        for (name, kernel, reaction) in compact {
            progress("\(name) on \(specification)")
            let matrix = NonlocalOperator(kernel: kernel, grid: grid, reaction: reaction).assemble()
            let (cholesky, factorSeconds) = try timed { () throws(SolverError) in try CholeskyFactorization(factorizing: matrix) }
            let (u, solveSeconds) = timed { cholesky.solve(ones) }
            solutions[name] = u
            var preconditioning: [Preconditioning] = []
            for (reference, a) in references {
                let result = try ConjugateGradient(relativeTolerance: tolerance, maximumIterations: 10 * a.rowCount + 100).solve(a, ones, preconditioner: cholesky)
                let exact = a.rowCount <= denseEigenvalueLimit
                let bounds: (Double, Double)
                if exact {
                    let values = try a.generalizedEigenvalues(mass: matrix.denseMatrix())
                    bounds = (values.first!, values.last!)
                } else {
                    bounds = result.extremeEigenvalueEstimates.map { ($0.smallest, $0.largest) } ?? (.nan, .nan)
                }
                preconditioning.append(Preconditioning(
                    reference: reference, lambdaMin: bounds.0, lambdaMax: bounds.1, exactSpectrum: exact,
                    predictedIterations: SpectralRegression.predictedIterations(spread: bounds.1 / bounds.0, tolerance: tolerance),
                    iterations: result.iterations))
            }
            rows.append(OperatorRow(
                name: name, grid: specification.description, unknowns: matrix.rowCount, nonzeros: matrix.nonzeroCount,
                bytes: matrix.nonzeroCount * 12 + (matrix.rowCount + 1) * 8, factorSeconds: factorSeconds, solveSeconds: solveSeconds,
                constantForcingError: FractionalReference.relativeError(u, against: constantSolution),
                exactPairError: FractionalReference.relativeError(cholesky.solve(pair.forcing), against: pair.solution),
                preconditioning: preconditioning))
        }
        return (rows, solutions)
    }

    /// A reference's dense matrix on `grid`: built in, or read from the user's file, which must be
    /// square of the grid's size and symmetric (it is used as an SPD operator).
    private func referenceMatrix(_ source: ReferenceSource, order s: Double, grid: Grid) throws -> DenseMatrix {
        switch source {
        case .builtIn(let kind):
            return try FractionalReference(kind: kind, order: s, grid: grid).matrix()
        case .file(let path):
            let matrix = try OperatorMatrix.read(from: path)
            guard matrix.isSquare, matrix.rowCount == grid.interiorCount else {
                throw WorkflowError.matrixShape(path: path, rows: matrix.rowCount, columns: matrix.columnCount, unknowns: grid.interiorCount)
            }
            if let asymmetry = matrix.firstAsymmetry() { throw WorkflowError.notSymmetric(path: path, detail: asymmetry.description) }
            switch matrix {
            case .dense(let dense): return dense
            case .sparse(let sparse): return sparse.denseMatrix()
            }
        }
    }
}
