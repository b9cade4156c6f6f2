// NetCDFFile+VariablesTests: dimensions, variable descriptions, exact value round trips, row blocks and deflate.
import Foundation
import NonlocalNetCDF
import NonlocalTestSupport
import Testing

struct NetCDFFileVariablesTests {
    /// Extremes and special values of each IEEE format, plus random bit patterns (which
    /// include NaNs with payloads): files must copy bits, not convert numbers.
    static func doubles() -> [Double] {
        var generator = SplitMix64(seed: 0x6E65_7463_6466)
        let special: [Double] = [
            0, -0.0, 1, -1, .pi, 1.0 / 3, .ulpOfOne, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
            .leastNormalMagnitude, .leastNormalMagnitude.nextDown, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, .signalingNaN, 1e-300, 1e300,
        ]
        return special + (0..<64).map { _ in Double(bitPattern: generator.next()) }
    }

    static func floats() -> [Float] {
        var generator = SplitMix64(seed: 0x666C_6F61_74)
        let special: [Float] = [
            0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan,
        ]
        return special + (0..<32).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())) }
    }

    @Test func everyElementTypeRoundTripsBitForBit() throws {
        let doubles = Self.doubles()
        let floats = Self.floats()
        let int32s: [Int32] = [.min, -1, 0, 1, .max]
        let int64s: [Int64] = [.min, -1, 0, 1, .max, 1 << 53 + 1]
        let bytes = (0...255).map { UInt8($0) }
        try withScratchDirectory { directory in
            let path = directory.file("types.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("n_double", length: doubles.count)
            try file.defineDimension("n_float", length: floats.count)
            try file.defineDimension("n_int32", length: int32s.count)
            try file.defineDimension("n_int64", length: int64s.count)
            try file.defineDimension("n_uint8", length: bytes.count)
            try file.defineVariable("double", type: .double, dimensions: ["n_double"])
            try file.defineVariable("float", type: .float, dimensions: ["n_float"])
            try file.defineVariable("int32", type: .int32, dimensions: ["n_int32"])
            try file.defineVariable("int64", type: .int64, dimensions: ["n_int64"])
            try file.defineVariable("uint8", type: .uint8, dimensions: ["n_uint8"])
            try file.defineVariable("scalar", type: .double, dimensions: [])
            try file.write(doubles, to: "double")
            try file.write(floats, to: "float")
            try file.write(int32s, to: "int32")
            try file.write(int64s, to: "int64")
            try file.write(bytes, to: "uint8")
            try file.write([-0.0], to: "scalar")
            try file.close()

            let reopened = try NetCDFFile.open(path: path)
            #expect(try reopened.read("double", as: Double.self).map(\.bitPattern) == doubles.map(\.bitPattern))
            #expect(try reopened.read("float", as: Float.self).map(\.bitPattern) == floats.map(\.bitPattern))
            #expect(try reopened.read("int32", as: Int32.self) == int32s)
            #expect(try reopened.read("int64", as: Int64.self) == int64s)
            #expect(try reopened.read("uint8", as: UInt8.self) == bytes)
            #expect(try reopened.read("scalar", as: Double.self).map(\.bitPattern) == [(-0.0).bitPattern])
        }
    }

    @Test func namesTypesAndShapesAreReported() throws {
        try withScratchDirectory { directory in
            let path = directory.file("layout.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("n_b", length: 3)
            try file.defineDimension("n_a", length: 4)
            try file.defineVariable("A", type: .float, dimensions: ["n_b", "n_a"])
            try file.defineVariable("x", type: .int64, dimensions: ["n_a"])
            try file.close()

            let reopened = try NetCDFFile.open(path: path)
            #expect(try reopened.dimensionNames() == ["n_b", "n_a"])
            #expect(try reopened.dimensionLength("n_a") == 4)
            #expect(try reopened.variableNames() == ["A", "x"])
            #expect(reopened.hasVariable("A"))
            #expect(!reopened.hasVariable("B"))
            let matrix = try reopened.variable(named: "A")
            #expect(matrix.name == "A")
            #expect(matrix.type == .float)
            #expect(matrix.dimensions == ["n_b", "n_a"])
            #expect(matrix.shape == [3, 4])
            #expect(matrix.count == 12)
            #expect(try reopened.variable(named: "x").type == .int64)
        }
    }

    /// Streaming writes in uneven, out-of-order blocks of rows must assemble the same matrix
    /// as a single write: entry (i, j) = i + j/100 read back everywhere.
    @Test func blocksOfRowsAssembleAMatrix() throws {
        let rowCount = 11, columnCount = 7
        let matrix = (0..<rowCount).flatMap { i in (0..<columnCount).map { j in Double(i) + Double(j) / 100 } }
        func rows(_ range: Range<Int>) -> [Double] {
            Array(matrix[(range.lowerBound * columnCount)..<(range.upperBound * columnCount)])
        }
        try withScratchDirectory { directory in
            let path = directory.file("blocks.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("rows", length: rowCount)
            try file.defineDimension("columns", length: columnCount)
            try file.defineVariable("A", type: .double, dimensions: ["rows", "columns"], deflateLevel: 1)
            for block in [7..<11, 0..<3, 3..<4, 4..<7] {
                try file.write(rows(block), to: "A", startingAtRow: block.lowerBound)
            }
            #expect(try file.read("A", rows: 2..<9, as: Double.self) == rows(2..<9))
            try file.close()

            let reopened = try NetCDFFile.open(path: path)
            #expect(try reopened.read("A", as: Double.self) == matrix)
            #expect(try reopened.read("A", rows: 10..<11, as: Double.self) == rows(10..<11))
            #expect(try reopened.read("A", rows: 5..<5, as: Double.self) == [])
        }
    }

    @Test func rowsPastAFixedDimensionAreRejected() throws {
        try withScratchDirectory { directory in
            let path = directory.file("short.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("n", length: 4)
            try file.defineVariable("v", type: .int32, dimensions: ["n"])
            let error = try #require(throws: NetCDFError.self) {
                try file.write([Int32](repeating: 1, count: 3), to: "v", startingAtRow: 2)
            }
            #expect(error.description.contains(path) && error.description.contains("nc_put_vara(v)"), "\(error)")
        }
    }

    /// 200,000 values of a smooth function compress well; the compressed file must be
    /// smaller than the raw data and still read back exactly.
    @Test func deflatedVariablesShrinkAndReadBack() throws {
        let values = (0..<200_000).map { sin(Double($0 / 64) * 0.001) }
        try withScratchDirectory { directory in
            var sizes: [Int] = []
            for level in [nil, 6] as [Int?] {
                let path = directory.file("level-\(level ?? 0).nc")
                let file = try NetCDFFile.create(path: path)
                try file.defineDimension("n", length: values.count)
                try file.defineVariable("u", type: .double, dimensions: ["n"], deflateLevel: level)
                try file.write(values, to: "u")
                try file.close()
                #expect(try NetCDFFile.open(path: path).read("u", as: Double.self) == values)
                sizes.append(try Data(contentsOf: URL(fileURLWithPath: path)).count)
            }
            #expect(sizes[0] > values.count * 8)
            #expect(sizes[1] < sizes[0] / 4, "deflated \(sizes[1]) bytes vs raw \(sizes[0])")
        }
    }

    /// netCDF stores a zero length as an unlimited dimension; an empty matrix must survive.
    @Test func emptyVariablesRoundTrip() throws {
        try withScratchDirectory { directory in
            let path = directory.file("empty.nc")
            let file = try NetCDFFile.create(path: path)
            try file.defineDimension("n_s", length: 0)
            try file.defineVariable("S", type: .double, dimensions: ["n_s"], deflateLevel: 4)
            try file.write([Double](), to: "S")
            try file.close()

            let reopened = try NetCDFFile.open(path: path)
            #expect(try reopened.dimensionLength("n_s") == 0)
            #expect(try reopened.read("S", as: Double.self) == [])
        }
    }

    @Test func missingNamesAndWrongTypesThrowTheirOwnErrors() throws {
        try withScratchDirectory { directory in
            let path = directory.file("weights.nc")
            try SampleWeights.write(to: path)
            let file = try NetCDFFile.open(path: path)
            #expect(throws: NetCDFError.missingVariable(name: "weights", path: path)) {
                try file.read("weights", as: Double.self)
            }
            #expect(throws: NetCDFError.missingVariable(name: "T", path: path)) { try file.variable(named: "T") }
            #expect(throws: NetCDFError.missingDimension(name: "n_c", path: path)) { try file.dimensionLength("n_c") }
            #expect(throws: NetCDFError.typeMismatch(name: "row", expected: .double, found: .int32, path: path)) {
                try file.read("row", as: Double.self)
            }
            #expect(throws: NetCDFError.typeMismatch(name: "S", expected: .float, found: .double, path: path)) {
                try file.read("S", rows: 0..<1, as: Float.self)
            }
        }
    }

    @Test func definingOverAMissingDimensionThrows() throws {
        try withScratchDirectory { directory in
            let path = directory.file("undefined.nc")
            let file = try NetCDFFile.create(path: path)
            #expect(throws: NetCDFError.missingDimension(name: "n_s", path: path)) {
                try file.defineVariable("S", type: .double, dimensions: ["n_s"])
            }
            #expect(!file.hasVariable("S"))
        }
    }
}
