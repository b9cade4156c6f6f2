// SpectralRegression: a preconditioner kernel from data — the learned operator's Rayleigh quotients kept as close to the data's as the kernel class allows.
import Foundation
import NonlocalAssembly
import NonlocalCertificate
import NonlocalDataset
import NonlocalFiles
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalOptimization

/// Learns `P = L_K + c`, `K(r) = Σ_m C_m B_{m,M}(r/δ)/r^α` (α fixed) with C ≥ 0 and a reaction
/// c ≥ 0, to precondition the operator A that made the data `f_i = A u_i`.
///
/// A preconditioner is good when the eigenvalues of P⁻¹A cluster: conjugate gradients then
/// converge in about ln(2/ε)/ln((√t + 1)/(√t − 1)) iterations when they lie in [1/t, 1], plus
/// about one iteration for each eigenvalue outside the cluster. The data probe that spectrum
/// through the Rayleigh quotients `ρ_i(θ) = u_iᵀ P u_i / u_iᵀ f_i`, linear in θ = (C, c) (the
/// numerator is `Σ_m C_m u_iᵀ L_{b_m} u_i + c u_iᵀu_i`, from the radial differences of
/// ``FeatureMap``). For a count q of outliers the fit is the linear program
///
/// `minimize t subject to ρ_i(θ) ≥ 1 for every sample, ρ_i(θ) ≤ t for all but the q samples of
/// lowest energy u_iᵀf_i / u_iᵀu_i, θ ≥ 0`,
///
/// so P ≥ A on every sample (the low end of P⁻¹A's spectrum is the one to keep clustered) and the
/// bulk lies within the factor t. The low-energy (smooth) samples are the ones let go: a compact
/// kernel cannot follow the far field that dominates A there, and a reaction term that fits the
/// bulk overshoots them — the outliers CG removes cheaply.
///
/// q is chosen from ``Configuration/outlierCounts`` by the iterations CG takes on the fit's own
/// spectral model: the samples are (nearly) eigenvectors of A, so P⁻¹A acts on them about as the
/// diagonal matrix of the 1/ρ_i, and CG on that diagonal system with the right-hand side 1's
/// components w_i = Σ_x u_i(x) predicts the iterations for `A u = 1` (a smooth forcing: measured on
/// the s = ¾ operator, the prediction is within one iteration of CG on the real system). Among
/// equal predictions the tighter bulk (smaller t) wins.
///
/// Samples should span the spectrum: data made from the operator with u_i its (or the grid
/// Laplacian's) eigenvectors serve best (``OperatorData``). Least squares on such data clusters
/// the bulk but not its ends; measured on the s = ¾ one-point operator of (−1, 1) it needs 12–14
/// CG iterations at δ = 1/16 where this fit needs 10–11 (README, docs/FRACTIONAL.md).
public struct SpectralRegression: Sendable {
    public struct Configuration: Sendable {
        /// δ.
        public var horizon: Double
        /// M.
        public var order: Int
        /// α of `B_m/r^α`; nil takes d + 2s from data that record s (the fractional kernel's own
        /// singularity, so the learned kernel scales with h as A does).
        public var exponent: Double?
        /// Fit a reaction coefficient c ≥ 0 (the kernel mass beyond δ).
        public var reaction = true
        /// The outlier counts q to try.
        public var outlierCounts = [0, 1, 2, 4, 8, 16]
        /// ε, the relative residual the predicted CG iteration counts aim at.
        public var tolerance = 1e-10

        public init(horizon: Double, order: Int) {
            self.horizon = horizon
            self.order = order
        }
    }

    public let dataset: Dataset
    public let configuration: Configuration
    public let grid: Grid
    /// α.
    public let exponent: Double

    /// - Throws: ``RegressionError`` for δ not fitting the grid, M out of range, a missing α
    ///   (the data do not record s), non-finite data, or an empty outlier list.
    public init(dataset: Dataset, configuration: Configuration) throws(RegressionError) {
        let c = configuration
        guard c.horizon.isFinite, c.horizon > 0 else {
            throw .invalidParameter(name: "δ", value: "\(c.horizon)", allowed: "the horizon must be a positive number")
        }
        guard (0...40).contains(c.order) else { throw .invalidParameter(name: "order M", value: "\(c.order)", allowed: "pick 0 ≤ M ≤ 40") }
        guard !c.outlierCounts.isEmpty, c.outlierCounts.allSatisfy({ $0 >= 0 }) else {
            throw .invalidParameter(name: "outlier counts", value: "\(c.outlierCounts)", allowed: "give counts q ≥ 0")
        }
        guard c.tolerance > 0, c.tolerance < 1 else {
            throw .invalidParameter(name: "tolerance", value: "\(c.tolerance)", allowed: "pick ε in (0, 1)")
        }
        let grid: Grid
        do {
            grid = try dataset.grid.makeGrid()
            try grid.checkHorizon(c.horizon)
        } catch { throw .grid(error) }
        let alpha: Double
        if let given = c.exponent {
            alpha = given
        } else if let s = dataset.fractionalOrder {
            alpha = Double(grid.dimension) + 2 * s
        } else {
            throw .invalidParameter(
                name: "α", value: "unset", allowed: "the data record no fractional order s; give the exponent (e.g. --alpha 2.5 for s = 0.75 in 1D)")
        }
        guard alpha.isFinite, alpha >= 0 else { throw .invalidParameter(name: "α", value: "\(alpha)", allowed: "pick α ≥ 0") }
        try KernelRegression.checkFinite(dataset)
        self.dataset = dataset
        self.configuration = c
        self.grid = grid
        exponent = alpha
    }

    /// What the data say about each basis function, computed once and shared by every order's fit.
    public struct Quotients: Sendable {
        /// u_iᵀ D_c u_i: the energy of each radius class's difference operator, samples × classes.
        public let classEnergies: DenseMatrix
        /// u_iᵀ u_i.
        public let norms: [Double]
        /// u_iᵀ f_i, the data operator's energy.
        public let energies: [Double]
        /// Σ_x u_i(x)/‖u_i‖: the component of the right-hand side 1 along each sample.
        public let constantComponents: [Double]
    }

    /// One pass over the samples (in batches): the class energies, norms and data energies.
    /// - Throws: ``RegressionError/invalidParameter(name:value:allowed:)`` when a sample has
    ///   u_iᵀ f_i ≤ 0 (the data's operator is not positive definite on it).
    public func quotients(batchSize: Int = 256, progress: (String) -> Void = { _ in }) throws(RegressionError) -> Quotients {
        let map = FeatureMap(grid: grid, horizon: configuration.horizon)
        let (n, samples, classes) = (grid.interiorCount, dataset.sampleCount, map.stencil.classRadii.count)
        var energies = DenseMatrix(rowCount: samples, columnCount: classes)
        var norms = [Double](repeating: 0, count: samples), products = [Double](repeating: 0, count: samples)
        var components = [Double](repeating: 0, count: samples)
        for start in stride(from: 0, to: samples, by: batchSize) {
            let range = start..<Swift.min(samples, start + batchSize)
            progress("Rayleigh quotients: samples \(range.lowerBound + 1)–\(range.upperBound) of \(samples)")
            let batch = dataset.samples(range)
            let differences = map.radialDifferences(batch.u, exterior: batch.exterior)
            for (k, i) in range.enumerated() {
                let u = Array(batch.u.storage[(k * n)..<((k + 1) * n)]), f = Array(batch.f.storage[(k * n)..<((k + 1) * n)])
                norms[i] = u.dot(u)
                products[i] = u.dot(f)
                components[i] = u.reduce(0, +) / Swift.max(norms[i].squareRoot(), .leastNormalMagnitude)
                for c in 0..<classes {
                    var sum = 0.0
                    for x in 0..<n { sum += u[x] * differences[k * n + x, c] }
                    energies[i, c] = sum
                }
            }
        }
        if let bad = products.firstIndex(where: { !($0 > 0) }) {
            throw .invalidParameter(
                name: "sample \(bad)", value: "u·f = \(products[bad])",
                allowed: "the data's operator must be positive definite (u·Au > 0 for every sample)")
        }
        return Quotients(classEnergies: energies, norms: norms, energies: products, constantComponents: components)
    }

    /// The fit of one order, its outlier count chosen (see the type's documentation), with its
    /// certificate on the training grid.
    public func fit(order: Int, quotients: Quotients, progress: (String) -> Void = { _ in }) throws(RegressionError) -> KernelModel {
        let c = configuration
        let stencil = Stencil(dimension: grid.dimension, spacing: grid.spacing, horizon: c.horizon)
        let basis: [any RadialKernel] = (0...order).map {
            FractionalBernsteinKernel.basisFunction($0, order: order, exponent: exponent, horizon: c.horizon, dimension: grid.dimension)
        }
        // ρ_i = Σ_m θ_m Q[i, m]: Q = E W / r, and the reaction column ‖u_i‖²/r_i.
        let weighted = quotients.classEnergies.multiplied(by: stencil.basisWeights(basis))
        let samples = quotients.energies.count
        let columns = order + 1 + (c.reaction ? 1 : 0)
        var q = DenseMatrix(rowCount: samples, columnCount: columns)
        for i in 0..<samples {
            for m in 0...order { q[i, m] = weighted[i, m] / quotients.energies[i] }
            if c.reaction { q[i, order + 1] = quotients.norms[i] / quotients.energies[i] }
        }
        let byEnergy = (0..<samples).sorted {
            quotients.energies[$0] / quotients.norms[$0] < quotients.energies[$1] / quotients.norms[$1]
        }
        var best: (theta: [Double], spread: Double, outliers: Int, iterations: Int)?
        for outliers in c.outlierCounts where outliers < samples {
            let (theta, spread) = try minimax(q, bulk: Array(byEnergy[outliers...]))
            let eigenvalues = q.multiplied(by: theta).map { 1 / $0 }
            let iterations = Self.iterations(eigenvalues: eigenvalues, rightHandSide: quotients.constantComponents, tolerance: c.tolerance)
            progress("M = \(order), q = \(outliers): bulk Rayleigh quotients within a factor \(String(format: "%.4f", spread)), about \(iterations) CG iterations")
            if best == nil || (iterations, spread) < (best!.iterations, best!.spread) { best = (theta, spread, outliers, iterations) }
        }
        guard let best else {
            throw .invalidParameter(name: "outlier counts", value: "\(c.outlierCounts)", allowed: "give a count below the \(samples) samples")
        }
        let rho = q.multiplied(by: best.theta)
        var model = KernelModel(
            family: .fractionalBernstein, dimension: grid.dimension, horizon: c.horizon,
            nonnegativeCoefficients: Array(best.theta[0...order]), exponent: exponent, fractionalOrder: dataset.fractionalOrder,
            reaction: c.reaction ? best.theta[order + 1] : nil, trainingGrid: dataset.grid.description,
            losses: [
                "rayleigh_bulk_spread": best.spread, "rayleigh_min": rho.min() ?? .nan, "rayleigh_max": rho.max() ?? .nan,
                "outliers": Double(best.outliers), "predicted_cg_iterations": Double(best.iterations),
            ],
            solver: "spectral (linear program)",
            provenance: KernelModel.Provenance(
                dataFile: "", dataHash: "", problem: dataset.problem, parameters: dataset.parameters, seed: dataset.seed),
            toolkitVersion: NonlocalKitVersion.current)
        do {
            model.certificate = try KernelModel.Certificate(model: model, grid: grid, specification: dataset.grid)
        } catch { throw .solverFailed(stage: "the certificate", reason: error.description) }
        return model
    }

    /// Every order in `orders` on one pass over the data.
    public func sweep(orders: [Int], progress: (String) -> Void = { _ in }) throws(RegressionError) -> [KernelModel] {
        let quotients = try quotients(progress: progress)
        var models: [KernelModel] = []
        for order in orders { models.append(try fit(order: order, quotients: quotients, progress: progress)) }
        return models
    }

    /// The iterations CG takes on the diagonal system diag(λ) x = b to a relative residual ε:
    /// exactly what it takes on any symmetric system with eigenvalues λ and b's components along
    /// their eigenvectors.
    public static func iterations(eigenvalues lambda: [Double], rightHandSide b: [Double], tolerance: Double) -> Int {
        precondition(lambda.count == b.count, "one component per eigenvalue")
        let norm = b.euclideanNorm
        guard norm > 0 else { return 0 }
        var r = b, p = b, rr = b.dot(b)
        for k in 0..<(10 * lambda.count + 10) {
            if rr.squareRoot() <= tolerance * norm { return k }
            let q = zip(lambda, p).map(*)
            let alpha = rr / p.dot(q)
            r.add(q, scaledBy: -alpha)
            let next = r.dot(r)
            p.scale(by: next / rr)
            p.add(r)
            rr = next
        }
        return 10 * lambda.count + 10
    }

    /// CG iterations to reduce the residual by ε when P⁻¹A's eigenvalues lie within a factor t:
    /// ⌈ln(2/ε)/ln((√t + 1)/(√t − 1))⌉ (Saad, Iterative Methods, Thm. 6.29); 1 when t = 1.
    public static func predictedIterations(spread t: Double, tolerance: Double) -> Int {
        guard t > 1 + 1e-12 else { return 1 }
        let root = t.squareRoot()
        return Int((log(2 / tolerance) / log((root + 1) / (root - 1))).rounded(.up))
    }

    /// min t subject to Qθ ≥ 1, Q_bulk θ ≤ t, θ ≥ 0: θ and t.
    private func minimax(_ q: DenseMatrix, bulk: [Int]) throws(RegressionError) -> ([Double], Double) {
        let (samples, k) = (q.rowCount, q.columnCount)
        let rows = samples + bulk.count + k
        var a = DenseMatrix(rowCount: rows, columnCount: k + 1)
        var b = [Double](repeating: 0, count: rows)
        for i in 0..<samples {
            for m in 0..<k { a[i, m] = -q[i, m] }
            b[i] = -1
        }
        for (row, i) in bulk.enumerated() {
            for m in 0..<k { a[samples + row, m] = q[i, m] }
            a[samples + row, k] = -1
        }
        for m in 0..<k { a[samples + bulk.count + m, m] = -1 }
        var objective = [Double](repeating: 0, count: k + 1)
        objective[k] = 1
        let solution: LinearProgram.Solution
        do { solution = try LinearProgram(objective: objective, constraints: a, bounds: b).solve() } catch {
            throw .solverFailed(stage: "the spectral fit (min t subject to 1 ≤ ρ_i ≤ t)", reason: error.description)
        }
        let theta = solution.minimizer[0..<k].map { Swift.max(0, $0) }
        return (theta, solution.minimizer[k])
    }
}
