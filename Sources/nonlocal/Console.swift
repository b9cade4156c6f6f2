// Console: progress lines on stderr, aligned tables and number formatting on stdout.
import Foundation

/// Writes one progress line to standard error (results go to standard output).
func progress(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// A plain-text table with right-aligned columns.
struct Table {
    let headers: [String]
    private(set) var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func append(_ cells: String...) {
        precondition(cells.count == headers.count, "row has \(cells.count) cells for \(headers.count) columns")
        rows.append(cells)
    }

    var rendered: String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}

extension Double {
    /// Scientific notation with `digits` significant digits after the point, e.g. 3.14e-15.
    func scientific(_ digits: Int = 2) -> String { String(format: "%.\(digits)e", self) }
    /// Fixed notation with `digits` decimals.
    func fixed(_ digits: Int = 2) -> String { String(format: "%.\(digits)f", self) }
}

extension Int {
    /// Thousands separated by commas, e.g. 1,000,000.
    var grouped: String {
        let digits = String(self.magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (self < 0 ? "-" : "") + result
    }
}

/// A flag value or file a command rejects: exit code 1, where ArgumentParser's `ValidationError`
/// would give 64 (EX_USAGE, kept for arguments that do not parse). ``Nonlocal/main()`` prints
/// either as one line.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Prints `value` as pretty JSON with sorted keys (the `--json` output of the reporting commands).
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A list of numbers from `1,2.5,3` or a range of whole numbers `6...12`.
func parseNumbers(_ text: String, flag: String) throws -> [Double] {
    let bounds = text.components(separatedBy: "...")
    if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]) {
        guard low <= high else { throw CommandError("\(flag) \(text) is an empty range; give A...B with A ≤ B") }
        return (low...high).map(Double.init)
    }
    return try text.split(separator: ",").map { part in
        let trimmed = part.trimmingCharacters(in: .whitespaces)
        if let value = Double(trimmed) { return value }
        let fraction = trimmed.split(separator: "/")
        if fraction.count == 2, let numerator = Double(fraction[0]), let denominator = Double(fraction[1]), denominator != 0 {
            return numerator / denominator
        }
        throw CommandError("\(flag): '\(part)' is not a number (give e.g. 0.25, 1/16, or a range 6...12)")
    }
}
