// Tests that every malformed MatrixMarket fixture is rejected at its line with its own reason.
import Foundation
import NonlocalExport
import Testing

/// The repository's MatrixMarket fixtures, found from this source file.
let matrixMarketFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/matrixmarket")

@Suite struct MatrixMarketInvalidFixtureTests {
    /// File → (line, part of the reason). Adding a fixture without an entry here fails the test.
    static let expectations: [String: (line: Int, reason: String)] = [
        "empty_file.mtx": (1, "the file is empty"),
        "banner_missing.mtx": (1, "missing banner: the file must start with %%MatrixMarket"),
        "banner_not_on_line_1.mtx": (1, "the %%MatrixMarket banner is on line 2; it must be the first line"),
        "banner_misspelled.mtx": (1, "the banner starts with '%%MatrixMarkt' instead of %%MatrixMarket"),
        "banner_missing_symmetry.mtx": (1, "the banner has 4 words, expected 5"),
        "banner_extra_word.mtx": (1, "the banner has 6 words, expected 5"),
        "object_vector.mtx": (1, "unknown object 'vector'"),
        "format_unknown.mtx": (1, "unknown format 'sparse'; expected coordinate or array"),
        "field_unknown.mtx": (1, "unknown field 'float'; expected real, integer or pattern"),
        "field_complex.mtx": (1, "complex matrices are not supported"),
        "symmetry_unknown.mtx": (1, "unknown symmetry 'lower'"),
        "symmetry_hermitian.mtx": (1, "hermitian matrices are not supported"),
        "pattern_array.mtx": (1, "the pattern field needs the coordinate format"),
        "pattern_skew_symmetric.mtx": (1, "a pattern matrix cannot be skew-symmetric"),
        "size_line_missing.mtx": (3, "the file ends before the size line"),
        "size_line_two_numbers.mtx": (2, "the size line has 2 numbers, expected 3: rows columns entries"),
        "size_line_four_numbers.mtx": (2, "the size line has 4 numbers, expected 3"),
        "size_line_not_integer.mtx": (2, "the size '2.5' is not a non-negative integer"),
        "size_line_negative.mtx": (2, "the size line has the negative size -3"),
        "size_line_too_large.mtx": (2, "the size 99999999999999999999999 is too large"),
        "array_size_line_three_numbers.mtx": (2, "the size line has 3 numbers, expected 2: rows columns"),
        "symmetric_not_square.mtx": (2, "a symmetric matrix must be square, but the size line says 3 × 4"),
        "too_few_entries.mtx": (4, "the file ends after 2 of the 3 entries the size line declares"),
        "too_many_entries.mtx": (5, "entry 3 is one more than the 2 the size line declares"),
        "index_zero.mtx": (4, "the row index 0 is out of range 1…3"),
        "column_index_too_large.mtx": (4, "the column index 4 is out of range 1…3"),
        "row_index_not_integer.mtx": (4, "the row index '2.0' is not a positive integer"),
        "column_index_negative.mtx": (4, "the column index '-1' is not a positive integer"),
        "value_not_numeric.mtx": (4, "the value 'abc' is not a number"),
        "value_trailing_letters.mtx": (4, "the value '1.5x' is not a number"),
        "value_hexadecimal.mtx": (4, "the value '0x1p-3' is not a number"),
        "exponent_without_digits.mtx": (4, "the value '1.5e+' is not a number"),
        "value_cut_short.mtx": (4, "the file ends inside the value '2.5000000000000000e': it looks cut short"),
        "array_value_cut_short.mtx": (4, "the file ends inside the value '-1.5e-': it looks cut short"),
        "value_missing.mtx": (4, "the entry has 2 fields, expected 3: row column value (the value is missing)"),
        "entry_extra_token.mtx": (4, "the entry has 4 fields, expected 3"),
        "entry_single_token.mtx": (4, "the entry has 1 field, expected 3"),
        "value_nan.mtx": (4, "the value 'nan' is not finite"),
        "value_infinity.mtx": (4, "the value '-Infinity' is not finite"),
        "value_overflow.mtx": (4, "the value '1e400' overflows a double"),
        "upper_triangle_under_symmetric.mtx": (
            4, "entry (1, 3) is above the diagonal; a symmetric file lists only the lower triangle"
        ),
        "upper_triangle_under_skew_symmetric.mtx": (
            4, "entry (2, 3) is above the diagonal; a skew-symmetric file lists only the strictly lower triangle"
        ),
        "diagonal_under_skew_symmetric.mtx": (4, "entry (2, 2) is on the diagonal"),
        "integer_field_real_value.mtx": (4, "the value '2.5' is not an integer"),
        "integer_value_overflow.mtx": (4, "the integer '99999999999999999999' does not fit in 64 bits"),
        "pattern_entry_with_value.mtx": (4, "a pattern entry has 3 fields, expected 2"),
        "array_too_few_values.mtx": (5, "the file ends after 3 of the 4 values the size line declares"),
        "array_symmetric_too_few_values.mtx": (4, "the file ends after 2 of the 3 values the size line declares"),
        "array_too_many_values.mtx": (5, "value 3 is one more than the 2 the size line declares"),
        "array_two_values_on_a_line.mtx": (3, "an array line has 2 values, expected 1"),
    ]

    @Test func everyMalformedFixtureIsRejectedAtItsLineWithItsOwnReason() throws {
        let folder = matrixMarketFixtures.appendingPathComponent("invalid")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.count >= 28)
        #expect(Set(files) == Set(Self.expectations.keys), "fixtures and expectations differ")
        var reasons: [String] = []
        for file in files {
            let path = folder.appendingPathComponent(file).path
            do {
                let content = try MatrixMarketFile.read(from: path)
                Issue.record("\(file) was accepted as a \(content.header.banner) file")
            } catch {
                guard case .invalidMatrixMarket(let errorPath, let line, let reason) = error else {
                    Issue.record("\(file): wrong kind of error: \(error)")
                    continue
                }
                let expected = Self.expectations[file]
                #expect(errorPath == path, "\(file)")
                #expect(line == expected?.line, "\(file): \(error)")
                #expect(reason.contains(expected?.reason ?? "?"), "\(file): \(error)")
                #expect(!reason.contains("\n"), "\(file): \(error)")
                reasons.append(reason)
            }
        }
        #expect(Set(reasons).count == reasons.count, "two fixtures share a reason")
    }
}
