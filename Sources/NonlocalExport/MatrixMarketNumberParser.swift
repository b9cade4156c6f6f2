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
    /// operation `m · 10^e` or `m / 10^−e` is the correctly rounded result. Everything else
    /// goes to glibc's `strtod`, which rounds correctly, run in place on the buffer (the
    /// whitespace after the token stops it). Its end pointer is checked: under a locale whose
    /// decimal point is not `.` it stops early, and the token goes to the standard library's
    /// locale-independent `Double(_:)` instead.
    static func real(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, terminated: Bool) -> Outcome<Double> {
        var p = start
        var negative = false
        if p < end, p.pointee == 0x2B || p.pointee == 0x2D {
            negative = p.pointee == 0x2D
            p += 1
        }
        // The digits as `significand · 10^exponent`, keeping at most 19 significant digits
        // (UInt64 holds any 19-digit number); `truncated` records a dropped nonzero digit.
        var significand: UInt64 = 0
        var significantDigits = 0
        var digitCount = 0
        var exponent = 0
        var truncated = false
        while p < end, p.pointee &- 0x30 < 10 {
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
        if p < end, p.pointee == 0x2E {
            p += 1
            while p < end, p.pointee &- 0x30 < 10 {
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
        guard digitCount > 0 else { return nonNumeric(start, end) }
        var fortranExponent = false
        if p < end, p.pointee | 0x20 == 0x65 || p.pointee | 0x20 == 0x64 {  // e E d D
            fortranExponent = p.pointee | 0x20 == 0x64
            p += 1
            var exponentNegative = false
            if p < end, p.pointee == 0x2B || p.pointee == 0x2D {
                exponentNegative = p.pointee == 0x2D
                p += 1
            }
            guard p < end else { return .notANumber }
            var written = 0
            while p < end, p.pointee &- 0x30 < 10 {
                // Saturate far beyond any double's range, so a 30-digit exponent cannot overflow.
                written = Swift.min(written * 10 + Int(p.pointee &- 0x30), 1_000_000_000)
                p += 1
            }
            exponent += exponentNegative ? -written : written
        }
        guard p == end else { return nonNumeric(start, end) }

        if significand == 0 && !truncated { return .value(negative ? -0.0 : 0.0) }
        if !truncated && significand > 1 << 53 {
            // Trailing zeros (SciPy writes 2.0 as 2.0000000000000000e+00) move to the exponent.
            while significand % 10 == 0 {
                significand /= 10
                exponent += 1
            }
        }
        if !truncated, significand <= 1 << 53, exponent >= -22, exponent <= 22 {
            let m = Double(significand)
            let magnitude = exponent >= 0 ? m * exactPowersOfTen[exponent] : m / exactPowersOfTen[-exponent]
            return .value(negative ? -magnitude : magnitude)
        }
        let value = libraryValue(start, end, copying: fortranExponent || !terminated)
        return value.isFinite ? .value(value) : .outOfRange
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
