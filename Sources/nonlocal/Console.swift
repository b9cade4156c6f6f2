// Console: progress on stderr (one updating line on a terminal), aligned tables and number formatting on stdout.
import ArgumentParser
import Foundation
import Synchronization

/// Progress goes to standard error, results to standard output. On a terminal progress is one
/// line rewritten in place; otherwise plain lines, a run of lines that repeat their first two
/// words (epochs, iterations) thinned to one a second. Warnings always get a line of their own.
/// `--quiet` silences all of it but the errors.
enum Console {
    struct State {
        var quiet = false
        var lineOpen = false
        var lastPrinted = ContinuousClock.now
        var lastPrefix = ""
    }

    static let state = Mutex(State())
    static let start = ContinuousClock.now
    static let isTerminal = isatty(STDERR_FILENO) == 1

    static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// The wall time since start and the peak resident memory, as the last line of a run.
    static func finish() {
        fflush(nil)  // the results first, when both streams go to one pipe
        let quiet = state.withLock { state in
            if state.lineOpen { write("\n") }
            state.lineOpen = false
            return state.quiet
        }
        guard !quiet else { return }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        write(String(format: "done in %.2f s, peak memory %.0f MB\n", seconds, Double(usage.ru_maxrss) / 1024))
    }
}

/// `--quiet`, shared by every command.
struct ConsoleOptions: ParsableArguments {
    @Flag(name: [.customShort("q"), .long], help: "No progress on standard error (errors and results only).") var quiet = false

    func validate() throws {
        Console.state.withLock { $0.quiet = quiet }
    }
}

/// Reports a step of the work on standard error (see ``Console``).
@Sendable func progress(_ message: String) {
    Console.state.withLock { state in
        guard !state.quiet else { return }
        let now = ContinuousClock.now
        if message.hasPrefix("warning:") {
            Console.write((state.lineOpen ? "\n" : "") + message + "\n")
            state.lineOpen = false
            return
        }
        if Console.isTerminal {
            Console.write("\r\u{1B}[2K" + message)
            state.lineOpen = true
            return
        }
        let prefix = message.split(separator: " ").prefix(2).joined(separator: " ")
        if prefix == state.lastPrefix && now - state.lastPrinted < .seconds(1) { return }
        Console.write(message + "\n")
        state.lastPrinted = now
        state.lastPrefix = prefix
    }
}

/// A plain-text table with right-aligned columns.
struct Table {
    let headers: [String]
    private(set) var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }
    init(headers: [String]) { self.headers = headers }

    mutating func append(_ cells: String...) {
        precondition(cells.count == headers.count, "row has \(cells.count) cells for \(headers.count) columns")
        rows.append(cells)
    }

    mutating func append(cells: [String]) {
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

/// Prints `value` as pretty JSON, snake_case keys sorted (the `--json` output of the reporting
/// commands; their schemas are in docs/CLI.md).
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// A `--seed` value as typed. Every whole number parses — with `parsing: .unconditional`, `-1` is
/// a value, not a missing one — and ``checked()``, called from `validate()`, refuses a negative
/// seed with the range (exit 1, like every value out of range); only text that is no whole number
/// is left to ArgumentParser's parse error.
struct Seed: ExpressibleByArgument, Sendable {
    let text: String
    /// The seed, or nil when a negative number was given.
    let value: UInt64?

    init(_ value: UInt64) {
        self.text = String(value)
        self.value = value
    }

    init?(argument: String) {
        guard UInt64(argument) != nil || Int64(argument) != nil else { return nil }
        self.text = argument
        self.value = UInt64(argument)
    }

    var defaultValueDescription: String { text }

    /// The seed. - Throws: ``CommandError`` "--seed must be ≥ 0" for a negative one.
    func checked() throws -> UInt64 {
        guard let value else { throw CommandError("--seed must be ≥ 0 (got \(text)); give a whole number from 0 to \(UInt64.max)") }
        return value
    }
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
