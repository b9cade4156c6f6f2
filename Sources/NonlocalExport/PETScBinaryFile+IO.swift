// PETScBinaryFile+IO: whole-file reads and large writes with POSIX calls, failures as ExportError.io.
import Foundation

extension PETScBinaryFile {
    /// The whole content of `path`, read with `read(2)` into one array sized by `fstat(2)`.
    /// - Throws: ``ExportError/io(path:reason:)`` with the system's reason.
    static func contents(of path: String) throws(ExportError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError(path, "cannot open the file") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemError(path, "cannot read the file's size") }
        let size = Int(status.st_size)
        var failure: Int32 = 0
        var bytesRead = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            while bytesRead < size {
                let n = systemRead(descriptor, buffer.baseAddress! + bytesRead, min(size - bytesRead, chunkSize))
                if n > 0 {
                    bytesRead += n
                } else if n == 0 {
                    break  // the file shrank while being read; decoding reports the truncation
                } else if errno != EINTR {
                    failure = errno
                    break
                }
            }
            initialized = bytesRead
        }
        guard failure == 0 else { throw .io(path: path, reason: "cannot read the file: \(String(cString: strerror(failure)))") }
        return bytes
    }

    /// An open file that receives the objects of a file being written (the temporary file of
    /// an ``AtomicFile`` write); closed by ``finish()`` or, on failure, on deinit.
    final class Output {
        private var descriptor: Int32
        /// The destination named in errors (not the temporary name).
        private let path: String
        private(set) var bytesWritten = 0

        /// Creates `temporaryPath`, which must not exist, with mode 0644 (less the umask).
        init(creating temporaryPath: String, for path: String) throws(ExportError) {
            self.path = path
            descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw systemError(path, "cannot create a temporary file next to it") }
        }

        /// Appends all of `bytes`, in as few `write(2)` calls as the kernel allows.
        func append(_ bytes: [UInt8]) throws(ExportError) {
            let failure: Int32 = bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = systemWrite(descriptor, raw.baseAddress! + done, min(raw.count - done, chunkSize))
                    if n >= 0 { done += n } else if errno != EINTR { return errno }
                }
                return 0
            }
            guard failure == 0 else {
                throw .io(path: path, reason: "cannot write the file: \(String(cString: strerror(failure)))")
            }
            bytesWritten += bytes.count
        }

        /// Closes the file, reporting errors a delayed write may only show now.
        func finish() throws(ExportError) {
            let result = close(descriptor)
            descriptor = -1
            guard result == 0 else { throw systemError(path, "cannot finish writing the file") }
        }

        deinit { if descriptor >= 0 { close(descriptor) } }
    }

    /// The largest transfer per system call (Linux moves at most about 2 GiB per `read`/`write`).
    private static let chunkSize = 1 << 30

    private static func systemError(_ path: String, _ what: String) -> ExportError {
        .io(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

// At file scope, `read` and `write` are the C library's, not PETScBinaryFile's own `read`/`write`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
