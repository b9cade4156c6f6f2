// FileError: a file operation the system refused, naming the file the user asked for, what was being done and why.
internal import SystemPackage

/// A file operation that failed, in one line: `path: problem`.
///
/// `path` is always the file the user asked for: an atomic write reports its destination,
/// never the hidden temporary name it writes first.
public enum FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done when the system refused.
    public enum Operation: Sendable, Equatable, CaseIterable {
        case open, create, inspect, read, write, close, synchronize, rename, remove, createFolder, removeFolder

        /// What could not be done, as the start of a message: "cannot open the file".
        var phrase: String {
            switch self {
            case .open: "cannot open the file"
            case .create: "cannot create the file"
            case .inspect: "cannot read the file's size and type"
            case .read: "cannot read the file"
            case .write: "cannot write the file"
            case .close: "cannot finish writing the file"
            case .synchronize: "cannot flush the file to disk"
            case .rename: "cannot move the finished file into place"
            case .remove: "cannot remove the file"
            case .createFolder: "cannot create the folder"
            case .removeFolder: "cannot remove the folder"
            }
        }
    }

    /// The operating system refused `operation` on `path`; `reason` is its `strerror(3)` text
    /// ("No such file or directory", "No space left on device").
    case system(path: String, operation: Operation, reason: String)
    /// The folder that should hold a new file at `path` does not exist.
    case missingFolder(path: String, folder: String)

    /// The file the user asked for.
    public var path: String {
        switch self {
        case .system(let path, _, _), .missingFolder(let path, _): path
        }
    }

    /// The message without the path, for errors of other types that carry the path apart
    /// (`ExportError.io(path:reason:)`).
    public var problem: String {
        switch self {
        case .system(_, let operation, let reason): "\(operation.phrase): \(reason)"
        case .missingFolder(_, let folder): "folder \(folder) does not exist; create it first"
        }
    }

    public var description: String { "\(path): \(problem)" }
}

extension FileError {
    /// The error of a swift-system call (which throws ``Errno``) made on `path` while doing `operation`.
    static func catching<T>(path: String, operation: Operation, _ call: () throws -> T) throws(FileError) -> T {
        do {
            return try call()
        } catch let error as Errno {
            throw .system(path: path, operation: operation, reason: error.description)
        } catch {
            throw .system(path: path, operation: operation, reason: "\(error)")
        }
    }
}
