// The `nonlocal` command: argument parsing, progress and printing; the numerics live in the libraries.
import ArgumentParser
import Foundation

@main
struct Nonlocal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nonlocal",
        abstract: "Learn well-posed nonlocal operators from data and export them as sparse matrices.",
        subcommands: [
            Demo.self, Generate.self, Learn.self, Check.self, Validate.self, Assemble.self, Solve.self, Reference.self, Precondition.self,
            Report.self, Bench.self,
        ])

    /// ArgumentParser's `main`, except that every failure prints exactly one line, `Error: …`:
    /// its own parse errors would append the usage and help text. `--help` prints the help as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
            if !message.isEmpty { FileHandle.standardError.write(Data("Error: \(message)\n".utf8)) }
            Foundation.exit(code.rawValue)
        }
    }
}
