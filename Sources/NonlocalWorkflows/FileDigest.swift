// FileDigest: the SHA-256 of a file, recorded in provenance so a model names the exact data it was learned from.
internal import Crypto
import NonlocalFiles

/// Content hashes of files (swift-crypto's SHA-256).
public enum FileDigest {
    /// The SHA-256 of the file at `path`, as 64 lowercase hex digits; read in 1 MiB blocks
    /// (``InputFile/readBlocks(ofSize:_:)``), so a file of any size hashes in bounded memory.
    /// - Throws: ``WorkflowError/unreadable(path:reason:)`` with the system's reason.
    public static func sha256(of path: String) throws(WorkflowError) -> String {
        var hasher = SHA256()
        do throws(FileError) {
            try InputFile(opening: path).readBlocks(ofSize: 1 << 20) { hasher.update(bufferPointer: $0) }
        } catch {
            throw .unreadable(path: path, reason: error.problem)
        }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
