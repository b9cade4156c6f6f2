// Tests that every decimal spelling reads as the correctly rounded double, in entry lines (the one-pass path) and array files.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite final class MatrixMarketDecimalTests {
    let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-decimal")

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The values `tokens` read as, through a coordinate file of lines `i 1 token` and through
    /// an array file with one token a line (each value's bits, in token order).
    func readBothWays(_ tokens: [String]) throws -> (coordinate: [UInt64], array: [UInt64]) {
        let coordinatePath = folder + "/coordinate.mtx"
        var text = "%%MatrixMarket matrix coordinate real general\n\(tokens.count) 1 \(tokens.count)\n"
        for (k, token) in tokens.enumerated() { text += "\(k + 1) 1 \(token)\n" }
        text += MatrixMarketSamples.fastPathPadding
        try text.write(toFile: coordinatePath, atomically: false, encoding: .utf8)
        let matrix = try MatrixMarketFile.read(from: coordinatePath).matrix
        var coordinate = [UInt64](repeating: 0, count: tokens.count)
        for row in 0..<matrix.rowCount {
            for k in matrix.rowPointers[row]..<matrix.rowPointers[row + 1] {
                coordinate[row] = matrix.values[k].bitPattern
            }
        }
        let arrayPath = folder + "/array.mtx"
        try ("%%MatrixMarket matrix array real general\n\(tokens.count) 1\n" + tokens.joined(separator: "\n") + "\n")
            .write(toFile: arrayPath, atomically: false, encoding: .utf8)
        return (coordinate, try MatrixMarketFile.readVector(from: arrayPath).map(\.bitPattern))
    }

    func expectCorrectlyRounded(_ tokens: [String]) throws {
        let expected = tokens.map { Double($0.replacingOccurrences(of: "D", with: "e"))!.bitPattern }
        let (coordinate, array) = try readBothWays(tokens)
        for k in tokens.indices where coordinate[k] != expected[k] || array[k] != expected[k] {
            let message =
                "\(tokens[k]) read as \(Double(bitPattern: coordinate[k])) (entry line) and "
                + "\(Double(bitPattern: array[k])) (array), expected \(Double(bitPattern: expected[k]))"
            Issue.record(Comment(rawValue: message))
        }
    }

    /// Every decimal exponent the 128-bit powers of five cover (and beyond, to zero and to the
    /// largest double), with significands of 1, 16, 17, 19 and 25 digits: each table entry is used.
    @Test func decimalsAtEveryExponentReadAsTheCorrectlyRoundedDouble() throws {
        var generator = SplitMix64(seed: 17)
        var tokens: [String] = []
        func digits(_ count: Int) -> String {
            String(generator.integer(in: 1...9))
                + (1..<count).map { _ in String(generator.integer(in: 0...9)) }.joined()
        }
        for exponent in -360...308 {
            for length in [1, 16, 17, 17, 19, 25] {
                let significand = digits(length)
                // `d.ddd…e(exponent)`: the value is about 10^exponent.
                let token =
                    (generator.next() % 2 == 0 ? "-" : "") + significand.prefix(1) + "." + significand.dropFirst()
                    + "e\(exponent)"
                if let value = Double(token), value.isFinite { tokens.append(token) }
            }
        }
        try expectCorrectlyRounded(tokens)
    }

    /// Values at and next to the places where rounding is hardest: exact halfway points between
    /// doubles (ties to even), the edges of the subnormal range, of the normal range and of
    /// overflow, and the classic strtod troublemakers.
    @Test func hardCasesReadAsTheCorrectlyRoundedDouble() throws {
        try expectCorrectlyRounded([
            "9007199254740993", "9007199254740995", "9007199254740994", "18014398509481985",
            "1.00000000000000011102230246251565404236316680908203125",  // 1 + 2^-53, exactly halfway
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
            "2.225073858507201136057409796709131975934819546351645648e-308",
            "4.9406564584124654e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
            "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525003193704576782492193656236698636584807570236159e-324",
            "1e-400", "-1e-400", "0.0000", "-0.0", "-0", "+0.0e-999999999",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.797693134862315807e308",
            "8.98846567431158e307", "1e23", "7.2057594037927933e16", "3.0000000000000000e+00",
            "123456789012345678", "-9223372036854775808", "18446744073709551615", "99999999999999999999",
            "0.1", "0.2", "0.30000000000000004", "1e22", "1e-22", "4.35679e-10", "1.5D0", "-2.5D-3",
            "0.000000000000000000000000000000000001", "1234567890123456789012345678901234567890e-40",
        ])
    }

    /// Seeded random doubles (bit patterns, subnormals, values in [−1, 1)) in the forms writers
    /// use: the shortest round trip (NonlocalKit), `%.16e` (SciPy) and `%.17g` (C), and random
    /// integers of up to 20 digits.
    @Test func randomDoublesInEveryWritersFormReadBackBitExactly() throws {
        var generator = SplitMix64(seed: 42)
        var tokens: [String] = []
        for k in 0..<60_000 {
            let value = MatrixMarketSamples.finiteDouble(&generator)
            switch k % 4 {
            case 0: tokens.append(value.description)
            case 1: tokens.append(String(format: "%.16e", value))
            case 2: tokens.append(String(format: "%.17g", value))
            default:
                let digits = generator.integer(in: 1...19)
                tokens.append(
                    (generator.next() % 2 == 0 ? "-" : "")
                        + String(generator.next() % (digits == 19 ? UInt64.max : power(10, digits))))
            }
        }
        try expectCorrectlyRounded(tokens)
    }

    private func power(_ base: UInt64, _ exponent: Int) -> UInt64 {
        (0..<exponent).reduce(1) { product, _ in product * base }
    }

    /// A value beyond the largest double is refused with one line in entry lines and arrays alike.
    @Test func aValueBeyondTheLargestDoubleIsReportedAtItsLine() throws {
        let path = folder + "/overflow.mtx"
        for text in [
            "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1.0\n2 2 1.7976931348623159e308\n",
            "%%MatrixMarket matrix array real general\n2 1\n1.0\n-1.7976931348623159e308\n",
        ] {
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            #expect(
                throws: ExportError.invalidMatrixMarket(
                    path: path, line: 4,
                    reason: text.contains("array")
                        ? "the value '-1.7976931348623159e308' overflows a double (beyond ±1.8e308)"
                        : "the value '1.7976931348623159e308' overflows a double (beyond ±1.8e308)")
            ) {
                _ = try MatrixMarketFile.read(from: path)
            }
        }
    }
}

/// Differential tests of the one-pass reading of entry lines against the general code: a space
/// before each line break sends every line to the general code, and must change nothing.
@Suite final class MatrixMarketEntryLineTests {
    let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-entry-lines")

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// What reading `bytes` gives: the header and matrix bits, or the error's line and reason.
    func outcome(_ bytes: [UInt8], name: String) throws -> String {
        let path = folder + "/\(name).mtx"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            let content = try MatrixMarketFile.read(from: path)
            let matrix = content.matrix
            return "\(content.header) \(matrix.rowPointers) \(matrix.columnIndices) \(matrix.values.map(\.bitPattern))"
        } catch {
            guard case .invalidMatrixMarket(_, let line, let reason) = error else { return "\(error)" }
            return "line \(line): \(reason)"
        }
    }

    /// Rows whose digits begin one another's (1, 12, 123, … 12345678, and back), which the
    /// one-pass code must not take for the row of the line before; 7- and 8-digit rows too.
    @Test func rowsThatBeginWithTheRowBeforeAreReadAsTheirOwn() throws {
        let rows = [1, 1, 12, 12, 123, 1234, 12345, 123456, 1234567, 1234567, 12345678, 12345678, 1234567, 123, 12, 1]
        var text = "%%MatrixMarket matrix coordinate real general\n123456789 \(rows.count) \(rows.count)\n"
        for (k, row) in rows.enumerated() { text += "\(row) \(k + 1) \(Double(k) + 0.5)\n" }
        text += MatrixMarketSamples.fastPathPadding
        let matrix = try #require(try? MatrixMarketFile.read(from: { () throws -> String in
            let path = folder + "/prefixes.mtx"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }()).matrix)
        var listed: [Int: [Double]] = [:]
        for (k, row) in rows.enumerated() { listed[row - 1, default: []].append(Double(k) + 0.5) }
        for (row, values) in listed {
            let stored = (matrix.rowPointers[row]..<matrix.rowPointers[row + 1]).map { matrix.values[$0] }
            #expect(stored.sorted() == values.sorted(), "row \(row + 1)")
        }
        #expect(matrix.nonzeroCount == rows.count)
    }

    /// Seeded random damage (a byte replaced, deleted or inserted, from digits, signs, exponent
    /// markers, whitespace, line breaks and junk) to small files of each field: the damaged file
    /// reads, or is refused with the same line and reason, exactly as with every line sent
    /// through the general code.
    @Test func damagedFilesReadOrAreRefusedAsTheGeneralCodeWould() throws {
        var generator = SplitMix64(seed: 99)
        let alphabet = Array("0123456789.eEdD+- \t\n\r%x\u{0}".utf8)
        for field in ["real", "pattern", "integer"] {
            for symmetry in ["general", "symmetric"] {
                var text = "%%MatrixMarket matrix coordinate \(field) \(symmetry)\n% a comment\n9 9 12\n"
                for k in 0..<12 {
                    let row = generator.integer(in: 1...9)
                    let column = symmetry == "general" ? generator.integer(in: 1...9) : generator.integer(in: 1...row)
                    let value = MatrixMarketSamples.finiteDouble(&generator)
                    switch field {
                    case "pattern": text += "\(row) \(column)\n"
                    case "integer": text += "\(row) \(column) \(generator.integer(in: -99_999...99_999))\n"
                    default:
                        text += "\(row) \(column) \(k % 2 == 0 ? value.description : String(format: "%.16e", value))\n"
                    }
                }
                let original = Array(text.utf8)
                let bodyStart = original.indices.filter { original[$0] == 0x0A }[2] + 1
                for _ in 0..<400 {
                    var damaged = original
                    let position = generator.integer(in: 0...(damaged.count - 1))
                    let byte = alphabet[generator.integer(in: 0...(alphabet.count - 1))]
                    switch generator.next() % 3 {
                    case 0: damaged[position] = byte
                    case 1: damaged.remove(at: position)
                    default: damaged.insert(byte, at: position)
                    }
                    // The same file with a space before each line break of the body.
                    let cut = Swift.min(bodyStart, damaged.count)
                    var spaced = Array(damaged[..<cut])
                    for byte in damaged[cut...] {
                        if byte == 0x0A { spaced.append(0x20) }
                        spaced.append(byte)
                    }
                    // And both again with a trailing comment, so that the last lines are read
                    // by the one-pass code too (it needs 64 readable bytes from a line's start).
                    for padding in [[], Array(MatrixMarketSamples.fastPathPadding.utf8)] {
                        let fast = try outcome(damaged + padding, name: "damaged")
                        let general = try outcome(spaced + padding, name: "spaced")
                        #expect(fast == general, "\(String(decoding: damaged + padding, as: UTF8.self))")
                    }
                }
            }
        }
    }
}

/// The eight-bytes-at-a-time digit scanning the one-pass entry reader rests on, against byte-by-byte
/// reading.
@Suite struct MatrixMarketWordDigitTests {
    /// Seeded words of k digits followed by any bytes: the count is k and the value the digits'.
    @Test func aWordsLeadingDigitsAreCountedAndReadExactly() {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<200_000 {
            let digits = generator.integer(in: 0...8)
            var bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Half the time the byte after the digits is one next to the digit range.
            let neighbours: [UInt8] = [0x2F, 0x3A, 0x00, 0xFF, 0x0A, 0x20, 0x2E, 0x65, 0xB0, 0xBA]
            for k in 0..<digits { bytes[k] = 0x30 + UInt8(generator.integer(in: 0...9)) }
            if digits < 8 {
                if generator.next() % 2 == 0 {
                    bytes[digits] = neighbours[generator.integer(in: 0...(neighbours.count - 1))]
                } else if (0x30...0x39).contains(bytes[digits]) {
                    bytes[digits] = 0x2F
                }
            }
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            let count = MatrixMarketWordDigits.leadingDigitCount(word)
            #expect(count == digits, "\(bytes)")
            let expected = bytes[..<digits].reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
            #expect(MatrixMarketWordDigits.digitsValue(word, count: count) == expected, "\(bytes)")
            if digits == 8 { #expect(MatrixMarketWordDigits.eightDigitsValue(word) == expected, "\(bytes)") }
        }
    }
}
