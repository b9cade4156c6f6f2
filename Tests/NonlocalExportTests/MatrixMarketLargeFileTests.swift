// Tests that large MatrixMarket files, parsed on several cores, report problems at the same lines as small ones.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite final class MatrixMarketLargeFileTests {
    let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-large")

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The lines of a general file with 300 000 entries (about 7 MB, so the reader splits it).
    func largeFileLines() throws -> [Substring] {
        let path = folder + "/large.mtx"
        try MatrixMarketFile.write(
            MatrixMarketSamples.matrix(rows: 3000, columns: 1000, count: 300_000, seed: 8), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func readError(_ lines: [Substring]) throws -> (line: Int, reason: String)? {
        let path = folder + "/damaged.mtx"
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        do {
            _ = try MatrixMarketFile.read(from: path)
            return nil
        } catch {
            guard case .invalidMatrixMarket(_, let line, let reason) = error else { return nil }
            return (line, reason)
        }
    }

    @Test func aBadLineDeepInALargeFileIsReportedAtItsLine() throws {
        var lines = try largeFileLines()
        for target in [250_000, 150_003, 3] {  // second half, near the split, first entry
            var damaged = lines
            damaged[target - 1] = "1 1 abc"
            let error = try readError(damaged)
            #expect(error?.line == target)
            #expect(error?.reason == "the value 'abc' is not a number")
        }
        // An extra entry, and a missing one.
        lines.insert("1 1 1.0", at: 200_000)
        #expect(try readError(lines)?.line == 300_003)
        lines.remove(at: 200_000)
        lines.remove(at: 100_000)
        let error = try readError(lines)
        #expect(error?.line == 300_001)
        #expect(error?.reason == "the file ends after 299999 of the 300000 entries the size line declares")
    }

    @Test func commentsAndBlankLinesInALargeFileAreKeptInOrder() throws {
        var lines = try largeFileLines()
        lines.insert("% late", at: 280_000)
        lines.insert("", at: 200_000)
        lines.insert("% middle", at: 150_000)
        lines.insert("% early", at: 10)
        let path = folder + "/commented.mtx"
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let content = try MatrixMarketFile.read(from: path)
        #expect(content.comments == ["early", "middle", "late"])
        #expect(content.matrix.nonzeroCount == 300_000)
    }
}
