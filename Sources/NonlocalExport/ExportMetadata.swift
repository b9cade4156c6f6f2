// ExportMetadata: the facts that travel with an exported matrix (δ, h, s, α, κ, provenance), in order.

/// Ordered key–value metadata of an export: `%` comment lines in MatrixMarket, global
/// attributes (numbers stay numbers) in NetCDF.
public struct ExportMetadata: Sendable, Equatable {
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case text(String)
        case number(Double)
        case integer(Int)

        /// Numbers in their shortest round-trip form.
        public var description: String {
            switch self {
            case .text(let text): text
            case .number(let x): "\(x)"
            case .integer(let n): "\(n)"
            }
        }
    }

    public struct Entry: Sendable, Equatable {
        public let key: String
        public let value: Value
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Appends (or replaces) `key`. Keys are NetCDF attribute names: letters, digits, underscores.
    public mutating func set(_ key: String, _ value: Value) {
        precondition(key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !key.isEmpty, "metadata key '\(key)'")
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index] = Entry(key: key, value: value)
        } else {
            entries.append(Entry(key: key, value: value))
        }
    }

    public subscript(key: String) -> Value? { entries.first { $0.key == key }?.value }

    /// `key: value` lines, for MatrixMarket comments.
    public var commentLines: [String] { entries.map { "\($0.key): \($0.value)" } }
}
