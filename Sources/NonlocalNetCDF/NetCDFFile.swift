// NetCDFFile: an open netCDF file, its lifetime, and netCDF-C's define and data modes.
internal import CNetCDF
internal import CNetCDFProbe
import Glibc
import Synchronization

/// An open netCDF file, closed by ``close()`` or when the last reference to it goes away.
///
/// netCDF-C separates *define mode* (dimensions, variables, attributes) from *data mode*
/// (values). This class switches between them as each call needs (`nc_redef`, `nc_enddef`),
/// so definitions and writes may be interleaved. Every call into netCDF-C, from any
/// instance, is serialized by one process-wide lock; an instance itself is not `Sendable`,
/// so use it from one task at a time.
///
/// Using a file after ``close()`` is a programmer error and traps.
public final class NetCDFFile {
    /// The path the file was created or opened with; every error names it.
    public let path: String
    private var handle: Int32?
    private var isDefining: Bool

    private init(path: String, handle: Int32, isDefining: Bool) {
        self.path = path
        self.handle = handle
        self.isDefining = isDefining
    }

    deinit {
        if let handle { _ = withNetCDF { nc_close(handle) } }
    }

    /// Creates a NetCDF-4 (HDF5-based) file at `path`, replacing any file already there,
    /// and opens it for writing.
    ///
    /// The corresponding C function is `nc_create` with `NC_NETCDF4 | NC_CLOBBER`.
    /// - Throws: ``NetCDFError/library(code:message:operation:path:)`` if the file cannot be created.
    public static func create(path: String) throws(NetCDFError) -> NetCDFFile {
        var handle: Int32 = 0
        let status = withNetCDF { nc_create(path, NC_NETCDF4 | NC_CLOBBER, &handle) }
        guard status == NC_NOERR else { throw libraryError(status, operation: "nc_create", path: path) }
        return NetCDFFile(path: path, handle: handle, isDefining: true)
    }

    /// Opens the netCDF file (any format netCDF-C reads) at `path` read-only, after reading all
    /// of it once in a child process.
    ///
    /// Every file opened for reading is treated as coming from outside: netCDF-C and HDF5 1.10
    /// trust a file's bytes, and a corrupt one can crash them. 59 bytes inserted into an operator
    /// file made `nc_open` free pointers HDF5 never initialized (`H5G__link_release_table`, HDF5
    /// issue #5375, fixed only after the 1.10 series Debian ships) and die of SIGSEGV. So a child
    /// process (this executable started afresh, see `nonlocal_netcdf_probe`) first opens the
    /// file, inquires every dimension, variable and attribute of its root group and reads every
    /// value (fixtures/operators/corrupt/README.md); when the child dies of a signal, or has not
    /// finished by its deadline, the file is refused and this process never opens it.
    ///
    /// The probe costs starting a process plus one more read of the file, which for a compressed
    /// file is the decompression time again (docs/FUZZING.md has measurements). It runs on the
    /// first open for reading of each version of a file in this process, including files the
    /// process wrote itself (a path says nothing about who wrote the bytes behind it); a file
    /// opened again with the same device, inode, size and modification and change times is not
    /// probed again (`solve` opens an operator file twice).
    ///
    /// The corresponding C function is `nc_open` with `NC_NOWRITE` (and `posix_spawn` for the probe).
    /// - Throws: ``NetCDFError/library(code:message:operation:path:)`` if the file is missing,
    ///   unreadable or not a netCDF file; ``NetCDFError/corrupt(signal:path:)`` if reading it
    ///   crashes netCDF-C or HDF5; ``NetCDFError/unfinished(seconds:path:)`` if reading it does not
    ///   finish in 5 s plus 1 s per 10 MB; ``NetCDFError/probeFailed(errno:path:)`` if no child process
    ///   could be started to read it.
    public static func open(path: String) throws(NetCDFError) -> NetCDFFile {
        var handle: Int32 = 0
        var probe: Int32 = 0
        // Under the lock, so the probe and the open see the same file state as one netCDF call.
        let status = withNetCDF {
            let version = FileVersion(path: path)
            if version == nil || !probedFiles.withLock({ $0.contains(version!) }) {
                probe = nonlocal_netcdf_probe(path)
                if probe == 0, let version { probedFiles.withLock { _ = $0.insert(version) } }
            }
            return probe == 0 ? nc_open(path, NC_NOWRITE, &handle) : NC_NOERR
        }
        if probe > 0 { throw .corrupt(signal: probe, path: path) }
        if probe == -ETIMEDOUT { throw .unfinished(seconds: Double(nonlocal_netcdf_probe_seconds(path)), path: path) }
        if probe < 0 { throw .probeFailed(errno: -probe, path: path) }
        guard status == NC_NOERR else { throw libraryError(status, operation: "nc_open", path: path) }
        return NetCDFFile(path: path, handle: handle, isDefining: false)
    }

    /// Writes any pending data and releases the file; calling it again does nothing.
    ///
    /// The corresponding C function is `nc_close`.
    /// - Throws: ``NetCDFError/library(code:message:operation:path:)`` if the final write fails;
    ///   the file is released either way.
    public func close() throws(NetCDFError) {
        guard let handle else { return }
        self.handle = nil
        let status = withNetCDF { nc_close(handle) }
        guard status == NC_NOERR else { throw libraryError(status, operation: "nc_close", path: path) }
    }

    /// The netCDF-C id of the open file.
    var ncid: Int32 {
        guard let handle else { preconditionFailure("netCDF file \(path) used after close()") }
        return handle
    }

    /// Runs one netCDF-C call and throws its failure status, naming `operation`.
    func call(_ operation: @autoclosure () -> String, _ body: () -> Int32) throws(NetCDFError) {
        try check(withNetCDF(body), operation())
    }

    /// Throws `status` as an error naming `operation`, unless it is `NC_NOERR`.
    func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(NetCDFError) {
        guard status == NC_NOERR else { throw libraryError(status, operation: operation(), path: path) }
    }

    /// Switches to define mode if needed. The corresponding C function is `nc_redef`.
    func enterDefineMode() throws(NetCDFError) {
        guard !isDefining else { return }
        try call("nc_redef") { nc_redef(ncid) }
        isDefining = true
    }

    /// Switches to data mode if needed. The corresponding C function is `nc_enddef`.
    func enterDataMode() throws(NetCDFError) {
        guard isDefining else { return }
        try call("nc_enddef") { nc_enddef(ncid) }
        isDefining = false
    }

    /// An array of `count` values filled by one netCDF-C call that writes them to its pointer.
    func readArray<T: BitwiseCopyable>(
        count: Int, _ operation: @autoclosure () -> String, _ body: (UnsafeMutableRawPointer) -> Int32
    ) throws(NetCDFError) -> [T] {
        guard count > 0 else { return [] }
        var status = NC_NOERR
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = withNetCDF { body(UnsafeMutableRawPointer(buffer.baseAddress!)) }
            initialized = status == NC_NOERR ? count : 0
        }
        try check(status, operation())
        return values
    }

    /// A name (of a dimension, variable or attribute) returned by one netCDF-C call.
    func readName(_ operation: @autoclosure () -> String, _ body: (UnsafeMutablePointer<CChar>) -> Int32)
        throws(NetCDFError) -> String
    {
        var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
        try call(operation()) { buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!) } }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Files that passed the probe of ``NetCDFFile/open(path:)`` in this process.
private let probedFiles = Mutex<Set<FileVersion>>([])

/// What identifies one version of a file: a file replaced by a rename has another inode, and one
/// rewritten in place another size or change time.
private struct FileVersion: Hashable {
    let device: UInt64, inode: UInt64, size: Int64
    /// Modification and status-change times, seconds then nanoseconds.
    let times: [Int]

    /// The version of the file at `path` now, or nil if it cannot be `stat`ed.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        (device, inode, size) = (UInt64(info.st_dev), UInt64(info.st_ino), Int64(info.st_size))
        times = [info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_ctim.tv_sec, info.st_ctim.tv_nsec]
    }
}
