// OutputTransaction: the files of one command written as a set — all under temporary names, renamed into place only when every one is complete.
import Synchronization

/// Makes the files one command writes appear together: inside ``run(primary:_:)`` every
/// ``AtomicFile`` write goes to its hidden temporary `.NAME.PID.RANDOM.partial` in the
/// destination's folder and is flushed (`fsync(2)`), and nothing is renamed; when the body
/// returns, the temporaries are renamed to their destinations, the primary file last, and each
/// folder is flushed. When the body throws, or the process gets SIGINT or SIGTERM before the
/// renames start, the temporaries are removed and every existing destination is untouched: the
/// old set stays whole. A SIGINT or SIGTERM during the renames finishes them (see
/// ``TemporaryFiles``).
///
/// What a reader sees: before the renames, the old set; after them, the new set. The renames
/// take microseconds (one `rename(2)` per file); a reader that looks during them can see new
/// side files (`stem.rhs.mtx`, the factor files, `PATH.info`) beside the old primary file, never a
/// new primary beside old side files, so a reader that opens the primary file last and checks it
/// sees a complete set. Only SIGKILL or a power failure during the renames can leave such a mix.
///
/// Side files an earlier command left beside the same primary file and this one does not write
/// (``removeOnCommit(_:)``: a right-hand side, a factor) are removed first, so a reader during the
/// commit can also see the old primary without such a file, and after it never a stale one.
public final class OutputTransaction: Sendable {
    /// The transaction the current task writes into, if any.
    @TaskLocal static var current: OutputTransaction?

    private let primary: String?
    private let staged = Mutex<[TemporaryFiles.Registration]>([])
    private let obsolete = Mutex<[String]>([])

    private init(primary: String?) {
        self.primary = primary
    }

    /// Runs `body`, whose ``AtomicFile`` writes are held back and renamed together when it
    /// returns. Inside another transaction, `body` joins it (the outer one renames).
    ///
    /// - Parameter primary: the destination to rename last (the file a reader opens first).
    /// - Throws: what `body` throws (nothing is renamed, the temporaries are removed), and
    ///   ``FileError`` naming a destination when a rename or a folder's flush fails.
    public static func run<T>(primary: String? = nil, _ body: () throws -> T) throws -> T {
        try perform(primary: primary, body, fileError: { $0 })
    }

    /// ``run(primary:_:)`` for a body with a typed error, which a failed rename or flush is
    /// thrown as (``FileErrorRepresentable``).
    public static func run<T, E: FileErrorRepresentable>(primary: String? = nil, _ body: () throws(E) -> T) throws(E) -> T {
        try perform(primary: primary, body, fileError: { E($0) })
    }

    private static func perform<T, E: Error>(
        primary: String?, _ body: () throws(E) -> T, fileError: (FileError) -> E
    ) throws(E) -> T {
        if current != nil { return try body() }
        let transaction = OutputTransaction(primary: primary)
        // TaskLocal.withValue rethrows untyped errors; the Result keeps the type.
        let outcome = $current.withValue(transaction) { Result { () throws(E) -> T in try body() } }
        guard case .success(let value) = outcome else {
            transaction.abandon()
            return try outcome.get()
        }
        do throws(FileError) { try transaction.commit() } catch { throw fileError(error) }
        return value
    }

    /// Removes the files at `paths` when the current transaction commits, before its first rename
    /// (nothing happens to them if it fails): side files of an earlier command's set that the
    /// current one does not write, which a reader would otherwise take for part of the new set.
    /// Outside a transaction, does nothing.
    public static func removeOnCommit(_ paths: [String]) {
        current?.obsolete.withLock { $0 += paths }
    }

    /// Takes a complete, flushed temporary, to be renamed at the end.
    func stage(_ registration: TemporaryFiles.Registration) {
        staged.withLock { $0.append(registration) }
    }

    /// Renames every temporary, the primary last, then flushes each folder once.
    private func commit() throws(FileError) {
        let files = staged.withLock { files in
            defer { files = [] }
            return files.filter { $0.destination != primary } + files.filter { $0.destination == primary }
        }
        // A folder in a destination's place is the one refusal rename(2) gives for a file we could
        // create beside it: find it before the first rename, so that the old set stays whole.
        if let blocked = files.first(where: { FileSystem.isFolder($0.destination) }) {
            Self.discard(files)
            throw .system(path: blocked.destination, operation: .rename, reason: "Is a directory")
        }
        let removed = obsolete.withLock { paths in
            defer { paths = [] }
            return paths.filter { path in !files.contains { $0.destination == path } }
        }
        var folders: [String] = []
        func touched(_ path: String) {
            let folder = AtomicFile.location(of: path).folder
            if !folders.contains(folder) { folders.append(folder) }
        }
        for path in removed where FileSystem.exists(path) {
            do {
                try FileSystem.removeFile(path)
            } catch {
                Self.discard(files)
                throw error
            }
            touched(path)
        }
        TemporaryFiles.beginCommit(files)
        for (index, file) in files.enumerated() {
            do {
                try FileSystem.rename(file.temporary, to: file.destination)
            } catch {
                Self.discard(files[index...])
                throw error
            }
            TemporaryFiles.unregister(file)
            touched(file.destination)
        }
        for folder in folders { try FileSystem.synchronizeFolder(folder) }
    }

    /// Removes every temporary written so far.
    private func abandon() {
        Self.discard(staged.withLock { files in
            defer { files = [] }
            return files
        })
    }

    /// Removes `files`' temporaries and forgets them: the destinations stay as they were.
    private static func discard(_ files: some Sequence<TemporaryFiles.Registration>) {
        for file in files {
            try? FileSystem.removeFile(file.temporary)
            TemporaryFiles.unregister(file)
        }
    }
}
