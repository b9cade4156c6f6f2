// MaskedToeplitzOperator: a translation-invariant matrix on a set of 2-D lattice points (a disk's), applied by FFT (FFTW) in O(n log n) time and O(n) memory.
internal import CFFTW

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
    /// λ_k/(M_x M_y) for the M_y × (M_x/2 + 1) frequencies r2c keeps: the circulant's eigenvalues, scaled for the unnormalized inverse.
    private let eigenvalues: [Double]
    private let forward: fftw_plan
    private let backward: fftw_plan

    /// The bytes an operator on `count` points in a box of `box` (L_x, L_y) lattice points holds and
    /// uses per product: the eigenvalues, one padded real and one complex array, and the slots.
    public static func requiredBytes(points count: Int, box: SIMD2<Int>) -> Int {
        let size = SIMD2(smoothLength(atLeast: 2 * box.x - 1), smoothLength(atLeast: 2 * box.y - 1))
        let frequencies = size.y * (size.x / 2 + 1)
        return 8 * (size.x * size.y + 3 * frequencies) + 8 * count
    }

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
        let size = SIMD2(Self.smoothLength(atLeast: 2 * box.x - 1), Self.smoothLength(atLeast: 2 * box.y - 1))
        circulantSize = size
        slots = points.map { ($0.x - low.x) + ($0.y - low.y) * size.x }
        diagonal = entry(.zero)
        let plans = fftwPlannerLock.withLock { _ in
            let real = UnsafeMutablePointer<Double>.allocate(capacity: size.x * size.y)
            let complex = UnsafeMutablePointer<fftw_complex>.allocate(capacity: size.y * (size.x / 2 + 1))
            defer {
                real.deallocate()
                complex.deallocate()
            }
            let flags = UInt32(FFTW_ESTIMATE) | UInt32(FFTW_UNALIGNED)
            // Row-major n0 × n1 with n1 fastest: n0 = M_y, n1 = M_x.
            return (
                fftw_plan_dft_r2c_2d(Int32(size.y), Int32(size.x), real, complex, flags)!,
                fftw_plan_dft_c2r_2d(Int32(size.y), Int32(size.x), complex, real, flags)!)
        }
        (forward, backward) = plans
        // The circulant's first column: offset (a, b) sits at (a mod M_x, b mod M_y), for |a| < L_x, |b| < L_y.
        var circulant = [Double](repeating: 0, count: size.x * size.y)
        for b in 0..<box.y {
            for a in 0..<box.x {
                let value = entry(SIMD2(a, b))
                precondition(value.isFinite, "the entry at offset (\(a), \(b)) is not finite")
                let rows = b == 0 ? [0] : [b, size.y - b], columns = a == 0 ? [0] : [a, size.x - a]
                for y in rows {
                    for x in columns { circulant[x + y * size.x] = value }
                }
            }
        }
        let frequencies = size.y * (size.x / 2 + 1)
        var spectrum = [Double](repeating: 0, count: 2 * frequencies)
        circulant.withUnsafeMutableBufferPointer { input in
            spectrum.withUnsafeMutableBytes { output in
                fftw_execute_dft_r2c(plans.0, input.baseAddress!, output.bindMemory(to: fftw_complex.self).baseAddress!)
            }
        }
        let scale = 1 / Double(size.x * size.y)
        eigenvalues = (0..<frequencies).map { spectrum[2 * $0] * scale }
    }

    deinit {
        fftwPlannerLock.withLock { _ in
            fftw_destroy_plan(forward)
            fftw_destroy_plan(backward)
        }
    }

    /// The smallest and largest eigenvalue of the circulant that embeds A; A's own spectrum lies
    /// between them (A is a principal submatrix).
    public var circulantEigenvalueRange: ClosedRange<Double> {
        let scale = Double(circulantSize.x * circulantSize.y)
        return eigenvalues.min()! * scale...eigenvalues.max()! * scale
    }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == dimension && y.count == dimension, "vectors of lengths \(x.count), \(y.count) for dimension \(dimension)")
        let frequencies = eigenvalues.count
        var padded = [Double](repeating: 0, count: circulantSize.x * circulantSize.y)
        var spectrum = [Double](repeating: 0, count: 2 * frequencies)
        padded.withUnsafeMutableBufferPointer { real in
            slots.withUnsafeBufferPointer { slots in
                for i in 0..<dimension { real[slots[i]] = x[i] }
            }
            spectrum.withUnsafeMutableBufferPointer { values in
                // (re, im) pairs; fftw_complex is a pair of doubles.
                let complex = UnsafeMutableRawPointer(values.baseAddress!).bindMemory(to: fftw_complex.self, capacity: frequencies)
                fftw_execute_dft_r2c(forward, real.baseAddress!, complex)
                eigenvalues.withUnsafeBufferPointer { lambda in
                    for k in 0..<frequencies {
                        values[2 * k] *= lambda[k]
                        values[2 * k + 1] *= lambda[k]
                    }
                }
                // c2r overwrites its input, which is this call's own scratch.
                fftw_execute_dft_c2r(backward, complex, real.baseAddress!)
            }
            slots.withUnsafeBufferPointer { slots in
                for i in 0..<dimension { y[i] = real[slots[i]] }
            }
        }
    }

    /// The least 2^a 3^b 5^c 7^d ≥ n (n ≥ 1).
    static func smoothLength(atLeast n: Int) -> Int {
        var m = max(n, 1)
        while true {
            var rest = m
            for p in [2, 3, 5, 7] { while rest % p == 0 { rest /= p } }
            if rest == 1 { return m }
            m += 1
        }
    }
}
