// SciPyInterpreter: the python3 with the newest SciPy on this machine, for the competitor columns of `nonlocal bench`.
import Foundation

/// A python3 executable and the SciPy version it imports.
public struct SciPyInterpreter: Sendable, Equatable {
    public let path: String
    public let version: String

    public init(path: String, version: String) {
        self.path = path
        self.version = version
    }

    /// The interpreter with the newest SciPy among every `python3` on `PATH` and Debian's
    /// `/usr/bin/python3` (the benchmarks measure against the fastest SciPy a user of this machine
    /// has: fast_matrix_market is in SciPy ≥ 1.12, Debian 12 ships 1.10); nil when none imports SciPy.
    public static func newest(environment: [String: String] = ProcessInfo.processInfo.environment) -> SciPyInterpreter? {
        var candidates: [String] = []
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: path) { candidates.append(path) }
        }
        candidates.append("/usr/bin/python3")
        var seen = Set<String>()
        let found = candidates.filter { seen.insert($0).inserted }.compactMap(probe)
        return found.max { versionNumbers($0.version).lexicographicallyPrecedes(versionNumbers($1.version)) }
    }

    /// The interpreter at `path`, with its SciPy version; nil when it cannot import SciPy.
    public static func probe(_ path: String) -> SciPyInterpreter? {
        guard let version = run(python: path, script: "import scipy; print(scipy.__version__)")?
            .trimmingCharacters(in: .whitespacesAndNewlines), !version.isEmpty else { return nil }
        return SciPyInterpreter(path: path, version: version)
    }

    /// The standard output of `python -c script`, or nil when it cannot be started or exits non-zero
    /// (its standard error is discarded: a competitor that fails only loses its column).
    static func run(python: String, script: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? output : nil
    }

    /// "1.17.1" → [1, 17, 1]; a suffix such as "rc1" ends a component.
    static func versionNumbers(_ version: String) -> [Int] {
        version.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
    }
}
