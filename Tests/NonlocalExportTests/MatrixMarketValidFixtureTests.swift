// Tests that every valid MatrixMarket fixture, in every header style and layout, reads as the expected dense matrix.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite struct MatrixMarketValidFixtureTests {
    struct Expectation {
        var format: MatrixMarketHeader.Format
        var field: MatrixMarketHeader.Field
        var symmetry: MatrixMarketHeader.Symmetry
        var dense: [[Double]]
    }

    /// File → what it declares and the full matrix it holds. Adding a fixture without an entry fails the test.
    static let expectations: [String: Expectation] = [
        "nist_coordinate_real_general.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general,
            dense: [
                [1, 0, 0, 6, 0], [0, 10.5, 0, 0, 0], [0, 0, 0.015, 0, 0], [0, 250.5, 0, -280, 33.32],
                [0, 0, 0, 0, 12],
            ]),
        "nist_array_real_general.mtx": Expectation(
            format: .array, field: .real, symmetry: .general,
            dense: [[1, 5, 9], [2, 6, 10], [3, 7, 11], [4, 8, 12]]),
        "coordinate_pattern_symmetric.mtx": Expectation(
            format: .coordinate, field: .pattern, symmetry: .symmetric,
            dense: [[1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]]),
        "coordinate_pattern_general.mtx": Expectation(
            format: .coordinate, field: .pattern, symmetry: .general, dense: [[0, 0, 1], [1, 1, 0]]),
        "coordinate_integer_general.mtx": Expectation(
            format: .coordinate, field: .integer, symmetry: .general, dense: [[7, 0, 0], [0, 0, -12], [4, 0, 0]]),
        "coordinate_integer_symmetric.mtx": Expectation(
            format: .coordinate, field: .integer, symmetry: .symmetric, dense: [[2, -1, 0], [-1, 2, -1], [0, -1, 0]]),
        "coordinate_real_symmetric.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .symmetric, dense: [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]),
        "coordinate_real_skew_symmetric.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .skewSymmetric,
            dense: [[0, -1.5, 2], [1.5, 0, -0.25], [-2, 0.25, 0]]),
        "array_real_symmetric.mtx": Expectation(
            format: .array, field: .real, symmetry: .symmetric, dense: [[4, 1, 2], [1, 5, 3], [2, 3, 6]]),
        "array_integer_skew_symmetric.mtx": Expectation(
            format: .array, field: .integer, symmetry: .skewSymmetric, dense: [[0, -1, -2], [1, 0, -3], [2, 3, 0]]),
        "array_vector.mtx": Expectation(
            format: .array, field: .real, symmetry: .general, dense: [[0.5], [-1.25], [0], [0.001]]),
        "crlf_line_endings.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[1.5, 0], [-2.5, 3]]),
        "comments_between_entries.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[1, -3], [0, 4]]),
        "blank_lines.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[1, 0], [0, 2]]),
        "tabs_and_spaces.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[0.5, 0, 0], [0, 0, 0], [0, -7.25, 0]]),
        "uppercase_banner.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[0, 0], [3.5, 0]]),
        "mixed_case_banner.mtx": Expectation(
            format: .array, field: .real, symmetry: .symmetric, dense: [[1, 2], [2, 3]]),
        "fortran_d_exponents.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[1.5, 0.25], [-300, 1e-300]]),
        "exponent_forms.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general,
            dense: [[1e5, 1e5, 0.5], [5, -0.0, 3], [-1.25e-3, 0.1, Double.leastNonzeroMagnitude]]),
        "entries_unordered.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[1, 2, 0], [0, 0, 0], [7, 0, 9]]),
        "duplicates_summed.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[1.75, 0], [4, 2]]),
        "symmetric_unordered_duplicates.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .symmetric, dense: [[-1, 0, 3], [0, 5, 0], [3, 0, 0]]),
        "empty_matrix.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]),
        "no_final_newline.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[1, 0], [0, 0.30000000000000004]]),
        "explicit_zeros.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general, dense: [[0, 0], [0, 0]]),
        "scipy_mmwrite_symmetric.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .symmetric,
            dense: [[2, -1.0 / 3, 0], [-1.0 / 3, 2, 0.1], [0, 0.1, 1e-300]]),
        "scipy_mmwrite_general.mtx": Expectation(
            format: .coordinate, field: .real, symmetry: .general,
            dense: [[0, 1.0 / 7], [-Double.leastNonzeroMagnitude, 3]]),
    ]

    func read(_ file: String) throws -> MatrixMarketContent {
        try MatrixMarketFile.read(from: matrixMarketFixtures.appendingPathComponent("valid/\(file)").path)
    }

    @Test func everyValidFixtureReadsAsItsDenseMatrix() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: matrixMarketFixtures.appendingPathComponent("valid").path
        ).sorted()
        #expect(Set(files) == Set(Self.expectations.keys), "fixtures and expectations differ")
        for file in files {
            guard let expected = Self.expectations[file] else { continue }
            let content = try read(file)
            #expect(content.header.format == expected.format, "\(file)")
            #expect(content.header.field == expected.field, "\(file)")
            #expect(content.header.symmetry == expected.symmetry, "\(file)")
            #expect(content.header.rowCount == expected.dense.count, "\(file)")
            #expect(
                MatrixMarketSamples.bitwiseEqual(MatrixMarketSamples.denseRows(content.matrix), expected.dense),
                "\(file): \(MatrixMarketSamples.denseRows(content.matrix))")
            #expect((try? content.matrix.validate()) != nil, "\(file): invalid CSR")
            // An array file is also a dense matrix (the same values), a coordinate file is not.
            if expected.format == .array, let dense = content.denseMatrix {
                let rows = (0..<dense.rowCount).map { i in (0..<dense.columnCount).map { dense[i, $0] } }
                #expect(MatrixMarketSamples.bitwiseEqual(rows, expected.dense), "\(file): dense \(rows)")
            } else {
                #expect(expected.format == .coordinate && content.denseMatrix == nil, "\(file)")
            }
        }
    }

    @Test func commentsAreKeptInFileOrderIncludingThoseBetweenEntries() throws {
        let content = try read("comments_between_entries.mtx")
        #expect(
            content.comments == ["before the size line", "between entries", "indented comment", "after the last entry"])
        #expect(try read("crlf_line_endings.mtx").comments == ["CRLF line endings"])
        #expect(try read("nist_coordinate_real_general.mtx").comments.count == 20)
    }

    @Test func listedZerosStayInThePatternAndCountsAreAsDeclared() throws {
        #expect(try read("explicit_zeros.mtx").matrix.nonzeroCount == 2)
        let skew = try read("coordinate_real_skew_symmetric.mtx")
        #expect(skew.header.entryCount == 3)
        #expect(skew.matrix.nonzeroCount == 6)
        let array = try read("array_real_symmetric.mtx")
        #expect(array.header.entryCount == 6)
        #expect(array.matrix.nonzeroCount == 9)
    }

    @Test func anArrayWithOneColumnIsAVector() throws {
        let path = matrixMarketFixtures.appendingPathComponent("valid/array_vector.mtx").path
        #expect(try MatrixMarketFile.readVector(from: path) == [0.5, -1.25, 0, 0.001])
        #expect(try read("nist_array_real_general.mtx").vector == nil)
        #expect(try read("nist_coordinate_real_general.mtx").vector == nil)
    }

    @Test func readingAVectorFromAnotherShapeNamesTheLine() {
        let array = matrixMarketFixtures.appendingPathComponent("valid/nist_array_real_general.mtx").path
        #expect(
            throws: ExportError.invalidMatrixMarket(
                path: array, line: 8, reason: "expected a vector (one column), found a 4 × 3 array")
        ) { try MatrixMarketFile.readVector(from: array) }
        let coordinate = matrixMarketFixtures.appendingPathComponent("valid/blank_lines.mtx").path
        #expect(
            throws: ExportError.invalidMatrixMarket(
                path: coordinate, line: 1,
                reason: "expected a vector (array format, one column), found the coordinate format")
        ) { try MatrixMarketFile.readVector(from: coordinate) }
    }

    /// The reader maps files into memory and must not look past the last byte, even when the
    /// file ends exactly at a page boundary in the middle of a number that needs `strtod`.
    @Test func aFileEndingAtAPageBoundaryWithoutANewlineReads() throws {
        let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-page")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for size in [4096, 8192, 65536] {
            let head = "%%MatrixMarket matrix array real general\n"
            let tail = "1 1\n0.30000000000000004"
            let padding = "%" + String(repeating: "x", count: size - head.utf8.count - tail.utf8.count - 2) + "\n"
            let text = head + padding + tail
            #expect(text.utf8.count == size)
            let path = folder + "/page-\(size).mtx"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            #expect(try MatrixMarketFile.readVector(from: path) == [0.30000000000000004])
        }
    }

    @Test func moreRowsThanMemoryCanPointToAreRefusedBeforeAllocating() throws {
        let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-rows")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/huge.mtx"
        try "%%MatrixMarket matrix coordinate real general\n999999999999999999 3 1\n1 1 1.0\n"
            .write(toFile: path, atomically: false, encoding: .utf8)
        #expect {
            try MatrixMarketFile.read(from: path)
        } throws: { error in
            guard case .unsupported(_, let reason) = error as? ExportError else { return false }
            return reason.hasPrefix("the size line's 999999999999999999 × 3 sparse matrix (1 entries) needs more than 9.2 EB")
        }
    }

    @Test func aMissingFileIsAnIOError() {
        #expect {
            try MatrixMarketFile.read(from: "/nonexistent-folder/a.mtx")
        } throws: { error in
            guard case .io(let path, let reason) = error as? ExportError else { return false }
            return path == "/nonexistent-folder/a.mtx" && reason.contains("No such file")
        }
    }
}
