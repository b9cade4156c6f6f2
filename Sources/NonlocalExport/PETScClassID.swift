// PETScClassID: the int32 that opens each object in a PETSc binary file and says what follows.

/// The class id PETSc writes, as a big-endian int32, in front of every object in a binary
/// file; the loaders (`MatLoad`, `VecLoad`, `ISLoad`) check it before reading anything else.
/// The numbers are PETSc's `MAT_FILE_CLASSID` (`petscmat.h`), `VEC_FILE_CLASSID`
/// (`petscvec.h`) and `IS_FILE_CLASSID` (`petscis.h`); they have not changed since PETSc 3.0.
public enum PETScClassID: Int32, Sendable, CaseIterable {
    /// `MAT_FILE_CLASSID` = 1211216 (bytes `00 12 7B 50`): a matrix follows, sparse AIJ or,
    /// when its nonzero count is −1 (`MATRIX_BINARY_FORMAT_DENSE`), dense.
    case matrix = 1_211_216
    /// `VEC_FILE_CLASSID` = 1211214 (bytes `00 12 7B 4E`): a vector of doubles follows.
    case vector = 1_211_214
    /// `IS_FILE_CLASSID` = 1211218 (bytes `00 12 7B 52`): a general index set of int32 follows.
    case indexSet = 1_211_218

    /// PETSc's name for the object type: `Mat`, `Vec` or `IS`.
    public var petscName: String {
        switch self {
        case .matrix: "Mat"
        case .vector: "Vec"
        case .indexSet: "IS"
        }
    }
}
