// SymmetricToeplitzOperator: a symmetric Toeplitz matrix applied by FFT (FFTW) in O(n log n) time and O(n) memory.

/// The symmetric Toeplitz matrix `A_ij = c_{|i−j|}` (n × n) given by its first column c, applied
/// without forming it: A is the leading block of the circulant of length m ≥ 2n − 1 whose first
/// column is (c₀, …, c_{n−1}, 0, …, 0, c_{n−1}, …, c₁), and a circulant is diagonalized by the
/// DFT, so `A x = [F⁻¹ diag(λ) F (x, 0)]_{0..<n}` with λ = F(circulant column). Two real FFTs of
/// length m (a power of two) per product; O(m) memory for λ and per call.
///
/// The 1-D fractional references (``FractionalReference``'s `toeplitzColumn`) are of this form,
/// so CG on them costs O(n log n) per iteration instead of the dense O(n²). FFTW plans are made
/// with `FFTW_ESTIMATE`, so the same input gives the same bits in every run (``RealCirculant``).
public final class SymmetricToeplitzOperator: TranslationInvariantOperator, @unchecked Sendable {
    public let dimension: Int
    /// m, the circulant's length: the least power of two ≥ 2n − 1.
    public let circulantLength: Int
    /// c₀, the diagonal.
    public let diagonal: Double
    private let circulant: RealCirculant

    /// - Precondition: `column` is nonempty and finite.
    public init(column c: [Double]) {
        precondition(!c.isEmpty, "a Toeplitz operator needs its first column")
        precondition(c.allSatisfy(\.isFinite), "the first column must be finite")
        let n = c.count
        dimension = n
        diagonal = c[0]
        var m = 1
        while m < 2 * n - 1 { m *= 2 }
        circulantLength = m
        var first = [Double](repeating: 0, count: m)
        for j in 0..<n { first[j] = c[j] }
        for j in 1..<n { first[m - j] = c[j] }
        circulant = RealCirculant(column: first, slow: 1, fast: m)
    }

    /// The smallest and largest eigenvalue of the circulant that embeds A; A's own spectrum lies
    /// between them (A is a principal submatrix).
    public var circulantEigenvalueRange: ClosedRange<Double> { circulant.eigenvalueRange }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == dimension && y.count == dimension, "vectors of lengths \(x.count), \(y.count) for dimension \(dimension)")
        var padded = [Double](repeating: 0, count: circulantLength)
        padded.withUnsafeMutableBufferPointer { padded in
            _ = padded.update(fromContentsOf: x)
            circulant.apply(inPlace: padded)
            for i in 0..<dimension { y[i] = padded[i] }
        }
    }
}
