// OperatorMatrix: a user's system matrix as a file holds it, dense or sparse, whichever format it came in.
import NonlocalLinearAlgebra

/// The matrix of an operator read from, or written to, any of the three formats, kept in the
/// form the file stores it: dense (a NetCDF 2-D variable, a PETSc MATDENSE Mat, a MatrixMarket
/// `array`) or sparse (NonlocalKit's ESMF/SCRIP NetCDF layout, a PETSc AIJ Mat, a MatrixMarket
/// `coordinate` file).
///
/// It is what a user of a fractional solver brings: the dense system `(−Δ)^s` discretized their
/// way, to be preconditioned by a learned sparse surrogate or compared with it; and what
/// NonlocalKit writes for dense reference operators, so SciPy, xarray and PETSc users can load
/// them. Read one with ``read(from:format:variable:)``, write one with
/// ``write(to:format:metadata:storage:)``; ``isSymmetric(relativeTolerance:)`` checks symmetry
/// entry by entry.
///
/// `==` compares values as doubles (so `0.0 == -0.0`), and a dense matrix never equals a
/// sparse one, even with the same entries.
public enum OperatorMatrix: Sendable, Equatable {
    /// Every entry stored, column-major.
    case dense(DenseMatrix)
    /// CSR; entries not stored are zero.
    case sparse(SparseMatrix)

    public var rowCount: Int {
        switch self {
        case .dense(let matrix): matrix.rowCount
        case .sparse(let matrix): matrix.rowCount
        }
    }

    public var columnCount: Int {
        switch self {
        case .dense(let matrix): matrix.columnCount
        case .sparse(let matrix): matrix.columnCount
        }
    }

    /// Whether the matrix has as many rows as columns (an operator on one space).
    public var isSquare: Bool { rowCount == columnCount }

    /// The dense matrix, or nil for a sparse one.
    public var denseMatrix: DenseMatrix? {
        if case .dense(let matrix) = self { matrix } else { nil }
    }

    /// The sparse matrix, or nil for a dense one.
    public var sparseMatrix: SparseMatrix? {
        if case .sparse(let matrix) = self { matrix } else { nil }
    }
}
