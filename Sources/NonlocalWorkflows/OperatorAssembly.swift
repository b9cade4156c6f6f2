// OperatorAssembly: `nonlocal assemble` as a library call — a kernel model on a grid, as an operator file with its metadata, solution and factor.
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalExport
import NonlocalFiles
import NonlocalKernels
import NonlocalLinearAlgebra

/// Assembles a kernel model on a grid into an ``OperatorFile``:
/// the sparse matrix of the one-point quadrature (``NonlocalOperator``), the metadata of
/// ``OperatorMetadata``, the kernel's coefficients, the grid's coordinates and, on request,
/// the right-hand side of L_K u = constant (zero exterior values), its CHOLMOD solution and
/// the Cholesky factor.
public struct OperatorAssembly: Sendable {
    public var modelPath: String
    public var grid: GridSpecification
    public var storage = OperatorFile.Storage.symmetric
    /// Adds the vector `rhs` = this constant on every unknown.
    public var rightHandSideConstant: Double?
    /// Solves A u = rhs (``DirectSolver``) and stores `surrogate_solution`.
    public var solve = false
    /// Also computes the CHOLMOD factor P A Pᵀ = L D Lᵀ for export.
    public var factor = false
    /// Export a model whose certificate says it is not coercive (its metadata then says so).
    public var allowNonCoercive = false

    /// Every side file an export to `path` in `format` can write beside it: the vectors of a
    /// MatrixMarket export (`stem.rhs.mtx`, `stem.surrogate_solution.mtx`), the factor files
    /// (`stem.factor.EXT`, and `stem.factor.L.mtx`, `.D`, `.permutation` for MatrixMarket), and the
    /// PETSc `.info` files.
    public static func sideFiles(of path: String, format: ExportFormat) -> [String] {
        let factor = sidePath(path, "factor")
        return switch format {
        case .matrixMarket: ["rhs", "surrogate_solution"].map { sidePath(path, $0) } + ["L", "D", "permutation"].map { sidePath(factor, $0) }
        case .netCDF: [factor]
        case .petsc: [path + ".info", factor, factor + ".info"]
        }
    }

    public init(modelPath: String, grid: GridSpecification) {
        self.modelPath = modelPath
        self.grid = grid
    }

    /// What an assembly produced.
    public struct Outcome: Sendable {
        public let model: KernelModel
        /// The model's certificate, recomputed on the assembly grid when the model has a
        /// sign-changing part and its certificate does not cover that grid.
        public let certificate: KernelModel.Certificate?
        public let file: OperatorFile
        public let factor: CholeskyFactor?
        /// Seconds to assemble the matrix.
        public let assemblySeconds: Double
        /// Set when the solve could not use Cholesky: why, and what solved instead.
        public let solverNote: String?
        /// Set when the model was learned on another grid spacing (``TrainingGridCheck``).
        public let gridWarning: String?

        /// Writes the operator (and the factor as `stem.factor.EXT`) in `format`, as one
        /// ``OutputTransaction``: the files appear together, `path` last, or not at all. Side
        /// files an earlier export left beside `path` (``OperatorAssembly/sideFiles(of:format:)``)
        /// that this one does not write are removed with it: a reader of the new `path` would take
        /// them for its right-hand side or factor.
        /// - Returns: every path written, and every stale side file removed.
        public func write(to path: String, format: ExportFormat) throws -> (written: [String], removed: [String]) {
            try OutputTransaction.run(primary: path) {
                var written = try file.write(to: path, format: format)
                if let factor { written += try factor.write(to: sidePath(path, "factor"), format: format) }
                let removed = OperatorAssembly.sideFiles(of: path, format: format).filter { !written.contains($0) && FileSystem.exists($0) }
                OutputTransaction.removeOnCommit(removed)
                return (written, removed)
            }
        }
    }

    /// - Throws: ``KernelError`` for an unusable model, ``WorkflowError`` for a grid it cannot
    ///   live on, ``GridError``, and ``SolverError`` from the solve or the factorization.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        precondition(!solve || rightHandSideConstant != nil, "a solve needs a right-hand side")
        let model = try KernelModel.read(from: modelPath)
        if let certificate = model.certificate, !certificate.coercive, !allowNonCoercive {
            throw WorkflowError.nonCoerciveExport(modelPath: modelPath, lambdaMin: certificate.lambdaMin, grid: certificate.grid)
        }
        let kernel = try model.makeKernel()
        guard kernel.dimension == grid.dimension else {
            throw WorkflowError.dimensionMismatch(modelPath: modelPath, kernel: kernel.dimension, grid: grid)
        }
        let grid = try self.grid.makeGrid()
        do { try grid.checkHorizon(kernel.horizon) } catch { throw WorkflowError.horizon(modelPath: modelPath, error) }
        // A nonnegative kernel is coercive on every grid; a sign-changing part only where it was checked.
        var certificate = model.certificate
        let checked = [certificate?.grid] + (certificate?.refinements ?? []).map(\.grid)
        if model.signChangingCoefficients.contains(where: { $0 != 0 }), !checked.contains(self.grid.description) {
            progress("certifying on \(self.grid) (a sign-changing part is not bounded on every grid)")
            let fresh = try KernelModel.Certificate(model: model, grid: grid, specification: self.grid)
            progress("λ_min = \(String(format: "%.6e", fresh.lambdaMin)) ≥ 1/κ − 2N(D) = \(String(format: "%.6e", fresh.lowerBound)) on \(self.grid)")
            if !fresh.coercive && !allowNonCoercive {
                throw WorkflowError.nonCoerciveExport(modelPath: modelPath, lambdaMin: fresh.lambdaMin, grid: self.grid.description)
            }
            certificate = fresh
        }
        progress("assembling \(model.family.rawValue) kernel on \(self.grid) (\(grid.interiorCount) unknowns)")
        let gridWarning = TrainingGridCheck.warning(for: model, modelPath: modelPath, on: self.grid)
        if let gridWarning { progress("warning: \(gridWarning)") }
        let (matrix, seconds) = timed { NonlocalOperator(kernel: kernel, grid: grid, reaction: model.reaction ?? 0).assemble() }

        var vectors: [String: [Double]] = [:]
        var note: String?
        if let constant = rightHandSideConstant {
            let rhs = [Double](repeating: constant, count: grid.interiorCount)
            vectors["rhs"] = rhs
            if solve {
                progress("solving with CHOLMOD")
                let solution = try DirectSolver.solve(matrix, rhs)
                if let reason = solution.fallbackReason { note = "\(reason); solved with \(solution.method.rawValue)" }
                vectors["surrogate_solution"] = solution.x
            }
        }
        var coefficients: [String: [Double]] = [:]
        if !model.nonnegativeCoefficients.isEmpty { coefficients["C"] = model.nonnegativeCoefficients }
        if !model.signChangingCoefficients.isEmpty { coefficients["D"] = model.signChangingCoefficients }
        let file = OperatorFile(
            matrix: matrix, storage: storage,
            metadata: OperatorMetadata.make(model: model, modelPath: modelPath, grid: grid, specification: self.grid),
            coefficients: coefficients, coordinates: grid.interiorCoordinates, vectors: vectors)
        var cholesky: CholeskyFactor?
        if factor {
            progress("factorizing with CHOLMOD")
            cholesky = try CholeskyFactorization(factorizing: matrix).exportFactor()
        }
        return Outcome(
            model: model, certificate: certificate, file: file, factor: cholesky, assemblySeconds: seconds, solverNote: note,
            gridWarning: gridWarning)
    }
}
