// MatrixMarketByteStream: formats MatrixMarket lines straight into bytes, with no String per entry.

/// A growing byte buffer that MatrixMarket lines are formatted into.
///
/// Integers are formatted by hand. Doubles are written with `Double.write(to:)`, which
/// produces the same text as `description`: the shortest decimal that reads back to the same
/// bits (Swift's SwiftDtoa), so `0.1` is `0.1`, `5e-324` is `5e-324` and `-0.0` keeps its sign.
/// The stream implements `_writeASCII`, the standard library's entry point for ASCII output,
/// so the digits are copied from the formatter's stack buffer without building a `String`
/// (a heap allocation for every value longer than 15 characters, about a third of the time
/// of formatting). Should a future standard library bypass it, `write(_:)` gives the same bytes.
struct MatrixMarketByteStream: TextOutputStream {
    var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ string: String) {
        bytes.append(contentsOf: string.utf8)
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: buffer)
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(contentsOf other: [UInt8]) {
        bytes.append(contentsOf: other)
    }

    /// Appends the decimal digits of `value` (≥ 0), most significant first.
    @inline(__always) mutating func appendDecimal(_ value: Int) {
        precondition(value >= 0, "negative index \(value)")
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ the 20 digits of UInt64.max
        withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            var rest = UInt(value)
            repeat {
                position -= 1
                scratch[position] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                rest /= 10
            } while rest != 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[position...]))
        }
    }

    /// Appends the shortest round-trip decimal of a finite `value`.
    @inline(__always) mutating func appendValue(_ value: Double) {
        value.write(to: &self)
    }

    /// The number of decimal digits of `value` (≥ 0), for sizing buffers.
    static func decimalLength(_ value: Int) -> Int {
        var length = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            length += 1
        }
        return length
    }

    /// The longest text `appendValue` produces: `-2.2250738585072014e-308` has 24 characters.
    static let maximumValueLength = 24
}
