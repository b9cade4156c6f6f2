// PETScObject: one matrix, vector or index set as stored, in order, in a PETSc binary file.
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
    /// A vector of doubles (`Vec`), e.g. a right-hand side or a diagonal.
    case vector([Double])
    /// A general index set (`IS`) of 0-based int32 indices, e.g. a permutation. PETSc allows
    /// negative entries (conventionally −1 for "none"), so they are not refused.
    case indexSet([Int])

    /// The class id written in front of the object.
    public var classID: PETScClassID {
        switch self {
        case .matrix: .matrix
        case .vector: .vector
        case .indexSet: .indexSet
        }
    }

    /// The matrix, or nil for another kind of object.
    public var matrix: SparseMatrix? {
        if case .matrix(let matrix) = self { matrix } else { nil }
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
