// OutputFile: a new file created exclusively and written in a few large calls; close reports errors, release closes quietly.
#if canImport(CLinuxFiles)
    internal import CLinuxFiles
#endif
internal import SystemPackage

/// A newly created file open for writing.
///
/// ``close()`` ends the write and reports what a delayed write may only show then; a value
/// released without it (because the writing failed) is closed quietly, and its file is left for
/// the caller to remove (``AtomicFile`` does).
public final class OutputFile {
    /// The path named in errors: the file the user asked for, not a temporary name.
    public let path: String
    /// The bytes written so far.
    public private(set) var bytesWritten = 0
    private var descriptor: FileDescriptor?

    /// Creates `path`, which must not exist, with mode 0644 less the umask.
    ///
    /// The corresponding C function is `open(2)` with `O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC`;
    /// interrupted calls are retried.
    /// - Parameter destination: the path named in errors, when `path` is a temporary name
    ///   standing in for it; `path` itself by default.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.create`
    ///   ("File exists" when `path` does).
    public init(creating path: String, for destination: String? = nil) throws(FileError) {
        self.path = destination ?? path
        descriptor = try FileError.catching(path: self.path, operation: .create) {
            try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        }
    }

    deinit { try? descriptor?.close() }

    /// Appends all of `bytes`, in as few calls as the kernel allows: one per GiB, more only
    /// after a partial write.
    ///
    /// The corresponding C function is `write(2)`; interrupted calls are retried.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.write`
    ///   ("No space left on device").
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        let descriptor = openDescriptor()
        var offset = 0
        while offset < bytes.count {
            let chunk = UnsafeRawBufferPointer(
                rebasing: bytes[offset..<min(offset + SystemLimits.maximumTransfer, bytes.count)])
            offset += try FileError.catching(path: path, operation: .write) { try descriptor.write(chunk) }
        }
        bytesWritten += bytes.count
    }

    /// Appends all of `bytes`; see ``write(_:)-(UnsafeRawBufferPointer)``.
    public func write(_ bytes: [UInt8]) throws(FileError) {
        // Array's withUnsafeBytes rethrows untyped errors; the Result keeps the type.
        try bytes.withUnsafeBytes { raw in Result { () throws(FileError) in try write(raw) } }.get()
    }

    /// Asks the kernel to start writing the bytes written so far to the storage device, and
    /// returns without waiting: a long write that calls it now and then overlaps its disk
    /// traffic with its own work, and the flush that ends it (``synchronize()``, or
    /// ``AtomicFile``'s) finds little left to do. It guarantees nothing by itself.
    ///
    /// The corresponding C function is `sync_file_range(2)` with `SYNC_FILE_RANGE_WRITE` (Linux;
    /// elsewhere, and where the file system does not support it, it does nothing).
    public func startWriteback() {
        #if canImport(CLinuxFiles)
            _ = sync_file_range(openDescriptor().rawValue, 0, 0, UInt32(NONLOCAL_SYNC_FILE_RANGE_WRITE))
        #endif
    }

    /// Flushes the data written so far to the storage device, so that it survives a power
    /// failure, not only the end of the process.
    ///
    /// The corresponding C function is `fsync(2)`; interrupted calls are retried.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.synchronize`.
    public func synchronize() throws(FileError) {
        let descriptor = openDescriptor()
        try FileError.catching(path: path, operation: .synchronize) { try descriptor.synchronize() }
    }

    /// Ends the write. Call it once; the file cannot be written afterwards.
    ///
    /// The corresponding C function is `close(2)` (not retried: Linux releases the descriptor
    /// even when it reports an error).
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.close`: a
    ///   delayed write failed, and the file may be incomplete.
    public func close() throws(FileError) {
        let descriptor = openDescriptor()
        self.descriptor = nil
        try FileError.catching(path: path, operation: .close) { try descriptor.close() }
    }

    private func openDescriptor() -> FileDescriptor {
        guard let descriptor else { preconditionFailure("\(path): written after close()") }
        return descriptor
    }
}
