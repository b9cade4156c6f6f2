// FileErrorRepresentable: an error type that can report a FileError in its own terms, so file operations keep their caller's typed throws.

/// An error type that can stand for a ``FileError``. ``AtomicFile`` throws its writer's own
/// error type and reports its own failures (a missing folder, a failed rename) through this
/// initializer, so a caller writes `throws(ExportError)` once and never catches a second type.
public protocol FileErrorRepresentable: Error {
    /// The error that reports `error` (it should keep `error.path` and `error.problem`).
    init(_ error: FileError)
}

extension FileError: FileErrorRepresentable {
    public init(_ error: FileError) { self = error }
}
