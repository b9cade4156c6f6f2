// CholeskyFactorization: sparse symmetric positive definite factorization P A Pᵀ = L D Lᵀ through CHOLMOD.
internal import CSuiteSparse

/// A CHOLMOD factorization of a symmetric positive definite matrix, split as the library splits
/// it: ``init(analyzing:ordering:)`` (fill-reducing ordering and symbolic factorization),
/// ``factorize(_:)`` (numerical factorization, repeatable for new values on the same pattern)
/// and ``solve(_:)``.
///
/// Only the lower triangle of the matrix is read (CHOLMOD sees the CSR arrays as the upper
/// triangle of the transpose, with no copy); the upper triangle is assumed to mirror it.
public final class CholeskyFactorization {
    /// How CHOLMOD orders the unknowns before eliminating them.
    public enum Ordering: Sendable {
        /// CHOLMOD's default choice (AMD, METIS when it pays), minimizing fill.
        case automatic
        /// No permutation: L is the factor of A itself.
        case natural
    }

    public let dimension: Int
    private let common = CholmodCommon()
    private let factor: UnsafeMutablePointer<cholmod_factor>
    private let rowPointers: [Int]
    private let columnIndices: [Int]
    public private(set) var isFactorized = false

    /// Orders the unknowns and computes the symbolic factorization of `matrix`'s pattern.
    /// The corresponding C function is `cholmod_l_analyze`.
    public init(analyzing matrix: SparseMatrix, ordering: Ordering = .automatic) throws(SolverError) {
        precondition(matrix.isSquare, "Cholesky needs a square matrix, got \(matrix.rowCount) × \(matrix.columnCount)")
        dimension = matrix.rowCount
        rowPointers = matrix.rowPointers
        columnIndices = matrix.columnIndices
        // LLᵀ everywhere: CHOLMOD's simplicial LDLᵀ would factor indefinite matrices without complaint.
        common.pointer.pointee.final_ll = 1
        if ordering == .natural {
            common.pointer.pointee.nmethods = 1
            common.pointer.pointee.method.0.ordering = CHOLMOD_NATURAL
            common.pointer.pointee.postorder = 0
        }
        let common = self.common
        let analyzed = try matrix.withCholmodView { (view) throws(SolverError) in
            cholmod_l_analyze(view, common.pointer)
        }
        guard let analyzed else { throw .library(function: "cholmod_l_analyze", status: Int(common.status)) }
        factor = analyzed
    }

    /// Analyzes and factorizes `matrix` in one step.
    public convenience init(factorizing matrix: SparseMatrix, ordering: Ordering = .automatic) throws(SolverError) {
        try self.init(analyzing: matrix, ordering: ordering)
        try factorize(matrix)
    }

    deinit {
        var owned: UnsafeMutablePointer<cholmod_factor>? = factor
        cholmod_l_free_factor(&owned, common.pointer)
    }

    /// Computes the numerical factorization of `matrix`, which must have the analyzed pattern.
    /// The corresponding C function is `cholmod_l_factorize`.
    /// - Throws: ``SolverError/notPositiveDefinite(column:)`` naming the column (original
    ///   numbering) where elimination met a non-positive pivot; ``SolverError/nonFiniteEntry(row:column:)``.
    public func factorize(_ matrix: SparseMatrix) throws(SolverError) {
        precondition(
            matrix.rowPointers == rowPointers && matrix.columnIndices == columnIndices,
            "re-factorization needs the pattern given to init(analyzing:)")
        try matrix.checkFinite()
        isFactorized = false
        let (common, factor) = (self.common, self.factor)
        try matrix.withCholmodView { (view) throws(SolverError) in
            _ = cholmod_l_factorize(view, factor, common.pointer)
        }
        try common.check("cholmod_l_factorize")
        // CHOLMOD signals an indefinite matrix through the status and L->minor, not the return value.
        if common.status == CHOLMOD_NOT_POSDEF || factor.pointee.minor < factor.pointee.n {
            let step = Int(factor.pointee.minor)
            throw .notPositiveDefinite(column: permutation[step])
        }
        isFactorized = true
    }

    /// The fill-reducing permutation p: row i of L D Lᵀ is row p[i] of A.
    public var permutation: [Int] {
        guard let perm = factor.pointee.Perm else { return Array(0..<dimension) }
        let p = perm.assumingMemoryBound(to: Int.self)
        return (0..<dimension).map { p[$0] }
    }

    /// CHOLMOD's estimate of the reciprocal condition number in the 1-norm, from the factor's
    /// diagonal: `(min L_ii / max L_ii)²` of the LLᵀ factor. Cheap and rough (it can overestimate
    /// 1/κ₁ by a factor up to n), 0 for a matrix that is numerically singular.
    /// The corresponding C function is `cholmod_l_rcond`.
    public var reciprocalCondition: Double {
        precondition(isFactorized, "reciprocalCondition needs a successful factorize")
        return cholmod_l_rcond(factor, common.pointer)
    }

    /// Nonzeros in L (CHOLMOD's count, supernodal padding included).
    public var factorNonzeroCount: Int {
        Int(common.pointer.pointee.lnz)
    }

    /// x = A⁻¹ b. The corresponding C function is `cholmod_l_solve`.
    public func solve(_ b: [Double]) -> [Double] {
        solve(DenseMatrix(rowCount: b.count, columnCount: 1, storage: b)).storage
    }

    /// X = A⁻¹ B for several right-hand sides at once (the columns of `B`).
    /// The corresponding C function is `cholmod_l_solve`.
    public func solve(_ b: DenseMatrix) -> DenseMatrix {
        precondition(isFactorized, "solve needs a successful factorize")
        precondition(b.rowCount == dimension, "right-hand side has \(b.rowCount) rows, expected \(dimension)")
        guard b.columnCount > 0 else { return b }
        var rhs = b.storage
        let solution = rhs.withUnsafeMutableBufferPointer { buffer in
            var dense = cholmod_dense()
            dense.nrow = dimension
            dense.ncol = b.columnCount
            dense.nzmax = buffer.count
            dense.d = dimension
            dense.x = UnsafeMutableRawPointer(buffer.baseAddress)
            dense.xtype = CHOLMOD_REAL
            dense.dtype = CHOLMOD_DOUBLE
            return cholmod_l_solve(CHOLMOD_A, factor, &dense, common.pointer)
        }
        var owned: UnsafeMutablePointer<cholmod_dense>? = solution
        defer { cholmod_l_free_dense(&owned, common.pointer) }
        guard let solution else {
            preconditionFailure("cholmod_l_solve failed with status \(common.status)")
        }
        let x = solution.pointee.x.assumingMemoryBound(to: Double.self)
        return DenseMatrix(
            rowCount: dimension, columnCount: b.columnCount,
            storage: Array(UnsafeBufferPointer(start: x, count: dimension * b.columnCount)))
    }

    /// The factor as sparse matrices: `P A Pᵀ = L D Lᵀ` with L unit lower triangular, D diagonal
    /// and P the permutation, with no explicitly stored zeros. A copy of CHOLMOD's factor is
    /// converted to simplicial LDLᵀ form, so this factorization is untouched.
    /// The corresponding C functions are `cholmod_l_copy_factor`, `cholmod_l_change_factor` and
    /// `cholmod_l_factor_to_sparse`.
    public func exportFactor() throws(SolverError) -> CholeskyFactor {
        precondition(isFactorized, "exportFactor needs a successful factorize")
        var copy = cholmod_l_copy_factor(factor, common.pointer)
        guard copy != nil else {
            throw .library(function: "cholmod_l_copy_factor", status: Int(common.status))
        }
        defer { cholmod_l_free_factor(&copy, common.pointer) }
        // Simplicial, packed, monotonic LDLᵀ: D sits on the diagonal of the sparse copy.
        _ = cholmod_l_change_factor(CHOLMOD_REAL, 0, 0, 1, 1, copy, common.pointer)
        try common.check("cholmod_l_change_factor")
        var converted = cholmod_l_factor_to_sparse(copy, common.pointer)
        defer { cholmod_l_free_sparse(&converted, common.pointer) }
        guard let sparse = converted else {
            throw .library(function: "cholmod_l_factor_to_sparse", status: Int(common.status))
        }
        let n = dimension
        let p = sparse.pointee.p.assumingMemoryBound(to: Int.self)
        let i = sparse.pointee.i.assumingMemoryBound(to: Int.self)
        let x = sparse.pointee.x.assumingMemoryBound(to: Double.self)
        // Column j of L in CHOLMOD's compressed columns is row j of Lᵀ in CSR.
        var diagonal = [Double](repeating: 0, count: n)
        var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: p[n])
        for column in 0..<n {
            for k in p[column]..<p[column + 1] {
                let row = i[k]
                if row == column {
                    diagonal[column] = x[k]
                    builder.append(row: row, column: column, value: 1)
                } else if x[k] != 0 {
                    builder.append(row: row, column: column, value: x[k])
                }
            }
        }
        return CholeskyFactor(lower: builder.build(), diagonal: diagonal, permutation: permutation)
    }
}

extension CholeskyFactorization: Preconditioner {}

/// An exported Cholesky factor: `P A Pᵀ = L D Lᵀ`, `(P A Pᵀ)[i, j] = A[p[i], p[j]]`.
public struct CholeskyFactor: Sendable {
    /// Unit lower triangular L, diagonal ones stored, no stored zeros.
    public let lower: SparseMatrix
    /// The diagonal of D.
    public let diagonal: [Double]
    /// p, with row i of L D Lᵀ corresponding to row p[i] of A.
    public let permutation: [Int]

    /// L D Lᵀ as one sparse matrix (for checks; it has the fill of L).
    public func reconstructedPermutedMatrix() -> SparseMatrix {
        var scaledLower = lower
        // L D: scale column j by d_j.
        for k in scaledLower.values.indices { scaledLower.values[k] *= diagonal[lower.columnIndices[k]] }
        return scaledLower.multiplied(by: lower.transposed())
    }
}

extension SparseMatrix {
    /// Runs `body` with a `cholmod_sparse` header over the CSR arrays, read as the upper
    /// triangle (stype = 1) of the compressed-column transpose, that is the lower triangle of A.
    fileprivate func withCholmodView<R>(
        _ body: (UnsafeMutablePointer<cholmod_sparse>) throws(SolverError) -> R
    ) throws(SolverError) -> R {
        try withCompressedColumnsOfTranspose { (p, i, x) throws(SolverError) -> R in
            var view = cholmod_sparse()
            view.nrow = rowCount
            view.ncol = columnCount
            view.nzmax = nonzeroCount
            view.p = UnsafeMutableRawPointer(mutating: p)
            view.i = UnsafeMutableRawPointer(mutating: i)
            view.x = UnsafeMutableRawPointer(mutating: x)
            view.stype = 1
            view.itype = CHOLMOD_LONG
            view.xtype = CHOLMOD_REAL
            view.dtype = CHOLMOD_DOUBLE
            view.sorted = 1
            view.packed = 1
            return try body(&view)
        }
    }
}
