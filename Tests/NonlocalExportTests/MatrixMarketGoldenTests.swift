// Golden test: the exact bytes of a small symmetric MatrixMarket export (banner, comments, size line, entries).
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite struct MatrixMarketGoldenTests {
    /// Set to 1 to re-record the golden file from the current writer; the recording run fails
    /// on purpose so that the variable is never left on. Inspect the diff before committing.
    static let recordVariable = "NONLOCALKIT_RECORD_GOLDEN"

    @Test func aSmallSymmetricExportHasTheRecordedBytes() throws {
        var builder = TripletBuilder(rowCount: 3, columnCount: 3)
        for (row, column, value) in [(0, 0, 2.0), (1, 0, -0.1), (1, 1, 2.0), (2, 1, -1e-300), (2, 2, 1.0 / 3)] {
            builder.append(row: row, column: column, value: value)
            if row != column { builder.append(row: column, column: row, value: value) }
        }
        let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-golden")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/symmetric.mtx"
        try MatrixMarketFile.write(
            builder.build(), to: path, symmetry: .symmetric,
            comments: ["NonlocalKit surrogate operator", "δ = 0.25, h = 0.01, s = 0.75, α = 0", "", "κ = 12.5"])
        let written = try #require(FileManager.default.contents(atPath: path))
        let golden = matrixMarketFixtures.appendingPathComponent("golden/symmetric_with_comments.mtx")

        if ProcessInfo.processInfo.environment[Self.recordVariable] == "1" {
            try written.write(to: golden)
            Issue.record("recorded \(golden.path); unset \(Self.recordVariable) and run the tests again")
            return
        }
        let expected = try #require(
            FileManager.default.contents(atPath: golden.path),
            "no golden file; run once with \(Self.recordVariable)=1 to record it")
        #expect(
            written == expected,
            "bytes differ from \(golden.path):\n\(String(decoding: written, as: UTF8.self))")
    }
}
