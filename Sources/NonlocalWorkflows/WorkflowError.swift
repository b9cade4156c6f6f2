// WorkflowError: what stops a workflow itself (as opposed to the library it calls), in one line naming the fix.
import NonlocalAssembly
import NonlocalLinearAlgebra

/// Problems a workflow finds in its request. Errors of the libraries it calls pass through
/// unchanged; each type's description is already one line.
public enum WorkflowError: Error, Equatable, CustomStringConvertible {
    /// A setting outside its range: its name, value, and what is allowed.
    case invalidSetting(name: String, value: Double, allowed: String)
    /// A setting the request needs and does not have.
    case missingSetting(name: String, reason: String)
    /// An output path that cannot be written, or that would overwrite an input.
    case invalidOutput(path: String, reason: String)
    /// A matrix file whose shape does not fit the grid's unknowns.
    case matrixShape(path: String, rows: Int, columns: Int, unknowns: Int)
    /// A matrix file used where a symmetric operator is needed.
    case notSymmetric(path: String, detail: String)
    /// The dataset's grid is not the one the request names.
    case gridMismatch(dataPath: String, dataset: GridSpecification, requested: GridSpecification)
    /// A model without a recorded training grid, certified without naming a grid.
    case noGrid(modelPath: String)
    /// A kernel of one dimension on a grid of another.
    case dimensionMismatch(modelPath: String, kernel: Int, grid: GridSpecification)
    /// The kernel's horizon does not fit the grid.
    case horizon(modelPath: String, GridError)
    /// A model whose operator is not coercive on `grid`.
    case notCoercive(modelPath: String, lambdaMin: Double, grid: String)
    /// An export of a model its own certificate calls not coercive.
    case nonCoerciveExport(modelPath: String, lambdaMin: Double, grid: String)
    /// A solve without a right-hand side.
    case noRightHandSide(path: String)
    /// A system matrix that is not square: A x = b has no unique solution to compute.
    case notSquare(path: String, rows: Int, columns: Int)
    /// A right-hand side whose length is not the matrix's.
    case rightHandSideLength(count: Int, rows: Int, columns: Int)
    /// A file that cannot be read or hashed.
    case unreadable(path: String, reason: String)
    /// A system that cannot be solved, or whose answer fails its check (``DirectSolver``).
    case unsolvable(path: String, SolverError)
    /// A singular operator whose null space the file does not name (or names wrongly).
    case unknownNullSpace(path: String, detail: String)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let value, let allowed): "\(name) = \(value) is invalid; \(allowed)"
        case .missingSetting(let name, let reason): "\(name) is required: \(reason)"
        case .invalidOutput(let path, let reason): "cannot write \(path): \(reason)"
        case .matrixShape(let path, let rows, let columns, let unknowns):
            "\(path) is a \(rows) × \(columns) matrix, but the grid has \(unknowns) unknowns; give a square \(unknowns) × \(unknowns) matrix (or the grid it lives on)"
        case .notSymmetric(let path, let detail):
            "\(path) is not symmetric (\(detail)); this needs a symmetric positive definite operator"
        case .gridMismatch(let path, let dataset, let requested):
            "\(path) is on grid \(dataset), not \(requested); pass the dataset's grid or regenerate the data"
        case .noGrid(let path): "\(path) records no training grid; name one with --grid"
        case .dimensionMismatch(let path, let kernel, let grid):
            "\(path) is a \(kernel)D model but grid \(grid) is \(grid.dimension)D; pick a \(kernel)D grid"
        case .horizon(let path, let error): "\(path): \(error)"
        case .notCoercive(let path, let lambda, let grid):
            "\(path) is not coercive on \(grid) (λ_min = \(lambda) ≤ 0): its operator there is not positive definite; use it on a grid where `nonlocal check` certifies it, or relearn with a smaller δ (and, for a sign-changing part, --constraint coefficients, which bounds it on refinements of the training grid)"
        case .nonCoerciveExport(let path, let lambda, let grid):
            "\(path) is not coercive on \(grid) (λ_min = \(lambda) ≤ 0), so its matrix is not positive definite; pass --allow-non-coercive to export it anyway, marked coercive = false"
        case .noRightHandSide(let path): "\(path) holds no right-hand side; pass one with --rhs b.mtx"
        case .notSquare(let path, let rows, let columns):
            "\(path) is a \(rows) × \(columns) matrix, not square; solving A x = b needs a square operator (as many rows as columns)"
        case .rightHandSideLength(let count, let rows, let columns):
            "the right-hand side has \(count) entries for a \(rows) × \(columns) matrix; give one entry per row"
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .unsolvable(let path, let error): "\(path): \(error); nothing was written"
        case .unknownNullSpace(let path, let detail): "\(path) is singular: \(detail); nothing was written"
        }
    }
}
