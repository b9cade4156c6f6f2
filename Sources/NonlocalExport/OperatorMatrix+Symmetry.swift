// OperatorMatrix+Symmetry: the entry-by-entry symmetry test (``MatrixSymmetry``) for a dense or sparse operator.
import NonlocalLinearAlgebra

extension OperatorMatrix {
    /// A pair of mirrored entries that differ by more than the tolerance (``MatrixAsymmetry``).
    public typealias Asymmetry = MatrixAsymmetry

    /// The default of ``isSymmetric(relativeTolerance:)``: ``MatrixSymmetry/tolerance``.
    public static let symmetryTolerance = MatrixSymmetry.tolerance

    /// Whether the matrix is square and every pair `i > j` satisfies
    ///
    ///     |a_ij − a_ji| ≤ τ · max(|a_ij|, |a_ji|, √|a_ii| · √|a_jj|)
    ///
    /// with τ = `relativeTolerance` (``MatrixSymmetry``: each pair against its own size and
    /// diagonal scale, so `[[1e20, 0], [1e5, 1]]` is not symmetric).
    public func isSymmetric(relativeTolerance: Double = OperatorMatrix.symmetryTolerance) -> Bool {
        isSquare && firstAsymmetry(relativeTolerance: relativeTolerance) == nil
    }

    /// The first pair that breaks ``isSymmetric(relativeTolerance:)``'s test, scanning the
    /// lower triangle column by column (dense) or row by row (sparse), or nil when there is none.
    /// - Precondition: the matrix is square.
    public func firstAsymmetry(relativeTolerance tolerance: Double = OperatorMatrix.symmetryTolerance) -> Asymmetry? {
        switch self {
        case .dense(let matrix): matrix.firstAsymmetry(relativeTolerance: tolerance)
        case .sparse(let matrix): matrix.firstAsymmetry(relativeTolerance: tolerance)
        }
    }

    /// Throws unless the matrix is square and exactly symmetric (τ = 0): what a writer checks
    /// before it stores one triangle or labels a file symmetric.
    func checkExactlySymmetric(path: String, fix: String) throws(ExportError) {
        guard isSquare else {
            throw .unsupported(
                path: path, reason: "a \(rowCount) × \(columnCount) matrix cannot be stored as symmetric; \(fix)")
        }
        if let asymmetry = firstAsymmetry(relativeTolerance: 0) {
            throw .unsupported(path: path, reason: "the matrix is not symmetric: \(asymmetry); \(fix)")
        }
    }
}
