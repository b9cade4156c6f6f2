// ReferenceError: why a dense fractional reference cannot be built, in one line naming the value and the fix.
import Foundation
import NonlocalLinearAlgebra

/// A fractional reference that cannot be built from the given order, grid, kind or machine.
public enum ReferenceError: Error, Equatable, CustomStringConvertible {
    /// s outside (0, 1).
    case orderOutOfRange(Double)
    /// A dimension other than 1 or 2.
    case unsupportedDimension(Int)
    /// h does not divide the diameter 2 into n ≥ 2 cells (h = 2/n is required).
    case spacingDoesNotDivide(Double)
    /// The grid's unknowns are not the lattice points of the open unit ball; `reason` says how they differ.
    case notUnitBall(reason: String)
    /// A kind that is neither `naive` nor `accurate`.
    case unknownKind(String)
    /// The dense matrices do not fit: `unknowns` N, `denseMatrices` N × N matrices of 8-byte
    /// doubles, `availableBytes` what the system offers, and `suggestedSpacing` the finest h = 2/n
    /// whose references would fit.
    case insufficientMemory(
        reference: String, unknowns: Int, denseMatrices: Int, availableBytes: Int, suggestedSpacing: Double)
    /// The available memory could not be read (no `/proc/meminfo`, or no `MemAvailable` line in it).
    case availableMemoryUnknown(reason: String)
    /// A matrix that must be symmetric positive definite is not: Cholesky failed at `column`.
    case notPositiveDefinite(matrix: String, column: Int)
    /// A matrix-free (FFT-applied) reference was asked of a kind that is not translation-invariant (the disk's `accurate`).
    case notTranslationInvariant(String)
    /// Any other failure of the dense linear algebra (a NaN entry).
    case linearAlgebra(SolverError)

    public var description: String {
        switch self {
        case .orderOutOfRange(let s):
            "fractional order s = \(s) is outside (0, 1); pick 0 < s < 1"
        case .unsupportedDimension(let d):
            "dimension \(d) is not supported by the fractional references; use 1 (the interval) or 2 (the disk)"
        case .spacingDoesNotDivide(let h):
            "spacing h = \(h) does not divide the unit ball's diameter 2 into at least 2 cells; use h = 2/n (n ≥ 2)"
        case .notUnitBall(let reason):
            "the grid is not the lattice of the unit ball (\(reason)); use Grid.interval(from: -1, to: 1, …) or Grid.disk(radius: 1, …)"
        case .unknownKind(let text):
            "reference kind '\(text)' is unknown; use naive or accurate"
        case .insufficientMemory(let reference, let n, let matrices, let available, let spacing):
            "\(reference) has N = \(n) unknowns and needs "
                + (matrices == 0
                    ? "\(Self.bytes(Double(MemoryBudget.requiredBytes(unknowns: n, denseMatrices: 0)))) for its vectors"
                    : "\(Self.bytes(8 * Double(matrices) * Double(n) * Double(n))) for "
                        + "\(matrices == 1 ? "a dense N × N matrix" : "\(matrices) dense N × N matrices") of doubles")
                + ", but only "
                + "\(Self.bytes(Double(available))) are available; use a coarser spacing, h ≥ 2/\(Int((2 / spacing).rounded())) = \(spacing)"
        case .availableMemoryUnknown(let reason):
            "cannot tell how much memory is available (\(reason)); pass availableBytes explicitly"
        case .notPositiveDefinite(let matrix, let column):
            "\(matrix) is not positive definite: Cholesky elimination failed at column \(column); "
                + "try another spacing, or the naive reference"
        case .notTranslationInvariant(let kind):
            "the \(kind) reference on the disk (the inverse of the Green's-function quadrature) is not translation-invariant, "
                + "so it has no FFT apply; use the naive reference, or a spacing whose dense matrix fits"
        case .linearAlgebra(let error):
            "dense linear algebra failed: \(error)"
        }
    }

    /// "8589934592 bytes = 8.59 GB" below a petabyte, "2.33e+22 bytes" above (the count may exceed 64 bits).
    static func bytes(_ count: Double) -> String {
        count < 1e15
            ? "\(Int(count)) bytes = \(String(format: "%.3g", count / 1e9)) GB"
            : "\(String(format: "%.3g", count)) bytes"
    }
}
