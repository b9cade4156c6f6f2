// SystemSolve: `nonlocal solve` as a library call — an exported system read back and solved with CHOLMOD or UMFPACK.
import NonlocalExport
import NonlocalLinearAlgebra

/// Reads a matrix file and a right-hand side (``rightHandSidePath``, else the one stored in
/// the file) and solves A x = b with ``DirectSolver``.
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
    }

    /// - Throws: ``ExportError`` for unreadable files, ``WorkflowError`` for a matrix that is not
    ///   square or a missing or mis-sized right-hand side, ``SolverError`` from the factorization
    ///   (``SolverError/noStoredEntries(rows:columns:)`` for a matrix without entries).
    public func run() throws -> Outcome {
        let (matrix, stored) = try OperatorFile.read(from: matrixPath, format: format)
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
        let (solution, seconds) = try timed { () throws(SolverError) in try DirectSolver.solve(matrix, b) }
        return Outcome(rowCount: matrix.rowCount, solution: solution, seconds: seconds)
    }

    /// Writes x as a MatrixMarket array.
    public static func write(solution x: [Double], to path: String, of matrixPath: String) throws {
        try MatrixMarketFile.write(vector: x, to: path, comments: ["solution of \(matrixPath)"])
    }
}
