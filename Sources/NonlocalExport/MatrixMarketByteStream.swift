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

    @inline(__always) mutating func append(_ line: MatrixMarketLineBuffer) {
        bytes.append(contentsOf: line.bytes)
    }

    /// Appends the decimal digits of `value` (≥ 0), most significant first.
    @inline(__always) mutating func appendDecimal(_ value: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in  // the 20 digits of UInt64.max
            let start = scratch.baseAddress!
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: Self.writeDecimal(value, to: start)))
        }
    }

    /// Writes the decimal digits of `value` (≥ 0) at `destination`, which has room for 20
    /// bytes; returns their number.
    @inline(__always) static func writeDecimal(_ value: Int, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        precondition(value >= 0, "negative index \(value)")
        let length = decimalLength(value)
        var position = length
        var rest = UInt(value)
        repeat {
            position -= 1
            destination[position] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
            rest /= 10
        } while rest != 0
        return length
    }

    /// Appends the shortest round-trip decimal of a finite `value`.
    @inline(__always) mutating func appendValue(_ value: Double) {
        value.write(to: &self)
    }

    /// The number of decimal digits of `value` (≥ 0), for sizing buffers.
    @inline(__always) static func decimalLength(_ value: Int) -> Int {
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

/// One line being formatted in a fixed buffer, appended to a ``MatrixMarketByteStream`` whole.
///
/// Formatting an entry piece by piece into the stream's array cost an array append (a
/// capacity and uniqueness check and a `memmove` call) for each of the row, the column, the
/// value and three separators: together more than the digits themselves. Here the pieces are
/// stored through a pointer and the line is appended once; the row's text, the same for
/// every entry of a row, stays at the start of the buffer and is written once per row.
struct MatrixMarketLineBuffer: TextOutputStream {
    /// The longest line: two 20-digit indices, the longest value, two spaces and `\n`.
    static let capacity = 2 * 20 + MatrixMarketByteStream.maximumValueLength + 3
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    /// A line in `base`, which has room for ``capacity`` bytes.
    init(base: UnsafeMutablePointer<UInt8>) {
        self.base = base
    }

    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { _writeASCII($0) }
    }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        precondition(count + buffer.count <= Self.capacity, "line longer than \(Self.capacity) bytes")
        (base + count).update(from: buffer.baseAddress!, count: buffer.count)
        count += buffer.count
    }

    /// Keeps the first `length` bytes (a prefix written before) and drops the rest.
    @inline(__always) mutating func truncate(to length: Int) {
        count = length
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        precondition(count < Self.capacity, "line longer than \(Self.capacity) bytes")
        base[count] = byte
        count += 1
    }

    /// Appends the decimal digits of `value` (≥ 0).
    @inline(__always) mutating func appendDecimal(_ value: Int) {
        precondition(count + 20 <= Self.capacity, "line longer than \(Self.capacity) bytes")
        count += MatrixMarketByteStream.writeDecimal(value, to: base + count)
    }

    /// Appends the shortest round-trip decimal of a finite `value`.
    @inline(__always) mutating func appendValue(_ value: Double) {
        value.write(to: &self)
    }

    /// The line so far.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
