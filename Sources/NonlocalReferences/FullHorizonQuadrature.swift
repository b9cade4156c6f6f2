// FullHorizonQuadrature: the naive dense reference — Silling's one-point rule for the full fractional kernel plus its analytic exterior tail.
import Dispatch
import Foundation
import NonlocalAssembly
import NonlocalKernels
import NonlocalLinearAlgebra

/// The paper's dense discretization of `(−Δ)^s` on the unit ball (u = 0 outside): one-point
/// quadrature of `C_{d,s} ∫ (u(x) − u(y)) |x − y|^{−d−2s} dy` on the lattice hZ^d with every
/// neighbour within R = 2 (the diameter, so every pair of unknowns interacts), and the part
/// |ξ| > R, where u(y) = 0, integrated exactly:
///
/// `A_ij = −C_{d,s} |x_i − x_j|^{−d−2s} h^d` (i ≠ j),
/// `A_ii = C_{d,s} [Σ_{ξ ∈ hZ^d, 0 < |ξ| ≤ R} |ξ|^{−d−2s} h^d + ω_d R^{−2s}/(2s)]`,  ω₁ = 2, ω₂ = 2π,
///
/// the sum being `Stencil.integral` of the `TruncatedFractionalKernel` of horizon R (the toolkit's one
/// one-point rule), so the diagonal is one constant. The matrix is symmetric and strictly diagonally
/// dominant (row sums are the positive exterior parts), hence positive definite. It converges
/// slowly. Measured (nodal relative L2, f = 1, s = ¾): 9.90e-2 at h = 2⁻⁶ down to 1.22e-2 at 2⁻¹² in 1D, order 0.50;
/// 0.446 at h = 2⁻³ down to 0.133 at 2⁻⁶ on the disk, order 0.58. At s = ¼ the 1D order is 0.77.
struct FullHorizonQuadrature: Sendable {
    /// R = 2, the unit ball's diameter.
    static let reach = 2.0
    let kernel: TruncatedFractionalKernel
    let spacing: Double
    /// A_ii.
    let diagonal: Double

    init(order s: Double, dimension d: Int, spacing h: Double) {
        do {
            kernel = try TruncatedFractionalKernel(order: s, horizon: Self.reach, dimension: d)
        } catch {
            preconditionFailure("s and d were validated: \(error)")
        }
        spacing = h
        let surface = d == 1 ? 2.0 : 2 * Double.pi  // ω_d, the measure of the unit sphere S^{d−1}
        let tail = kernel.normalizationConstant * surface * pow(Self.reach, -2 * s) / (2 * s)
        diagonal = Stencil(dimension: d, spacing: h, horizon: Self.reach).integral(of: kernel) + tail
    }

    /// A_ij for an integer lattice offset of i and j (the diagonal at offset zero).
    func entry(offset: SIMD2<Int>) -> Double {
        guard offset != .zero else { return diagonal }
        let r = spacing * Double(offset.x * offset.x + offset.y * offset.y).squareRoot()
        return -kernel(r) * pow(spacing, Double(kernel.dimension))
    }

    /// The first column of the 1D matrix, which is symmetric Toeplitz: c₀ = A_ii, c_k = −C_{1,s} (kh)^{−1−2s} h.
    func toeplitzColumn(count: Int) -> [Double] {
        (0..<count).map { entry(offset: SIMD2($0, 0)) }
    }

    /// The dense matrix on `grid`'s unknowns (lattice indices `grid.interior`). The kernel is
    /// evaluated once per lattice offset (a table of (2m + 1)² values for indices within ±m), then
    /// the columns are filled on all cores.
    func matrix(on grid: Grid) -> DenseMatrix {
        let indices = grid.interior
        let n = indices.count
        let low = indices.reduce(SIMD2(Int.max, Int.max)) { pointwiseMin($0, $1) }
        let high = indices.reduce(SIMD2(Int.min, Int.min)) { pointwiseMax($0, $1) }
        let span = high &- low &+ 1
        var table = [Double](repeating: 0, count: span.x * span.y)
        for dy in 0..<span.y {
            for dx in 0..<span.x { table[dx + dy * span.x] = entry(offset: SIMD2(dx, dy)) }
        }
        var storage = [Double](repeating: 0, count: n * n)
        storage.withUnsafeMutableBufferPointer { buffer in
            // Sound because column j is written only by the worker handling j, and the buffers outlive concurrentPerform.
            nonisolated(unsafe) let matrix = buffer.baseAddress!
            let width = span.x
            table.withUnsafeBufferPointer { table in
                indices.withUnsafeBufferPointer { indices in
                    nonisolated(unsafe) let table = table.baseAddress!
                    nonisolated(unsafe) let indices = indices.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: n) { j in
                        let xj = indices[j]
                        let column = matrix + j * n
                        for i in 0..<n {
                            let offset = indices[i] &- xj
                            column[i] = table[abs(offset.x) + abs(offset.y) * width]
                        }
                    }
                }
            }
        }
        return DenseMatrix(rowCount: n, columnCount: n, storage: storage)
    }
}
