// FileSystem: operations on paths rather than open files — rename, remove, folders, sizes, flushing a folder.
#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif
internal import SystemPackage

/// Operations on names in the file system. Each throws ``FileError`` naming the path it was given.
public enum FileSystem {
    /// Moves `source` to `destination`, replacing a file already there in one step: a reader
    /// sees the old file or the new one, never a mixture. Both must be on one file system.
    ///
    /// The corresponding C function is `rename(2)`.
    /// - Throws: ``FileError/system(path:operation:reason:)`` naming `destination`, with operation `.rename`.
    public static func rename(_ source: String, to destination: String) throws(FileError) {
        try FileError.catching(path: destination, operation: .rename) { try FilePath(source).rename(to: FilePath(destination)) }
    }

    /// Removes the file `path` (not a folder).
    ///
    /// The corresponding C function is `unlink(2)`.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.remove`.
    public static func removeFile(_ path: String) throws(FileError) {
        try FileError.catching(path: path, operation: .remove) { try FilePath(path).unlink() }
    }

    /// Creates the folder `path` with mode 0755 less the umask; its parent must exist.
    ///
    /// The corresponding C function is `mkdir(2)`.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.createFolder`
    ///   ("File exists" when something is already there).
    public static func createFolder(_ path: String) throws(FileError) {
        try FileError.catching(path: path, operation: .createFolder) {
            try FilePath(path).createDirectory(permissions: [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute])
        }
    }

    /// Creates the folder `path` and any missing parents (`mkdir -p`); nothing when it exists.
    /// - Throws: ``FileError/system(path:operation:reason:)`` naming the first folder that cannot be created.
    public static func createFolders(_ path: String) throws(FileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
            if !isFolder(prefix) { try createFolder(prefix) }
        }
    }

    /// Removes the empty folder `path`.
    ///
    /// The corresponding C function is `rmdir(2)`.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.removeFolder`.
    public static func removeFolder(_ path: String) throws(FileError) {
        try FileError.catching(path: path, operation: .removeFolder) { try FilePath(path).removeDirectory() }
    }

    /// Whether `path` names an existing folder (following symbolic links).
    ///
    /// The corresponding C function is `stat(2)`.
    public static func isFolder(_ path: String) -> Bool {
        (try? Stat(FilePath(path)))?.type == .directory
    }

    /// Whether anything (file, folder, link target) exists at `path`.
    ///
    /// The corresponding C function is `stat(2)`.
    public static func exists(_ path: String) -> Bool {
        (try? Stat(FilePath(path))) != nil
    }

    /// The size in bytes of the file `path` (following symbolic links).
    ///
    /// The corresponding C function is `stat(2)`.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.inspect`.
    public static func size(of path: String) throws(FileError) -> Int {
        try FileError.catching(path: path, operation: .inspect) { Int(try Stat(FilePath(path)).size) }
    }

    /// Flushes the folder `path` to the storage device, so that names created, renamed or
    /// removed in it survive a power failure.
    ///
    /// The corresponding C functions are `open(2)` with `O_RDONLY | O_DIRECTORY | O_CLOEXEC`,
    /// `fsync(2)` and `close(2)`.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.open` or `.synchronize`.
    public static func synchronizeFolder(_ path: String) throws(FileError) {
        let folder = try FileError.catching(path: path, operation: .open) {
            try FileDescriptor.open(FilePath(path), .readOnly, options: [.directory, .closeOnExec])
        }
        defer { try? folder.close() }
        try FileError.catching(path: path, operation: .synchronize) { try folder.synchronize() }
    }

    /// Flushes the closed file `path` to the storage device (a file another library wrote by name).
    ///
    /// The corresponding C functions are `open(2)` with `O_RDONLY | O_CLOEXEC`, `fsync(2)` and `close(2)`.
    /// - Parameter destination: the path named in errors, when `path` is a temporary name standing in for it.
    /// - Throws: ``FileError/system(path:operation:reason:)`` with operation `.open` or `.synchronize`.
    public static func synchronizeFile(_ path: String, for destination: String? = nil) throws(FileError) {
        let named = destination ?? path
        let file = try FileError.catching(path: named, operation: .open) {
            try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        }
        defer { try? file.close() }
        try FileError.catching(path: named, operation: .synchronize) { try file.synchronize() }
    }

    /// What identifies a file whatever its name: the device and inode numbers (`st_dev`,
    /// `st_ino`), equal for a symbolic link and its target, for hard links, and for one file seen
    /// through two mounts; nil when `path` does not exist.
    ///
    /// The corresponding C function is `stat(2)`.
    public static func identity(of path: String) -> FileIdentity? {
        guard case .success(let status) = status(of: path) else { return nil }
        return FileIdentity(device: UInt64(status.deviceID.rawValue), inode: UInt64(status.inode.rawValue))
    }

    /// The canonical absolute path of an existing `path` (symbolic links, `.` and `..` resolved),
    /// or `path` itself when it cannot be resolved (a provenance record keeps what it was given).
    ///
    /// The corresponding C function is `realpath(3)`.
    public static func absolutePath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the process may create files in the folder `path` (`access(2)` with `W_OK | X_OK`).
    ///
    /// The corresponding C function is `access(2)`.
    public static func isWritableFolder(_ path: String) -> Bool {
        isFolder(path) && access(path, W_OK | X_OK) == 0
    }

    /// The type of what `path` names, or the error of `stat(2)` ("No such file or directory").
    static func status(of path: String) -> Result<Stat, Errno> {
        Result { () throws(Errno) in try Stat(FilePath(path)) }
    }
}

/// The device and inode of a file (``FileSystem/identity(of:)``): two paths with equal identities
/// name the same file.
public struct FileIdentity: Hashable, Sendable {
    public let device: UInt64
    public let inode: UInt64
}
