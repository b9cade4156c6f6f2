// Tests that malformed PETSc binary files are rejected, each with its byte offset and its own reason.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

/// One malformed file, built from its fields, and where and why the reader must stop.
struct PETScInvalidCase: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let offset: Int
    let reason: String
    var testDescription: String { name }
}

/// Fields of a PETSc binary file, big-endian.
enum PETScField {
    case int32(Int32)
    case float64(Double)
    case raw([UInt8])

    static func bytes(_ fields: [PETScField]) -> [UInt8] {
        fields.flatMap { field -> [UInt8] in
            switch field {
            case .int32(let value): withUnsafeBytes(of: value.bigEndian, Array.init)
            case .float64(let value): withUnsafeBytes(of: value.bitPattern.bigEndian, Array.init)
            case .raw(let bytes): bytes
            }
        }
    }
}

@Suite struct PETScInvalidFileTests {
    static let mat: PETScField = .int32(1_211_216), vec: PETScField = .int32(1_211_214), iset: PETScField = .int32(1_211_218)

    /// [[1, 0, 2], [0, 3, 0]]: header at 0, row lengths at 16, columns at 24, values at 36, end at 60.
    static func matrix(rowLengths: [Int32] = [2, 1], columns: [Int32] = [0, 2, 1], values: [Double] = [1, 2, 3]) -> [PETScField] {
        [mat, .int32(2), .int32(3), .int32(3)] + rowLengths.map(PETScField.int32) + columns.map(PETScField.int32)
            + values.map(PETScField.float64)
    }

    static func invalid(_ name: String, _ fields: [PETScField], at offset: Int, _ reason: String) -> PETScInvalidCase {
        PETScInvalidCase(name: name, bytes: PETScField.bytes(fields), offset: offset, reason: reason)
    }

    static let known = "1211216 for Mat, 1211214 for Vec, 1211218 for IS"
    static let valid = PETScField.bytes(matrix())

    static let cases: [PETScInvalidCase] = [
        invalid("empty file", [], at: 0, "empty file; expected a class id (\(known))"),
        invalid("truncated class id", [.raw([0x00, 0x12])], at: 0,
                "truncated: expected a class id, 4 bytes, but the file ends 2 bytes later"),
        invalid("wrong class id", [.int32(1_211_217), .int32(0)], at: 0, "unknown class id 1211217; expected \(known)"),
        invalid("little-endian file", [.raw([0x50, 0x7B, 0x12, 0x00])] + Array(matrix().dropFirst()), at: 0,
                "unknown class id 1350242816; expected \(known) (this is 1211216, Mat, with its bytes reversed: "
                    + "the file was written little-endian, PETSc binary files are big-endian)"),
        invalid("truncated header", [mat, .int32(2), .raw([0, 0, 0])], at: 4,
                "truncated: expected the Mat header (rows, columns, nonzero count), 12 bytes, but the file ends 7 bytes later"),
        invalid("negative rows", [mat, .int32(-2), .int32(3), .int32(0)], at: 4, "negative row count -2"),
        invalid("negative columns", [mat, .int32(2), .int32(-3), .int32(0)], at: 8, "negative column count -3"),
        invalid("negative nonzeros", [mat, .int32(0), .int32(3), .int32(-5)], at: 12, "negative nonzero count -5"),
        invalid("truncated dense values", [mat, .int32(2), .int32(3), .int32(-1)] + (1...5).map { .float64(Double($0)) }, at: 16,
                "truncated: expected the dense values (2 × 3 float64, row by row), 48 bytes, but the file ends 40 bytes later"),
        invalid("dense header beyond PETSc's 32-bit count", [mat, .int32(46341), .int32(46341), .int32(-1), .float64(1)], at: 4,
                "the dense Mat header declares 46341 × 46341 values, more than the 2147483647 PETSc's 32-bit indices can count; "
                    + "the header is corrupt"),
        invalid("infinite dense value", [mat, .int32(2), .int32(2), .int32(-1)] + [1, 2, -.infinity, 4].map(PETScField.float64), at: 32,
                "dense row 1, column 0 holds -inf; NaN and infinite entries are refused"),
        invalid("nonzero count below the dense marker", [mat, .int32(1), .int32(1), .int32(-2)], at: 12, "negative nonzero count -2"),
        invalid("truncated row lengths", [mat, .int32(2), .int32(3), .int32(3), .int32(2)], at: 16,
                "truncated: expected the row lengths (2 × int32), 8 bytes, but the file ends 4 bytes later"),
        invalid("negative row length", matrix(rowLengths: [-1, 4]), at: 16, "row 0 has negative length -1"),
        invalid("row lengths not summing to nz", matrix(rowLengths: [2, 2]), at: 16,
                "the row lengths sum to 4 but the header says 3 nonzeros"),
        invalid("truncated column indices", Array(matrix().prefix(6)), at: 24,
                "truncated: expected the column indices (3 × int32), 12 bytes, but the file ends 0 bytes later"),
        invalid("truncated values", [.raw(Array(valid.prefix(55)))], at: 36,
                "truncated: expected the values (3 × float64), 24 bytes, but the file ends 19 bytes later"),
        invalid("column out of range", matrix(columns: [0, 3, 1]), at: 28, "row 0: column 3 out of range 0..<3"),
        invalid("negative column", matrix(columns: [0, 2, -1]), at: 32, "row 1: column -1 out of range 0..<3"),
        invalid("duplicate columns", matrix(columns: [2, 2, 1]), at: 28,
                "row 0: column 2 repeated; columns must be unique within a row"),
        invalid("unsorted columns", matrix(columns: [2, 0, 1]), at: 28,
                "row 0: column 0 after column 2; columns must be sorted within a row"),
        invalid("NaN value", matrix(values: [1, .nan, 3]), at: 44,
                "row 0, column 2 holds nan; NaN and infinite entries are refused"),
        invalid("truncated Vec header", [vec], at: 4, "truncated: expected the Vec length, 4 bytes, but the file ends 0 bytes later"),
        invalid("negative Vec length", [vec, .int32(-4)], at: 4, "negative Vec length -4"),
        invalid("truncated Vec entries", [vec, .int32(3), .float64(1)], at: 8,
                "truncated: expected the Vec entries (3 × float64), 24 bytes, but the file ends 8 bytes later"),
        invalid("infinite Vec entry", [vec, .int32(2), .float64(1), .float64(.infinity)], at: 16,
                "Vec entry 1 is inf; NaN and infinite entries are refused"),
        invalid("truncated IS header", [iset, .raw([0])], at: 4, "truncated: expected the IS length, 4 bytes, but the file ends 1 bytes later"),
        invalid("negative IS length", [iset, .int32(-1)], at: 4, "negative IS length -1"),
        invalid("truncated IS indices", [iset, .int32(2), .int32(7)], at: 8,
                "truncated: expected the IS indices (2 × int32), 8 bytes, but the file ends 4 bytes later"),
        invalid("trailing bytes after an object", matrix() + [.raw([0, 0, 0])], at: 60,
                "truncated: expected a class id, 4 bytes, but the file ends 3 bytes later"),
        invalid("unknown object after a valid one", matrix() + [.int32(42)], at: 60, "unknown class id 42; expected \(known)"),
    ]

    @Test(arguments: cases)
    func malformedFilesAreRejectedWithOffsetAndReason(_ invalid: PETScInvalidCase) throws {
        try withPETScFolder { folder throws in
            let path = folder.file("invalid.petsc")
            try Data(invalid.bytes).write(to: URL(fileURLWithPath: path))
            #expect(throws: ExportError.invalidPETScBinary(path: path, offset: invalid.offset, reason: invalid.reason)) {
                try PETScBinaryFile.read(from: path)
            }
        }
    }

    @Test func everyMalformedFileHasItsOwnReason() {
        #expect(Set(Self.cases.map(\.reason)).count == Self.cases.count)
    }

    @Test func theUnbrokenMatrixBehindTheCasesIsValid() throws {
        try withPETScFolder { folder throws in
            let path = folder.file("valid.petsc")
            try Data(Self.valid).write(to: URL(fileURLWithPath: path))
            let matrix = try PETScBinaryFile.readMatrix(from: path)
            #expect(matrix == (try SparseMatrix(rowCount: 2, columnCount: 3, rowPointers: [0, 2, 3], columnIndices: [0, 2, 1], values: [1, 2, 3])))
        }
    }

    @Test func aMissingFileIsAnIOError() {
        #expect(throws: ExportError.io(path: "/nonexistent-petsc/A.petsc", reason: "cannot open the file: No such file or directory")) {
            try PETScBinaryFile.read(from: "/nonexistent-petsc/A.petsc")
        }
    }
}
