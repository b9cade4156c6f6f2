// Tests that refused or interrupted MatrixMarket writes leave no file, and say why.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite final class MatrixMarketWriteFailureTests {
    let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-failure")

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func folderContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
    }

    @Test func aWriteInterruptedAfterHalfTheEntriesLeavesNoFile() throws {
        let matrix = MatrixMarketSamples.matrix(rows: 3000, columns: 1000, count: 300_000, seed: 11)
        let path = folder + "/interrupted.mtx"
        let injected = ExportError.io(path: path, reason: "interrupted by the test")
        var reports: [Int] = []
        #expect(throws: injected) {
            try MatrixMarketFile.write(matrix, to: path) { (written) throws(ExportError) in
                reports.append(written)
                if written >= matrix.nonzeroCount / 2 { throw injected }
            }
        }
        #expect(reports.count >= 2 && reports.last! < matrix.nonzeroCount, "\(reports)")
        #expect(try folderContents().isEmpty, "a partial or temporary file was left behind")
    }

    @Test func anInterruptedWriteLeavesAnExistingFileUntouched() throws {
        let path = folder + "/kept.mtx"
        try MatrixMarketFile.write(.identity(3), to: path)
        let before = FileManager.default.contents(atPath: path)
        let injected = ExportError.io(path: path, reason: "cancelled")
        #expect(throws: injected) {
            try MatrixMarketFile.write(
                MatrixMarketSamples.matrix(rows: 1000, columns: 1000, count: 100_000, seed: 3), to: path
            ) {
                (_) throws(ExportError) in throw injected
            }
        }
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(try folderContents() == ["kept.mtx"])
    }

    @Test func progressCountsEveryEntryOnce() throws {
        let matrix = MatrixMarketSamples.matrix(rows: 1000, columns: 1000, count: 100_000, seed: 4)
        var reports: [Int] = []
        try MatrixMarketFile.write(matrix, to: folder + "/progress.mtx") { (written) throws(ExportError) in
            reports.append(written)
        }
        #expect(reports.last == matrix.nonzeroCount)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func aMatrixThatIsNotSymmetricIsRefusedAsSymmetric() throws {
        var builder = TripletBuilder(rowCount: 3, columnCount: 3)
        builder.append(row: 2, column: 0, value: 0.5)
        builder.append(row: 0, column: 2, value: 0.25)
        let path = folder + "/asymmetric.mtx"
        #expect(
            throws: ExportError.unsupported(
                path: path,
                reason: "the matrix is not symmetric: A[2, 0] = 0.5 but A[0, 2] = 0.25 (0-based); "
                    + "write it with symmetry .general")
        ) { try MatrixMarketFile.write(builder.build(), to: path, symmetry: .symmetric) }
        let rectangular = try SparseMatrix(
            rowCount: 2, columnCount: 3, rowPointers: [0, 0, 0], columnIndices: [], values: [])
        #expect(
            throws: ExportError.unsupported(
                path: path, reason: "a 2 × 3 matrix cannot be stored as symmetric; write it with symmetry .general")
        ) { try MatrixMarketFile.write(rectangular, to: path, symmetry: .symmetric) }
        #expect(try folderContents().isEmpty)
    }

    /// The writer's symmetry check agrees with `SparseMatrix.isSymmetric()` on small random
    /// matrices: symmetric ones, and ones with one entry changed, added or mirrored as ±0.
    @Test func symmetricStorageIsAcceptedExactlyWhenTheMatrixIsSymmetric() throws {
        var generator = SplitMix64(seed: 31)
        let palette: [Double] = [0, -0.0, 1, -1, 2.5]
        var accepted = 0
        for trial in 0..<3000 {
            let n = generator.integer(in: 1...6)
            var builder = TripletBuilder(rowCount: n, columnCount: n)
            for row in 0..<n {
                for column in 0...row where generator.next() % 3 == 0 {
                    let value = palette[generator.integer(in: 0...4)]
                    builder.append(row: row, column: column, value: value)
                    if column != row {
                        // Mostly the same value; sometimes a zero of the other sign, or nothing.
                        switch generator.next() % 6 {
                        case 0: if value == 0 { builder.append(row: column, column: row, value: -value) }
                        case 1: if value != 0 { builder.append(row: column, column: row, value: value) }
                        default: builder.append(row: column, column: row, value: value)
                        }
                    }
                }
            }
            if trial % 2 == 1 {  // one more entry anywhere, possibly on top of an existing one
                builder.append(
                    row: generator.integer(in: 0...(n - 1)), column: generator.integer(in: 0...(n - 1)),
                    value: palette[generator.integer(in: 0...4)])
            }
            let matrix = builder.build()
            let path = folder + "/random.mtx"
            let written = (try? MatrixMarketFile.write(matrix, to: path, symmetry: .symmetric)) != nil
            #expect(written == matrix.isSymmetric(), "\(MatrixMarketSamples.denseRows(matrix))")
            if written {
                accepted += 1
                let back = try MatrixMarketFile.read(from: path).matrix
                #expect(back.adding(matrix, scaledBy: -1).values.allSatisfy { $0 == 0 })
            }
        }
        #expect(accepted > 500 && accepted < 2900, "\(accepted) of 3000 accepted: the sample is one-sided")
    }

    @Test func zerosOfEitherSignAndMissingEntriesCountAsSymmetric() throws {
        let matrix = try SparseMatrix(
            rowCount: 2, columnCount: 2, rowPointers: [0, 2, 3], columnIndices: [0, 1, 0], values: [1, 0.0, -0.0])
        let path = folder + "/zeros.mtx"
        try MatrixMarketFile.write(matrix, to: path, symmetry: .symmetric)
        let onlyUpperZero = try SparseMatrix(
            rowCount: 2, columnCount: 2, rowPointers: [0, 2, 2], columnIndices: [0, 1], values: [1, 0])
        try MatrixMarketFile.write(onlyUpperZero, to: path, symmetry: .symmetric)
        #expect(MatrixMarketSamples.denseRows(try MatrixMarketFile.read(from: path).matrix) == [[1, 0], [0, 0]])
    }

    @Test func nonFiniteValuesAreRefused() throws {
        let path = folder + "/nan.mtx"
        let matrix = SparseMatrix.diagonal([1, .nan, 3])
        #expect(
            throws: ExportError.unsupported(
                path: path, reason: "A[1, 1] (0-based) is nan; MatrixMarket values must be finite")
        ) { try MatrixMarketFile.write(matrix, to: path) }
        #expect(
            throws: ExportError.unsupported(
                path: path, reason: "vector entry 2 (0-based) is -inf; MatrixMarket values must be finite")
        ) { try MatrixMarketFile.write(vector: [0, 1, -.infinity], to: path) }
        #expect(try folderContents().isEmpty)
    }

    @Test func aCommentWithALineBreakIsRefused() throws {
        let path = folder + "/comment.mtx"
        #expect(
            throws: ExportError.unsupported(
                path: path, reason: "comment 1 contains a line break; pass one string per line")
        ) { try MatrixMarketFile.write(.identity(2), to: path, comments: ["fine", "two\nlines"]) }
        #expect(try folderContents().isEmpty)
    }

    @Test func aMissingFolderIsNamed() {
        #expect(
            throws: ExportError.io(
                path: "/nonexistent-folder/a.mtx", reason: "folder /nonexistent-folder does not exist; create it first")
        ) { try MatrixMarketFile.write(.identity(2), to: "/nonexistent-folder/a.mtx") }
    }
}
