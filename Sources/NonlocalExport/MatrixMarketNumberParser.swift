// MatrixMarketNumberParser: reads indices, sizes, integers and decimal reals from the bytes of one token.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parsers for the tokens of a MatrixMarket file. A token is the bytes `[start, end)`. When
/// `terminated` is true the byte at `end` is readable and is a space, a tab, `\r` or `\n`
/// (never a character that could continue a number); otherwise the token ends the file and
/// nothing at `end` may be read.
enum MatrixMarketNumberParser {
    private typealias Digits = MatrixMarketWordDigits

    /// The outcome of reading a number token.
    enum Outcome<Value> {
        case value(Value)
        /// Not in the token's grammar at all (`abc`, `1.5x`, `0x1p-3`, `1,5`).
        case notANumber
        /// `nan`, `inf`, `infinity`, with any sign and case.
        case notFinite
        /// A well-formed decimal whose magnitude exceeds `Double.greatestFiniteMagnitude`
        /// (or, for integers, 64 bits).
        case outOfRange
        /// A well-formed decimal real where an integer was required.
        case notInteger
    }

    /// The digits-only token as a non-negative integer, or nil when it has another byte or does not fit in `Int`.
    /// No sign is accepted: indices and sizes are unsigned in the format.
    @inline(__always)
    static func unsigned(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int? {
        guard start < end else { return nil }
        var value = 0
        var p = start
        while p < end {
            let digit = Int(p.pointee) &- 0x30
            guard digit >= 0, digit <= 9 else { return nil }
            let (times10, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times10.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = sum
            p += 1
        }
        return value
    }

    /// Whether the token is digits only (possibly too many for `Int`).
    static func isDigits(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        guard start < end else { return false }
        return UnsafeBufferPointer(start: start, count: end - start).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// An integer-field value: an optional sign and digits, fitting in 64 bits, returned as a double.
    static func integer(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, terminated: Bool) -> Outcome<Double>
    {
        var p = start
        var negative = false
        if p < end, p.pointee == 0x2B || p.pointee == 0x2D {
            negative = p.pointee == 0x2D
            p += 1
        }
        guard isDigits(p, end) else {
            switch real(start, end, terminated: terminated) {
            case .value: return .notInteger
            case .outOfRange: return .notInteger
            case let other: return other
            }
        }
        var magnitude: UInt64 = 0
        while p < end {
            let (times10, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times10.addingReportingOverflow(UInt64(p.pointee &- 0x30))
            guard !overflowA, !overflowB else { return .outOfRange }
            magnitude = sum
            p += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .outOfRange }
            return .value(magnitude == 0 ? 0 : -Double(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .outOfRange }
        return .value(Double(magnitude))
    }

    /// Exact powers of ten: every one up to 10²² is a double (5²² < 2⁵³).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// A real value: `[+-] (digits [. [digits]] | . digits) [(e|E|d|D) [+-] digits]`, correctly
    /// rounded to the nearest double (ties to even), the sign of zero kept.
    ///
    /// Fortran's `D` exponent marker (found in NIST's older files) is accepted. Hexadecimal
    /// floats, `inf` and `nan`, which `strtod` would take, are not in the grammar.
    ///
    /// Most tokens are converted by Clinger's fast path (W. D. Clinger, "How to read floating
    /// point numbers accurately", PLDI 1990): when the digits without leading and trailing
    /// zeros form an integer `m ≤ 2⁵³` and the decimal exponent `e` (`value = ±m · 10^e`)
    /// satisfies `|e| ≤ 22`, both `m` and `10^|e|` are doubles exactly, so the single IEEE
    /// operation `m · 10^e` or `m / 10^−e` is the correctly rounded result. Nearly all others
    /// (17-digit round-trip values, any exponent) are converted by ``eiselLemire(_:_:)``. The
    /// few it cannot decide go to glibc's `strtod`, which rounds correctly, run in place on the buffer (the
    /// whitespace after the token stops it). Its end pointer is checked: under a locale whose
    /// decimal point is not `.` it stops early, and the token goes to the standard library's
    /// locale-independent `Double(_:)` instead.
    static func real(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, terminated: Bool) -> Outcome<Double> {
        guard let decimal = scanDecimal(start, end), decimal.end == end else { return nonNumeric(start, end) }
        if let magnitude = decimal.magnitude {
            guard magnitude.isFinite else { return .outOfRange }
            return .value(decimal.negative ? -magnitude : magnitude)
        }
        let value = libraryValue(start, end, copying: decimal.fortranExponent || !terminated)
        return value.isFinite ? .value(value) : .outOfRange
    }

    /// A decimal as read from text: `±significand · 10^exponent`, the significand cut to its
    /// first 19 significant digits (`truncated` when a dropped digit was nonzero).
    struct Decimal {
        var negative = false
        var significand: UInt64 = 0
        var exponent = 0
        var truncated = false
        /// Whether the exponent was marked with Fortran's `D` (strtod does not know it).
        var fortranExponent = false
        /// The first byte after the number.
        var end: UnsafePointer<UInt8>

        /// The correctly rounded magnitude (infinity above the largest finite double), or nil
        /// in the rare cases that need `strtod`: Clinger's fast path, then ``eiselLemire(_:_:)``.
        @inline(__always) var magnitude: Double? {
            if significand == 0 && !truncated { return 0 }
            var significand = significand
            var exponent = exponent
            if !truncated && significand > 1 << 53 {
                // Trailing zeros (SciPy writes 2.0 as 2.0000000000000000e+00) move to the exponent.
                while significand % 10 == 0 {
                    significand /= 10
                    exponent += 1
                }
            }
            if !truncated, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
                let m = Double(significand)
                return exponent >= 0 ? m * exactPowersOfTen[exponent] : m / exactPowersOfTen[-exponent]
            }
            // Eisel–Lemire: exact whenever it answers. A truncated significand (more than 19
            // digits) lies in [w, w + 1) · 10^e: when both ends give the same double, so does it.
            guard let magnitude = eiselLemire(significand, exponent),
                !truncated || eiselLemire(significand + 1, exponent) == magnitude
            else { return nil }
            return magnitude
        }
    }

    /// The longest prefix of `[start, limit)` in the real grammar of ``real(_:_:terminated:)``,
    /// or nil when there is none (no digit, or an exponent marker without digits). The
    /// number's end is the first byte that cannot continue it.
    @inline(__always)
    static func scanDecimal(_ start: UnsafePointer<UInt8>, _ limit: UnsafePointer<UInt8>) -> Decimal? {
        var p = start
        var decimal = Decimal(end: start)
        if p < limit, p.pointee == 0x2B || p.pointee == 0x2D {
            decimal.negative = p.pointee == 0x2D
            p += 1
        }
        // At most 19 significant digits are kept (UInt64 holds any 19-digit number).
        var significand: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var exponent = 0
        var truncated = false
        while p < limit, p.pointee &- 0x30 < 10 {
            if significand != 0, significantDigits <= 11, let eight = eightDigits(p, limit) {
                significand = significand &* 100_000_000 &+ eight
                significantDigits += 8
                digitCount += 8
                p += 8
                continue
            }
            let digit = UInt64(p.pointee &- 0x30)
            digitCount += 1
            if significand == 0 && digit == 0 {
                // A leading zero of the integer part: not significant.
            } else if significantDigits < 19 {
                significand = significand &* 10 &+ digit
                significantDigits += 1
            } else {
                truncated = truncated || digit != 0
                exponent += 1
            }
            p += 1
        }
        if p < limit, p.pointee == 0x2E {
            p += 1
            while p < limit, p.pointee &- 0x30 < 10 {
                if significand != 0, significantDigits <= 11, let eight = eightDigits(p, limit) {
                    significand = significand &* 100_000_000 &+ eight
                    significantDigits += 8
                    digitCount += 8
                    exponent -= 8
                    p += 8
                    continue
                }
                let digit = UInt64(p.pointee &- 0x30)
                digitCount += 1
                if significand == 0 && digit == 0 {
                    exponent -= 1
                } else if significantDigits < 19 {
                    significand = significand &* 10 &+ digit
                    significantDigits += 1
                    exponent -= 1
                } else {
                    truncated = truncated || digit != 0
                }
                p += 1
            }
        }
        guard digitCount > 0 else { return nil }
        if p < limit, p.pointee | 0x20 == 0x65 || p.pointee | 0x20 == 0x64 {  // e E d D
            decimal.fortranExponent = p.pointee | 0x20 == 0x64
            p += 1
            var exponentNegative = false
            if p < limit, p.pointee == 0x2B || p.pointee == 0x2D {
                exponentNegative = p.pointee == 0x2D
                p += 1
            }
            let digitsStart = p
            var written = 0
            while p < limit, p.pointee &- 0x30 < 10 {
                // Saturate far beyond any double's range, so a 30-digit exponent cannot overflow.
                written = Swift.min(written * 10 + Int(p.pointee &- 0x30), 1_000_000_000)
                p += 1
            }
            guard p > digitsStart else { return nil }
            exponent += exponentNegative ? -written : written
        }
        decimal.significand = significand
        decimal.exponent = exponent
        decimal.truncated = truncated
        decimal.end = p
        return decimal
    }

    /// The value of the eight bytes at `p` when all are digits (and all lie before `limit`),
    /// else nil. After the first significant digit, digits are taken eight at a time this way,
    /// which a 17-digit value needs twice.
    @inline(__always)
    private static func eightDigits(_ p: UnsafePointer<UInt8>, _ limit: UnsafePointer<UInt8>) -> UInt64? {
        guard limit - p >= 8 else { return nil }
        let bytes = Digits.word(at: p)
        guard Digits.leadingDigitCount(bytes) == 8 else { return nil }
        return Digits.eightDigitsValue(bytes)
    }

    /// 10^k for the digit counts a word can hold, 0…8.
    private static let wordPowersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
    ]

    /// The real at `start` when it has the shape `[-]digits[.[digits]][(e|E)[+|-]digits]`
    /// followed by `\n`, with 1 to 7 digits before the point, at most 19 digits in all
    /// (leading zeros included, so the significand is exact) and 1 to 4 exponent digits, and
    /// when Eisel–Lemire decides it: the value and the line break's address. Nil for anything
    /// else, which ``real(_:_:terminated:)`` then reads; for what it accepts the two give the
    /// same double, each correctly rounded.
    ///
    /// It reads eight bytes at a time (``MatrixMarketWordDigits``), never more than 40 bytes
    /// from `start`, which must all be readable.
    @inline(__always)
    static func fastReal(_ start: UnsafePointer<UInt8>) -> (value: Double, end: UnsafePointer<UInt8>)? {
        var p = start
        let negative = p.pointee == 0x2D
        if negative { p += 1 }
        var bytes = Digits.word(at: p)
        var count = Digits.leadingDigitCount(bytes)
        guard count > 0, count < 8 else { return nil }
        // One digit before the point is the common case (every value in scientific notation,
        // every fixed one below 10 in magnitude): its byte is its value.
        var significand = count == 1 ? (bytes & 0xFF) &- 0x30 : Digits.digitsValue(bytes, count: count)
        var exponent = 0
        p += count
        if p.pointee == 0x2E {
            p += 1
            let words = (Digits.word(at: p), Digits.word(at: p + 8), Digits.word(at: p + 16))
            let first = Digits.leadingDigitCount(words.0)
            let second = first == 8 ? Digits.leadingDigitCount(words.1) : 0
            let fraction: Int
            if second == 8 {
                // 16 fraction digits or more, as most round-trip values have: two whole words.
                let third = Digits.leadingDigitCount(words.2)
                fraction = 16 &+ third
                guard count &+ fraction <= 19 else { return nil }
                significand = significand &* 10_000_000_000_000_000 &+ Digits.eightDigitsValue(words.0) &* 100_000_000
                    &+ Digits.eightDigitsValue(words.1)
                significand = significand &* wordPowersOfTen[third] &+ Digits.digitsValue(words.2, count: third)
            } else {
                // Fewer, in one or two words, without a branch on how many: a count of 0
                // contributes nothing.
                fraction = first &+ second
                guard count &+ fraction <= 19 else { return nil }
                significand = significand &* wordPowersOfTen[first] &+ Digits.digitsValue(words.0, count: first)
                significand = significand &* wordPowersOfTen[second] &+ Digits.digitsValue(words.1, count: second)
            }
            exponent = -fraction
            p += fraction
        }
        if p.pointee | 0x20 == 0x65 {  // e or E; Fortran's D is left to the general code
            p += 1
            let exponentNegative = p.pointee == 0x2D
            if exponentNegative || p.pointee == 0x2B { p += 1 }
            bytes = Digits.word(at: p)
            count = Digits.leadingDigitCount(bytes)
            guard count > 0, count <= 4 else { return nil }
            let written = Int(Digits.digitsValue(bytes, count: count))
            exponent += exponentNegative ? -written : written
            p += count
        }
        guard p.pointee == 0x0A else { return nil }
        // Eisel–Lemire alone, without Clinger's path first: it is exact whenever it answers,
        // and which of the two a 16- or 17-digit value would take is a branch no predictor learns.
        guard let magnitude = significand == 0 ? 0 : eiselLemire(significand, exponent), magnitude.isFinite
        else { return nil }
        return (negative ? -magnitude : magnitude, p)
    }

    /// The double nearest `w · 10^q` (ties to even; `w > 0`), infinity above the largest
    /// finite double, or nil in the rare cases where 128 bits of `5^q` cannot decide the
    /// rounding (then `strtod` decides).
    ///
    /// This is the Eisel–Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per
    /// second", Software: Practice and Experience 51(8), 2021; fast_float's
    /// `compute_float`), which SciPy's fast_matrix_market reads with. Written out here
    /// because no maintained Swift package offers it from the toolchain's mirror, and glibc's
    /// `strtod`, exact but a multiple-precision routine, was most of the reading time for the
    /// 17-digit values round-trip writers produce. `w` is shifted so its top bit is set and
    /// multiplied by the truncated 128-bit `5^q` (``MatrixMarketPowersOfFive``); the top 55
    /// bits of the product carry the 53-bit significand, a rounding bit and one bit that the
    /// product's own leading zero may take. The product is below the exact one by less than
    /// one unit of its 64th bit, so unless the bits below those 55 are all ones it rounds the
    /// same way as the exact value; when they are, the second 64 bits of `5^q` are added, and
    /// if the bits are still all ones (possible only for `q < −27` or `q > 55`, where `5^q` is
    /// inexact) the function gives up. Exact halfway cases exist only for `−4 ≤ q ≤ 23`, where
    /// the product is exact, and round to even.
    @inline(__always)
    static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
        if q < MatrixMarketPowersOfFive.smallestExponent { return 0 }  // below 10^19 · 10^−343 < 2^−1075
        if q > MatrixMarketPowersOfFive.largestExponent { return .infinity }  // at least 10^309
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        let index = 2 * (q - MatrixMarketPowersOfFive.smallestExponent)
        let powers = MatrixMarketPowersOfFive.table
        var (high, low) = normalized.multipliedFullWidth(by: powers[index])
        if high & 0x1FF == 0x1FF {  // the 9 bits below the top 55 are all ones: look further
            let second = normalized.multipliedFullWidth(by: powers[index + 1]).high
            let (sum, carry) = low.addingReportingOverflow(second)
            low = sum
            if carry { high &+= 1 }
            if low == .max && (q < -27 || q > 55) { return nil }
        }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 64 - 52 - 3)
        var mantissa = high >> shift
        // ⌊q · log2(10)⌋ + 63 is the binary exponent of 10^q's normalized product; 1023 the bias.
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        if power2 <= 0 {  // subnormal (or rounds up to the smallest normal)
            if -power2 + 1 >= 64 { return 0 }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < 1 << 52 ? 0 : 1
            return Double(bitPattern: UInt64(power2) << 52 | mantissa)
        }
        if low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 && mantissa << shift == high {
            mantissa &= ~1  // exactly halfway: round to even (down)
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(power2) << 52 | mantissa)
    }

    /// `strtod` on the token in place, or on a 0-terminated copy with a `D` exponent marker
    /// changed to `e` (for Fortran exponents, and for a token that ends the file).
    private static func libraryValue(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, copying: Bool
    ) -> Double {
        if copying {
            var copy = UnsafeBufferPointer(start: start, count: end - start).map { $0 | 0x20 == 0x64 ? 0x65 : $0 }
            copy.append(0)
            return copy.withUnsafeBufferPointer {
                libraryValue($0.baseAddress!, $0.baseAddress! + (end - start), copying: false)
            }
        }
        var stop: UnsafeMutablePointer<CChar>? = nil
        let value = start.withMemoryRebound(to: CChar.self, capacity: end - start + 1) { strtod($0, &stop) }
        if let stop, UnsafeRawPointer(stop) == UnsafeRawPointer(end) as UnsafeRawPointer { return value }
        let text = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        let parsed: Double? = Double(text)
        return parsed ?? .nan
    }

    /// `.notFinite` for the spellings of NaN and infinity, `.notANumber` for anything else.
    private static func nonNumeric(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Outcome<Double> {
        var word = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self).lowercased()
        if word.hasPrefix("+") || word.hasPrefix("-") { word.removeFirst() }
        if word == "nan" || word.hasPrefix("nan(") || word == "inf" || word == "infinity" { return .notFinite }
        return .notANumber
    }
}
