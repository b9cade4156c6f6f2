// FileDigest: the SHA-256 of a file, recorded in provenance so a model names the exact data it was learned from.
internal import Crypto
import Foundation

/// Content hashes of files (swift-crypto's SHA-256).
public enum FileDigest {
    /// The SHA-256 of the file at `path`, as 64 lowercase hex digits; read in 1 MiB blocks.
    /// - Throws: ``WorkflowError/unreadable(path:reason:)``.
    public static func sha256(of path: String) throws(WorkflowError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "cannot open the file to hash it")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        } catch {
            throw .unreadable(path: path, reason: "cannot read the file to hash it (\(error.localizedDescription))")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
