// OperatorFile: an exported operator — its matrix, metadata, kernel coefficients, grid coordinates and vectors.
import NonlocalLinearAlgebra

/// Everything one export carries. The matrix is stored whole (`general`) or, when symmetric,
/// as its lower triangle (`symmetric`) in every format that has a notion of symmetric storage.
public struct OperatorFile: Sendable {
    public enum Storage: String, Sendable, CaseIterable {
        case general
        /// The lower triangle of a symmetric matrix.
        case symmetric
    }

    public var matrix: SparseMatrix
    public var storage: Storage
    public var metadata: ExportMetadata
    /// Named coefficient vectors (e.g. the kernel's C and D).
    public var coefficients: [String: [Double]]
    /// Coordinates of the unknowns (y = 0 in 1D); empty when unknown.
    public var coordinates: [SIMD2<Double>]
    /// Named vectors on the unknowns: `rhs`, `reference_solution`, `surrogate_solution`, ….
    public var vectors: [String: [Double]]

    public init(
        matrix: SparseMatrix, storage: Storage = .general, metadata: ExportMetadata = ExportMetadata(),
        coefficients: [String: [Double]] = [:], coordinates: [SIMD2<Double>] = [], vectors: [String: [Double]] = [:]
    ) {
        precondition(coordinates.isEmpty || coordinates.count == matrix.rowCount, "one coordinate per unknown")
        precondition(vectors.values.allSatisfy { $0.count == matrix.rowCount }, "vectors live on the unknowns")
        self.matrix = matrix
        self.storage = storage
        self.metadata = metadata
        self.coefficients = coefficients
        self.coordinates = coordinates
        self.vectors = vectors
    }
}
