// RealFourierTransform: discrete Fourier transforms of real signals (FFTW), for spectra of many samples at once.
internal import CFFTW
import Synchronization

/// FFTW's planner keeps global state: every plan in the module (``RealFourierTransform``,
/// ``SymmetricToeplitzOperator``) is made and destroyed under this one lock (executing an
/// existing plan is thread-safe).
let fftwPlannerLock = Mutex<Void>(())

/// The unnormalized forward transform of a real signal of length n,
/// `û_k = Σ_{j<n} u_j e^{−2πi jk/n}` for the frequencies `k = 0…⌊n/2⌋` (the others are
/// conjugates: `û_{n−k} = conj(û_k)`). Parseval in this normalization:
/// `Σ_j u_j² = (1/n) Σ_{k<n} |û_k|²`, where frequencies 0 < k < n/2 count twice.
///
/// One plan serves every signal of its length and is safe to use from several threads.
/// The plan is made with `FFTW_ESTIMATE`, never by measuring, so the same input gives the same
/// bits in every run. The corresponding C functions are `fftw_plan_dft_r2c_1d`,
/// `fftw_execute_dft_r2c` and `fftw_destroy_plan`.
public final class RealFourierTransform: @unchecked Sendable {
    /// n, the signal length.
    public let length: Int
    private let plan: fftw_plan

    /// A plan for signals of `length` points.
    /// - Precondition: `length ≥ 1`.
    public init(length: Int) {
        precondition(length >= 1, "a transform needs at least one point")
        self.length = length
        let frequencies = length / 2 + 1
        // FFTW_ESTIMATE reads neither array while planning; FFTW_UNALIGNED lets the plan run on
        // any column of a matrix, whatever its address.
        plan = fftwPlannerLock.withLock { _ in
            let input = UnsafeMutablePointer<Double>.allocate(capacity: length)
            let output = UnsafeMutablePointer<fftw_complex>.allocate(capacity: frequencies)
            defer {
                input.deallocate()
                output.deallocate()
            }
            return fftw_plan_dft_r2c_1d(Int32(length), input, output, UInt32(FFTW_ESTIMATE) | UInt32(FFTW_UNALIGNED))!
        }
    }

    deinit {
        fftwPlannerLock.withLock { _ in fftw_destroy_plan(plan) }
    }

    /// ⌊n/2⌋ + 1: the frequencies a real signal's spectrum is determined by.
    public var frequencyCount: Int { length / 2 + 1 }

    /// The spectra of the columns `columns` of `signals`, one column each, stored as interleaved
    /// pairs: entry `(2k, j)` is Re û_k and `(2k + 1, j)` is Im û_k of signal `columns.lowerBound + j`.
    /// The columns are read in place (an out-of-place real-to-complex plan preserves its input).
    /// - Precondition: `signals.rowCount == length` and `columns` lies within its columns.
    public func spectra(columns: Range<Int>, of signals: DenseMatrix) -> DenseMatrix {
        precondition(signals.rowCount == length, "signals of \(signals.rowCount) points for a transform of length \(length)")
        precondition(columns.lowerBound >= 0 && columns.upperBound <= signals.columnCount, "columns out of range")
        let n = length, width = 2 * frequencyCount
        var result = DenseMatrix(rowCount: width, columnCount: columns.count)
        guard !columns.isEmpty else { return result }
        signals.storage.withUnsafeBufferPointer { input in
            result.storage.withUnsafeMutableBytes { output in
                let spectra = output.bindMemory(to: fftw_complex.self).baseAddress!
                for (j, column) in columns.enumerated() {
                    fftw_execute_dft_r2c(plan, UnsafeMutablePointer(mutating: input.baseAddress! + column * n), spectra + j * frequencyCount)
                }
            }
        }
        return result
    }
}
