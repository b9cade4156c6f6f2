// RealCirculant: a symmetric real circulant (1-D or two-level) applied by FFTW, the shared core of the FFT-applied Toeplitz operators.
internal import CFFTW

/// The symmetric circulant C of size N = n₀·n₁ (n₀ = 1 in 1-D) given by its first column, stored
/// row-major with n₁ fastest, applied in place as `F⁻¹ diag(λ) F` with real FFTs (FFTW's r2c and
/// c2r: `fftw_plan_dft_r2c_1d`/`_c2r_1d`, or `_2d` for two levels). C is symmetric, so λ is real; λ/N is kept, which folds in
/// the unnormalized inverse. Plans are made with `FFTW_ESTIMATE` under ``fftwPlannerLock`` (so the
/// same input gives the same bits) and are safe to execute from several threads.
final class RealCirculant: @unchecked Sendable {
    /// (n₀, n₁).
    let size: (slow: Int, fast: Int)
    /// λ_k/N for the n₀ × (n₁/2 + 1) frequencies r2c keeps.
    private let eigenvalues: [Double]
    private let forward: fftw_plan
    private let backward: fftw_plan

    /// - Precondition: `column.count == slow · fast`, and the column is that of a symmetric circulant.
    init(column: [Double], slow: Int, fast: Int) {
        precondition(column.count == slow * fast, "a circulant column of \(column.count) entries for \(slow) × \(fast)")
        size = (slow, fast)
        let frequencies = slow * (fast / 2 + 1)
        let plans = fftwPlannerLock.withLock { _ in
            let real = UnsafeMutablePointer<Double>.allocate(capacity: slow * fast)
            let complex = UnsafeMutablePointer<fftw_complex>.allocate(capacity: frequencies)
            defer {
                real.deallocate()
                complex.deallocate()
            }
            let flags = UInt32(FFTW_ESTIMATE) | UInt32(FFTW_UNALIGNED)
            // One-dimensional plans for a 1-D circulant (FFTW's own choice for that shape, whatever it does with a 1 × n one).
            return slow == 1
                ? (fftw_plan_dft_r2c_1d(Int32(fast), real, complex, flags)!, fftw_plan_dft_c2r_1d(Int32(fast), complex, real, flags)!)
                : (fftw_plan_dft_r2c_2d(Int32(slow), Int32(fast), real, complex, flags)!,
                   fftw_plan_dft_c2r_2d(Int32(slow), Int32(fast), complex, real, flags)!)
        }
        (forward, backward) = plans
        var input = column
        var spectrum = [Double](repeating: 0, count: 2 * frequencies)
        input.withUnsafeMutableBufferPointer { input in
            spectrum.withUnsafeMutableBytes { output in
                fftw_execute_dft_r2c(plans.0, input.baseAddress!, output.bindMemory(to: fftw_complex.self).baseAddress!)
            }
        }
        let scale = 1 / Double(slow * fast)
        eigenvalues = (0..<frequencies).map { spectrum[2 * $0] * scale }
    }

    deinit {
        fftwPlannerLock.withLock { _ in
            fftw_destroy_plan(forward)
            fftw_destroy_plan(backward)
        }
    }

    /// C's smallest and largest eigenvalue.
    var eigenvalueRange: ClosedRange<Double> {
        let scale = Double(size.slow * size.fast)
        return eigenvalues.min()! * scale...eigenvalues.max()! * scale
    }

    /// `x ← C x` for x of N entries.
    func apply(inPlace x: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == size.slow * size.fast, "a vector of \(x.count) entries for a circulant of \(size.slow * size.fast)")
        let frequencies = eigenvalues.count
        var spectrum = [Double](repeating: 0, count: 2 * frequencies)
        spectrum.withUnsafeMutableBufferPointer { values in
            // (re, im) pairs; fftw_complex is a pair of doubles.
            let complex = UnsafeMutableRawPointer(values.baseAddress!).bindMemory(to: fftw_complex.self, capacity: frequencies)
            fftw_execute_dft_r2c(forward, x.baseAddress!, complex)
            eigenvalues.withUnsafeBufferPointer { lambda in
                for k in 0..<frequencies {
                    values[2 * k] *= lambda[k]
                    values[2 * k + 1] *= lambda[k]
                }
            }
            // c2r overwrites its input, which is this call's own scratch.
            fftw_execute_dft_c2r(backward, complex, x.baseAddress!)
        }
    }

    /// The least 2^a 3^b 5^c 7^d ≥ n (n ≥ 1): the lengths FFTW transforms fastest.
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
