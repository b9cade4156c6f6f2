// SystemMemory: how many bytes the machine can still hand out, from the kernel's /proc/meminfo, to refuse work that cannot fit.

/// The memory the operating system reports as available for new allocations.
///
/// Dense matrices grow like N²: a caller computes what it needs before it allocates and compares
/// it with ``availableBytes(meminfoPath:)``, so a size that cannot fit is refused at once with
/// a message instead of being killed by the out-of-memory killer minutes later.
public enum SystemMemory {
    /// The kernel's estimate of the memory available to start new work without swapping, in bytes:
    /// the `MemAvailable` line of `/proc/meminfo` (Linux ≥ 3.14), which counts free memory plus the
    /// page cache and reclaimable slabs that can be dropped (proc(5)).
    ///
    /// The file is read through ``InputFile`` (its size reads as 0, so it is read until the end).
    /// - Parameter meminfoPath: the file to read; tests pass a fixture.
    /// - Returns: the bytes, or nil when the file has no readable `MemAvailable` line (older kernels).
    /// - Throws: ``FileError/system(path:operation:reason:)`` when the file cannot be opened or read
    ///   (no `/proc`, as on macOS).
    public static func availableBytes(meminfoPath: String = "/proc/meminfo") throws(FileError) -> Int? {
        let bytes = try InputFile(opening: meminfoPath).readAll()
        return availableBytes(inMeminfo: String(decoding: bytes, as: UTF8.self))
    }

    /// The `MemAvailable` value of meminfo text in bytes (the file states kibibytes: `MemAvailable:  123 kB`),
    /// or nil when no line holds one.
    public static func availableBytes(inMeminfo text: String) -> Int? {
        kibibytes(of: "MemAvailable:", in: text)
    }

    /// The bytes this process can still allocate: ``availableBytes(meminfoPath:)``, lowered to the
    /// room left under the address-space limit (`ulimit -v`, `RLIMIT_AS`) when one is set — the
    /// limit minus the `VmSize` of `/proc/self/status` — since an allocation beyond it fails however
    /// much memory the machine has. Nil when the system reports neither.
    ///
    /// This is the budget ``MemoryRequest/check(availableBytes:)`` compares requests with.
    public static func allocatableBytes() -> Int? {
        let available = (try? availableBytes()) ?? nil
        guard let limit = SystemLimits.addressSpaceLimit() else { return available }
        let status = (try? InputFile(opening: "/proc/self/status").readAll()).map { String(decoding: $0, as: UTF8.self) }
        let used = status.flatMap { kibibytes(of: "VmSize:", in: $0) } ?? 0
        let room = max(0, limit - used)
        return min(available ?? room, room)
    }

    /// The value of the line starting with `key` in /proc text, in bytes (the file states `kB`), or nil.
    static func kibibytes(of key: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            let fields = line.dropFirst(key.count).split(separator: " ", omittingEmptySubsequences: true)
            guard let value = fields.first.flatMap({ Int($0) }), value >= 0 else { return nil }
            let unit = fields.dropFirst().first
            guard unit == nil || unit == "kB" else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit == nil ? 1 : 1024)
            return overflow ? Int.max : product
        }
        return nil
    }
}
