// MatrixMarketSystemIO: whole-file reads and complete writes through POSIX calls, with errors as ExportError.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file operations the MatrixMarket reader and writer need: a file is mapped in one call
/// and written in a few large `write` calls, never a call per line.
enum MatrixMarketSystemIO {
    /// The bytes of `path`: mapped into memory when it is a regular file, read otherwise.
    /// - Throws: ``ExportError/io(path:reason:)`` when the file cannot be opened or read.
    static func contents(of path: String) throws(ExportError) -> MatrixMarketFileBytes {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path: path, reason: "cannot open for reading (\(errorText()))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(path: path, reason: "cannot read (\(errorText()))") }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .io(path: path, reason: "is a folder, not a file") }
        if (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0,
            let mapping = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, descriptor, 0),
            mapping != MAP_FAILED
        {
            return MatrixMarketFileBytes(mapping: mapping, count: Int(status.st_size))
        }
        // Pipes, empty files and file systems without mmap: read until the end.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: "cannot read (\(errorText()))")
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return MatrixMarketFileBytes(bytes)
    }

    /// Creates `path` (which must not exist: it is a fresh temporary name) for writing.
    /// - Throws: ``ExportError/io(path:reason:)`` naming `reportedPath`, the file the user asked for.
    static func create(_ path: String, reportedPath: String) throws(ExportError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .io(path: reportedPath, reason: "cannot create a file in its folder (\(errorText()))")
        }
        return descriptor
    }

    /// Writes all of `bytes`, retrying after partial writes and interrupted calls.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, reportedPath: String) throws(ExportError)
    {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: reportedPath, reason: "cannot write (\(errorText()))")
            }
            offset += written
        }
    }

    /// Closes a file written with ``writeAll(_:_:reportedPath:)``; a failing close can mean lost data.
    static func finish(_ descriptor: Int32, reportedPath: String) throws(ExportError) {
        guard close(descriptor) == 0 else {
            throw .io(path: reportedPath, reason: "cannot finish writing (\(errorText()))")
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A file's bytes, owned for as long as a parse needs them.
///
/// A regular file is mapped read-only rather than read: the reader then works on the page
/// cache directly, with no copy and no freshly zeroed buffer (for a 335 MB file these cost
/// more than the parsing). A mapping would fault if another process truncated the file
/// meanwhile; files written through ``AtomicFile`` are replaced by a rename, never
/// truncated, so a mapped old version stays intact.
final class MatrixMarketFileBytes {
    private let mapping: UnsafeMutableRawPointer?
    private let storage: UnsafeMutableBufferPointer<UInt8>?
    let start: UnsafePointer<UInt8>
    let count: Int

    init(mapping: UnsafeMutableRawPointer, count: Int) {
        self.mapping = mapping
        self.storage = nil
        self.start = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
        self.count = count
    }

    init(_ bytes: [UInt8]) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        self.mapping = nil
        self.storage = storage
        self.start = UnsafePointer(storage.baseAddress!)
        self.count = bytes.count
    }

    deinit {
        if let mapping { munmap(mapping, count) }
        storage?.deallocate()
    }
}
