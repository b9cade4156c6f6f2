// AtomicFile: every output file is written under a temporary name in its folder and renamed when complete.
import Foundation

/// Writes files so that a reader sees either the old file, no file, or the complete new one:
/// the content goes to a hidden temporary file in the destination folder (same file system),
/// which is renamed over the destination only after the writer returns. A writer that throws,
/// or a process that dies, leaves no file at the destination (the temporary is removed on error).
public enum AtomicFile {
    /// Runs `writer` with a temporary path next to `path`, then renames it to `path`.
    /// - Throws: what `writer` throws (nothing is left behind), or ``FileError`` when the
    ///   folder does not exist or the rename fails.
    public static func write<E: Error>(to path: String, _ writer: (_ temporaryPath: String) throws(E) -> Void) throws -> Void {
        let destination = URL(fileURLWithPath: path)
        let folder = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileError.missingFolder(path: path, folder: folder.path)
        }
        let temporary = folder.appendingPathComponent(
            ".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).partial"
        ).path
        do {
            try writer(temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw FileError.renameFailed(path: path, reason: reason)
        }
    }

    /// Writes `data` atomically to `path`.
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { (temporary: String) throws in
            try data.write(to: URL(fileURLWithPath: temporary))
        }
    }
}

/// Problems placing an output file.
public enum FileError: Error, Equatable, CustomStringConvertible {
    case missingFolder(path: String, folder: String)
    case renameFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingFolder(let path, let folder): "\(path): folder \(folder) does not exist; create it first"
        case .renameFailed(let path, let reason): "\(path): could not move the finished file into place (\(reason))"
        }
    }
}
