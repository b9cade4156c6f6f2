// TemporaryFiles: the temporaries this process is writing, in a table a signal handler can read (SIGINT/SIGTERM remove them), and the sweep of those a killed process left.
#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif
import Synchronization

/// Every hidden temporary (`.NAME.PID.RANDOM.partial`) this process has created and not yet
/// renamed or removed, with its destination.
///
/// SIGINT and SIGTERM: the first registration (or ``AtomicFile/removeTemporariesOnInterrupt()``,
/// which the `nonlocal` command calls first) installs a handler (unless the signal is
/// ignored, as for a background job of a non-interactive shell) that removes the temporaries
/// and ends the process with `_exit(128 + signal)` (130, 143). A handler may only call
/// async-signal-safe functions, so the table is C memory allocated once, before the handler is
/// installed: per slot, two NUL-terminated paths of at most `PATH_MAX` bytes; two 64-bit
/// atomic masks say which slots hold a published entry and which are being committed. The
/// handler loads the masks and calls only `unlink(2)`, `rename(2)` and `_exit(2)`: no
/// allocation, no lock, no reference counting. (The alternative, a thread that waits in
/// `sigwait(3)` or a DispatchSource, needs the signals blocked in every thread, including
/// those the Swift runtime and libraries start before `main`; a handler needs nothing of them.)
/// Slots being committed (every file of an ``OutputTransaction`` is complete and the renames
/// have started) are renamed by the handler instead of removed, so that the set ends complete.
///
/// SIGKILL cannot be caught: ``sweep(folder:)`` removes, once per folder and process, the
/// temporaries whose process is gone (`kill(pid, 0)` fails with `ESRCH`), before this process
/// writes in that folder. A temporary of a live process, or any other file, is never touched.
///
/// More than 64 temporaries at once, or a path longer than `PATH_MAX`, are written unregistered
/// (a signal then leaves that temporary for the next run's sweep).
enum TemporaryFiles {
    static let capacity = 64
    private static let pathBytes = Int(PATH_MAX)

    /// 2 × `capacity` paths of `pathBytes`: the temporary of slot i at 2 i, its destination at 2 i + 1.
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<CChar> = {
        let table = UnsafeMutablePointer<CChar>.allocate(capacity: 2 * capacity * pathBytes)
        table.initialize(repeating: 0, count: 2 * capacity * pathBytes)
        return table
    }()
    /// Slots the handler may read (set after the paths are written, cleared before they change).
    private static let published = Atomic<UInt64>(0)
    /// Published slots whose temporaries are complete and are being renamed to their destinations.
    private static let committing = Atomic<UInt64>(0)
    /// Slots in use, and whether the handlers are installed (only outside the handler).
    private static let state = Mutex<(claimed: UInt64, installed: Bool)>((0, false))
    /// Folders swept in this process.
    private static let swept = Mutex<Set<String>>([])

    /// A registered temporary: its slot in the table, or nil when the table was full.
    struct Registration: Sendable {
        let slot: Int?
        let temporary: String
        let destination: String
    }

    /// Records `temporary` (about to be created) and its `destination`.
    static func register(_ temporary: String, for destination: String) -> Registration {
        let fits = temporary.utf8.count < pathBytes && destination.utf8.count < pathBytes
        installHandlers()
        let slot: Int? = state.withLock { state in
            guard fits, state.claimed != .max else { return nil }
            let slot = (~state.claimed).trailingZeroBitCount
            state.claimed |= 1 << slot
            return slot
        }
        if let slot {
            copy(temporary, to: table + 2 * slot * pathBytes)
            copy(destination, to: table + (2 * slot + 1) * pathBytes)
            published.bitwiseOr(1 << slot, ordering: .releasing)
        }
        return Registration(slot: slot, temporary: temporary, destination: destination)
    }

    /// Marks `registrations` as complete and about to be renamed: a signal from now on finishes
    /// their renames instead of removing them.
    static func beginCommit(_ registrations: [Registration]) {
        let mask = registrations.reduce(UInt64(0)) { mask, registration in mask | (registration.slot.map { UInt64(1) << $0 } ?? 0) }
        committing.bitwiseOr(mask, ordering: .releasing)
    }

    /// Forgets `registration` (its temporary was renamed or removed).
    static func unregister(_ registration: Registration) {
        guard let slot = registration.slot else { return }
        published.bitwiseAnd(~(1 << slot), ordering: .releasing)
        committing.bitwiseAnd(~(1 << slot), ordering: .releasing)
        state.withLock { $0.claimed &= ~(1 << slot) }
    }

    private static func copy(_ path: String, to slot: UnsafeMutablePointer<CChar>) {
        var count = 0
        for byte in path.utf8 {
            slot[count] = CChar(bitPattern: byte)
            count += 1
        }
        slot[count] = 0
    }

    /// Installs ``handleSignal`` for SIGINT and SIGTERM, unless the process ignores the signal,
    /// and unblocks them in the calling thread (the one writing the files).
    ///
    /// Why unblock: a blocked mask is inherited through `fork` and `posix_spawn`, and programs
    /// that start commands from a worker thread (Dispatch blocks every signal in its threads;
    /// Foundation's `Process` passes the mask on) would leave SIGTERM pending and unseen until
    /// the command ended, temporaries and all. A parent that wants the command to survive a
    /// signal ignores it (`SIG_IGN`), which is respected.
    ///
    /// The corresponding C functions are `sigaction(2)` and `pthread_sigmask(3)`.
    static func installHandlers() {
        state.withLock { state in
            guard !state.installed else { return }
            state.installed = true
            _ = (table, published.load(ordering: .relaxed), committing.load(ordering: .relaxed))  // initialized before any signal
            installHandlersNow()
        }
    }

    private static func installHandlersNow() {
        for signal in [SIGINT, SIGTERM] {
            var current = sigaction()
            guard sigaction(signal, nil, &current) == 0 else { continue }
            if unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handleSignal
            sigfillset(&action.sa_mask)  // one handler at a time
            action.sa_flags = 0
            guard sigaction(signal, &action, nil) == 0 else { continue }
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            sigaddset(&unblocked, signal)
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        }
    }

    /// Removes (or, when committing, renames) every published temporary, then ends the process
    /// with 128 + `signal`. Async-signal-safe: atomic loads, `unlink`, `rename`, `_exit`.
    private static let handleSignal: @convention(c) (Int32) -> Void = { signal in
        let live = published.load(ordering: .acquiring)
        let renaming = committing.load(ordering: .acquiring)
        var slot = 0
        while slot < capacity {
            let bit: UInt64 = 1 << UInt64(slot)
            if live & bit != 0 {
                let temporary = table + 2 * slot * pathBytes
                if renaming & bit != 0 {
                    _ = rename(temporary, temporary + pathBytes)
                } else {
                    _ = unlink(temporary)
                }
            }
            slot += 1
        }
        _exit(128 + signal)
    }

    /// The temporary name for `name` in the folder prefix `prefix` ("" or ending in "/"):
    /// `.NAME.PID.RANDOM.partial`.
    static func temporaryName(prefix: String, name: String) -> String {
        prefix + ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).partial"
    }

    /// The process id in a temporary's name `.NAME.PID.RANDOM.partial`, or nil for any other name.
    static func writer(ofTemporary name: String) -> pid_t? {
        guard name.hasPrefix("."), name.hasSuffix(".partial") else { return nil }
        let fields = name.split(separator: ".", omittingEmptySubsequences: false)
        guard fields.count >= 5, !fields[1].isEmpty,
            fields[fields.count - 2].allSatisfy(\.isASCII), UInt32(fields[fields.count - 2]) != nil,
            fields[fields.count - 3].allSatisfy(\.isASCII), let pid = pid_t(fields[fields.count - 3]), pid > 0
        else { return nil }
        return pid
    }

    /// Removes the temporaries in `folder` left by processes that no longer exist, once per folder
    /// and process. Failures are ignored: the sweep is housekeeping, never a reason to fail a write.
    ///
    /// The corresponding C functions are `opendir(3)`, `readdir(3)`, `kill(2)` with signal 0,
    /// and `unlink(2)`.
    /// - Returns: the names removed.
    @discardableResult
    static func sweep(folder: String) -> [String] {
        let key = FileSystem.absolutePath(folder)
        guard swept.withLock({ $0.insert(key).inserted }) else { return [] }
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var stale: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = writer(ofTemporary: name), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { stale.append(name) }
        }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return stale.filter { unlink(prefix + $0) == 0 }
    }
}
