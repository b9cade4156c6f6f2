// The `nonlocal` command: argument parsing, progress and printing; the numerics live in the libraries.
import ArgumentParser
import Foundation
import NonlocalFiles
import NonlocalLinearAlgebra
import NonlocalWorkflows

@main
struct Nonlocal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nonlocal",
        abstract: "Learn well-posed nonlocal operators from data and export them as sparse matrices.",
        discussion: """
            Every command prints results on standard output and progress on standard error (--quiet silences it), \
            reports bad input in one line (exit 1, or 64 for arguments that do not parse) and writes nothing then.

            Start with: nonlocal demo --out out/demo
            """,
        version: NonlocalKitVersion.current,
        subcommands: [
            Demo.self, Generate.self, Learn.self, Check.self, Validate.self, Assemble.self, Solve.self, Reference.self, Precondition.self,
            Report.self, Reproduce.self, Bench.self,
        ])

    /// ArgumentParser's `main`, except that every failure prints exactly one line, `Error: …`:
    /// its own parse errors would append the usage and help text. `--help` prints the help as usual.
    static func main() {
        BLASKernels.restartOnBetterKernelsIfNeeded()  // Debian 12's OpenBLAS runs SSE3 kernels on processors it does not know
        _ = Console.start  // the clock of the final "done in" line starts now
        AtomicFile.removeTemporariesOnInterrupt()  // SIGINT/SIGTERM exit 130/143 from the start, without debris
        Reproducibility.fixThreadCounts()  // the same files on one core as on many
        do {
            if let unknown = unknownSubcommand(in: Array(CommandLine.arguments.dropFirst())) { throw CommandError(unknown) }
            var command = try parseAsRoot()
            try command.run()
            Console.finish()
        } catch {
            Console.state.withLock { state in
                if state.lineOpen { Console.write("\n") }
                state.lineOpen = false
            }
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
            if !message.isEmpty { FileHandle.standardError.write(Data("Error: \(message)\n".utf8)) }
            Foundation.exit(code.rawValue)
        }
    }

    /// A one-line error with a suggestion when an argument where a subcommand belongs names
    /// none (`generate fractionl` would otherwise be reported as an unknown option further on).
    static func unknownSubcommand(in arguments: [String]) -> String? {
        var command: ParsableCommand.Type = Nonlocal.self
        var path = ["nonlocal"]
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !argument.hasPrefix("-") else { return nil }
            if let match = subcommands.first(where: { $0._commandName == argument }) {
                command = match
                path.append(argument)
                continue
            }
            if command.configuration.defaultSubcommand != nil || argument == "help" { return nil }
            let names = subcommands.map { $0._commandName }
            let closest = names.min { editDistance(argument, $0) < editDistance(argument, $1) }!
            let guess = editDistance(argument, closest) <= max(2, closest.count / 3) ? "did you mean '\(closest)'? " : ""
            return "'\(argument)' is not a command of \(path.joined(separator: " ")); \(guess)the commands are \(names.joined(separator: ", "))"
        }
        return nil
    }

    /// The Levenshtein distance (insertions, deletions, substitutions).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
