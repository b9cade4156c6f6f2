// SymmetricEigensolver: smallest eigenpairs of a symmetric-definite pencil (A, M) — the coercivity constant of eq. (4.3).
internal import COpenBLAS

/// Computes the smallest eigenpairs of `A w = λ M w`, A symmetric, M symmetric positive definite
/// (the identity when omitted). With one-point quadrature `S = h^d A`, `M = h^d I`, so the
/// coercivity constant of eq. (4.3), `1/κ = min wᵀSw / wᵀMw`, is the first eigenvalue.
///
/// Small problems go to dense LAPACK (`dsygvd`), large ones to ARPACK in shift-invert mode
/// (mode 3, `bmat = "G"`) with a CHOLMOD factorization of `A − σM`. The shift is chosen so
/// that this Cholesky factorization succeeds, which proves σ < λ_min: the eigenvalues closest
/// to σ are then the smallest ones, also for indefinite A.
///
/// A known null vector (the constants, on periodic grids) can be deflated: the solver works in
/// its M-orthogonal complement and returns the smallest eigenvalues there.
public struct SymmetricEigensolver: Sendable {
    public enum Method: Sendable {
        /// Dense below ``denseThreshold`` unknowns, ARPACK above.
        case automatic
        case dense
        case arpack
    }

    public var method: Method
    /// The largest dimension solved densely by ``Method/automatic``.
    public var denseThreshold: Int
    /// ARPACK's relative accuracy for Ritz values. The default 1e-12 already gives the eigenvalue
    /// (a Rayleigh quotient, accurate to the square of the residual) to rounding; 0 asks for
    /// machine precision in the residual too, which takes about three times the shifted solves.
    public var tolerance: Double
    /// ARPACK's limit on implicit restarts (its "iterations").
    public var maximumIterations: Int
    /// ARPACK's Lanczos basis size; nil picks max(2·count + 1, 8), capped at the dimension.
    public var subspaceSize: Int?
    /// ARPACK's starting shift; nil picks 0 (or a tiny negative shift when deflating).
    public var shift: Double?

    public init(
        method: Method = .automatic, denseThreshold: Int = 1000, tolerance: Double = 1e-12,
        maximumIterations: Int = 1000, subspaceSize: Int? = nil, shift: Double? = nil
    ) {
        self.method = method
        self.denseThreshold = denseThreshold
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
        self.subspaceSize = subspaceSize
        self.shift = shift
    }

    /// The `count` smallest eigenpairs of `(A, M)` in ascending order, each with its residual
    /// norm ‖A w − λ M w‖₂; eigenvectors are M-orthonormal.
    /// - Parameters:
    ///   - mass: M, symmetric positive definite with A's dimension; nil for the identity.
    ///   - nullVector: a vector z with A z = 0 to deflate; results are M-orthogonal to it.
    /// - Throws: ``EigenError``: no convergence (carrying the converged pairs), an M that is
    ///   not positive definite, a failed shifted factorization, or an ARPACK error.
    public func smallestEigenpairs(
        of stiffness: SparseMatrix, mass: SparseMatrix? = nil, count: Int, deflating nullVector: [Double]? = nil
    ) throws(EigenError) -> [Eigenpair] {
        let n = stiffness.rowCount
        precondition(stiffness.isSquare, "A must be square")
        precondition(mass.map { $0.rowCount == n && $0.isSquare } ?? true, "M must have A's dimension")
        precondition(nullVector.map { $0.count == n && $0.euclideanNorm > 0 } ?? true, "null vector must be non-zero with A's length")
        let available = nullVector == nil ? n : n - 1
        precondition(count >= 1 && count <= available, "asked for \(count) eigenpairs of a problem with \(available)")
        let pencil = Pencil(stiffness: stiffness, mass: mass ?? .identity(n), nullVector: nullVector)
        let useDense: Bool
        switch method {
        case .automatic: useDense = n <= denseThreshold || count >= available / 2
        case .dense: useDense = true
        case .arpack:
            precondition(count < available, "ARPACK needs count < dimension")
            useDense = false
        }
        return try useDense ? denseEigenpairs(pencil, count: count) : arpackEigenpairs(pencil, count: count)
    }

    /// Dense path: LAPACK's generalized solver on the (deflated) pencil, asked for the `count`
    /// smallest pairs only (bisection and inverse iteration on the tridiagonal form), so the
    /// eigenvectors nobody wants are never formed.
    /// The corresponding C function is `LAPACKE_dsygvx`.
    private func denseEigenpairs(_ pencil: Pencil, count: Int) throws(EigenError) -> [Eigenpair] {
        var a = pencil.stiffness.denseMatrix()
        var m = pencil.mass.denseMatrix()
        var reflector: [Double]? = nil
        if let z = pencil.nullVector {
            // Householder H maps y = M z to a multiple of e₁, so columns 2…n of H span the
            // complement {w : yᵀw = 0}; A and M are reduced to it as trailing blocks of H A H, H M H.
            var v = pencil.mass.multiply(z)
            v[0] += (v[0] >= 0 ? 1 : -1) * v.euclideanNorm
            a = a.reflected(by: v).trailingBlock()
            m = m.reflected(by: v).trailingBlock()
            reflector = v
        }
        let size = a.rowCount
        var eigenvalues = [Double](repeating: 0, count: size)
        var vectors = DenseMatrix(rowCount: size, columnCount: count)
        var found = blasInt(0)
        var failed = [blasint](repeating: 0, count: size)
        // The absolute tolerance LAPACK recommends for the most accurate eigenvalues: 2 × the safe minimum.
        let info = LAPACKE_dsygvx(
            LAPACK_COL_MAJOR, 1, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "I")), CChar(UInt8(ascii: "L")), blasInt(size),
            &a.storage, blasInt(size), &m.storage, blasInt(size), 0, 0, 1, blasInt(count), 2 * Double.leastNormalMagnitude,
            &found, &eigenvalues, &vectors.storage, blasInt(size), &failed)
        if info > size { throw .massNotPositiveDefinite }
        if info != 0 || found != count { throw .lapack(function: "LAPACKE_dsygvx", info: Int(info)) }
        return (0..<count).map { j in
            var w = vectors.column(j)
            if let v = reflector {
                // w = H [0; w'].
                w.insert(0, at: 0)
                w.add(v, scaledBy: -2 * v.dot(w) / v.dot(v))
            }
            return pencil.eigenpair(value: eigenvalues[j], vector: w)
        }
    }
}

/// One eigenpair with its residual norm ‖A w − λ M w‖₂.
public struct Eigenpair: Sendable {
    public let value: Double
    public let vector: [Double]
    public let residualNorm: Double
}

/// Failures of the eigensolver caused by the pencil or the iteration.
public enum EigenError: Error, CustomStringConvertible {
    /// ARPACK stopped after its iteration limit; `converged` holds the pairs that did converge.
    case noConvergence(converged: [Eigenpair], requested: Int, iterations: Int)
    /// M is not positive definite, so (A, M) is not a symmetric-definite pencil.
    case massNotPositiveDefinite
    /// No shift σ could be found with A − σM positive definite.
    case shiftSearchFailed(SolverError)
    case lapack(function: String, info: Int)
    case arpack(function: String, info: Int, meaning: String)
    /// The problem has no eigenpair to give: `dimension` unknowns, all spanned by the deflated null vector.
    case noEigenpairs(dimension: Int)

    public var description: String {
        switch self {
        case .noEigenpairs(let dimension):
            "the eigenproblem has \(dimension) unknown\(dimension == 1 ? "" : "s") and no eigenvalue once its null mode (the constants) "
                + "is set aside; use a grid with at least 2 points"
        case .noConvergence(let converged, let requested, let iterations):
            "eigensolver did not converge: \(converged.count) of \(requested) eigenpairs after \(iterations) "
                + "iterations; raise maximumIterations or subspaceSize"
        case .massNotPositiveDefinite:
            "mass matrix is not positive definite; the pencil (A, M) needs M > 0"
        case .shiftSearchFailed(let error):
            "no shift σ makes A − σM positive definite (\(error)); check A for NaN or a wrong scale"
        case .lapack(let function, let info):
            "\(function) failed with info = \(info)"
        case .arpack(let function, let info, let meaning):
            "\(function) failed with info = \(info): \(meaning)"
        }
    }

    /// The eigenpairs that did converge (all of them except after ``noConvergence(converged:requested:iterations:)``).
    public var convergedPairs: [Eigenpair] {
        if case .noConvergence(let converged, _, _) = self { return converged }
        return []
    }
}

/// The pencil (A, M) with an optional null vector to deflate.
struct Pencil {
    let stiffness: SparseMatrix
    let mass: SparseMatrix
    let nullVector: [Double]?

    /// The pair with its residual norm ‖A w − λ M w‖₂.
    func eigenpair(value: Double, vector: [Double]) -> Eigenpair {
        var residual = stiffness.multiply(vector)
        residual.add(mass.multiply(vector), scaledBy: -value)
        return Eigenpair(value: value, vector: vector, residualNorm: residual.euclideanNorm)
    }
}

extension SparseMatrix {
    /// The matrix as a dense column-major matrix.
    public func denseMatrix() -> DenseMatrix {
        var dense = DenseMatrix(rowCount: rowCount, columnCount: columnCount)
        for row in 0..<rowCount {
            for k in rowPointers[row]..<rowPointers[row + 1] { dense[row, columnIndices[k]] += values[k] }
        }
        return dense
    }
}

extension DenseMatrix {
    /// H A H for the Householder reflector H = I − 2 v vᵀ / vᵀv and symmetric A:
    /// A − (2/β)(v uᵀ + u vᵀ) + (4γ/β²) v vᵀ with u = A v, β = vᵀv, γ = vᵀu.
    fileprivate func reflected(by v: [Double]) -> DenseMatrix {
        let u = multiplied(by: v)
        let beta = v.dot(v), gamma = v.dot(u)
        var result = self
        for j in 0..<columnCount {
            for i in 0..<rowCount {
                result[i, j] += -(2 / beta) * (v[i] * u[j] + u[i] * v[j]) + (4 * gamma / (beta * beta)) * v[i] * v[j]
            }
        }
        return result
    }

    /// The block without the first row and column.
    fileprivate func trailingBlock() -> DenseMatrix {
        var block = DenseMatrix(rowCount: rowCount - 1, columnCount: columnCount - 1)
        for j in 1..<columnCount {
            for i in 1..<rowCount { block[i - 1, j - 1] = self[i, j] }
        }
        return block
    }
}
