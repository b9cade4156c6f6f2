// PreconditioningStudy: `nonlocal precondition` as a library call — PCG on a dense fractional reference with no, Jacobi, truncated, truncated + tail mass and learned preconditioners over a sweep of h and δ, beside the dense Cholesky solve.
import Foundation
import NonlocalAssembly
import NonlocalExport
import NonlocalFiles
import NonlocalGenerators
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalReferences
import NonlocalRegression

/// Solves `A u = 1` for the reference A of `(−Δ)^s` (``FractionalReference``) on the unit
/// interval or disk at h = 2^−level, by conjugate gradients to a relative residual ε. In 1D A is
/// applied by FFT (``SymmetricToeplitzOperator``: O(n log n) per product, O(n) memory, so sizes
/// whose dense matrix does not fit are solved); on the disk it is the dense matrix. Preconditioners:
/// - none, and Jacobi (diag A);
/// - the truncated kernel `C_{d,s}/r^{d+2s}` on r ≤ δ (its one-point operator, factorized by
///   LAPACK's band Cholesky in 1D, CHOLMOD on the disk);
/// - truncated + tail mass: the same plus `c = ∫_{|ξ|>δ} C_{d,s}|ξ|^{−d−2s} dξ` on the diagonal;
/// - the learned surrogate of horizon δ (factorized alike): a model given for that δ, or else one learned
///   here once per δ at the training level from the same reference's modes
///   (``OperatorData``, ``SpectralRegression``, order ``learnedOrder``, α = d + 2s, a reaction
///   term) and used at every level;
/// and, in the same run, A's dense Cholesky factorization and solve (LAPACK), at the levels where
/// two dense N × N matrices fit in memory (the others are skipped and said so).
public struct PreconditioningStudy: Sendable {
    public var reference = FractionalReference.Kind.naive
    /// s.
    public var order = 0.75
    public var dimension = 1
    /// h = 2^−level for each level.
    public var levels: [Int]
    /// The horizons δ of the compact preconditioners.
    public var horizons: [Double]
    /// ε.
    public var tolerance = 1e-10
    /// M of the learned kernels.
    public var learnedOrder = 4
    /// The level the learned kernels are trained at (default 8 in 1D, 5 on the disk).
    public var trainingLevel: Int?
    /// Model files to use instead of learning; each serves the δ it was learned for.
    public var modelPaths: [String] = []
    /// Time A's dense Cholesky factorization and solve beside PCG.
    public var denseCholesky = true
    /// The preconditioners to run (default all); unpreconditioned CG and Jacobi take thousands of
    /// iterations at the finest levels.
    public var preconditioners = Set(PreconditionerKind.allCases)
    /// Write the system of one row (level, δ) for petsc4py: `system.petsc` (dense A, then b),
    /// `learned.petsc` and `truncated.petsc` (AIJ), and `row.json` with the iterations measured here.
    public var export: (level: Int, horizon: Double, directory: String)?

    public init(levels: [Int], horizons: [Double]) {
        self.levels = levels
        self.horizons = horizons
    }

    public enum PreconditionerKind: String, Sendable, Codable, CaseIterable {
        case none
        case jacobi
        case truncated
        case truncatedTailMass = "truncated+tail"
        case learned
    }

    /// One PCG solve.
    public struct Row: Sendable, Codable {
        public let level: Int
        public let spacing: Double
        public let unknowns: Int
        /// δ (nil for none and Jacobi).
        public let horizon: Double?
        public let preconditioner: PreconditionerKind
        /// Stored entries of P (0 for none, n for Jacobi).
        public let nonzeros: Int
        public let iterations: Int
        /// Building and factorizing P.
        public let setupSeconds: Double
        /// One application of P⁻¹ (the factor's two triangular solves); 0 for none.
        public let preconditionerSolveSeconds: Double
        public let iterationSeconds: Double
        public var totalSeconds: Double { setupSeconds + iterationSeconds }
        /// Lanczos estimates of P⁻¹A's extreme eigenvalues (``ConjugateGradientResult``).
        public let lambdaMin: Double?
        public let lambdaMax: Double?
        /// ‖A u − b‖/‖b‖ recomputed from the solution.
        public let relativeResidual: Double
        /// ‖u − u₁‖/‖u₁‖ against the analytic f = 1 solution.
        public let error: Double
        /// In 1D, the continuous L2 error of the piecewise-linear interpolant against u₁ (what
        /// finite-element codes such as PyNucleus report); nil on the disk.
        public let continuousError: Double?
        /// CG's ‖r_k‖/‖b‖ for k = 0 … iterations.
        public let residualHistory: [Double]
    }

    /// A's dense Cholesky solve at one level.
    public struct DenseRow: Sendable, Codable {
        public let level: Int
        public let unknowns: Int
        public let buildSeconds: Double
        public let factorSeconds: Double
        public let solveSeconds: Double
        public let error: Double
    }

    public struct Outcome: Sendable {
        public let rows: [Row]
        public let dense: [DenseRow]
        /// The learned (or given) model of each δ.
        public let models: [Double: KernelModel]
        /// Files written by ``export``.
        public let exported: [String]
    }

    /// Checks the request before any work: s ∈ (0, 1), d ∈ {1, 2}, levels and horizons in range,
    /// every level's A within the available memory (on the disk its dense matrix; in 1D its FFT
    /// vectors, and the dense matrix only where a row is exported), the training level's dense
    /// matrix when preconditioners are learned, and in 1D every band factor.
    public func validate() throws {
        guard order > 0, order < 1 else { throw WorkflowError.invalidSetting(name: "s", value: order, allowed: "pick s in (0, 1)") }
        guard dimension == 1 || dimension == 2 else {
            throw WorkflowError.invalidSetting(name: "dimension", value: Double(dimension), allowed: "1 (interval) or 2 (disk)")
        }
        guard !levels.isEmpty, levels.allSatisfy({ (2...20).contains($0) }) else {
            throw WorkflowError.invalidSetting(name: "level", value: Double(levels.first { !(2...20).contains($0) } ?? 0), allowed: "give levels in 2...20 (h = 2^−level)")
        }
        guard !horizons.isEmpty, horizons.allSatisfy({ $0 > 0 && $0 <= 1 && $0.isFinite }) else {
            throw WorkflowError.invalidSetting(name: "δ", value: horizons.first { !($0 > 0 && $0 <= 1) } ?? .nan, allowed: "give horizons in (0, 1]")
        }
        guard tolerance > 0, tolerance < 1 else { throw WorkflowError.invalidSetting(name: "tolerance", value: tolerance, allowed: "pick ε in (0, 1)") }
        if modelPaths.isEmpty {
            for delta in horizons where delta < spacing(resolvedTrainingLevel) * 4 * (1 - 1e-10) {
                throw WorkflowError.invalidSetting(
                    name: "δ", value: delta,
                    allowed: "δ = \(delta) spans fewer than 4 points of the training grid h = 2^-\(resolvedTrainingLevel); raise --training-level to \(Int(log2(4 / delta).rounded(.up))) or more")
            }
        }
        // Sized before anything is built: refuses what will not fit with the bytes it needs.
        var denseLevels = Set(dimension == 2 ? levels : [])
        if modelPaths.isEmpty { denseLevels.insert(resolvedTrainingLevel) }
        if let export { denseLevels.insert(export.level) }
        for level in denseLevels.sorted() {
            _ = try FractionalReference(kind: reference, order: order, dimension: dimension, spacing: spacing(level))
        }
        guard dimension == 1 else { return }
        for level in levels {
            let reference = try FractionalReference(matrixFree: reference, order: order, spacing: spacing(level))
            for delta in horizons { try bandFactorRequest(unknowns: reference.unknownCount, level: level, horizon: delta).check() }
        }
    }

    /// The band preconditioner's memory at one (level, δ): n × (k + 1) doubles for k = ⌊δ/h⌋ sub-diagonals
    /// (the stencil's count, at most n − 1), the band factorized in place.
    func bandFactorRequest(unknowns n: Int, level: Int, horizon: Double) -> MemoryRequest {
        let k = min(Int((horizon / spacing(level) * (1 + 1e-10)).rounded(.down)), n - 1)
        return MemoryRequest("the band Cholesky factor of a δ = \(horizon) preconditioner at h = 2^-\(level) (n = \(n), \(k) sub-diagonals; "
                          + "a smaller δ or a coarser level needs less)",
                      bytes: MemoryRequest.product(8, n, k + 1))
    }

    var resolvedTrainingLevel: Int { trainingLevel ?? (dimension == 1 ? 8 : 5) }

    private func spacing(_ level: Int) -> Double { pow(2, -Double(level)) }

    private func grid(level: Int, horizon: Double) -> GridSpecification {
        let h = spacing(level)
        return dimension == 1 ? .interval(lower: -1, upper: 1, spacing: h, horizon: horizon) : .disk(radius: 1, spacing: h, horizon: horizon)
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        try validate()
        let models = preconditioners.contains(.learned) ? try preconditionerModels(progress: progress) : [:]
        var rows: [Row] = [], dense: [DenseRow] = [], exported: [String] = []
        for level in levels {
            let h = spacing(level)
            let widest = grid(level: level, horizon: horizons.max()!)
            let reference = dimension == 1
                ? try FractionalReference(matrixFree: reference, order: order, spacing: h)
                : try FractionalReference(kind: reference, order: order, grid: try widest.makeGrid())
            let n = reference.unknownCount
            progress("h = 2^-\(level): the \(self.reference.rawValue) reference, \(n) unknowns\(dimension == 1 ? ", applied by FFT" : "")")
            let fast = reference.fastOperator()
            // The dense A: on the disk, to apply it; in 1D only for the dense Cholesky row (where it fits) or an export.
            let exporting = export?.level == level
            let wantsDense = fast == nil || exporting || (denseCholesky && reference.denseMatricesFit(2))
            if fast != nil, denseCholesky, !wantsDense {
                progress("h = 2^-\(level): dense Cholesky skipped: A and its factor need \(String(format: "%.1f", Double(reference.solvingBytes) / 1e9)) GB")
            }
            let (denseA, buildSeconds) = try timed { () throws(ReferenceError) in wantsDense ? try reference.matrix() : nil }
            let a: any LinearOperator = fast ?? denseA!
            let b = [Double](repeating: 1, count: n), exact = reference.constantForcingSolution()
            func solve(_ preconditioner: (any Preconditioner)?) throws -> (ConjugateGradientResult, Double) {
                try timed { () throws(SolverError) in
                    try ConjugateGradient(relativeTolerance: tolerance, maximumIterations: 20 * n + 100).solve(a, b, preconditioner: preconditioner)
                }
            }
            func row(
                _ kind: PreconditionerKind, horizon: Double?, nonzeros: Int, setup: Double, _ result: ConjugateGradientResult, _ seconds: Double,
                preconditioner: (any NonlocalLinearAlgebra.Preconditioner)? = nil
            ) -> Row {
                let solveSeconds = preconditioner.map { p in timed { _ = p.solve(b) }.1 } ?? 0
                let residual = a.apply(result.solution).subtracting(b).euclideanNorm / b.euclideanNorm
                progress("h = 2^-\(level)\(horizon.map { ", δ = \($0)" } ?? ""), \(kind.rawValue): \(result.iterations) iterations")
                return Row(
                    level: level, spacing: h, unknowns: n, horizon: horizon, preconditioner: kind, nonzeros: nonzeros,
                    iterations: result.iterations, setupSeconds: setup, preconditionerSolveSeconds: solveSeconds, iterationSeconds: seconds,
                    lambdaMin: result.extremeEigenvalueEstimates?.smallest, lambdaMax: result.extremeEigenvalueEstimates?.largest,
                    relativeResidual: residual, error: FractionalReference.relativeError(result.solution, against: exact),
                    continuousError: dimension == 1
                        ? reference.continuousRelativeError(result.solution) {
                            FractionalPoissonSolver.constantForcingSolution(order: order, dimension: 1, at: SIMD2($0, 0))
                        } : nil,
                    residualHistory: result.residualHistory)
            }
            if preconditioners.contains(.none) {
                let (plain, plainSeconds) = try solve(nil)
                rows.append(row(.none, horizon: nil, nonzeros: 0, setup: 0, plain, plainSeconds))
            }
            if preconditioners.contains(.jacobi) {
                let (jacobi, jacobiSetup) = timed {
                    JacobiPreconditioner(diagonal: fast.map { [Double](repeating: $0.diagonal, count: n) } ?? (0..<n).map { denseA![$0, $0] })
                }
                let (jacobiResult, jacobiSeconds) = try solve(jacobi)
                rows.append(row(.jacobi, horizon: nil, nonzeros: n, setup: jacobiSetup, jacobiResult, jacobiSeconds, preconditioner: jacobi))
            }
            for delta in horizons {
                let grid = try grid(level: level, horizon: delta).makeGrid()
                guard delta >= h * (1 - 1e-10) else {
                    progress("h = 2^-\(level), δ = \(delta): skipped, δ < h")
                    continue
                }
                let truncatedKernel = try TruncatedFractionalKernel(order: order, horizon: delta, dimension: dimension)
                let candidates: [(PreconditionerKind, any RadialKernel, Double)] =
                    [(.truncated, truncatedKernel, 0), (.truncatedTailMass, truncatedKernel, truncatedKernel.tailMass)]
                    + (try models[delta].map { [(.learned, try $0.makeKernel(), $0.reaction ?? 0)] } ?? [])
                var operators: [PreconditionerKind: NonlocalOperator] = [:]
                for (kind, kernel, reaction) in candidates where preconditioners.contains(kind) {
                    let op = NonlocalOperator(kernel: kernel, grid: grid, reaction: reaction)
                    operators[kind] = op
                    if dimension == 1 { try bandFactorRequest(unknowns: n, level: level, horizon: delta).check() }
                    let ((factorization, nonzeros), setup) = try timed { () throws(SolverError) -> (any NonlocalLinearAlgebra.Preconditioner, Int) in
                        // A 1D compact operator is a band: LAPACK's band Cholesky, filled straight from
                        // the stencil; elsewhere the sparse matrix and CHOLMOD.
                        if let band = op.symmetricBand() {
                            let nonzeros = band.nonzeroCount
                            return (try BandCholeskyFactorization(factorizing: consume band), nonzeros)
                        }
                        let matrix = op.assemble()
                        return (try CholeskyFactorization(factorizing: matrix), matrix.nonzeroCount)
                    }
                    let (result, seconds) = try solve(factorization)
                    rows.append(row(kind, horizon: delta, nonzeros: nonzeros, setup: setup, result, seconds, preconditioner: factorization))
                }
                if let export, export.level == level, abs(export.horizon - delta) <= 1e-12 * delta {
                    exported = try write(
                        export.directory, a: denseA!, b: b, operators: operators,
                        rows: rows.filter { $0.level == level && ($0.horizon == nil || $0.horizon == delta) })
                }
            }
            if denseCholesky, let a = denseA {
                progress("h = 2^-\(level): dense Cholesky of A (LAPACK)")
                let (factorization, factorSeconds) = try timed { () throws(SolverError) in try a.factorizedPositiveDefinite() }
                let (u, solveSeconds) = timed { factorization.solve(b) }
                dense.append(DenseRow(
                    level: level, unknowns: a.rowCount, buildSeconds: buildSeconds, factorSeconds: factorSeconds, solveSeconds: solveSeconds,
                    error: FractionalReference.relativeError(u, against: exact)))
            }
        }
        return Outcome(rows: rows, dense: dense, models: models, exported: exported)
    }

    /// Each δ's learned model: given, or learned at the training level from the reference's modes.
    private func preconditionerModels(progress: @escaping @Sendable (String) -> Void) throws -> [Double: KernelModel] {
        var models: [Double: KernelModel] = [:]
        for path in modelPaths {
            let model = try KernelModel.read(from: path)
            guard let delta = horizons.first(where: { abs($0 - model.horizon) <= 1e-12 * $0 }) else {
                throw WorkflowError.invalidSetting(name: "δ of \(path)", value: model.horizon, allowed: "the sweep's horizons are \(horizons); add it with --deltas")
            }
            models[delta] = model
        }
        let missing = horizons.filter { models[$0] == nil }
        guard !missing.isEmpty else { return models }
        let level = resolvedTrainingLevel
        let training = grid(level: level, horizon: horizons.max()!)
        progress("learning preconditioners for δ = \(missing.map { "\($0)" }.joined(separator: ", ")) at h = 2^-\(level) from the \(reference.rawValue) reference's modes")
        let a = try FractionalReference(kind: reference, order: order, grid: try training.makeGrid()).matrix()
        var data = OperatorData(grid: training)
        data.problem = "fractional-\(reference.rawValue)"
        data.parameters = ["order": "\(order)", "reference": reference.rawValue]
        let dataset = try data.generate(matrix: a, report: progress)
        for delta in missing {
            let regression = try SpectralRegression(dataset: dataset, configuration: .init(horizon: delta, order: learnedOrder))
            let model = try regression.sweep(orders: [learnedOrder], progress: progress)[0]
            progress("δ = \(delta): learned, about \(Int(model.losses["predicted_cg_iterations"] ?? .nan)) CG iterations predicted on the training grid")
            models[delta] = model
        }
        return models
    }

    /// The exported system of one row and the iterations measured here.
    private func write(_ directory: String, a: DenseMatrix, b: [Double], operators: [PreconditionerKind: NonlocalOperator], rows: [Row]) throws -> [String] {
        var written: [String] = []
        let system = directory + "/system.petsc"
        try PETScBinaryFile.write([.denseMatrix(a), .vector(b)], names: ["A", "rhs"], to: system)
        written += [system, system + ".info"]
        for (kind, name) in [(PreconditionerKind.learned, "learned"), (.truncated, "truncated")] {
            guard let op = operators[kind] else { continue }
            let path = directory + "/\(name).petsc"
            try PETScBinaryFile.write([.matrix(op.assemble())], names: ["P"], to: path)
            written += [path, path + ".info"]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = directory + "/row.json"
        try AtomicFile.write([UInt8](try encoder.encode(rows)), to: json)
        written.append(json)
        return written
    }
}
