// OperatorData: datasets (u_i, f_i = A u_i) made from any operator on a grid — a reference discretization or the user's own matrix.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalKernels
import NonlocalLinearAlgebra

/// Samples of a discrete operator A on the unknowns of a grid: `f_i = A u_i`, exactly (products
/// only; nothing is solved). They let a surrogate be learned for the discretization a user
/// actually solves, not only for the continuous operator.
///
/// The spectrum of u decides what the data probe:
/// - ``Spectrum/modes``: the eigenvectors of the grid's nearest-neighbour Laplacian with zero
///   exterior values, lowest first (on the interval exactly the sine modes sin(πk(x+1)/2); on
///   the disk its discrete Dirichlet modes), each normalized to unit length. They probe every
///   frequency of A once: the data for a preconditioner, which must match A over all of them
///   (``SpectralRegression``).
/// - ``Spectrum/white``: seeded independent normal values at every unknown: a broad spectrum
///   weighted like the grid itself, for least-squares fits.
public struct OperatorData: Sendable {
    public enum Spectrum: String, Sendable, CaseIterable {
        case modes
        case white
    }

    /// The grid A lives on; its unknowns are A's rows, in the grid's order.
    public var grid: GridSpecification
    public var spectrum = Spectrum.modes
    /// The number of samples; nil: every mode (``Spectrum/modes``), or 1,000 white samples.
    public var samples: Int?
    public var seed: UInt64 = 1
    /// The name the dataset records (`fractional-…` with an `order` parameter lets learners read s).
    public var problem = "operator"
    /// Parameters recorded with the data (the operator's description).
    public var parameters: [String: String] = [:]

    public init(grid: GridSpecification) { self.grid = grid }

    /// The dataset of `operator` (one product per sample), whose dimension must be the grid's unknown count.
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` for a size mismatch, a
    ///   sample count out of range, or a mode count beyond what a dense eigensolve can hold.
    public func generate(operator a: some LinearOperator, report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        try generate(dimension: a.dimension, report: report) { u in
            var f = DenseMatrix(rowCount: u.rowCount, columnCount: u.columnCount)
            for j in 0..<u.columnCount {
                let column = a.apply(u.column(j))
                for i in 0..<u.rowCount { f[i, j] = column[i] }
            }
            return f
        }
    }

    /// The dataset of a dense matrix: F = A U in one BLAS product.
    public func generate(matrix a: DenseMatrix, report: (String) -> Void = { _ in }) throws(GeneratorError) -> Dataset {
        guard a.rowCount == a.columnCount else {
            throw .invalidParameter(name: "operator", value: "\(a.rowCount) × \(a.columnCount)", allowed: "the matrix must be square")
        }
        return try generate(dimension: a.rowCount, report: report) { u in a.multiplied(by: u) }
    }

    private func generate(dimension: Int, report: (String) -> Void, apply: (DenseMatrix) -> DenseMatrix) throws(GeneratorError) -> Dataset {
        let built: Grid
        do { built = try grid.makeGrid() } catch { throw .invalidParameter(name: "grid", value: grid.description, allowed: error.description) }
        let n = built.interiorCount
        guard dimension == n else {
            throw .invalidParameter(name: "operator", value: "\(dimension) × \(dimension)", allowed: "the grid \(grid) has \(n) unknowns; give a matrix of that size")
        }
        let count = samples ?? (spectrum == .modes ? n : 1_000)
        guard count >= 1 else { throw .invalidParameter(name: "samples", value: "\(count)", allowed: "at least 1") }
        let u: DenseMatrix
        switch spectrum {
        case .modes:
            guard count <= n else { throw .invalidParameter(name: "samples", value: "\(count)", allowed: "at most the \(n) modes of the grid") }
            guard n <= 20_000 else {
                throw .invalidParameter(name: "grid", value: grid.description, allowed: "modes need a dense eigensolve of the \(n) unknowns; use at most 20,000 or --spectrum white")
            }
            report("the \(count) lowest modes of the grid's Laplacian (\(n) unknowns)")
            u = try Self.laplacianModes(of: built, count: count)
        case .white:
            guard count <= 10_000_000 / Swift.max(1, n) else {
                throw .invalidParameter(name: "samples", value: "\(count)", allowed: "at most \(10_000_000 / Swift.max(1, n)) white samples of \(n) unknowns (80 MB)")
            }
            var generator = SplitMix64(seed: seed)
            // Box–Muller on the project's seeded generator: the same seed gives the same bytes.
            let values = (0..<(count * n)).map { _ in
                (-2 * log(1 - generator.nextUnit())).squareRoot() * cos(2 * .pi * generator.nextUnit())
            }
            u = DenseMatrix(rowCount: n, columnCount: count, storage: values)
        }
        report("f = A u for \(count) samples")
        let f = apply(u)
        var parameters = self.parameters
        parameters["spectrum"] = spectrum.rawValue
        parameters["samples"] = "\(count)"
        return Dataset(
            problem: problem, grid: grid, u: u, f: f, evaluationMask: [Bool](repeating: true, count: n), parameters: parameters,
            seed: spectrum == .white ? seed : nil)
    }

    /// The `count` lowest eigenvectors of the nearest-neighbour Laplacian (the operator of a
    /// constant kernel of horizon h, zero on the layer), by LAPACK's dense symmetric solver.
    static func laplacianModes(of grid: Grid, count: Int) throws(GeneratorError) -> DenseMatrix {
        let kernel = BernsteinKernel(coefficients: [1], horizon: grid.spacing, dimension: grid.dimension)
        let laplacian = NonlocalOperator(kernel: kernel, grid: grid).assemble()
        let constants = grid.boundary == .periodic ? [Double](repeating: 1, count: grid.interiorCount) : nil
        let pairs: [Eigenpair]
        do {
            pairs = try SymmetricEigensolver(method: .dense).smallestEigenpairs(
                of: laplacian, count: Swift.min(count, grid.interiorCount - (constants == nil ? 0 : 1)), deflating: constants)
        } catch { throw .invalidParameter(name: "modes", value: "\(count)", allowed: "the grid's eigensolve failed: \(error)") }
        var columns = pairs.map { pair in
            let norm = pair.vector.euclideanNorm
            return pair.vector.map { $0 / norm }
        }
        if let constants, columns.count < count { columns.insert(constants.map { $0 / Double(constants.count).squareRoot() }, at: 0) }
        return DenseMatrix(columns: columns)
    }
}
