// FuzzInput: one fuzz input as a file, for readers that take a path.
internal import CLibFuzzer
import Glibc

/// The reader the running fuzz target feeds; set once by ``FuzzInput/run(suffix:_:)`` before libFuzzer starts.
nonisolated(unsafe) private var target: (suffix: String, read: (String) -> Void)?

/// The file a fuzz target writes each input to: one per process (libFuzzer's `-fork` and `-jobs`
/// run several), in `/dev/shm` when it exists, so the file system costs no disk I/O.
public enum FuzzInput {
    /// `/dev/shm/nonlocal-fuzz.PID.suffix` (or under `/tmp`).
    public static func path(suffix: String) -> String {
        let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        return "\(folder)/nonlocal-fuzz.\(getpid()).\(suffix)"
    }

    /// Writes the `count` bytes at `start` to ``path(suffix:)``, replacing the last input, and
    /// runs `read` on the path. A failed write traps: the fuzzer's machine is broken, not the input.
    public static func withFile(_ start: UnsafeRawPointer, _ count: Int, suffix: String, _ read: (String) -> Void) {
        let path = path(suffix: suffix)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(descriptor >= 0, "cannot create \(path): \(String(cString: strerror(errno)))")
        var written = 0
        while written < count {
            let n = write(descriptor, start + written, count - written)
            if n < 0 && errno == EINTR { continue }
            precondition(n > 0, "cannot write \(path): \(String(cString: strerror(errno)))")
            written += n
        }
        close(descriptor)
        read(path)
    }

    /// Runs libFuzzer (its command line is this process's) on `read`: each input is written to
    /// ``path(suffix:)`` and `read` is called on that path; any error it throws is a clean refusal,
    /// so `read` discards them, and only a crash, a hang (`-timeout`) or running out of memory
    /// (`-rss_limit_mb`) is a finding. Exits with libFuzzer's status.
    public static func run(suffix: String, _ read: @escaping (String) -> Void) -> Never {
        target = (suffix, read)
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, count in
            guard let target, let data else { return 0 }
            FuzzInput.withFile(data, count, suffix: target.suffix, target.read)
            return 0
        }
        exit(status)
    }
}
