// TestFolder: scratch folders, seeded bytes, FIFOs fed by a writer thread, which files are open, and a failing write body, for the file-layer tests.
import Foundation
import NonlocalFiles

/// A fresh folder under the temporary folder, removed when the value is released. Tests
/// check the layer against Foundation's own file calls, an independent implementation.
final class TestFolder {
    let path: String

    init(_ label: String) {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `name` with Foundation and returns the path.
    @discardableResult
    func create(_ name: String, _ bytes: [UInt8]) -> String {
        let file = file(name)
        precondition(FileManager.default.createFile(atPath: file, contents: Data(bytes)), "cannot create \(file)")
        return file
    }

    func contents(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: file(name)).map { [UInt8]($0) } }

    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    /// Makes a FIFO `name` and starts a thread that opens it for writing (which waits for a
    /// reader), writes `bytes` in pieces of `piece` bytes, and closes it.
    func fifo(_ name: String, feeding bytes: [UInt8], piece: Int = 4099) -> String {
        let fifo = file(name)
        precondition(mkfifo(fifo, 0o600) == 0, "mkfifo \(fifo)")
        Thread.detachNewThread {
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            var start = 0
            while start < bytes.count {
                handle.write(Data(bytes[start..<min(start + piece, bytes.count)]))
                start += piece
            }
            try? handle.close()
        }
        return fifo
    }
}

/// `count` bytes from a seeded generator (SplitMix64), so that a dropped or repeated block shows.
func seededBytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt8(truncatingIfNeeded: z ^ (z >> 31))
    }
}

/// Whether this process holds a descriptor open on `path` (from the links in /proc/self/fd;
/// other tests running meanwhile open other files, never this one).
func isOpen(_ path: String) -> Bool {
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return descriptors.contains { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0)) == path }
}

/// The error of a write body that fails on purpose: its own (nil) or a ``FileError`` it met.
struct BodyFailure: FileErrorRepresentable, Equatable {
    var file: FileError?
    init() { file = nil }
    init(_ error: FileError) { file = error }
}
