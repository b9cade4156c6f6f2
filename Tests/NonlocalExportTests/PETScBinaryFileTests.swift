// Tests of PETSc binary files: bit-exact round trips, PETSc's exact bytes, atomic writes and the 32-bit limits.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite struct PETScBinaryFileTests {
    /// (rows, columns, density, seed): from a single entry up to 10⁶ nonzeros, square and not,
    /// with every fifth row empty, and the degenerate shapes PETSc also accepts.
    static let shapes: [(Int, Int, Double, UInt64)] = [
        (1, 1, 1.0, 1), (3, 5, 0.5, 2), (40, 17, 0.3, 3), (17, 400, 0.1, 4), (300, 300, 0.05, 5),
        (1250, 2000, 0.5, 6), (0, 0, 1.0, 7), (0, 4, 1.0, 8), (6, 0, 1.0, 9), (5, 5, 0.0, 10),
    ]

    @Test(arguments: shapes)
    func randomMatricesRoundTripBitExactly(shape: (Int, Int, Double, UInt64)) throws {
        let (rows, columns, density, seed) = shape
        let matrix = PETScSamples.matrix(rows: rows, columns: columns, density: density, seed: seed)
        try withPETScFolder { folder throws in
            let path = folder.file("A.petsc")
            try PETScBinaryFile.write(matrix: matrix, to: path)
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
            #expect(size == 16 + 4 * rows + 12 * matrix.nonzeroCount)
            expectBitIdentical(try PETScBinaryFile.readMatrix(from: path), matrix)
        }
    }

    @Test func theLargestSampleHasAMillionNonzeros() {
        let (rows, columns, density, seed) = Self.shapes[5]
        let matrix = PETScSamples.matrix(rows: rows, columns: columns, density: density, seed: seed)
        #expect(matrix.nonzeroCount > 990_000 && matrix.nonzeroCount < 1_010_000)
    }

    @Test(arguments: [0, 1, 2, 1000, 100_003])
    func vectorsAndIndexSetsRoundTripBitExactly(count: Int) throws {
        let vector = PETScSamples.vector(count: count, seed: UInt64(count) + 11)
        let permutation = PETScSamples.permutation(count: count, seed: UInt64(count) + 12)
        try withPETScFolder { folder throws in
            try PETScBinaryFile.write(vector: vector, to: folder.file("b.petsc"))
            #expect(try PETScBinaryFile.readVector(from: folder.file("b.petsc")).map(\.bitPattern) == vector.map(\.bitPattern))
            try PETScBinaryFile.write([.indexSet(permutation)], to: folder.file("p.petsc"))
            #expect(try PETScBinaryFile.read(from: folder.file("p.petsc")) == [.indexSet(permutation)])
        }
    }

    @Test func indexSetsKeepNegativeAndExtremeIndices() throws {
        let indices = [-1, 0, Int(Int32.max), Int(Int32.min), 7]
        try withPETScFolder { folder throws in
            try PETScBinaryFile.write([.indexSet(indices)], to: folder.file("p.petsc"))
            #expect(try PETScBinaryFile.read(from: folder.file("p.petsc")) == [.indexSet(indices)])
        }
    }

    @Test func severalObjectsComeBackInOrder() throws {
        // A factorization's pieces: L, the diagonal D and the permutation, then A and b again.
        let factor = PETScSamples.matrix(rows: 50, columns: 50, density: 0.1, seed: 21)
        let diagonal = PETScSamples.vector(count: 50, seed: 22)
        let permutation = PETScSamples.permutation(count: 50, seed: 23)
        let operator_ = PETScSamples.matrix(rows: 7, columns: 9, density: 0.4, seed: 24)
        let rightHandSide = PETScSamples.vector(count: 7, seed: 25)
        let objects: [PETScObject] = [
            .matrix(factor), .vector(diagonal), .indexSet(permutation), .matrix(operator_), .vector(rightHandSide), .vector([]),
        ]
        try withPETScFolder { folder throws in
            try PETScBinaryFile.write(objects, to: folder.file("factor.petsc"))
            let read = try PETScBinaryFile.read(from: folder.file("factor.petsc"))
            #expect(read.map(\.classID) == [.matrix, .vector, .indexSet, .matrix, .vector, .vector])
            guard read.count == objects.count else { return }
            expectBitIdentical(read[0].matrix!, factor)
            #expect(read[1].vector!.map(\.bitPattern) == diagonal.map(\.bitPattern))
            #expect(read[2].indexSet == permutation)
            expectBitIdentical(read[3].matrix!, operator_)
            #expect(read[4].vector!.map(\.bitPattern) == rightHandSide.map(\.bitPattern))
            #expect(read[5].vector == [])
        }
    }

    @Test func aTwoByTwoMatrixHasTheseExactBytes() throws {
        // [[1, 0], [-2, 0.5]]: 2 rows, 2 columns, 3 nonzeros, row lengths 1 and 2.
        let matrix = try SparseMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 1, 3], columnIndices: [0, 0, 1], values: [1, -2, 0.5])
        let expected: [UInt8] = [
            0x00, 0x12, 0x7B, 0x50,  // MAT_FILE_CLASSID 1211216
            0x00, 0x00, 0x00, 0x02,  // rows
            0x00, 0x00, 0x00, 0x02,  // columns
            0x00, 0x00, 0x00, 0x03,  // nonzeros
            0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,  // row lengths
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  // columns 0 | 0 1
            0x3F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 1.0
            0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // -2.0
            0x3F, 0xE0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 0.5
        ]
        try withPETScFolder { folder throws in
            try PETScBinaryFile.write(matrix: matrix, to: folder.file("A.petsc"))
            #expect(try folder.bytes("A.petsc") == expected)
        }
    }

    @Test func theBytesAreThoseThatPETScWrites() throws {
        // Written by PETSc 3.18 (petsc4py: A.view(v); b.view(v); p.view(v) on one binary viewer)
        // for A = [[1, 0, 2], [0, -0.0, 0]] (3 stored entries), b = [1.5, 2.5], p = [2, 0, 1].
        let petsc = hexBytes(
            "00127b50 00000002 00000003 00000003 00000002 00000001 00000000 00000002 00000001"
                + "3ff0000000000000 4000000000000000 8000000000000000"
                + "00127b4e 00000002 3ff8000000000000 4004000000000000"
                + "00127b52 00000003 00000002 00000000 00000001")
        let matrix = try SparseMatrix(rowCount: 2, columnCount: 3, rowPointers: [0, 2, 3], columnIndices: [0, 2, 1], values: [1, 2, -0.0])
        try withPETScFolder { folder throws in
            try PETScBinaryFile.write([.matrix(matrix), .vector([1.5, 2.5]), .indexSet([2, 0, 1])], to: folder.file("x.petsc"))
            #expect(try folder.bytes("x.petsc") == petsc)
        }
    }

    @Test func repeatedWritesGiveIdenticalBytes() throws {
        let objects: [PETScObject] = [
            .matrix(PETScSamples.matrix(rows: 200, columns: 150, density: 0.2, seed: 31)),
            .vector(PETScSamples.vector(count: 200, seed: 32)), .indexSet(PETScSamples.permutation(count: 150, seed: 33)),
        ]
        try withPETScFolder { folder throws in
            try PETScBinaryFile.write(objects, to: folder.file("first.petsc"))
            try PETScBinaryFile.write(objects, to: folder.file("second.petsc"))
            try PETScBinaryFile.write(objects, to: folder.file("first.petsc"))  // replaces
            #expect(try folder.bytes("first.petsc") == folder.bytes("second.petsc"))
            #expect(try folder.contents() == ["first.petsc", "second.petsc"])
        }
    }

    @Test func aWriteInterruptedHalfwayLeavesNoFile() throws {
        let interrupted = ExportError.io(path: "test", reason: "interrupted after the first object")
        let objects: [PETScObject] = [
            .matrix(PETScSamples.matrix(rows: 300, columns: 300, density: 0.1, seed: 41)),
            .vector(PETScSamples.vector(count: 300, seed: 42)),
        ]
        try withPETScFolder { folder throws in
            var calls: [(Int, Int)] = []
            #expect(throws: interrupted) {
                try PETScBinaryFile.write(objects, to: folder.file("A.petsc")) { (index, bytesWritten) throws(ExportError) in
                    calls.append((index, bytesWritten))
                    throw interrupted
                }
            }
            #expect(calls.count == 1 && calls[0].0 == 0 && calls[0].1 > 0)
            #expect(try folder.contents() == [])

            // An earlier complete file stays as it was.
            try PETScBinaryFile.write(vector: [1, 2, 3], to: folder.file("A.petsc"))
            let before = try folder.bytes("A.petsc")
            #expect(throws: interrupted) {
                try PETScBinaryFile.write(objects, to: folder.file("A.petsc")) { (index, _) throws(ExportError) in
                    if index == 0 { throw interrupted }
                }
            }
            #expect(try folder.contents() == ["A.petsc"])
            #expect(try folder.bytes("A.petsc") == before)
        }
    }

    @Test func sizesBeyondThirtyTwoBitsAreRefused() throws {
        let advice = "split it or use the NetCDF export"
        #expect(throws: ExportError.unsupported(
            path: "big.petsc",
            reason: "PETSc binary uses 32-bit indices; this matrix has 3000000000 nonzeros (at most 2147483647); \(advice)")
        ) {
            try PETScBinaryFile.checkFits(rows: 1_000_000, columns: 1_000_000, nonzeros: 3_000_000_000, path: "big.petsc")
        }
        #expect(throws: ExportError.unsupported(
            path: "big.petsc", reason: "PETSc binary uses 32-bit indices; this matrix has 2147483648 rows (at most 2147483647); \(advice)")
        ) {
            try PETScBinaryFile.checkFits(rows: 1 << 31, columns: 5, nonzeros: 0, path: "big.petsc")
        }
        #expect(throws: ExportError.unsupported(
            path: "big.petsc", reason: "PETSc binary uses 32-bit indices; this matrix has 4294967296 columns (at most 2147483647); \(advice)")
        ) {
            try PETScBinaryFile.checkFits(rows: 5, columns: 1 << 32, nonzeros: 0, path: "big.petsc")
        }
        let limit = PETScBinaryFile.maximumCount
        #expect(limit == 2_147_483_647)
        try PETScBinaryFile.checkFits(rows: limit, columns: limit, nonzeros: limit, path: "big.petsc")
    }

    @Test func indexSetEntriesBeyondThirtyTwoBitsAreRefused() throws {
        try withPETScFolder { folder throws in
            let path = folder.file("p.petsc")
            #expect(throws: ExportError.unsupported(
                path: path, reason: "PETSc binary uses 32-bit indices; index set entry 1 is 2147483648 (outside -2147483648...2147483647)")
            ) {
                try PETScBinaryFile.write([.indexSet([0, 1 << 31])], to: path)
            }
            #expect(try folder.contents() == [])
        }
    }

    @Test func nanAndInfinityAreRefusedWithTheirPosition() throws {
        let matrix = try SparseMatrix(
            rowCount: 3, columnCount: 4, rowPointers: [0, 2, 2, 4], columnIndices: [0, 3, 1, 2], values: [1, 2, 3, .nan])
        try withPETScFolder { folder throws in
            let path = folder.file("A.petsc")
            #expect(throws: ExportError.unsupported(
                path: path, reason: "row 2, column 2 holds nan; NaN and infinite entries are refused (fix the matrix before exporting it)")
            ) {
                try PETScBinaryFile.write([.vector([1]), .matrix(matrix)], to: path)
            }
            #expect(throws: ExportError.unsupported(
                path: path, reason: "vector entry 1 is -inf; NaN and infinite entries are refused (fix the vector before exporting it)")
            ) {
                try PETScBinaryFile.write(vector: [0, -.infinity, .nan], to: path)
            }
            #expect(try folder.contents() == [])
        }
    }

    @Test func aMissingFolderIsNamed() {
        #expect(throws: ExportError.io(path: "/nonexistent-petsc/A.petsc", reason: "folder /nonexistent-petsc does not exist; create it first")) {
            try PETScBinaryFile.write(vector: [1], to: "/nonexistent-petsc/A.petsc")
        }
    }

    @Test func singleObjectReadersSayWhatTheFileHolds() throws {
        try withPETScFolder { folder throws in
            let path = folder.file("b.petsc")
            try PETScBinaryFile.write([.vector([1]), .indexSet([0])], to: path)
            #expect(throws: ExportError.invalidPETScBinary(
                path: path, offset: 0,
                reason: "expected one Mat, the file holds 2 objects (Vec, IS); read them all with PETScBinaryFile.read(from:)")
            ) {
                try PETScBinaryFile.readMatrix(from: path)
            }
        }
    }
}

// MARK: - Samples and helpers shared by the PETSc tests

/// Seeded sample data for PETSc files.
enum PETScSamples {
    /// A random finite double drawn from all bit patterns: ±0, subnormals, the extremes and
    /// arbitrary normal numbers of every exponent.
    static func finiteValue(_ generator: inout SplitMix64) -> Double {
        let specials: [Double] = [
            0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1,
        ]
        switch generator.next() % 8 {
        case 0: return specials[Int(generator.next() % UInt64(specials.count))]
        case 1: return Double(bitPattern: generator.next() & 0x800F_FFFF_FFFF_FFFF)  // subnormal or ±0
        default:
            var bits = generator.next()
            if bits & 0x7FF0_0000_0000_0000 == 0x7FF0_0000_0000_0000 { bits ^= 0x0010_0000_0000_0000 }  // NaN/∞ → finite
            return Double(bitPattern: bits)
        }
    }

    /// A `rows × columns` matrix keeping each entry with probability `density`, every fifth
    /// row empty, values from ``finiteValue(_:)``.
    static func matrix(rows: Int, columns: Int, density: Double, seed: UInt64) -> SparseMatrix {
        var generator = SplitMix64(seed: seed)
        var pointers = [0], indices: [Int] = [], values: [Double] = []
        for row in 0..<rows {
            if row % 5 != 4 {
                for column in 0..<columns where generator.nextUnit() < density {
                    indices.append(column)
                    values.append(finiteValue(&generator))
                }
            }
            pointers.append(indices.count)
        }
        return try! SparseMatrix(rowCount: rows, columnCount: columns, rowPointers: pointers, columnIndices: indices, values: values)
    }

    static func vector(count: Int, seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in finiteValue(&generator) }
    }

    /// A random permutation of 0..<count (Fisher–Yates).
    static func permutation(count: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        var indices = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { indices.swapAt(i, generator.integer(in: 0...i)) }
        return indices
    }
}

/// Expects equal shapes, patterns and value bit patterns (so −0 ≠ +0).
private func expectBitIdentical(_ actual: SparseMatrix, _ expected: SparseMatrix, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.rowCount == expected.rowCount && actual.columnCount == expected.columnCount, sourceLocation: sourceLocation)
    #expect(actual.rowPointers == expected.rowPointers, sourceLocation: sourceLocation)
    #expect(actual.columnIndices == expected.columnIndices, sourceLocation: sourceLocation)
    #expect(actual.values.map(\.bitPattern) == expected.values.map(\.bitPattern), sourceLocation: sourceLocation)
}

/// A scratch folder for one test.
struct PETScFolder {
    let path: String
    func file(_ name: String) -> String { path + "/" + name }
    func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file(name)))) }
    /// The names in the folder, sorted; temporary files of failed writes would show here.
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}

/// Runs `body` with a fresh folder under the temporary directory, removed afterwards.
func withPETScFolder(_ body: (PETScFolder) throws -> Void) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("petsc-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try body(PETScFolder(path: path))
}

/// Bytes from hexadecimal digits; spaces are ignored.
private func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}
