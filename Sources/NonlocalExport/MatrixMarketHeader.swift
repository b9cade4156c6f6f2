// MatrixMarketHeader: what a MatrixMarket file's banner and size line declare.

/// The banner `%%MatrixMarket matrix <format> <field> <symmetry>` and the size line of a
/// MatrixMarket file (NIST, "The Matrix Market Exchange Formats: Initial Design", 1996).
public struct MatrixMarketHeader: Sendable, Equatable {
    /// How entries are listed.
    public enum Format: String, Sendable, CaseIterable {
        /// Sparse: the size line is `rows columns entries`, then one `i j [value]` line per stored entry (1-based).
        case coordinate
        /// Dense: the size line is `rows columns`, then one value per line in column-major order.
        case array
    }

    /// What each entry holds. (`complex` is part of the format but not read: NonlocalKit's matrices are real.)
    public enum Field: String, Sendable, CaseIterable {
        /// A double in decimal notation.
        case real
        /// A signed integer, read as a double (exact up to 2⁵³).
        case integer
        /// No value: every listed entry is 1 (coordinate format only).
        case pattern
    }

    /// Which entries the file lists. (`hermitian` is part of the format but only meaningful for complex matrices.)
    public enum Symmetry: String, Sendable, CaseIterable {
        /// Every entry.
        case general
        /// `a_ij = a_ji`: only entries with `i ≥ j` are listed.
        case symmetric
        /// `a_ij = −a_ji` (so `a_ii = 0`): only entries with `i > j` are listed.
        case skewSymmetric = "skew-symmetric"
    }

    public var format: Format
    public var field: Field
    public var symmetry: Symmetry
    public var rowCount: Int
    public var columnCount: Int
    /// The entries the file lists: the size line's third number for `coordinate` (duplicates
    /// counted separately); for `array`, the number of values, `rows · columns` or the
    /// triangle's size under symmetry.
    public var entryCount: Int

    public init(
        format: Format, field: Field, symmetry: Symmetry, rowCount: Int, columnCount: Int, entryCount: Int
    ) {
        self.format = format
        self.field = field
        self.symmetry = symmetry
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.entryCount = entryCount
    }

    /// The banner line as NonlocalKit writes it, without the line break.
    public var banner: String { "%%MatrixMarket matrix \(format.rawValue) \(field.rawValue) \(symmetry.rawValue)" }
}
