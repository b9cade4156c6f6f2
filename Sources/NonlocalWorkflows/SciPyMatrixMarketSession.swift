// SciPyMatrixMarketSession: a python3 that times SciPy's mmwrite and mmread one at a time on request, so `bench io` can alternate them with its own.
import Foundation

/// A running python3 holding one matrix, which times `scipy.io.mmwrite(path, a, precision=17)`
/// or `scipy.io.mmread(path)` each time it is asked.
///
/// `bench io` alternates these with its own writes and reads, so that both sides are measured
/// in the same seconds of a shared machine: timed in two separate stretches, a slow spell of
/// the machine (its memory bandwidth varies by tens of percent over minutes here) decides the
/// ratio. After each write, outside its time, python flushes the file to disk (`os.sync`), so
/// that its write-back does not run into the next measurement; `mmwrite` itself does not
/// flush, and NonlocalKit's write, which ends with `fsync`, counts that time.
final class SciPyMatrixMarketSession {
    /// The SciPy version the interpreter imports.
    let version: String
    private let process: Process
    private let input: FileHandle
    private let output: FileHandle
    private var pending: [UInt8] = []
    /// What SIGPIPE did before the session: a request to a python that has died must fail
    /// with EPIPE, not end this process, so it is ignored while the session lasts.
    private let sigpipeHandler: (@convention(c) (Int32) -> Void)?

    /// Starts `python`, which reads the matrix at `source` and then writes and reads `path`;
    /// nil when it cannot start, import SciPy or read the matrix.
    init?(python: String, source: String, path: String) {
        let script = """
            import os, sys, time, scipy, scipy.io
            a = scipy.io.mmread(sys.argv[1]).tocoo()
            print(scipy.__version__, flush=True)
            for request in sys.stdin:
                start = time.perf_counter()
                if request.strip() == "write":
                    scipy.io.mmwrite(sys.argv[2], a, precision=17)
                else:
                    scipy.io.mmread(sys.argv[2])
                seconds = time.perf_counter() - start
                os.sync()
                print(seconds, os.path.getsize(sys.argv[2]), flush=True)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, source, path]
        let toPython = Pipe(), fromPython = Pipe()
        process.standardInput = toPython
        process.standardOutput = fromPython
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        sigpipeHandler = signal(SIGPIPE, SIG_IGN)
        self.process = process
        input = toPython.fileHandleForWriting
        output = fromPython.fileHandleForReading
        version = Self.line(from: output, pending: &pending) ?? ""
        if version.isEmpty { return nil }
    }

    deinit {
        try? input.close()  // python's loop ends at the end of its input
        process.waitUntilExit()
        signal(SIGPIPE, sigpipeHandler)
    }

    /// The seconds of one `mmwrite`, and the file's size in bytes; nil when python failed.
    func write() -> (seconds: Double, bytes: Int)? { request("write") }

    /// The seconds of one `mmread` of the file the last write made; nil when python failed.
    func read() -> Double? { request("read")?.seconds }

    private func request(_ name: String) -> (seconds: Double, bytes: Int)? {
        do { try input.write(contentsOf: Data((name + "\n").utf8)) } catch { return nil }
        guard let reply = Self.line(from: output, pending: &pending) else { return nil }
        let fields = reply.split(separator: " ")
        guard fields.count == 2, let seconds = Double(fields[0]), let bytes = Int(fields[1]) else { return nil }
        return (seconds, bytes)
    }

    /// The next line python printed, without its `\n`; nil at the end of its output.
    private static func line(from output: FileHandle, pending: inout [UInt8]) -> String? {
        while true {
            if let end = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                return line
            }
            let data = output.availableData
            if data.isEmpty { return nil }
            pending.append(contentsOf: data)
        }
    }
}
