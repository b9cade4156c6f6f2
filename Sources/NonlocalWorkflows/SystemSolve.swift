// SystemSolve: `nonlocal solve` as a library call — an exported system read back, solved with CHOLMOD or UMFPACK, and its answer checked.
import NonlocalAssembly
import NonlocalExport
import NonlocalLinearAlgebra

/// Reads a matrix file and a right-hand side (``rightHandSidePath``, else the one stored in
/// the file) and solves A x = b with ``DirectSolver``, which checks the answer (x finite,
/// ‖Ax − b‖/‖b‖ ≤ ``DirectSolver/residualTolerance(unknowns:reciprocalCondition:)``) before
/// it is returned, so nothing unchecked is reported or written.
///
/// A periodic operator (the file's `grid` metadata, ``OperatorMetadata``, names a periodic grid)
/// whose rows sum to zero has the constants as its null space: it is solved on their complement
/// (``DirectSolver/NullSpace/constants``: b projected onto mean zero, x normalised to mean zero),
/// and ``Outcome/grid`` and the solution's ``DirectSolver/Solution/nullSpace`` say so. A matrix
/// whose rows sum to zero in a file that does not say it is periodic, and that cannot be solved
/// as it is, is refused with that reason (``WorkflowError/unknownNullSpace(path:detail:)``).
public struct SystemSolve: Sendable {
    public var matrixPath: String
    public var format: ExportFormat
    /// A MatrixMarket array; nil uses the right-hand side stored in a `.nc` or `.petsc` file.
    public var rightHandSidePath: String?

    public init(matrixPath: String, format: ExportFormat, rightHandSidePath: String? = nil) {
        self.matrixPath = matrixPath
        self.format = format
        self.rightHandSidePath = rightHandSidePath
    }

    public struct Outcome: Sendable {
        public let rowCount: Int
        public let solution: DirectSolver.Solution
        public let seconds: Double
        /// The grid the file's metadata names (nil for PETSc files and files without one).
        public let grid: GridSpecification?
    }

    /// - Throws: ``ExportError`` for unreadable files, ``WorkflowError`` for a matrix that is not
    ///   square, a missing or mis-sized right-hand side, a matrix that cannot be solved or whose
    ///   answer fails its check (``WorkflowError/unsolvable(path:_:)``), and a null space the file
    ///   does not name.
    public func run() throws -> Outcome {
        let (matrix, stored, grid) = try readSystem()
        guard matrix.isSquare else { throw WorkflowError.notSquare(path: matrixPath, rows: matrix.rowCount, columns: matrix.columnCount) }
        let b: [Double]
        if let rightHandSidePath {
            b = try MatrixMarketFile.readVector(from: rightHandSidePath)
        } else if let stored {
            b = stored
        } else {
            throw WorkflowError.noRightHandSide(path: matrixPath)
        }
        guard b.count == matrix.rowCount else {
            throw WorkflowError.rightHandSideLength(count: b.count, rows: matrix.rowCount, columns: matrix.columnCount)
        }
        let annihilatesConstants = matrix.annihilatesConstants
        var nullSpace: DirectSolver.NullSpace? = nil
        if let grid, grid.isPeriodic, annihilatesConstants {
            if let asymmetry = matrix.firstAsymmetry() {
                throw WorkflowError.unknownNullSpace(
                    path: matrixPath,
                    detail: "its rows sum to zero on periodic grid \(grid), but it is not symmetric (\(asymmetry)), so the null space of Aᵀ "
                        + "that the right-hand side must be orthogonal to is not the constants; export a symmetric operator")
            }
            nullSpace = .constants
        }
        let outcome: Outcome
        do throws(SolverError) {
            let (solution, seconds) = try timed { () throws(SolverError) in try DirectSolver.solve(matrix, b, nullSpace: nullSpace) }
            outcome = Outcome(rowCount: matrix.rowCount, solution: solution, seconds: seconds, grid: grid)
        } catch {
            if nullSpace == nil && annihilatesConstants && matrix.rowCount > 1 && matrix.nonzeroCount > 0 {
                throw WorkflowError.unknownNullSpace(
                    path: matrixPath,
                    detail: "its rows sum to zero, so the constants are in its null space, but the file does not say it is a periodic "
                        + "operator (\(grid.map { "grid \($0)" } ?? "no grid metadata")), so it is not solved on their complement (\(error)); "
                        + "export it with `nonlocal assemble --grid periodic:…`, whose metadata names the grid")
            }
            throw WorkflowError.unsolvable(path: matrixPath, error)
        }
        return outcome
    }

    /// The matrix, the right-hand side the file stores and the grid its metadata names: the
    /// NetCDF global attribute `grid`, the MatrixMarket comment line `grid: …`; PETSc files carry none.
    private func readSystem() throws -> (matrix: SparseMatrix, rhs: [Double]?, grid: GridSpecification?) {
        switch format {
        case .netCDF:
            let file = try OperatorFile.readNetCDF(from: matrixPath)
            return (file.matrix, file.vectors["rhs"], OperatorMetadata.grid(in: file.metadata))
        case .matrixMarket:
            let content = try MatrixMarketFile.read(from: matrixPath)
            return (content.matrix, nil, OperatorMetadata.grid(inCommentLines: content.comments))
        case .petsc:
            let (matrix, rhs) = try OperatorFile.read(from: matrixPath, format: format)
            return (matrix, rhs, nil)
        }
    }

    /// Writes x as a MatrixMarket array.
    public static func write(solution x: [Double], to path: String, of matrixPath: String) throws {
        try MatrixMarketFile.write(vector: x, to: path, comments: ["solution of \(matrixPath)"])
    }
}
