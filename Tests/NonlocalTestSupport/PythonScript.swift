// PythonScript: runs a Python program with Debian's /usr/bin/python3, the other side of the interop tests.
import Foundation

/// A Python program run with `/usr/bin/python3 -c` (the interpreter whose `python3-*` packages
/// DESIGN.md lists), for tests that check files against the libraries users open them with.
public enum PythonScript {
    /// A script that exited with an error.
    public struct Failure: Error, CustomStringConvertible {
        public var status: Int32
        public var standardError: String
        public var description: String { "python3 exited with status \(status): \(standardError)" }
    }

    /// Whether `/usr/bin/python3` can import every module in `modules` (a suite that needs them is skipped otherwise).
    public static func canImport(_ modules: [String]) -> Bool {
        (try? run("import " + modules.joined(separator: ", "))) != nil
    }

    /// Runs `script` with `arguments` as `sys.argv[1...]` and returns its standard output.
    /// - Throws: ``Failure`` (with standard error) when python3 exits non-zero, or when it cannot start.
    @discardableResult
    public static func run(_ script: String, arguments: [String] = []) throws -> String {
        let result = try ChildProcess.run(interpreter, ["-c", script] + arguments)
        guard result.status == 0 else { throw Failure(status: result.status, standardError: result.standardError) }
        return result.standardOutput
    }

    /// Runs `/usr/bin/python3 ARGUMENTS` (a recipe file and its arguments, or `-c SCRIPT …`) in
    /// `environment` (this process's when nil) and returns its exit status and its standard
    /// output and error interleaved as written: what a user running it in a terminal reads.
    public static func runCombined(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let result = try ChildProcess.run(interpreter, arguments, environment: environment, combined: true)
        return (result.status, result.standardOutput)
    }

    private static let interpreter = URL(fileURLWithPath: "/usr/bin/python3")
}
