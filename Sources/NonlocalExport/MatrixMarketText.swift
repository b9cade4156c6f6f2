// MatrixMarketText: the bytes of a MatrixMarket file seen as lines and whitespace-separated tokens.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only view of a file's bytes, `[start, end)`. Nothing is read at or past `end`.
///
/// It is `@unchecked Sendable` so that concurrent parsers can share it: they only read, and
/// the parse runs inside `FileContents.withUnsafeBytes`, which keeps the bytes alive until
/// every parser has returned.
struct MatrixMarketText: @unchecked Sendable {
    private typealias Digits = MatrixMarketWordDigits

    let path: String
    let start: UnsafePointer<UInt8>
    let end: UnsafePointer<UInt8>

    /// Lines end at `\n`; a `\r` before it (CRLF files) is whitespace like space, tab, `\v`, `\f`.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D && byte != 0x0A)
    }

    /// Whitespace or the end of a line: the bytes that end a token.
    @inline(__always) static func endsToken(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The `\n` ending the line that contains `p`, or `end`.
    @inline(__always) func lineEnd(from p: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        guard p < end, let found = memchr(p, 0x0A, end - p) else { return end }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
    }

    /// The number of lines that start in `[from, to)`: its `\n` bytes, and one more when it
    /// does not end with one.
    ///
    /// The bytes are taken eight at a time: XOR with `\n` leaves a zero byte at each line
    /// break, and `((x & 0x7F…) + 0x7F…) | x` sets the top bit of exactly the nonzero bytes (no
    /// carry leaves a byte), so the complement's top bits mark the breaks. They are summed per
    /// byte lane, and the lanes added up before any can reach 256.
    func lineCount(from: UnsafePointer<UInt8>, to: UnsafePointer<UInt8>) -> Int {
        var breaks = 0
        var p = from
        while to - p >= 8 {
            var lanes: UInt64 = 0
            let words = Swift.min((to - p) / 8, 255)
            for _ in 0..<words {
                let x = Digits.word(at: p) ^ 0x0A0A_0A0A_0A0A_0A0A
                let nonzero = ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x
                lanes &+= (~nonzero &>> 7) & 0x0101_0101_0101_0101
                p += 8
            }
            breaks += Int((lanes &* 0x0101_0101_0101_0101) &>> 56)
        }
        while p < to {
            if p.pointee == 0x0A { breaks += 1 }
            p += 1
        }
        return from < to && (to - 1).pointee != 0x0A ? breaks + 1 : breaks
    }

    /// The first byte at or after `p` that is not whitespace (it may be `\n` or `end`).
    @inline(__always) func skipSpace(from p: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var q = p
        while q < end, Self.isSpace(q.pointee) { q += 1 }
        return q
    }

    /// The tokens of the line `[p, lineEnd)`.
    func tokens(from p: UnsafePointer<UInt8>, to lineEnd: UnsafePointer<UInt8>) -> [Range<UnsafePointer<UInt8>>] {
        var result: [Range<UnsafePointer<UInt8>>] = []
        var q = p
        while q < lineEnd {
            while q < lineEnd, Self.isSpace(q.pointee) { q += 1 }
            guard q < lineEnd else { break }
            let tokenStart = q
            while q < lineEnd, !Self.endsToken(q.pointee) { q += 1 }
            result.append(tokenStart..<q)
        }
        return result
    }

    /// A token as text for a message: at most 40 characters, invalid UTF-8 replaced.
    static func quote(_ token: Range<UnsafePointer<UInt8>>) -> String {
        let text = String(decoding: UnsafeBufferPointer(start: token.lowerBound, count: token.count), as: UTF8.self)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// The text of the comment line whose `%` is at `percent`: without the `%`, one following
    /// space and the trailing `\r` of a CRLF line.
    func comment(at percent: UnsafePointer<UInt8>, lineEnd: UnsafePointer<UInt8>) -> String {
        var textStart = percent + 1
        if textStart < lineEnd, textStart.pointee == 0x20 { textStart += 1 }
        var textEnd = lineEnd
        if textEnd > textStart, (textEnd - 1).pointee == 0x0D { textEnd -= 1 }
        return String(
            decoding: UnsafeBufferPointer(start: textStart, count: Swift.max(0, textEnd - textStart)), as: UTF8.self)
    }

    /// The number of the file's last line (1 for an empty file): where "the file ends" is reported.
    var lastLine: Int {
        var lines = 0
        var p = start
        while p < end {
            p = lineEnd(from: p)
            lines += 1
            if p < end { p += 1 }
        }
        return Swift.max(lines, 1)
    }

    /// A format error at `line`.
    func error(line: Int, _ reason: String) -> ExportError {
        .invalidMatrixMarket(path: path, line: line, reason: reason)
    }
}
