// Preconditioner: z = P⁻¹ r for Krylov solvers; every factorization is one.

/// An approximate inverse applied as `z = P⁻¹ r`. Exact factorizations (``CholeskyFactorization``,
/// ``LUFactorization``) conform, so the surrogate operator's factor preconditions another system.
public protocol Preconditioner {
    var dimension: Int { get }
    /// z = P⁻¹ r.
    func solve(_ r: [Double]) -> [Double]
}

/// P = diag(A): the Jacobi preconditioner.
public struct JacobiPreconditioner: Preconditioner, Sendable {
    public let inverseDiagonal: [Double]
    public var dimension: Int { inverseDiagonal.count }

    /// - Precondition: every diagonal entry of `matrix` is non-zero.
    public init(_ matrix: SparseMatrix) {
        self.init(diagonal: matrix.diagonal)
    }

    /// P = diag(d), for a matrix held in another form (a dense reference).
    /// - Precondition: every entry of `d` is non-zero.
    public init(diagonal: [Double]) {
        inverseDiagonal = diagonal.map { d in
            precondition(d != 0, "Jacobi preconditioning needs a non-zero diagonal")
            return 1 / d
        }
    }

    public func solve(_ r: [Double]) -> [Double] {
        zip(r, inverseDiagonal).map { $0 * $1 }
    }
}
