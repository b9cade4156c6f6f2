// PETScObject: one matrix (sparse or dense), vector or index set as stored, in order, in a PETSc binary file.
import NonlocalLinearAlgebra

/// One object of a PETSc binary file. A file holds one or more of them, one after another,
/// and PETSc loads them in that order (`MatLoad`, then `VecLoad`, … on the same viewer): for
/// example an operator and its right-hand side, or a factor L, the diagonal D and the
/// fill-reducing permutation.
///
/// `==` compares values as doubles (so `0.0 == -0.0`); compare `bitPattern`s for bit-exact checks.
public enum PETScObject: Sendable, Equatable {
    /// A sparse matrix, stored as PETSc's AIJ (CSR) layout; explicitly stored zeros are kept.
    case matrix(SparseMatrix)
    /// A dense matrix, stored as PETSc's MATDENSE binary layout (nonzero count −1, then every
    /// value row by row), as `MatView` writes a dense Mat to a viewer in the native format
    /// (`PetscViewerPushFormat(viewer, PETSC_VIEWER_NATIVE)`). It loads only as a dense Mat
    /// (`MatSetType(A, MATDENSE)` before `MatLoad`; AIJ's loader refuses the format).
    ///
    /// This is a case of its own, rather than a separate file API, because a dense operator
    /// travels in the same object sequence as the others (a dense system, then its right-hand
    /// side Vec) and shares the Mat class id: only the nonzero count tells them apart.
    case denseMatrix(DenseMatrix)
    /// A vector of doubles (`Vec`), e.g. a right-hand side or a diagonal.
    case vector([Double])
    /// A general index set (`IS`) of 0-based int32 indices, e.g. a permutation. PETSc allows
    /// negative entries (conventionally −1 for "none"), so they are not refused.
    case indexSet([Int])

    /// The class id written in front of the object.
    public var classID: PETScClassID {
        switch self {
        case .matrix, .denseMatrix: .matrix
        case .vector: .vector
        case .indexSet: .indexSet
        }
    }

    /// The sparse matrix, or nil for another kind of object (a dense matrix included).
    public var matrix: SparseMatrix? {
        if case .matrix(let matrix) = self { matrix } else { nil }
    }

    /// The dense matrix, or nil for another kind of object (a sparse matrix included).
    public var denseMatrix: DenseMatrix? {
        if case .denseMatrix(let matrix) = self { matrix } else { nil }
    }

    /// The vector's entries, or nil for another kind of object.
    public var vector: [Double]? {
        if case .vector(let entries) = self { entries } else { nil }
    }

    /// The index set's indices, or nil for another kind of object.
    public var indexSet: [Int]? {
        if case .indexSet(let indices) = self { indices } else { nil }
    }
}
