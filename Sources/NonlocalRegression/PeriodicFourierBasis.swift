// PeriodicFourierBasis: the real Fourier basis of a 1D periodic grid, in which every radial difference operator is diagonal.
import Foundation
import NonlocalAssembly
import NonlocalLinearAlgebra

/// On a 1D periodic grid of n points each radius class's difference operator
/// `(D_c u)(x) = Σ_{|ξ| = r_c} (u(x) − u(x + ξ))` is a symmetric circulant matrix, diagonal in the
/// orthonormal real Fourier basis Q with eigenvalues `λ_c(k) = Σ_{ξ ∈ class c} 2 sin²(π k ξ / L)`
/// (the sines evaluated directly, so nothing cancels). Hence `Q D_c u = λ_c ⊙ Qu`.
struct PeriodicFourierBasis: Sendable {
    /// Qᵀ: one mode per row (the constant, cos/sin pairs k = 1…⌈n/2⌉−1, the alternating mode when n is even).
    let analysis: DenseMatrix
    /// λ[k, c]: the eigenvalue of radius class c's difference operator on mode k.
    let eigenvalues: DenseMatrix

    /// Whether the basis applies: a 1D periodic grid with X = Ω.
    static func applies(to grid: Grid, evaluationPoints points: [Int]) -> Bool {
        grid.boundary == .periodic && grid.dimension == 1 && points.count == grid.interiorCount
    }

    init(grid: Grid, stencil: Stencil) {
        let n = grid.interiorCount
        var modes: [(k: Int, isSine: Bool)] = [(0, false)]
        for k in 1..<((n + 1) / 2) { modes += [(k, false), (k, true)] }
        if n % 2 == 0 { modes.append((n / 2, false)) }
        var analysis = DenseMatrix(rowCount: n, columnCount: n)
        for (row, mode) in modes.enumerated() {
            let scale = (mode.k == 0 || 2 * mode.k == n) ? (1 / Double(n)).squareRoot() : (2 / Double(n)).squareRoot()
            for j in 0..<n {
                let phase = 2 * Double.pi * Double(mode.k * j % n) / Double(n)
                analysis[row, j] = scale * (mode.isSine ? sin(phase) : cos(phase))
            }
        }
        self.analysis = analysis
        let frequencyEigenvalues = Self.eigenvalues(points: n, stencil: stencil)
        var eigenvalues = DenseMatrix(rowCount: n, columnCount: stencil.classRadii.count)
        for (row, mode) in modes.enumerated() {
            for c in 0..<eigenvalues.columnCount { eigenvalues[row, c] = frequencyEigenvalues[mode.k, c] }
        }
        self.eigenvalues = eigenvalues
    }

    /// λ[k, c] for the frequencies k = 0…⌊n/2⌋ of an n-point grid: the eigenvalue that the cosine
    /// and the sine of frequency k share.
    static func eigenvalues(points n: Int, stencil: Stencil) -> DenseMatrix {
        var eigenvalues = DenseMatrix(rowCount: n / 2 + 1, columnCount: stencil.classRadii.count)
        for k in 0...(n / 2) {
            for (offset, c) in zip(stencil.offsets, stencil.radiusClass) {
                let half = sin(Double.pi * Double(k * offset.x % n) / Double(n))
                eigenvalues[k, c] += 2 * half * half
            }
        }
        return eigenvalues
    }
}
