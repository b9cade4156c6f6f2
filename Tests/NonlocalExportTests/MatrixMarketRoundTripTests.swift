// Tests that MatrixMarket files written by NonlocalKit read back bit-exactly, for random matrices and vectors.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite final class MatrixMarketRoundTripTests {
    let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-roundtrip")

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @Test(arguments: [1, 10, 1000, 100_000, 1_000_000])
    func generalMatricesReadBackBitExactly(count: Int) throws {
        let side = Int((7.0 * Double(count)).squareRoot().rounded(.up)) + 1
        let matrix = MatrixMarketSamples.matrix(
            rows: 2 * side, columns: side / 2 + 1, count: count, seed: UInt64(count))
        let path = folder + "/general-\(count).mtx"
        try MatrixMarketFile.write(matrix, to: path, comments: ["n = \(count)"])
        let content = try MatrixMarketFile.read(from: path)
        #expect(
            content.header
                == MatrixMarketHeader(
                    format: .coordinate, field: .real, symmetry: .general,
                    rowCount: matrix.rowCount, columnCount: matrix.columnCount, entryCount: count))
        #expect(content.comments == ["n = \(count)"])
        #expect(MatrixMarketSamples.identicalBits(content.matrix, matrix))
    }

    @Test(arguments: [1, 10, 1000, 100_000, 500_000])
    func symmetricMatricesStoreTheLowerTriangleAndReadBackBitExactly(lowerCount: Int) throws {
        let n = Int((4.0 * Double(lowerCount)).squareRoot().rounded(.up)) + 2
        let matrix = MatrixMarketSamples.symmetricMatrix(n: n, lowerCount: lowerCount, seed: 7 &* UInt64(lowerCount))
        let path = folder + "/symmetric-\(lowerCount).mtx"
        try MatrixMarketFile.write(matrix, to: path, symmetry: .symmetric)
        let content = try MatrixMarketFile.read(from: path)
        #expect(content.header.symmetry == .symmetric)
        #expect(content.header.entryCount == lowerCount)
        #expect(MatrixMarketSamples.identicalBits(content.matrix, matrix))
    }

    @Test func oneByOneMatricesOfEverySpecialValueReadBack() throws {
        for value in [
            0.0, -0.0, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, 1e-300, 0.1,
            .greatestFiniteMagnitude, -.leastNormalMagnitude,
        ] {
            let matrix = SparseMatrix.diagonal([value])
            for symmetry in MatrixMarketFile.Symmetry.allCases {
                let path = folder + "/one-\(symmetry).mtx"
                try MatrixMarketFile.write(matrix, to: path, symmetry: symmetry)
                #expect(
                    MatrixMarketSamples.identicalBits(try MatrixMarketFile.read(from: path).matrix, matrix), "\(value)")
            }
        }
    }

    @Test func valuesAreWrittenInTheirShortestRoundTripForm() throws {
        let values = [0.1, 1e-300, Double.leastNonzeroMagnitude, -0.0, 2, 1e16, 0.30000000000000004]
        let path = folder + "/shortest.mtx"
        try MatrixMarketFile.write(.diagonal(values), to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst(2)
        #expect(lines.map { String($0.split(separator: " ")[2]) } == values.map(\.description))
        #expect(
            lines.map { String($0.split(separator: " ")[2]) } == [
                "0.1", "1e-300", "5e-324", "-0.0", "2.0", "1e+16", "0.30000000000000004",
            ])
    }

    @Test(arguments: [0, 1, 7, 10_000])
    func vectorsReadBackBitExactly(length: Int) throws {
        var generator = SplitMix64(seed: UInt64(length) + 99)
        let vector = (0..<length).map { _ in MatrixMarketSamples.finiteDouble(&generator) }
        let path = folder + "/vector-\(length).mtx"
        try MatrixMarketFile.write(vector: vector, to: path, comments: ["right-hand side"])
        let content = try MatrixMarketFile.read(from: path)
        #expect(content.header.banner == "%%MatrixMarket matrix array real general")
        #expect(content.comments == ["right-hand side"])
        #expect(try MatrixMarketFile.readVector(from: path).map(\.bitPattern) == vector.map(\.bitPattern))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let matrix = MatrixMarketSamples.matrix(rows: 2000, columns: 1000, count: 200_000, seed: 5)
        let symmetric = MatrixMarketSamples.symmetricMatrix(n: 1000, lowerCount: 100_000, seed: 6)
        for (name, symmetry, a) in [("g", MatrixMarketFile.Symmetry.general, matrix), ("s", .symmetric, symmetric)] {
            try MatrixMarketFile.write(a, to: folder + "/\(name)1.mtx", symmetry: symmetry, comments: ["δ = 0.25"])
            try MatrixMarketFile.write(a, to: folder + "/\(name)2.mtx", symmetry: symmetry, comments: ["δ = 0.25"])
            let first = FileManager.default.contents(atPath: folder + "/\(name)1.mtx")
            #expect(first != nil && first == FileManager.default.contents(atPath: folder + "/\(name)2.mtx"))
        }
    }

    @Test func commentsRoundTripIncludingUnicodeAndEmptyLines() throws {
        let comments = ["δ = 0.25, h = 0.01, s = 0.75", "", " indented", "κ ≤ 12.5 (certified)", "%"]
        let path = folder + "/comments.mtx"
        try MatrixMarketFile.write(.identity(2), to: path, comments: comments)
        #expect(try MatrixMarketFile.read(from: path).comments == comments)
    }

    /// Decimal spellings other writers produce (up to 25 significant digits, any exponent,
    /// `e`, `E` or Fortran `D`) read as the correctly rounded double, like the standard library's parser.
    @Test func decimalsReadAsTheCorrectlyRoundedDouble() throws {
        var generator = SplitMix64(seed: 2024)
        var tokens: [String] = []
        var expected: [Double] = []
        while tokens.count < 20_000 {
            let digits = (0..<generator.integer(in: 1...25)).map { _ in String(generator.integer(in: 0...9)) }.joined()
            let point = generator.integer(in: 0...digits.count)
            var token = (generator.next() % 2 == 0 ? "-" : "") + digits.prefix(point) + "." + digits.dropFirst(point)
            if token.hasSuffix(".") && generator.next() % 2 == 0 { token.removeLast() }
            if token == "." || token == "-." { continue }
            let exponent = generator.integer(in: -340...320)
            let marker = ["e", "E", "d", "D", ""][generator.integer(in: 0...4)]
            if !marker.isEmpty { token += marker + String(exponent) }
            guard
                let value = Double(
                    token.replacingOccurrences(of: "d", with: "e").replacingOccurrences(of: "D", with: "e")),
                value.isFinite
            else { continue }
            tokens.append(token)
            expected.append(value)
        }
        // Other writers' round-trip spellings: SciPy's `%.16e` (precision=17) and C's `%.17g`.
        for k in 0..<10_000 {
            let value = MatrixMarketSamples.finiteDouble(&generator)
            tokens.append(String(format: k % 2 == 0 ? "%.16e" : "%.17g", value))
            expected.append(value)
        }
        let path = folder + "/decimals.mtx"
        let text =
            "%%MatrixMarket matrix array real general\n\(tokens.count) 1\n" + tokens.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let values = try MatrixMarketFile.readVector(from: path)
        for k in tokens.indices where values[k].bitPattern != expected[k].bitPattern {
            Issue.record("\(tokens[k]) read as \(values[k]), expected \(expected[k])")
        }
    }
}

/// Seeded sample matrices and comparisons shared by the MatrixMarket tests.
enum MatrixMarketSamples {
    /// A fresh empty folder for one test's files.
    static func temporaryFolder(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A comment line to end a small file with, so that its entry lines all lie 64 bytes or
    /// more before the end, where the reader's one-pass code takes them.
    static let fastPathPadding = "% " + String(repeating: "-", count: 70) + "\n"

    /// Random finite doubles that exercise every decimal form: raw bit patterns (huge and tiny
    /// exponents), subnormals, ±0, the extremes, and short values in [−1, 1).
    static func finiteDouble(_ generator: inout SplitMix64) -> Double {
        let specials: [Double] = [
            0, -0.0, Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, .leastNormalMagnitude,
            -.greatestFiniteMagnitude, .greatestFiniteMagnitude,
            1e-300, 0.1, 1.0 / 3, 1, -2, 1e16, 123_456_789_012_345_680,
        ]
        switch generator.next() % 8 {
        case 0: return specials[Int(generator.next() % UInt64(specials.count))]
        case 1: return Double(bitPattern: generator.next() & 0x800F_FFFF_FFFF_FFFF)  // subnormal or ±0
        case 2, 3: return generator.uniform(1, in: -1..<1)[0]
        default:
            while true {
                let value = Double(bitPattern: generator.next())
                if value.isFinite { return value }
            }
        }
    }

    /// A random `rows × columns` matrix with exactly `count` entries at distinct positions, built
    /// directly in CSR form (no duplicate is summed, so every value is stored as drawn).
    /// Needs `rows · columns ≥ 7 · count`.
    static func matrix(rows: Int, columns: Int, count: Int, seed: UInt64) -> SparseMatrix {
        precondition(rows * columns >= 7 * count)
        var generator = SplitMix64(seed: seed)
        var pointers = [Int](repeating: 0, count: rows + 1)
        var indices: [Int] = []
        var values: [Double] = []
        indices.reserveCapacity(count)
        values.reserveCapacity(count)
        var position = -1
        for _ in 0..<count {
            position += 1 + generator.integer(in: 0...6)  // strictly increasing row-major positions
            pointers[position / columns + 1] += 1
            indices.append(position % columns)
            values.append(MatrixMarketSamples.finiteDouble(&generator))
        }
        for row in 0..<rows { pointers[row + 1] += pointers[row] }
        return try! SparseMatrix(
            rowCount: rows, columnCount: columns, rowPointers: pointers, columnIndices: indices, values: values)
    }

    /// A random symmetric `n × n` matrix whose lower triangle has `lowerCount` entries; each
    /// mirrored entry has exactly the bits of its twin.
    static func symmetricMatrix(n: Int, lowerCount: Int, seed: UInt64) -> SparseMatrix {
        var generator = SplitMix64(seed: seed)
        var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: 2 * lowerCount)
        var position = -1
        var listed = 0
        while listed < lowerCount {
            position += 1 + generator.integer(in: 0...2)
            let row = position / n
            let column = position % n
            precondition(row < n, "n too small for \(lowerCount) lower entries")
            guard column <= row else { continue }
            let value = MatrixMarketSamples.finiteDouble(&generator)
            builder.append(row: row, column: column, value: value)
            if column != row { builder.append(row: column, column: row, value: value) }
            listed += 1
        }
        return builder.build()
    }

    /// Whether two matrices have the same shape, pattern and value bits.
    static func identicalBits(_ a: SparseMatrix, _ b: SparseMatrix) -> Bool {
        a.rowCount == b.rowCount && a.columnCount == b.columnCount && a.rowPointers == b.rowPointers
            && a.columnIndices == b.columnIndices && a.values.map(\.bitPattern) == b.values.map(\.bitPattern)
    }

    /// The matrix as rows of doubles, unstored positions +0.0.
    static func denseRows(_ matrix: SparseMatrix) -> [[Double]] {
        var rows = [[Double]](repeating: [Double](repeating: 0, count: matrix.columnCount), count: matrix.rowCount)
        for row in 0..<matrix.rowCount {
            for k in matrix.rowPointers[row]..<matrix.rowPointers[row + 1] {
                rows[row][matrix.columnIndices[k]] = matrix.values[k]
            }
        }
        return rows
    }

    /// Whether two dense matrices agree bit for bit (so `-0.0` differs from `0.0`).
    static func bitwiseEqual(_ a: [[Double]], _ b: [[Double]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.map(\.bitPattern) == $1.map(\.bitPattern) }
    }
}
