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
/// interval or disk at h = 2^−level, by conjugate gradients to a relative residual ε. A is applied by
/// FFT wherever it is translation-invariant (in 1D, ``SymmetricToeplitzOperator``; the disk's naive
/// reference, ``MaskedToeplitzOperator``): O(n log n) per product and O(n) memory, so sizes whose dense
/// matrix does not fit are solved. The disk's accurate reference is the dense matrix. Preconditioners:
/// - none, and Jacobi (diag A);
/// - the truncated kernel `C_{d,s}/r^{d+2s}` on r ≤ δ (its one-point operator, factorized by
///   LAPACK's band Cholesky in 1D, CHOLMOD on the disk, after CHOLMOD's symbolic analysis has
///   sized the factor against the available memory);
/// - truncated + tail mass: the same plus `c = ∫_{|ξ|>δ} C_{d,s}|ξ|^{−d−2s} dξ` on the diagonal;
/// - the learned surrogate of horizon δ (factorized alike): a model given for that δ, or else one learned
///   here once per δ at the training level from the same reference's modes
///   (``OperatorData``, ``SpectralRegression``, order ``learnedOrder``, α = d + 2s, a reaction
///   term) and used at every level;
/// and, in the same run, A's dense Cholesky factorization and solve (LAPACK), at the levels where
/// two dense N × N matrices fit in memory (the others are skipped and said so).
///
/// Horizons are fixed (``HorizonUnit/absolute``: δ the same at every level) or a fixed number of
/// lattice cells (``HorizonUnit/cells``: δ = c·h), which keeps the preconditioner's stencil, and
/// so its fill, the same at every level, as the disk at 10⁶ unknowns needs. With δ = c·h a learned
/// kernel is learned once, at the training level with δ_t = c·h_t, and rescaled: with α = d + 2s the
/// one-point operator of `Σ C_m B_m(r/δ)/r^α` on the lattice hZ^d within δ = c·h is `h^{−2s}` times one
/// fixed lattice operator, as `(−Δ)^s` is homogeneous of degree 2s, so the coefficients are kept and δ
/// becomes c·h. The reaction term is kept as learned: it stands for the far field beyond δ acting on the
/// domain's lowest modes, whose eigenvalues the domain sets, not h. (Scaling it like the kernel, by
/// `(h_t/h)^{2s}`, was measured: it grows the iterations by 1.55× per level against truncation's 1.25×,
/// as the tail mass does, and loses to truncation from h = 2⁻⁸ on.)
public struct PreconditioningStudy: Sendable {
    public var reference = FractionalReference.Kind.naive
    /// s.
    public var order = 0.75
    public var dimension = 1
    /// h = 2^−level for each level.
    public var levels: [Int]
    /// The horizons δ of the compact preconditioners: in units of ``horizonUnit``.
    public var horizons: [Double]
    /// Whether ``horizons`` are lengths or numbers of lattice cells.
    public var horizonUnit = HorizonUnit.absolute
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

    /// How ``horizons`` are measured.
    public enum HorizonUnit: Sendable {
        /// δ itself, the same at every level.
        case absolute
        /// c, with δ = c·h at each level.
        case cells
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
    /// every level's A within the available memory (its FFT vectors where it is translation-invariant,
    /// else its dense matrix; the dense matrix also where a row is exported), the training level's dense
    /// matrix when preconditioners are learned, and in 1D every band factor. (CHOLMOD's factors on the
    /// disk are sized by its symbolic analysis, level by level, before they are computed.)
    public func validate() throws {
        guard order > 0, order < 1 else { throw WorkflowError.invalidSetting(name: "s", value: order, allowed: "pick s in (0, 1)") }
        guard dimension == 1 || dimension == 2 else {
            throw WorkflowError.invalidSetting(name: "dimension", value: Double(dimension), allowed: "1 (interval) or 2 (disk)")
        }
        guard !levels.isEmpty, levels.allSatisfy({ (2...20).contains($0) }) else {
            throw WorkflowError.invalidSetting(name: "level", value: Double(levels.first { !(2...20).contains($0) } ?? 0), allowed: "give levels in 2...20 (h = 2^−level)")
        }
        switch horizonUnit {
        case .absolute:
            guard !horizons.isEmpty, horizons.allSatisfy({ $0 > 0 && $0 <= 1 && $0.isFinite }) else {
                throw WorkflowError.invalidSetting(name: "δ", value: horizons.first { !($0 > 0 && $0 <= 1) } ?? .nan, allowed: "give horizons in (0, 1]")
            }
        case .cells:
            let coarsest = spacing((levels + [resolvedTrainingLevel]).min()!)
            guard !horizons.isEmpty, horizons.allSatisfy({ $0 >= 1 && $0 * coarsest <= 1 }) else {
                throw WorkflowError.invalidSetting(
                    name: "δ/h", value: horizons.first { !($0 >= 1 && $0 * coarsest <= 1) } ?? .nan,
                    allowed: "give at least 1 cell (1h), and few enough that δ = c·h ≤ 1 at the coarsest level, h = \(coarsest)")
            }
            guard modelPaths.isEmpty else {
                throw WorkflowError.invalidSetting(
                    name: "δ/h with --model", value: horizons.first ?? .nan,
                    allowed: "a model file serves the one δ it was learned for; give fixed horizons (no h suffix) with --model")
            }
        }
        guard tolerance > 0, tolerance < 1 else { throw WorkflowError.invalidSetting(name: "tolerance", value: tolerance, allowed: "pick ε in (0, 1)") }
        if modelPaths.isEmpty, horizonUnit == .absolute {
            for delta in horizons where delta < spacing(resolvedTrainingLevel) * 4 * (1 - 1e-10) {
                throw WorkflowError.invalidSetting(
                    name: "δ", value: delta,
                    allowed: "δ = \(delta) spans fewer than 4 points of the training grid h = 2^-\(resolvedTrainingLevel); raise --training-level to \(Int(log2(4 / delta).rounded(.up))) or more")
            }
        }
        // Sized before anything is built: refuses what will not fit with the bytes it needs.
        var denseLevels = Set(fastApply ? [] : levels)
        if modelPaths.isEmpty, preconditioners.contains(.learned) { denseLevels.insert(resolvedTrainingLevel) }
        if let export { denseLevels.insert(export.level) }
        for level in denseLevels.sorted() {
            _ = try FractionalReference(kind: reference, order: order, dimension: dimension, spacing: spacing(level))
        }
        guard fastApply else { return }
        for level in levels {
            let reference = try FractionalReference(matrixFree: reference, order: order, dimension: dimension, spacing: spacing(level))
            guard dimension == 1 else { continue }
            for delta in horizons {
                try bandFactorRequest(unknowns: reference.unknownCount, level: level, horizon: horizon(delta, level: level)).check()
            }
        }
    }

    /// Whether A is applied by FFT: every reference but the disk's accurate one is translation-invariant.
    var fastApply: Bool { dimension == 1 || reference == .naive }

    /// δ at `level` for a horizon given in ``horizonUnit``.
    func horizon(_ value: Double, level: Int) -> Double {
        horizonUnit == .cells ? value * spacing(level) : value
    }

    /// The band preconditioner's memory at one (level, δ): n × (k + 1) doubles for k = ⌊δ/h⌋ sub-diagonals
    /// (the stencil's count, at most n − 1), the band factorized in place.
    func bandFactorRequest(unknowns n: Int, level: Int, horizon: Double) -> MemoryRequest {
        let k = min(Int((horizon / spacing(level) * (1 + 1e-10)).rounded(.down)), n - 1)
        return MemoryRequest("the band Cholesky factor of a δ = \(horizon) preconditioner at h = 2^-\(level) (n = \(n), \(k) sub-diagonals; "
                          + "a smaller δ or a coarser level needs less)",
                      bytes: MemoryRequest.product(8, n, k + 1))
    }

    /// CHOLMOD's factor of a preconditioner, sized by its symbolic analysis: 8 bytes per nonzero of L
    /// for the values and 8 for its row index (what a simplicial factor stores; a supernodal one stores fewer indices).
    func factorRequest(_ factorization: CholeskyFactorization, unknowns n: Int, level: Int, horizon: Double) -> MemoryRequest {
        MemoryRequest("CHOLMOD's factor of a δ = \(horizon) preconditioner at h = 2^-\(level) (n = \(n), \(factorization.factorNonzeroCount) nonzeros in L; "
                          + "a smaller δ, or δ as a number of cells such as 2h, needs less)",
                      bytes: MemoryRequest.product(16, factorization.factorNonzeroCount))
    }

    /// A model learned at the training level, for `level`: itself for fixed horizons; for δ = c·h, the same
    /// coefficients with δ = c·h (the type's doc explains why the kernel's part is exact) and the same
    /// reaction term.
    public func rescaled(_ model: KernelModel, to level: Int) -> KernelModel {
        guard horizonUnit == .cells else { return model }
        var scaled = model
        scaled.horizon = model.horizon * spacing(level) / spacing(resolvedTrainingLevel)
        return scaled
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
            let reference = fastApply
                ? try FractionalReference(matrixFree: reference, order: order, dimension: dimension, spacing: h)
                : try FractionalReference(kind: reference, order: order, dimension: dimension, spacing: h)
            let n = reference.unknownCount
            progress("h = 2^-\(level): the \(self.reference.rawValue) reference, \(n) unknowns\(fastApply ? ", applied by FFT" : "")")
            let fast = reference.fastOperator()
            // The dense A: where it has no FFT apply; else only for the dense Cholesky row (where it fits) or an export.
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
            for given in horizons {
                let delta = horizon(given, level: level)
                let grid = try grid(level: level, horizon: delta).makeGrid()
                guard delta >= h * (1 - 1e-10) else {
                    progress("h = 2^-\(level), δ = \(delta): skipped, δ < h")
                    continue
                }
                let truncatedKernel = try TruncatedFractionalKernel(order: order, horizon: delta, dimension: dimension)
                let candidates: [(PreconditionerKind, any RadialKernel, Double)] =
                    [(.truncated, truncatedKernel, 0), (.truncatedTailMass, truncatedKernel, truncatedKernel.tailMass)]
                    + (try models[given].map { model in
                        let scaled = rescaled(model, to: level)
                        return [(.learned, try scaled.makeKernel(), scaled.reaction ?? 0)]
                    } ?? [])
                var operators: [PreconditionerKind: NonlocalOperator] = [:]
                for (kind, kernel, reaction) in candidates where preconditioners.contains(kind) {
                    let op = NonlocalOperator(kernel: kernel, grid: grid, reaction: reaction)
                    operators[kind] = op
                    if dimension == 1 { try bandFactorRequest(unknowns: n, level: level, horizon: delta).check() }
                    let ((factorization, nonzeros), setup) = try timed { () throws -> (any NonlocalLinearAlgebra.Preconditioner, Int) in
                        // A 1D compact operator is a band: LAPACK's band Cholesky, filled straight from
                        // the stencil; elsewhere the sparse matrix and CHOLMOD.
                        if let band = op.symmetricBand() {
                            let nonzeros = band.nonzeroCount
                            return (try BandCholeskyFactorization(factorizing: consume band), nonzeros)
                        }
                        let matrix = op.assemble()
                        let factorization = try CholeskyFactorization(analyzing: matrix)
                        try factorRequest(factorization, unknowns: n, level: level, horizon: delta).check()
                        try factorization.factorize(matrix)
                        return (factorization, matrix.nonzeroCount)
                    }
                    progress("h = 2^-\(level), δ = \(delta), \(kind.rawValue): P factorized in \(String(format: "%.2f", setup)) s, \(nonzeros) nonzeros")
                    let (result, seconds) = try solve(factorization)
                    rows.append(row(kind, horizon: delta, nonzeros: nonzeros, setup: setup, result, seconds, preconditioner: factorization))
                }
                if let export, export.level == level, abs(export.horizon - given) <= 1e-12 * given {
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
        let training = grid(level: level, horizon: horizon(horizons.max()!, level: level))
        let names = missing.map { horizonUnit == .cells ? "\($0)h" : "\($0)" }.joined(separator: ", ")
        progress("learning preconditioners for δ = \(names) at h = 2^-\(level) from the \(reference.rawValue) reference's modes")
        let a = try FractionalReference(kind: reference, order: order, grid: try training.makeGrid()).matrix()
        var data = OperatorData(grid: training)
        data.problem = "fractional-\(reference.rawValue)"
        data.parameters = ["order": "\(order)", "reference": reference.rawValue]
        let dataset = try data.generate(matrix: a, report: progress)
        for given in missing {
            let delta = horizon(given, level: level)
            let regression = try SpectralRegression(dataset: dataset, configuration: .init(horizon: delta, order: learnedOrder))
            let model = try regression.sweep(orders: [learnedOrder], progress: progress)[0]
            models[given] = model
            progress("δ = \(delta): learned, about \(Int(model.losses["predicted_cg_iterations"] ?? .nan)) CG iterations predicted on the training grid")
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
