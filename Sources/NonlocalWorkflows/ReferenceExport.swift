// ReferenceExport: a dense fractional reference operator built on a grid and written for SciPy, xarray or PETSc, with its f = 1 error.
import NonlocalAssembly
import NonlocalExport
import NonlocalFiles
import NonlocalReferences

/// Builds the dense reference of `(−Δ)^s` (``FractionalReference``) on a grid of the unit interval
/// or disk, solves it for f = 1 (dense Cholesky) to report its error against the analytic
/// solution, and writes the matrix as a dense NetCDF variable, a PETSc dense Mat (then the
/// right-hand side 1 and the solution as Vecs) or a MatrixMarket array.
public struct ReferenceExport: Sendable {
    public var kind: FractionalReference.Kind
    public var order: Double
    public var grid: GridSpecification

    public init(kind: FractionalReference.Kind, order: Double, grid: GridSpecification) {
        self.kind = kind
        self.order = order
        self.grid = grid
    }

    public struct Outcome: Sendable {
        public let unknowns: Int
        public let buildSeconds: Double
        /// ‖u − u₁‖/‖u₁‖ of A u = 1 (exact by construction for the disk's accurate reference).
        public let constantForcingError: Double
        public let written: [String]
    }

    /// Sizes the reference against the available memory before any work (``FractionalReference``).
    public func validate() throws {
        _ = try FractionalReference(kind: kind, order: order, dimension: grid.dimension, spacing: grid.spacing)
        _ = try grid.makeGrid()
    }

    public func run(writingTo path: String, format: ExportFormat, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> Outcome {
        let reference = try FractionalReference(kind: kind, order: order, grid: try grid.makeGrid())
        progress("building the \(kind.rawValue) reference of (−Δ)^\(order) on \(grid) (\(reference.unknownCount) unknowns)")
        let (a, seconds) = try timed { () throws(ReferenceError) in try reference.matrix() }
        progress("solving A u = 1 (dense Cholesky)")
        let u = try a.factorizedPositiveDefinite().solve([Double](repeating: 1, count: a.rowCount))
        let error = FractionalReference.relativeError(u, against: reference.constantForcingSolution())
        var metadata = ExportMetadata()
        metadata.set("reference", .text(kind.rawValue))
        metadata.set("operator", .text("fractional Laplacian (-Delta)^s, u = 0 outside the unit ball"))
        metadata.set("s", .number(order))
        metadata.set("dimension", .integer(grid.dimension))
        metadata.set("h", .number(grid.spacing))
        metadata.set("grid", .text(grid.description))
        metadata.set("constant_forcing_relative_error", .number(error))
        metadata.set("toolkit_version", .text(NonlocalKitVersion.current))
        progress("writing \(path)")
        if format == .petsc {
            try PETScBinaryFile.write(
                [.denseMatrix(a), .vector([Double](repeating: 1, count: a.rowCount)), .vector(u)], names: ["A", "rhs", "reference_solution"], to: path)
            return Outcome(unknowns: a.rowCount, buildSeconds: seconds, constantForcingError: error, written: [path, path + ".info"])
        }
        try OperatorMatrix.dense(a).write(to: path, format: format, metadata: metadata, storage: format == .matrixMarket ? .symmetric : .general)
        return Outcome(unknowns: a.rowCount, buildSeconds: seconds, constantForcingError: error, written: [path])
    }
}
