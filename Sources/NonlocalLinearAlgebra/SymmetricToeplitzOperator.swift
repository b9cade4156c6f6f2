// SymmetricToeplitzOperator: a symmetric Toeplitz matrix applied by FFT (FFTW) in O(n log n) time and O(n) memory.
internal import CFFTW

/// The symmetric Toeplitz matrix `A_ij = c_{|i−j|}` (n × n) given by its first column c, applied
/// without forming it: A is the leading block of the circulant of length m ≥ 2n − 1 whose first
/// column is (c₀, …, c_{n−1}, 0, …, 0, c_{n−1}, …, c₁), and a circulant is diagonalized by the
/// DFT, so `A x = [F⁻¹ diag(λ) F (x, 0)]_{0..<n}` with λ = F(circulant column). Two real FFTs of
/// length m (a power of two) per product; O(m) memory for λ and per call.
///
/// The 1-D fractional references (``FractionalReference``'s `toeplitzColumn`) are of this form,
/// so CG on them costs O(n log n) per iteration instead of the dense O(n²). FFTW plans are made
/// with `FFTW_ESTIMATE`, so the same input gives the same bits in every run. The corresponding C
/// functions are `fftw_plan_dft_r2c_1d`, `fftw_plan_dft_c2r_1d` and `fftw_execute_dft_r2c`/`_c2r`.
public final class SymmetricToeplitzOperator: TranslationInvariantOperator, @unchecked Sendable {
    public let dimension: Int
    /// m, the circulant's length: the least power of two ≥ 2n − 1.
    public let circulantLength: Int
    /// c₀, the diagonal.
    public let diagonal: Double
    /// λ_k/m for k = 0…m/2: the circulant's eigenvalues (real, since it is symmetric), scaled for the unnormalized inverse.
    private let eigenvalues: [Double]
    private let forward: fftw_plan
    private let backward: fftw_plan

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
        let frequencies = m / 2 + 1
        let plans = fftwPlannerLock.withLock { _ in
            let real = UnsafeMutablePointer<Double>.allocate(capacity: m)
            let complex = UnsafeMutablePointer<fftw_complex>.allocate(capacity: frequencies)
            defer {
                real.deallocate()
                complex.deallocate()
            }
            let flags = UInt32(FFTW_ESTIMATE) | UInt32(FFTW_UNALIGNED)
            return (fftw_plan_dft_r2c_1d(Int32(m), real, complex, flags)!, fftw_plan_dft_c2r_1d(Int32(m), complex, real, flags)!)
        }
        (forward, backward) = plans
        var circulant = [Double](repeating: 0, count: m)
        for j in 0..<n { circulant[j] = c[j] }
        for j in 1..<n { circulant[m - j] = c[j] }
        var spectrum = [Double](repeating: 0, count: 2 * frequencies)
        circulant.withUnsafeMutableBufferPointer { input in
            spectrum.withUnsafeMutableBytes { output in
                fftw_execute_dft_r2c(plans.0, input.baseAddress!, output.bindMemory(to: fftw_complex.self).baseAddress!)
            }
        }
        let scale = 1 / Double(m)
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
        let scaled = eigenvalues.map { $0 * Double(circulantLength) }
        return scaled.min()!...scaled.max()!
    }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == dimension && y.count == dimension, "vectors of lengths \(x.count), \(y.count) for dimension \(dimension)")
        let m = circulantLength, frequencies = m / 2 + 1
        var padded = [Double](repeating: 0, count: m)
        var spectrum = [Double](repeating: 0, count: 2 * frequencies)
        padded.withUnsafeMutableBufferPointer { real in
            _ = real.update(fromContentsOf: x)
            spectrum.withUnsafeMutableBufferPointer { values in
                // (re, im) pairs; fftw_complex is a pair of doubles.
                let complex = UnsafeMutableRawPointer(values.baseAddress!).bindMemory(to: fftw_complex.self, capacity: frequencies)
                fftw_execute_dft_r2c(forward, real.baseAddress!, complex)
                for k in 0..<frequencies {
                    values[2 * k] *= eigenvalues[k]
                    values[2 * k + 1] *= eigenvalues[k]
                }
                // c2r overwrites its input, which is this call's own scratch.
                fftw_execute_dft_c2r(backward, complex, real.baseAddress!)
            }
            for i in 0..<dimension { y[i] = real[i] }
        }
    }
}
