// FileContents: a whole file's bytes for a parser — mapped read-only when it is a regular non-empty file, read otherwise.
internal import SystemPackage

/// A file's bytes, owned for as long as a parse needs them.
///
/// A regular non-empty file is mapped read-only (`mmap(2)` with `MAP_POPULATE`) rather than
/// read: the parser then works on the page cache directly, with no copy and no freshly zeroed
/// buffer (for a 335 MB MatrixMarket file these cost more than the parsing). Pipes, FIFOs,
/// empty files and file systems that cannot map are read until the end instead; both routes
/// give the same bytes. The mapping is removed (`munmap(2)`) when the value is released; the
/// file's descriptor is closed as soon as the bytes are mapped or read.
///
/// A mapping would fault if another process truncated the file meanwhile; files written
/// through ``AtomicFile`` are replaced by a rename, never truncated, so a mapped old version
/// stays intact.
public final class FileContents {
    /// The number of bytes.
    public let count: Int
    /// Whether the bytes are a mapping of the file (rather than a copy read from it).
    public let isMapped: Bool
    private let mapping: UnsafeRawBufferPointer?
    /// The bytes read, when not mapped; one byte longer than `count` when the file is empty,
    /// so that even then the bytes have an address.
    private let storage: [UInt8]

    /// Reads or maps the whole file at `path`.
    ///
    /// The corresponding C functions are `open(2)`, `fstat(2)`, then `mmap(2)` or `read(2)`.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.open`,
    ///   `.inspect` or `.read` (a folder gives "Is a directory").
    public init(of path: String) throws(FileError) {
        let file = try InputFile(opening: path)
        let status = try file.status()
        if status.type == .regular, status.size > 0, let region = try? file.descriptor.mapReadOnly(count: Int(status.size)) {
            mapping = region
            storage = []
            count = region.count
            isMapped = true
        } else {
            let bytes = try file.readAll()
            mapping = nil
            storage = bytes.isEmpty ? [0] : bytes
            count = bytes.count
            isMapped = false
        }
    }

    deinit {
        if let mapping { FileDescriptor.unmap(mapping) }
    }

    /// Calls `body` with the bytes; they are valid only during the call. The buffer's base
    /// address is never nil, even for an empty file.
    public func withUnsafeBytes<Result, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> Result) throws(E) -> Result {
        defer { withExtendedLifetime(self) {} }
        if let mapping {
            return try body(UnsafeBufferPointer(start: mapping.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count))
        }
        return try storage.withUnsafeBufferPointer { (all) throws(E) in try body(UnsafeBufferPointer(rebasing: all[..<count])) }
    }
}
