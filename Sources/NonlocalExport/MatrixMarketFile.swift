// MatrixMarketFile: reads and writes MatrixMarket files, the text format SciPy, MATLAB and PETSc tools exchange.

/// MatrixMarket files (NIST's exchange format): a banner, `%` comment lines, a size line and
/// the entries, 1-based.
///
/// NonlocalKit writes sparse matrices as `coordinate real general` or `coordinate real
/// symmetric` (the lower triangle only), dense ones as `array real general` or `array real
/// symmetric` (the lower triangle, column by column), with every value in its shortest
/// round-trip form, so a file reads back bit-exactly, here and in `scipy.io.mmread`; vectors
/// are `array real general` with one column. It reads every real, integer and pattern file the
/// format allows, coordinate or array, general, symmetric or skew-symmetric, and rejects
/// anything else with the line and the reason.
///
/// Writing and reading are separate calls with no shared state, so a benchmark can time each
/// on its own.
public enum MatrixMarketFile {
    /// How ``write(_:to:symmetry:comments:progress:)`` stores a matrix.
    ///
    /// Skew-symmetric storage is read but not written: NonlocalKit's operators are symmetric or general.
    public enum Symmetry: String, Sendable, CaseIterable {
        /// Every stored entry, under the banner symmetry `general`.
        case general
        /// The entries with row ≥ column, under the banner symmetry `symmetric`. The matrix
        /// must be symmetric (`a_ij == a_ji` for every pair; a missing entry counts as 0).
        case symmetric
    }
}
