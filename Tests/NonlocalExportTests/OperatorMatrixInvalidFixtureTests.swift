// Tests that every malformed operator fixture (dense PETSc, NetCDF, MatrixMarket) is rejected by OperatorMatrix.read with its own error.
import Foundation
import NonlocalExport
import Testing

/// The repository's operator fixtures (written by fixtures/operators/make_fixtures.py), found from this source file.
let operatorFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/operators")

@Suite struct OperatorMatrixInvalidFixtureTests {
    /// File → the variable asked for, and the error's description after the path (the line,
    /// byte offset or variable, and the reason). Adding a fixture without an entry here fails the test.
    static let expectations: [String: (variable: String?, error: String)] = [
        "dense_truncated.petsc": (
            nil, "byte 16: truncated: expected the dense values (3 × 3 float64, row by row), 72 bytes, but the file ends 68 bytes later"
        ),
        "dense_header_lies.petsc": (
            nil, "byte 4: the dense Mat header declares 65536 × 65536 values, more than the 2147483647 PETSc's 32-bit indices "
                + "can count; the header is corrupt"
        ),
        "no_matrix_variable.nc": (
            nil, "no 2-D double or float variable to read as a matrix; the variables are: x(point) double, rhs(point) double; "
                + "store the matrix as a 2-D variable (rows, columns)"
        ),
        "three_dimensional.nc": (
            "A", "variable 'A' is 3-D (sample, row, column: 2 × 3 × 3); a matrix needs 2 dimensions, rows then columns"
        ),
        "two_matrices.nc": (nil, "2 variables could be the matrix: A(row, column) double, P(row, column) double; name the one to read"),
        "integer_matrix.nc": ("A", "variable 'A' holds int values; a matrix needs double or float"),
        "fill_value_entry.nc": (
            nil, "variable 'A': entry (2, 1) (0-based) equals A:_FillValue = -999.0, which marks a missing entry; "
                + "write every entry, or remove _FillValue"
        ),
        "nan_entry.nc": (
            nil, "variable 'A': entry (0, 2) (0-based) is nan; NaN and infinite entries are refused "
                + "(a NaN often marks a missing entry: write every entry of the matrix)"
        ),
        "larger_than_memory.nc": (nil, "variable 'A' is 1048576 × 1048576; its doubles need more than this machine's"),
        "not_netcdf.nc": (nil, "not a file netCDF-C can open ("),
        "array_missing_value.mtx": (
            nil, ":11: the file ends after 8 of the 9 values the size line declares (3 × 3 general array)"
        ),
    ]

    @Test func everyMalformedFixtureIsRejectedWithItsOwnError() throws {
        let folder = operatorFixtures.appendingPathComponent("invalid")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(Set(files) == Set(Self.expectations.keys), "fixtures and expectations differ")
        var descriptions: [String] = []
        for file in files {
            guard let expected = Self.expectations[file] else { continue }
            let path = folder.appendingPathComponent(file).path
            do {
                let matrix = try OperatorMatrix.read(from: path, variable: expected.variable)
                Issue.record("\(file) was accepted as a \(matrix.rowCount) × \(matrix.columnCount) matrix")
            } catch {
                let description = error.description
                #expect(description.hasPrefix(path + ":"), "\(file): \(description)")
                #expect(description.contains(expected.error), "\(file): \(description)")
                #expect(!description.contains("\n"), "\(file): \(description)")
                descriptions.append(String(description.dropFirst(path.count)))
            }
        }
        #expect(Set(descriptions).count == files.count, "two fixtures share an error")
    }
}
