// FractionalReference: a dense reference discretization of (−Δ)^s on the unit interval or disk, sized and checked before it is built.
import Foundation
import NonlocalAssembly
import NonlocalGenerators
import NonlocalLinearAlgebra

/// A dense N × N matrix A ≈ `(−Δ)^s` on the lattice points x_i strictly inside the unit ball
/// B₁ ⊂ R^d (d = 1: (−1, 1); d = 2: the unit disk), u = 0 outside, for any s ∈ (0, 1), with the
/// fractional Laplacian `C_{d,s} P.V.∫ (u(x) − u(y)) |x − y|^{−d−2s} dy` (DESIGN.md): solving
/// `A u = f` with f sampled at the unknowns approximates the solution there. Two kinds:
///
/// - ``Kind/naive``: one-point quadrature of the full-horizon kernel with its analytic exterior
///   tail, the paper's dense discretization (``FullHorizonQuadrature``). Symmetric, constant
///   diagonal; slow convergence (f = 1, s = ¾: 9.9e-2 at h = 2⁻⁶ in 1D, 0.30 at h = 2⁻⁴ on the disk).
/// - ``Kind/accurate``: in 1D, mass-lumped P1 Galerkin finite elements, `A = K/h` with K the exact
///   Toeplitz stiffness (``FractionalHatStiffness``), first order in h (f = 1, s = ¾: 1.3e-3 at
///   h = 2⁻⁶); on the disk, `A = W₀⁻¹`, the inverse of the symmetric Green's-function quadrature
///   (``GreenFunctionInverse``), which is exact for f = 1 by construction and must be judged on
///   non-constant exact pairs.
///
/// Both are symmetric positive definite. In 1D both are (diagonal +) symmetric Toeplitz, given by
/// ``toeplitzColumn`` without forming the matrix (for an FFT apply).
///
/// **Memory.** ``requiredBytes`` is computed from (d, h) before anything of size N is allocated and
/// checked against the available memory when the reference is made, so a size that cannot fit is
/// refused at once, with the bytes needed and available and the finest spacing that fits.
public struct FractionalReference: Sendable {
    /// Which discretization; parsed from the text `naive` or `accurate`.
    public enum Kind: String, Sendable, CaseIterable {
        case naive
        case accurate

        /// The kind named by `text` (`naive` or `accurate`).
        /// - Throws: ``ReferenceError/unknownKind(_:)``.
        public init(parsing text: String) throws(ReferenceError) {
            guard let kind = Kind(rawValue: text) else { throw .unknownKind(text) }
            self = kind
        }
    }

    public let kind: Kind
    /// s ∈ (0, 1).
    public let order: Double
    /// The grid whose unknowns are the lattice points of the unit ball.
    public let grid: Grid
    /// The bytes ``matrix()`` needs at its peak: one N × N matrix of doubles (the disk's accurate
    /// reference inverts W₀ in place) plus an allowance of 256 bytes per unknown for the O(N)
    /// arrays beside it. `Int.max` when that exceeds 64 bits.
    public let requiredBytes: Int
    /// The bytes of ``matrix()`` followed by a Cholesky solve: two N × N matrices (A and its factor) and the allowance.
    public let solvingBytes: Int
    /// The unknowns' lattice, and the budget the caller gave (nil: the system's available memory), for ``solve(_:)``'s check.
    let lattice: UnitBallLattice
    let availableBytes: Int?
    /// Whether the dense matrix was checked to fit when the reference was made (not for ``init(matrixFree:order:spacing:availableBytes:)``).
    private let denseMatrixChecked: Bool

    /// A reference on `grid`, which must be the lattice of the unit ball:
    /// `Grid.interval(from: -1, to: 1, spacing: h, horizon: δ)` or `Grid.disk(radius: 1, spacing: h, horizon: δ)`
    /// (δ, the layer width, plays no role).
    /// - Parameter availableBytes: the memory budget; nil (default) reads the system's available memory.
    /// - Throws: ``ReferenceError/orderOutOfRange(_:)``, ``ReferenceError/notUnitBall(reason:)``,
    ///   ``ReferenceError/insufficientMemory(reference:unknowns:denseMatrices:availableBytes:suggestedSpacing:)``
    ///   when ``requiredBytes`` exceeds the budget, ``ReferenceError/availableMemoryUnknown(reason:)``.
    public init(kind: Kind, order s: Double, grid: Grid, availableBytes: Int? = nil) throws(ReferenceError) {
        try Self.checkOrder(s)
        let lattice = try UnitBallLattice(of: grid)
        try self.init(kind: kind, order: s, lattice: lattice, grid: grid, availableBytes: availableBytes)
    }

    /// A reference on the unit ball of dimension d at spacing h = 2/n; the memory is checked before the
    /// grid is built, so even sizes whose grid would not fit (h = 2⁻¹⁷ on the disk) are refused at once.
    /// - Throws: as ``init(kind:order:grid:availableBytes:)``, and ``ReferenceError/unsupportedDimension(_:)``
    ///   or ``ReferenceError/spacingDoesNotDivide(_:)``.
    public init(kind: Kind, order s: Double, dimension: Int, spacing h: Double, availableBytes: Int? = nil) throws(ReferenceError) {
        try Self.checkOrder(s)
        let lattice = try UnitBallLattice(dimension: dimension, spacing: h)
        try self.init(kind: kind, order: s, lattice: lattice, grid: nil, availableBytes: availableBytes)
    }

    /// N, the number of lattice points in the open unit ball of dimension d at spacing h = 2/n, counted in
    /// O(n) operations without allocating: n − 1 on the interval, #{(i, j): 4(i² + j²) < n²} on the disk.
    /// - Throws: ``ReferenceError/unsupportedDimension(_:)`` or ``ReferenceError/spacingDoesNotDivide(_:)``.
    public static func unknownCount(dimension: Int, spacing h: Double) throws(ReferenceError) -> Int {
        try UnitBallLattice(dimension: dimension, spacing: h).unknownCount
    }

    /// Checks the order, then that `denseMatrices` N × N matrices (1 to form A, 2 to also factorize it) fit in
    /// `availableBytes` (nil: the system's available memory), and only then makes the grid if none is given.
    init(
        kind: Kind, order s: Double, lattice: UnitBallLattice, grid: Grid?, availableBytes: Int?, denseMatrices: Int = 1
    ) throws(ReferenceError) {
        try Self.checkOrder(s)
        try Self.checkMemory(kind: kind, lattice: lattice, availableBytes: availableBytes, denseMatrices: denseMatrices)
        self.kind = kind
        self.lattice = lattice
        self.availableBytes = availableBytes
        denseMatrixChecked = denseMatrices > 0
        order = s
        requiredBytes = MemoryBudget.requiredBytes(unknowns: lattice.unknownCount, denseMatrices: 1)
        solvingBytes = MemoryBudget.requiredBytes(unknowns: lattice.unknownCount, denseMatrices: 2)
        self.grid = grid ?? lattice.grid()
        precondition(self.grid.interiorCount == lattice.unknownCount, "the lattice count and the grid disagree")
    }

    private static func checkOrder(_ s: Double) throws(ReferenceError) {
        guard s > 0, s < 1 else { throw .orderOutOfRange(s) }
    }

    static func checkMemory(kind: Kind, lattice: UnitBallLattice, availableBytes: Int?, denseMatrices: Int) throws(ReferenceError) {
        let name = "the \(kind.rawValue) reference on the \(lattice.dimension == 1 ? "interval" : "disk") at h = \(lattice.spacing)"
        try MemoryBudget(availableBytes).check(lattice, denseMatrices: denseMatrices, reference: name)
    }

    /// d ∈ {1, 2}.
    public var dimension: Int { grid.dimension }
    /// h.
    public var spacing: Double { grid.spacing }
    /// N.
    public var unknownCount: Int { grid.interiorCount }
    /// The unknowns x_i (1D: SIMD2(x, 0)), in the grid's order.
    public var coordinates: [SIMD2<Double>] { grid.interiorCoordinates }

    /// The dense matrix A, column-major and symmetric.
    /// - Throws: ``ReferenceError/notPositiveDefinite(matrix:column:)`` if the disk's W₀ is not positive definite.
    public func matrix() throws(ReferenceError) -> DenseMatrix {
        if !denseMatrixChecked { try Self.checkMemory(kind: kind, lattice: lattice, availableBytes: availableBytes, denseMatrices: 1) }
        switch (kind, dimension) {
        case (.naive, 2):
            return FullHorizonQuadrature(order: order, dimension: 2, spacing: spacing).matrix(on: grid)
        case (.accurate, 2):
            return try GreenFunctionInverse.matrix(on: grid, order: order)
        default:
            return Self.symmetricToeplitz(toeplitzColumn!)
        }
    }

    /// In 1D, the first column c of A, which is symmetric Toeplitz (`A_ij = c_{|i−j|}`); nil on the disk.
    /// Computed on each access in O(N) (N kernel values, or N stiffness coefficients).
    /// Naive: `c₀ = A_ii`, `c_k = −C_{1,s} (kh)^{−1−2s} h`. Accurate: `c_k = h^{−2s} a_k` (``FractionalHatStiffness``).
    public var toeplitzColumn: [Double]? {
        guard dimension == 1 else { return nil }
        switch kind {
        case .naive:
            return FullHorizonQuadrature(order: order, dimension: 1, spacing: spacing).toeplitzColumn(count: unknownCount)
        case .accurate:
            let scale = pow(spacing, -2 * order)
            return FractionalHatStiffness(order: order).coefficients(count: unknownCount).map { $0 * scale }
        }
    }

    /// Solves A u = f by a dense Cholesky factorization, after checking that ``solvingBytes`` fit
    /// (in the budget given when the reference was made, or the memory available now).
    /// - Throws: ``ReferenceError/insufficientMemory(reference:unknowns:denseMatrices:availableBytes:suggestedSpacing:)``,
    ///   ``ReferenceError/notPositiveDefinite(matrix:column:)``.
    public func solve(_ forcing: [Double]) throws(ReferenceError) -> [Double] {
        precondition(forcing.count == unknownCount, "forcing of length \(forcing.count), expected \(unknownCount)")
        try Self.checkMemory(kind: kind, lattice: lattice, availableBytes: availableBytes, denseMatrices: 2)
        return try Self.factorize(try matrix(), name: "the \(kind.rawValue) reference").solve(forcing)
    }

    /// u₁(x_i) = 2^{−2s} Γ(d/2)/(Γ(d/2 + s) Γ(1 + s)) (1 − |x_i|²)^s, the exact solution for f = 1 at the unknowns.
    public func constantForcingSolution() -> [Double] {
        coordinates.map { FractionalPoissonSolver.constantForcingSolution(order: order, dimension: dimension, at: $0) }
    }

    /// The Dyda–Kuznetsov–Kwaśnicki pair of degree n at the unknowns:
    /// `u = (1 − |x|²)^s P_n^{(s, d/2−1)}(2|x|² − 1)`, `f = λ_n P_n^{(s, d/2−1)}(2|x|² − 1)`
    /// (``FractionalPoissonExactSolution``); degree 0 is a multiple of the f = 1 pair.
    /// - Precondition: n ≥ 0.
    public func exactPair(degree n: Int) -> (forcing: [Double], solution: [Double]) {
        let pair = FractionalPoissonExactSolution(order: order, dimension: dimension, degree: n)
        return (coordinates.map(pair.forcing(at:)), coordinates.map(pair.solution(at:)))
    }

    /// The nodal relative error `‖u − u_exact‖₂ / ‖u_exact‖₂` over the unknowns.
    /// - Precondition: equal lengths and a non-zero `exact`.
    public static func relativeError(_ u: [Double], against exact: [Double]) -> Double {
        precondition(u.count == exact.count, "vectors of lengths \(u.count) and \(exact.count)")
        let norm = exact.euclideanNorm
        precondition(norm > 0, "the exact solution is zero")
        return u.subtracting(exact).euclideanNorm / norm
    }

    /// In 1D, `‖u − u_h‖_{L²(−1,1)} / ‖u‖_{L²(−1,1)}` for u_h the piecewise-linear interpolant of the nodal
    /// values `u` (0 at ±1) and `exact` the exact solution (see ``PiecewiseLinearError``): the measure of
    /// finite-element codes such as PyNucleus.
    /// - Precondition: d = 1 and `u.count == unknownCount`.
    public func continuousRelativeError(_ u: [Double], against exact: (Double) -> Double) -> Double {
        precondition(dimension == 1, "the continuous error is defined for the interval")
        precondition(u.count == unknownCount, "\(u.count) nodal values, expected \(unknownCount)")
        return PiecewiseLinearError.relative(nodalValues: u, exact: exact)
    }

    /// The Cholesky factorization of a reference matrix, its failure named.
    static func factorize(_ matrix: DenseMatrix, name: String) throws(ReferenceError) -> DenseMatrix.PositiveDefiniteFactorization {
        do {
            return try matrix.factorizedPositiveDefinite()
        } catch .notPositiveDefinite(let column) {
            throw .notPositiveDefinite(matrix: name, column: column)
        } catch {
            throw .linearAlgebra(error)
        }
    }

    /// The symmetric Toeplitz matrix with first column c.
    private static func symmetricToeplitz(_ c: [Double]) -> DenseMatrix {
        let n = c.count
        var storage = [Double](repeating: 0, count: n * n)
        storage.withUnsafeMutableBufferPointer { a in
            for j in 0..<n {
                for i in 0..<j { a[i + j * n] = c[j - i] }
                for i in j..<n { a[i + j * n] = c[i - j] }
            }
        }
        return DenseMatrix(rowCount: n, columnCount: n, storage: storage)
    }
}
