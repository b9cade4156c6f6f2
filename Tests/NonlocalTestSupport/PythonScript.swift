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
        // Standard error goes to a file, so a script that writes much to both streams cannot block on a full pipe.
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("python-stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorPath.path, contents: nil) else {
            throw Failure(status: -1, standardError: "cannot create \(errorPath.path)")
        }
        defer { try? FileManager.default.removeItem(at: errorPath) }
        let errors = try FileHandle(forWritingTo: errorPath)
        defer { try? errors.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errorText = (try? String(contentsOf: errorPath, encoding: .utf8)) ?? ""
            throw Failure(status: process.terminationStatus, standardError: errorText)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Runs `/usr/bin/python3 ARGUMENTS` (a recipe file and its arguments, or `-c SCRIPT …`) in
    /// `environment` (this process's when nil) and returns its exit status and its standard
    /// output and error interleaved as written: what a user running it in a terminal reads.
    public static func runCombined(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
