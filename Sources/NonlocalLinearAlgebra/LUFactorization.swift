// LUFactorization: sparse LU of a general square matrix through UMFPACK.
internal import CSuiteSparse

/// An UMFPACK factorization `P R A Q = L U` of a square, possibly nonsymmetric matrix, split as
/// the library splits it: ``init(analyzing:)`` (symbolic), ``factorize(_:)`` (numeric), ``solve(_:)``.
///
/// UMFPACK works on compressed columns; the CSR arrays of A are the compressed columns of Aᵀ,
/// so the factorization is of Aᵀ and ``solve(_:)`` solves the transposed system of that
/// (UMFPACK_At), which is A x = b. Nothing is copied.
public final class LUFactorization {
    public let dimension: Int
    private var matrix: SparseMatrix
    private var symbolic: UnsafeMutableRawPointer?
    private var numeric: UnsafeMutableRawPointer?
    private var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
    /// UMFPACK's estimate of the reciprocal condition number, `min |U_ii| / max |U_ii|` of the
    /// (scaled) factor: cheap and rough, not a bound; NaN before ``factorize(_:)`` succeeds.
    public private(set) var reciprocalCondition = Double.nan

    /// Symbolic analysis (column ordering) of `matrix`'s pattern.
    /// The corresponding C function is `umfpack_dl_symbolic`.
    public init(analyzing matrix: SparseMatrix) throws(SolverError) {
        precondition(matrix.isSquare, "LU needs a square matrix, got \(matrix.rowCount) × \(matrix.columnCount)")
        dimension = matrix.rowCount
        self.matrix = matrix
        umfpack_dl_defaults(&control)
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        var symbolic: UnsafeMutableRawPointer?
        let status = try matrix.withCompressedColumnsOfTranspose { (p, i, x) throws(SolverError) in
            umfpack_dl_symbolic(matrix.rowCount, matrix.columnCount, p, i, x, &symbolic, control, &info)
        }
        guard status == Int(UMFPACK_OK) else { throw Self.error(status, function: "umfpack_dl_symbolic") }
        self.symbolic = symbolic
    }

    /// Analyzes and factorizes in one step.
    public convenience init(factorizing matrix: SparseMatrix) throws(SolverError) {
        try self.init(analyzing: matrix)
        try factorize(matrix)
    }

    deinit {
        if numeric != nil { umfpack_dl_free_numeric(&numeric) }
        if symbolic != nil { umfpack_dl_free_symbolic(&symbolic) }
    }

    /// Numerical factorization of `matrix` (same pattern as analyzed).
    /// The corresponding C function is `umfpack_dl_numeric`.
    /// - Throws: ``SolverError/singular(reciprocalCondition:)`` when a pivot is exactly zero
    ///   (UMFPACK's singular-matrix warning) — never a solve that returns NaN.
    public func factorize(_ matrix: SparseMatrix) throws(SolverError) {
        precondition(
            matrix.rowPointers == self.matrix.rowPointers && matrix.columnIndices == self.matrix.columnIndices,
            "re-factorization needs the pattern given to init(analyzing:)")
        try matrix.checkFinite()
        if numeric != nil { umfpack_dl_free_numeric(&numeric) }
        reciprocalCondition = .nan
        self.matrix = matrix
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        var numeric: UnsafeMutableRawPointer?
        let symbolic = self.symbolic
        let control = self.control
        let status = try matrix.withCompressedColumnsOfTranspose { (p, i, x) throws(SolverError) in
            umfpack_dl_numeric(p, i, x, symbolic, &numeric, control, &info)
        }
        let reciprocalCondition = info[Int(UMFPACK_RCOND)]
        // A pivot below round-off (rcond < ε) makes the matrix numerically singular.
        guard status == Int(UMFPACK_OK), reciprocalCondition >= Double.ulpOfOne else {
            if numeric != nil { umfpack_dl_free_numeric(&numeric) }
            if status == Int(UMFPACK_WARNING_singular_matrix) || status == Int(UMFPACK_OK) {
                throw .singular(reciprocalCondition: reciprocalCondition.isNaN ? 0 : reciprocalCondition)
            }
            throw Self.error(status, function: "umfpack_dl_numeric")
        }
        self.numeric = numeric
        self.reciprocalCondition = reciprocalCondition
    }

    public var isFactorized: Bool { numeric != nil }

    /// x = A⁻¹ b, with UMFPACK's iterative refinement. The corresponding C function is `umfpack_dl_solve`.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(numeric != nil, "solve needs a successful factorize")
        precondition(b.count == dimension, "right-hand side of length \(b.count), expected \(dimension)")
        var x = [Double](repeating: 0, count: dimension)
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        let numeric = self.numeric
        let control = self.control
        let status = try? matrix.withCompressedColumnsOfTranspose { (p, i, values) throws(SolverError) in
            umfpack_dl_solve(Int(UMFPACK_At), p, i, values, &x, b, numeric, control, &info)
        }
        precondition(
            status == Int(UMFPACK_OK),
            "umfpack_dl_solve failed: \(status.map { Self.statusMessage(Int32(clamping: $0)) } ?? "no status") (status \(String(describing: status)))")
        return x
    }

    private static func error(_ status: Int, function: String) -> SolverError {
        status == Int(UMFPACK_WARNING_singular_matrix)
            ? .singular(reciprocalCondition: 0) : .umfpack(function: function, status: status)
    }
}

extension LUFactorization: Preconditioner {}
