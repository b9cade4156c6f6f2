// The `nonlocal` command: argument parsing, progress and printing; the numerics live in the libraries.
import ArgumentParser

@main
struct Nonlocal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nonlocal",
        abstract: "Learn well-posed nonlocal operators from data and export them as sparse matrices.",
        subcommands: [Demo.self, Generate.self, Learn.self, Check.self, Assemble.self, Solve.self, Bench.self])
}
