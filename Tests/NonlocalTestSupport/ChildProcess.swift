// ChildProcess: runs a program to completion and collects what it wrote, safely under parallel tests.
import Foundation

/// What a finished program returned and wrote.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let standardOutput: String
    /// Empty when standard error went to the standard output (``ChildProcess/run(_:_:environment:combined:)``).
    public let standardError: String
}

/// Runs programs for tests: the command under test, Python consumers, ncdump.
public enum ChildProcess {
    /// Runs `executable` with `arguments` to completion and returns its status and both streams.
    ///
    /// Each pipe is drained by `read(2)` on its own thread, retried on EINTR: Foundation's
    /// `readDataToEndOfFile` traps on an interrupted call (SIGCHLD from parallel tests), and
    /// reading one stream after the other would deadlock once the second filled its pipe.
    /// - Parameters:
    ///   - environment: the program's whole environment; this process's when nil.
    ///   - combined: standard error into the same pipe as standard output, interleaved as
    ///     written, which is what a user reads in a terminal.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, combined: Bool = false
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = combined ? output : error
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errorBytes: [UInt8] = []
        if !combined {
            DispatchQueue.global().async(group: group) { errorBytes = drain(error.fileHandleForReading.fileDescriptor) }
        }
        let outputBytes = drain(output.fileHandleForReading.fileDescriptor)
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus, standardOutput: String(decoding: outputBytes, as: UTF8.self),
            standardError: String(decoding: errorBytes, as: UTF8.self))
    }

    /// Every byte until end of file, reading through interrupted calls.
    private static func drain(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes += buffer[0..<count]
            } else if count == 0 || errno != EINTR {
                return bytes
            }
        }
    }
}
