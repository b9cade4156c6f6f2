// FractionalPoissonSolver: (−Δ)^s u = f on the unit ball, u = 0 outside, by quadrature of the Green's function (paper §8).
import Dispatch
import Foundation
import NonlocalAssembly
import NonlocalLinearAlgebra
import NonlocalSpecialFunctions

/// Solves the fractional Poisson problem `(−Δ)^s u = f` in the unit ball B₁ ⊂ R^d (d = 1, 2),
/// `u = 0` outside, on the unknowns of a grid of B₁, for any s ∈ (0, 1): the high-fidelity model
/// of the paper's §8, `u(x) = ∫_{B₁} G(x, y) f(y) dy` with ``FractionalGreenFunction``.
///
/// **Quadrature.** The one-point rule with weights h^d on the grid's unknowns x_i, with the diagonal
/// singularity of G removed by subtracting f(x_i):
///
/// `u(x_i) = ∫ G(x_i, y)(f(y) − f(x_i)) dy + f(x_i) u₁(x_i) ≈ Σ_{j≠i} G(x_i, x_j)(f_j − f_i) h^d + f_i u₁(x_i)`,
///
/// u₁ the exact solution for f = 1 (``constantForcingSolution(order:dimension:at:)``), so constant
/// forcings are solved exactly. The integrand vanishes like `|x_i − y|^{2s−d+1}` at y = x_i; its odd
/// part cancels on the symmetric lattice and the rest costs O(h^{2s+2}). What remains is the boundary:
/// G(x_i, ·) vanishes like `(1 − |y|²)^s` there, and the one-point rule errs by O(h^{1+s}).
///
/// **Boundary correction** (on by default). Along a lattice line whose last node lies θh inside the
/// sphere (0 < θ ≤ 1), an integrand `t^s g(t)` (t the distance to the end) is summed with error
/// `ζ(−s, θ) g(0) h^{1+s} + O(h^{2+s})` (Navot's generalized Euler–Maclaurin formula, ``HurwitzZeta``).
/// At an end e of a line of half-length c, `G(x, y)(f(y) − f(x)) = t^s g(t)` with
/// `g(0) = κ_{d,s} (2c)^s (1 − |x|²)^s (f(e) − f(x)) / (s |x − e|^d)`, and f(e) is extrapolated
/// quadratically from the line's last three nodes. The one-point sum over the lattice is a sum over
/// lines (rows, and in 2D columns too), so each line's error is removed separately. In 2D, the
/// sum is split as `F = F·y₁²/|y|² + F·y₂²/|y|²` (exact; the weights are 1 together and smooth near
/// the sphere) and the first part is corrected along rows, the second along columns, so that every
/// end is used where the line crosses the sphere steeply (a row nearly tangent to the sphere gets
/// weight `e₁² ≈ 0`). The correction keeps constants exact (the extrapolation weights sum to 1) and
/// lowers the error from O(h^{1+s}) to about O(h²) (tests: 1D h = 0.01, exact pairs, 3e-3 → 1.5e-5).
///
/// **Matrix.** The rule is linear in f, so it is built once as the dense N × N solution matrix W:
/// `W_ij = G(x_i, x_j) h^d` (j ≠ i), `W_ii = u₁(x_i) − Σ_{j≠i} W_ij`, plus the boundary correction,
/// and solving many forcings is one product `U = W F` (BLAS dgemm). Without the correction W is
/// symmetric, like G; the correction changes only the diagonal and the columns of the last three
/// nodes of each lattice line (whose entries are themselves O(h^s) small), so W is no longer symmetric there.
public struct FractionalPoissonSolver: Sendable {
    /// The Green's function (s, d, κ_{d,s}).
    public let greenFunction: FractionalGreenFunction
    /// The grid spacing h.
    public let spacing: Double
    /// The points x_i where f and u live: the grid's unknowns, in the grid's order.
    public let coordinates: [SIMD2<Double>]
    /// Whether W includes the boundary correction.
    public let correctsBoundary: Bool
    /// W, N × N with N = ``unknownCount``: u = W f.
    public let solutionMatrix: DenseMatrix

    /// s ∈ (0, 1).
    public var order: Double { greenFunction.order }
    /// d ∈ {1, 2}.
    public var dimension: Int { greenFunction.dimension }
    /// N, the number of unknowns.
    public var unknownCount: Int { coordinates.count }

    /// Builds W on the unknowns of `grid`, which must be the lattice points of the open unit ball:
    /// `Grid.interval(from: -1, to: 1, spacing: h, horizon: δ)` or `Grid.disk(radius: 1, spacing: h, horizon: δ)`
    /// (δ plays no role). Cost: N²/2 evaluations of G on all cores and N² doubles of memory
    /// (N = 199 on the interval at h = 0.01, 1245 on the disk at h = 0.05).
    /// - Parameter correctingBoundary: add the boundary correction (default); `false` gives the plain,
    ///   symmetric subtracted rule, accurate to O(h^{1+s}).
    /// - Throws: ``GeneratorError/invalidParameter(name:value:allowed:)`` unless s ∈ (0, 1) and the grid is such a unit ball.
    public init(grid: Grid, order s: Double, correctingBoundary: Bool = true) throws(GeneratorError) {
        greenFunction = try FractionalGreenFunction(order: s, dimension: grid.dimension)
        try Self.checkUnitBall(grid)
        spacing = grid.spacing
        coordinates = grid.interiorCoordinates
        correctsBoundary = correctingBoundary
        var matrix = Self.subtractedRule(green: greenFunction, points: coordinates, weight: grid.cellVolume)
        if correctingBoundary { Self.correctBoundary(&matrix, green: greenFunction, grid: grid) }
        solutionMatrix = matrix
    }

    /// U = W F: column k of `forcings` holds f at the unknowns for sample k; the same column of the result holds u.
    /// - Precondition: `forcings.rowCount == unknownCount`.
    public func solve(_ forcings: DenseMatrix) -> DenseMatrix {
        precondition(forcings.rowCount == unknownCount, "forcings have \(forcings.rowCount) rows, expected \(unknownCount)")
        return solutionMatrix.multiplied(by: forcings)
    }

    /// u = W f for one forcing given at the unknowns.
    /// - Precondition: `forcing.count == unknownCount`.
    public func solve(_ forcing: [Double]) -> [Double] {
        precondition(forcing.count == unknownCount, "forcing has \(forcing.count) values, expected \(unknownCount)")
        return solutionMatrix.multiplied(by: forcing)
    }

    /// The solution for f = 1: `u₁(x) = 2^{−2s} Γ(d/2) / (Γ(d/2 + s) Γ(1 + s)) (1 − |x|²)^s` for |x| < 1,
    /// 0 outside (Getoor 1961; DESIGN.md). In 1D, x = SIMD2(x, 0).
    /// - Precondition: 0 < s < 1, d ≥ 1.
    public static func constantForcingSolution(order s: Double, dimension d: Int, at x: SIMD2<Double>) -> Double {
        precondition(s > 0 && s < 1 && d >= 1, "u₁ needs 0 < s < 1 and d ≥ 1")
        let radiusSquared = (x * x).sum()
        guard radiusSquared < 1 else { return 0 }
        let halfD = Double(d) / 2
        return pow(2, -2 * s) * tgamma(halfD) / (tgamma(halfD + s) * tgamma(1 + s)) * pow(1 - radiusSquared, s)
    }

    /// W of the subtracted one-point rule: `G(x_i, x_j) h^d` off the diagonal, `u₁(x_i) − Σ_{j≠i}` on it.
    private static func subtractedRule(green: FractionalGreenFunction, points: [SIMD2<Double>], weight: Double)
        -> DenseMatrix
    {
        let n = points.count
        var storage = [Double](repeating: 0, count: n * n)
        storage.withUnsafeMutableBufferPointer { buffer in
            points.withUnsafeBufferPointer { x in
                // Sound because worker w writes only W_ij and W_ji for its rows i ≡ w (mod workers),
                // j > i: no entry is written twice, and the buffers outlive concurrentPerform.
                nonisolated(unsafe) let matrix = buffer.baseAddress!
                nonisolated(unsafe) let x = x.baseAddress!
                // Row i has N − 1 − i entries right of the diagonal: striding rows over the
                // workers balances them.
                let workers = Swift.max(1, Swift.min(8 * ProcessInfo.processInfo.activeProcessorCount, n))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var i = worker
                    while i < n {
                        let xi = x[i]
                        for j in (i + 1)..<n {
                            let value = green(xi, x[j]) * weight
                            matrix[i + j * n] = value
                            matrix[j + i * n] = value
                        }
                        i += workers
                    }
                }
            }
        }
        for i in 0..<n {
            var offDiagonal = 0.0
            for j in 0..<n { offDiagonal += storage[j + i * n] }  // column i = row i; W_ii is still 0
            let u1 = constantForcingSolution(order: green.order, dimension: green.dimension, at: points[i])
            storage[i + i * n] = u1 - offDiagonal
        }
        return DenseMatrix(rowCount: n, columnCount: n, storage: storage)
    }

    /// Adds to W, for every lattice line and each of its two ends e on the sphere, Navot's correction
    /// `−ζ(−s, θ) h^{1+s} h^{d−1} e_axis² g_e(x_i)` of the sum along the line (see the type's documentation).
    private static func correctBoundary(_ matrix: inout DenseMatrix, green: FractionalGreenFunction, grid: Grid) {
        let h = grid.spacing, s = green.order, d = green.dimension
        let zeta = HurwitzZeta(exponent: -s)
        let points = grid.interiorCoordinates
        let scale = green.constant * pow(h, s + Double(d)) / s
        let boundaryFactor = points.map { pow(Swift.max(0, 1 - ($0 * $0).sum()), s) }
        for axis in 0..<d {
            // Lines along `axis`, keyed by their lattice index across it; sorted so that the sums are reproducible.
            let across = 1 - axis
            let lines = Dictionary(grouping: points.indices) { grid.interior[$0][across] }
            for key in lines.keys.sorted() {
                let line = lines[key]!.sorted { points[$0][axis] < points[$1][axis] }
                let offset = points[line[0]][across]
                let halfChord = Swift.max(0, 1 - offset * offset).squareRoot()
                for side in [-1.0, 1.0] {
                    let nodes = Array(side < 0 ? line.prefix(3) : line.reversed().prefix(3))
                    var end = SIMD2<Double>.zero
                    end[axis] = side * halfChord
                    end[across] = offset
                    let theta = abs(end[axis] - points[nodes[0]][axis]) / h
                    // Lagrange weights extrapolating from the nodes at t = (θ + k)h to t = 0; they sum to 1.
                    let weights = nodes.indices.map { k in
                        nodes.indices.reduce(1.0) { product, j in
                            j == k ? product : product * (theta + Double(j)) / Double(j - k)
                        }
                    }
                    let endFactor = -zeta(theta) * scale * pow(2 * halfChord, s) * end[axis] * end[axis]
                    for i in points.indices {
                        let difference = points[i] - end
                        let a = endFactor * boundaryFactor[i] / pow((difference * difference).sum(), Double(d) / 2)
                        for (k, node) in nodes.enumerated() { matrix[i, node] += a * weights[k] }
                        matrix[i, i] -= a
                    }
                }
            }
        }
    }

    /// Throws unless the grid's unknowns are exactly the points of its lattice inside the open unit ball.
    private static func checkUnitBall(_ grid: Grid) throws(GeneratorError) {
        let allowed = "the fractional solver needs Grid.interval(from: -1, to: 1, …) or Grid.disk(radius: 1, …)"
        guard grid.boundary == .volumeConstrained else {
            throw .invalidParameter(name: "grid", value: "periodic", allowed: allowed)
        }
        let inside = { (x: SIMD2<Double>) in (x * x).sum() < 1 - 1e-9 }
        let h = grid.spacing
        // The lattice indices k with origin + h·k within [−1 − h, 1 + h] along an axis.
        let indices = { (origin: Double) in
            Int(((-1 - origin) / h).rounded(.down)) - 1...Int(((1 - origin) / h).rounded(.up)) + 1
        }
        var latticeCount = 0
        for j in grid.dimension == 2 ? indices(grid.origin.y) : 0...0 {
            for i in indices(grid.origin.x) where inside(grid.coordinates(of: SIMD2(i, j))) { latticeCount += 1 }
        }
        guard grid.interiorCoordinates.allSatisfy(inside), grid.interiorCount == latticeCount else {
            throw .invalidParameter(
                name: "grid", value: "\(grid.interiorCount) unknowns at spacing \(h), not the lattice points of |x| < 1",
                allowed: allowed)
        }
    }
}
