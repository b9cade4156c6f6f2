// InputFile: a file opened for reading — read whole into an array, block by block, or one call at a time.
internal import SystemPackage

/// A file open for reading, closed when the value is released.
///
/// Works on regular files and on pipes and FIFOs alike: whole reads go on until the end of the
/// file, whatever its size said.
public final class InputFile {
    /// The file's path, named in errors.
    public let path: String
    let descriptor: FileDescriptor

    /// Opens `path` for reading.
    ///
    /// The corresponding C function is `open(2)` with `O_RDONLY | O_CLOEXEC`; interrupted calls
    /// are retried (opening a FIFO waits for its writer).
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.open`.
    public init(opening path: String) throws(FileError) {
        self.path = path
        descriptor = try FileError.catching(path: path, operation: .open) {
            try FileDescriptor.open(FilePath(path), .readOnly, options: .closeOnExec)
        }
    }

    deinit { try? descriptor.close() }

    /// Reads up to `buffer.count` bytes (at most 1 GiB) at the current offset into `buffer`.
    ///
    /// The corresponding C function is `read(2)`; interrupted calls are retried.
    /// - Returns: the number of bytes read, 0 at the end of the file.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.read`.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileError) -> Int {
        let limited = UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(SystemLimits.maximumTransfer))
        return try FileError.catching(path: path, operation: .read) { try descriptor.read(into: limited) }
    }

    /// The rest of the file. A regular file is read into one array sized by `fstat(2)`, with
    /// `read(2)` calls of at most 1 GiB, then read on until the end (a file that grew meanwhile
    /// is read to its new end); other files (pipes, FIFOs) are read block by block until the end.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.inspect` or `.read`
    ///   (a folder gives "Is a directory").
    public func readAll() throws(FileError) -> [UInt8] {
        let status = try self.status()
        let expected = status.type == .regular ? Int(status.size) : 0
        var failure: FileError?
        var bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            do throws(FileError) {
                while initialized < expected {
                    let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[initialized...]))
                    if count == 0 { break }  // the file shrank meanwhile
                    initialized += count
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        try readBlocks(ofSize: expected > 0 ? 1 << 16 : 1 << 20) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Calls `body` with each block of the rest of the file, in order, until the end; a block
    /// holds at most `blockSize` bytes (fewer where a pipe delivers fewer) and is valid only
    /// during the call.
    ///
    /// The corresponding C function is `read(2)`, one call per block; interrupted calls are retried.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.read`.
    public func readBlocks(ofSize blockSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) -> Void) throws(FileError) {
        precondition(blockSize > 0, "a block holds at least one byte")
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { block.deallocate() }
        while true {
            let count = try read(into: block)
            if count == 0 { return }
            body(UnsafeRawBufferPointer(rebasing: block[..<count]))
        }
    }

    /// The file's type and size.
    ///
    /// The corresponding C function is `fstat(2)`.
    func status() throws(FileError) -> Stat {
        try FileError.catching(path: path, operation: .inspect) { try Stat(descriptor) }
    }
}
