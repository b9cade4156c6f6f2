// MaskedToeplitzOperator: a translation-invariant matrix on a set of 2-D lattice points (a disk's), applied by FFT (FFTW) in O(n log n) time and O(n) memory.

/// The matrix `A_ij = c(p_i − p_j)` on lattice points p_1 … p_n ⊂ Z², for an entry function c of the
/// offset that is even in each coordinate (`c(±a, ±b) = c(a, b)`, as a radial kernel's is), applied
/// without forming it. A is a principal submatrix ("masked") of the two-level Toeplitz matrix on the
/// points' bounding box (L_x × L_y), which is the leading block of a two-level circulant of size
/// M_x × M_y with M ≥ 2L − 1; the 2-D DFT diagonalizes that circulant, so
/// `A x = gather(F⁻¹ diag(λ) F scatter(x))`, with scatter placing x on the box (zeros elsewhere) and
/// gather reading the points back. Two real 2-D FFTs per product. M is the least 2^a 3^b 5^c 7^d ≥
/// 2L − 1, the sizes FFTW transforms fastest.
///
/// The disk's `naive` fractional reference (one-point quadrature, constant diagonal) is of this form,
/// so CG on it costs O(n log n) per iteration and O(n) memory, where the dense matrix of 10⁶ unknowns
/// would need 8 TB. c must be real and even, so λ is real (the circulant is symmetric). Plans are made
/// with `FFTW_ESTIMATE`: the same input gives the same bits in every run.
public final class MaskedToeplitzOperator: TranslationInvariantOperator, @unchecked Sendable {
    public let dimension: Int
    /// (M_x, M_y), the circulant's size.
    public let circulantSize: SIMD2<Int>
    /// c(0, 0), the diagonal.
    public let diagonal: Double
    /// Each point's index in the M_x × M_y box (x fastest).
    private let slots: [Int]
    private let circulant: RealCirculant

    /// - Parameters:
    ///   - points: the lattice points p_i, distinct.
    ///   - entry: c(a, b) for a, b ≥ 0 (the operator uses c(|a|, |b|)); finite.
    /// - Precondition: `points` is nonempty.
    public init(points: [SIMD2<Int>], entry: (SIMD2<Int>) -> Double) {
        precondition(!points.isEmpty, "a masked Toeplitz operator needs at least one point")
        dimension = points.count
        let low = points.reduce(points[0]) { pointwiseMin($0, $1) }
        let high = points.reduce(points[0]) { pointwiseMax($0, $1) }
        let box = high &- low &+ 1
        let size = SIMD2(RealCirculant.smoothLength(atLeast: 2 * box.x - 1), RealCirculant.smoothLength(atLeast: 2 * box.y - 1))
        circulantSize = size
        slots = points.map { ($0.x - low.x) + ($0.y - low.y) * size.x }
        diagonal = entry(.zero)
        // The circulant's first column: offset (a, b) sits at (a mod M_x, b mod M_y), for |a| < L_x, |b| < L_y.
        var first = [Double](repeating: 0, count: size.x * size.y)
        for b in 0..<box.y {
            for a in 0..<box.x {
                let value = entry(SIMD2(a, b))
                precondition(value.isFinite, "the entry at offset (\(a), \(b)) is not finite")
                let rows = b == 0 ? [0] : [b, size.y - b], columns = a == 0 ? [0] : [a, size.x - a]
                for y in rows {
                    for x in columns { first[x + y * size.x] = value }
                }
            }
        }
        circulant = RealCirculant(column: first, slow: size.y, fast: size.x)
    }

    /// The smallest and largest eigenvalue of the circulant that embeds A; A's own spectrum lies
    /// between them (A is a principal submatrix).
    public var circulantEigenvalueRange: ClosedRange<Double> { circulant.eigenvalueRange }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == dimension && y.count == dimension, "vectors of lengths \(x.count), \(y.count) for dimension \(dimension)")
        var padded = [Double](repeating: 0, count: circulantSize.x * circulantSize.y)
        padded.withUnsafeMutableBufferPointer { padded in
            slots.withUnsafeBufferPointer { slots in
                for i in 0..<dimension { padded[slots[i]] = x[i] }
                circulant.apply(inPlace: padded)
                for i in 0..<dimension { y[i] = padded[slots[i]] }
            }
        }
    }
}
