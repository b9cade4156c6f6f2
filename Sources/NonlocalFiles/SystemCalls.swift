// SystemCalls: the POSIX calls swift-system 1.8.1 does not wrap (mmap, munmap, fsync, rename, unlink, mkdir, rmdir), by hand in its style.
#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif
internal import SystemPackage

// Written by hand because no well-kept library wraps them: swift-system 1.8.1 stops at open,
// read, write, close and stat (its FileOperations.swift, FileHelpers.swift and Stat.swift).
// Each follows swift-system's own wrappers: a Swift signature on its types, `Errno` on
// failure, and interrupted calls retried where the call can be interrupted (fsync may block
// on the device; mmap, munmap, rename, unlink, mkdir and rmdir do not return EINTR on Linux).

/// The most bytes handed to one `read(2)` or `write(2)`: Linux moves at most 0x7ffff000
/// bytes per call, and chunks of 1 GiB keep every call far below that.
enum SystemLimits {
    static let maximumTransfer = 1 << 30
}

extension FileDescriptor {
    /// Flushes the file's data and metadata to the storage device.
    ///
    /// The corresponding C function is `fsync(2)`; interrupted calls are retried.
    func synchronize() throws(Errno) {
        while fsync(rawValue) != 0 {
            guard errno == EINTR else { throw Errno(rawValue: errno) }
        }
    }

    /// Maps the first `count` bytes of the file read-only and private, its pages read in
    /// ahead (`MAP_POPULATE`) so that parsing does not stop at every page fault.
    ///
    /// The corresponding C function is `mmap(2)`.
    func mapReadOnly(count: Int) throws(Errno) -> UnsafeRawBufferPointer {
        guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_POPULATE, rawValue, 0), address != MAP_FAILED
        else { throw Errno(rawValue: errno) }
        return UnsafeRawBufferPointer(start: address, count: count)
    }

    /// Removes a mapping made by ``mapReadOnly(count:)``.
    ///
    /// The corresponding C function is `munmap(2)`; it fails only for a region that is not a
    /// mapping, a programmer error.
    static func unmap(_ region: UnsafeRawBufferPointer) {
        let result = munmap(UnsafeMutableRawPointer(mutating: region.baseAddress), region.count)
        precondition(result == 0, "munmap of a region that is not a mapping")
    }
}

extension FilePath {
    /// Moves the file to `destination`, replacing a file already there in one step.
    ///
    /// The corresponding C function is `rename(2)`.
    func rename(to destination: FilePath) throws(Errno) {
        let result = withPlatformString { source in destination.withPlatformString { Glibc.rename(source, $0) } }
        guard result == 0 else { throw Errno(rawValue: errno) }
    }

    /// Removes the file's name (its data goes when no descriptor holds it open).
    ///
    /// The corresponding C function is `unlink(2)`.
    func unlink() throws(Errno) {
        guard withPlatformString({ Glibc.unlink($0) }) == 0 else { throw Errno(rawValue: errno) }
    }

    /// Creates a folder with `permissions` (less the umask); an existing one is an error.
    ///
    /// The corresponding C function is `mkdir(2)`.
    func createDirectory(permissions: FilePermissions) throws(Errno) {
        guard withPlatformString({ mkdir($0, permissions.rawValue) }) == 0 else { throw Errno(rawValue: errno) }
    }

    /// Removes an empty folder.
    ///
    /// The corresponding C function is `rmdir(2)`.
    func removeDirectory() throws(Errno) {
        guard withPlatformString({ rmdir($0) }) == 0 else { throw Errno(rawValue: errno) }
    }
}

extension SystemLimits {
    /// The process's address-space limit in bytes (`ulimit -v`), or nil when there is none.
    ///
    /// The corresponding C function is `getrlimit(2)` with `RLIMIT_AS` (`RLIM_INFINITY`, ~0, is no limit).
    static func addressSpaceLimit() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return limit.rlim_cur >= UInt(Int.max) ? nil : Int(limit.rlim_cur)
    }
}
