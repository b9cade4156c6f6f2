// Tests of the NetCDF operator file: bit-exact round trips, identical bytes, layout validation, interrupted writes.
import Foundation
import NonlocalExport
import NonlocalNetCDF
import NonlocalTestSupport
import Testing

func exportFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A seeded random matrix with `entries` triplets whose values are random finite bit patterns
/// (subnormals, ±0, huge and tiny numbers included); symmetric when asked.
func randomBitPatternMatrix(_ n: Int, entries: Int, symmetric: Bool, seed: UInt64) -> SparseMatrix {
    var generator = SplitMix64(seed: seed)
    var builder = TripletBuilder(rowCount: n, columnCount: n + (symmetric ? 0 : 3))
    func value() -> Double {
        while true {
            let x = Double(bitPattern: generator.next())
            if x.isFinite { return x }
        }
    }
    var seen = Set<Int>()
    while seen.count < entries {
        let i = generator.integer(in: 0...(n - 1)), j = generator.integer(in: 0...(symmetric ? i : n + 2))
        guard seen.insert(i * (n + 3) + j).inserted else { continue }
        let x = value()
        builder.append(row: i, column: j, value: x)
        if symmetric && i != j { builder.append(row: j, column: i, value: x) }
    }
    return builder.build()
}

/// Same pattern and the same bits in every value (−0 ≠ +0).
func bitIdentical(_ a: SparseMatrix, _ b: SparseMatrix) -> Bool {
    a.rowCount == b.rowCount && a.columnCount == b.columnCount && a.rowPointers == b.rowPointers
        && a.columnIndices == b.columnIndices && a.values.map(\.bitPattern) == b.values.map(\.bitPattern)
}

@Suite struct OperatorFileNetCDFTests {
    @Test(arguments: [(1, false), (1, true), (1000, false), (1000, true), (1_000_000, false), (1_000_000, true)])
    func roundTripsAreBitExact(entries: Int, symmetric: Bool) throws {
        let n = max(3, Int(Double(entries).squareRoot() * 2))
        let matrix = randomBitPatternMatrix(n, entries: entries, symmetric: symmetric, seed: UInt64(entries))
        var metadata = ExportMetadata()
        metadata.set("delta", .number(0.25))
        metadata.set("family", .text("bernstein"))
        metadata.set("order", .integer(20))
        var generator = SplitMix64(seed: 9)
        let rows = matrix.rowCount
        let file = OperatorFile(
            matrix: matrix, storage: symmetric ? .symmetric : .general, metadata: metadata,
            coefficients: ["C": [0, 4, 1e-300], "D": [-0.0, .leastNonzeroMagnitude, 1]],
            coordinates: (0..<rows).map { SIMD2(Double($0) * 0.1, -Double($0)) },
            vectors: ["rhs": generator.uniform(rows), "surrogate_solution": generator.uniform(rows)])
        let path = exportFolder() + "/op.nc"
        try file.writeNetCDF(to: path)
        let read = try OperatorFile.readNetCDF(from: path)
        #expect(bitIdentical(read.matrix, matrix))
        #expect(read.storage == file.storage && read.metadata == metadata)
        #expect(read.coefficients["D"]!.map(\.bitPattern) == file.coefficients["D"]!.map(\.bitPattern))
        #expect(read.coordinates == file.coordinates && read.vectors == file.vectors)
    }

    @Test func sameContentGivesIdenticalBytes() throws {
        let folder = exportFolder()
        let file = OperatorFile(matrix: randomBitPatternMatrix(50, entries: 400, symmetric: true, seed: 4), storage: .symmetric)
        try file.writeNetCDF(to: folder + "/a.nc")
        try file.writeNetCDF(to: folder + "/b.nc")
        #expect(FileManager.default.contents(atPath: folder + "/a.nc") == FileManager.default.contents(atPath: folder + "/b.nc"))
    }

    @Test func aFileWithoutTheCFAttributesStillReads() throws {
        // The layout before CF-1.10: the same variables, no units, long_name or coordinates on xc_b, yc_b and the vectors.
        let path = exportFolder() + "/old.nc"
        let file = try NetCDFFile.create(path: path)
        try file.setAttribute("Conventions", "NonlocalKit-operator-1")
        try file.setAttribute("symmetry", "symmetric")
        try file.setAttribute("delta", 0.25)
        for (name, length) in [("n_a", 2), ("n_b", 2), ("n_s", 3)] { try file.defineDimension(name, length: length) }
        for (name, values) in [("row", [Int32(1), 2, 2]), ("col", [1, 1, 2])] {
            try file.defineVariable(name, type: .int32, dimensions: ["n_s"])
            try file.setAttribute("start_index", Int32(1), variable: name)
            try file.write(values, to: name)
        }
        for (name, dimension, values) in [("S", "n_s", [2, -1, 2]), ("xc_b", "n_b", [0.25, 0.75]), ("yc_b", "n_b", [0, 0]), ("rhs", "n_b", [1, 1])] {
            try file.defineVariable(name, type: .double, dimensions: [dimension])
            try file.write(values, to: name)
        }
        try file.close()
        let read = try OperatorFile.readNetCDF(from: path)
        #expect(read.matrix[0, 0] == 2 && read.matrix[0, 1] == -1 && read.matrix[1, 0] == -1 && read.matrix[1, 1] == 2)
        #expect(read.storage == .symmetric && read.metadata["delta"] == .number(0.25) && read.metadata["Conventions"] == nil)
        #expect(read.coordinates == [SIMD2(0.25, 0), SIMD2(0.75, 0)] && read.vectors == ["rhs": [1, 1]])
    }

    @Test func aWriteInterruptedHalfwayLeavesNoFile() throws {
        let folder = exportFolder()
        let file = OperatorFile(matrix: randomBitPatternMatrix(100, entries: 2000, symmetric: false, seed: 5))
        let interrupted = ExportError.io(path: folder + "/op.nc", reason: "interrupted by the test")
        #expect(throws: interrupted) {
            try file.writeNetCDF(to: folder + "/op.nc") { (name) throws(ExportError) in if name == "col" { throw interrupted } }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func aMissingFolderIsNamed() {
        #expect(throws: ExportError.io(path: "/nonexistent-netcdf/op.nc", reason: "folder /nonexistent-netcdf does not exist; create it first")) {
            try OperatorFile(matrix: .identity(2)).writeNetCDF(to: "/nonexistent-netcdf/op.nc")
        }
    }

    @Test func symmetricStorageOfANonsymmetricMatrixIsRefused() {
        let file = OperatorFile(matrix: randomBitPatternMatrix(10, entries: 30, symmetric: false, seed: 6), storage: .symmetric)
        #expect(throws: ExportError.self) { try file.writeNetCDF(to: exportFolder() + "/op.nc") }
    }

    /// Writes a hand-made weight file whose layout is broken in one way.
    func brokenFile(_ name: String, rows: [Int32], columns: [Int32], start: Int32 = 1, symmetric: Bool = false) throws -> String {
        let path = exportFolder() + "/\(name).nc"
        let file = try NetCDFFile.create(path: path)
        try file.setAttribute("symmetry", symmetric ? "symmetric" : "general")
        try file.defineDimension("n_a", length: 3)
        try file.defineDimension("n_b", length: 3)
        try file.defineDimension("n_s", length: rows.count)
        for (variable, values) in [("row", rows), ("col", columns)] {
            try file.defineVariable(variable, type: .int32, dimensions: ["n_s"])
            try file.setAttribute("start_index", start, variable: variable)
            try file.write(values, to: variable)
        }
        if name != "missing_S" {
            try file.defineVariable("S", type: .double, dimensions: ["n_s"])
            try file.write([Double](repeating: 1, count: rows.count), to: "S")
        }
        try file.close()
        return path
    }

    @Test func malformedLayoutsAreRejectedWithTheirReason() throws {
        let cases: [(String, [Int32], [Int32], Int32, Bool, String)] = [
            ("missing_S", [1], [1], 1, false, "row, col (int) and S (double) are required"),
            ("zero_based", [1], [1], 0, false, "row:start_index must be 1"),
            ("out_of_range", [1, 4], [1, 1], 1, false, "entry 1 at (4, 1) lies outside the 3 × 3 matrix"),
            ("upper_under_symmetric", [1, 1], [1, 2], 1, true, "entry 1 at (1, 2) lies above the diagonal"),
        ]
        for (name, rows, columns, start, symmetric, reason) in cases {
            let path = try brokenFile(name, rows: rows, columns: columns, start: start, symmetric: symmetric)
            #expect {
                try OperatorFile.readNetCDF(from: path)
            } throws: { error in
                guard case ExportError.invalidNetCDF(path, let message) = error else { return false }
                return message.hasPrefix(reason)
            }
        }
    }
}
