// Tests of the dense NetCDF operator file: bit-exact round trips, its layout, choosing the variable, and what is refused.
import Foundation
import NonlocalExport
import NonlocalNetCDF
import NonlocalTestSupport
import Testing

@Suite struct DenseNetCDFFileTests {
    @Test(arguments: [(0, 0), (0, 4), (3, 0), (1, 1), (5, 7), (130, 90), (1100, 1000)])
    func roundTripsAreBitExact(shape: (Int, Int)) throws {
        let (rows, columns) = shape
        let matrix = DenseSamples.matrix(rows: rows, columns: columns, seed: UInt64(7 * rows + columns))
        var metadata = ExportMetadata()
        metadata.set("delta", .number(0.25))
        metadata.set("family", .text("fractional full horizon"))
        metadata.set("order", .integer(20))
        let path = exportFolder() + "/dense.nc"
        try DenseNetCDFFile.write(matrix, to: path, metadata: metadata)
        let content = try DenseNetCDFFile.read(from: path)
        #expect(content.variable == "A")
        #expect(DenseSamples.identicalBits(content.matrix, matrix))
        #expect(content.metadata == metadata)
    }

    @Test func theLayoutIsTheDocumentedOne() throws {
        // [[1, 2, 3], [4, 5, 6]]: NetCDF stores it row by row.
        let matrix = DenseMatrix(columns: [[1, 4], [2, 5], [3, 6]])
        let path = exportFolder() + "/layout.nc"
        try DenseNetCDFFile.write(matrix, to: path)
        let file = try NetCDFFile.open(path: path)
        defer { try? file.close() }
        #expect(try file.variableNames() == ["A"])
        let variable = try file.variable(named: "A")
        #expect(variable.type == .double && variable.dimensions == ["row", "column"] && variable.shape == [2, 3])
        #expect(try file.read("A", as: Double.self) == [1, 2, 3, 4, 5, 6])
        #expect(try file.attribute("long_name", variable: "A", as: String.self) == "operator matrix, entry A[row, column]")
        #expect(try file.attribute("Conventions", as: String.self) == "NonlocalKit-dense-operator-1")
        #expect(try file.attribute("rows", as: Int64.self) == 2 && file.attribute("columns", as: Int64.self) == 3)
        #expect(try file.attribute("symmetry", as: String.self) == "general")
        #expect(try file.attribute("storage", as: String.self) == "full")
    }

    @Test func symmetricIsRecordedOnlyForAnExactlySymmetricMatrix() throws {
        let folder = exportFolder()
        let symmetric = DenseSamples.symmetric(6, seed: 11)
        try DenseNetCDFFile.write(symmetric, to: folder + "/s.nc", storage: .symmetric)
        let file = try NetCDFFile.open(path: folder + "/s.nc")
        #expect(try file.attribute("symmetry", as: String.self) == "symmetric")
        try file.close()
        var broken = symmetric
        broken[1, 4] = 0.1
        broken[4, 1] = 0.1.nextUp
        #expect(throws: ExportError.unsupported(
            path: folder + "/b.nc",
            reason: "the matrix is not symmetric: A[4, 1] = 0.10000000000000002 but A[1, 4] = 0.1 (0-based); "
                + "write it with storage .general")
        ) {
            try DenseNetCDFFile.write(broken, to: folder + "/b.nc", storage: .symmetric)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/b.nc"))
    }

    @Test func nonFiniteEntriesAreRefusedAndLeaveNoFile() throws {
        let folder = exportFolder()
        var matrix = DenseMatrix(rowCount: 2, columnCount: 2)
        matrix[1, 0] = -.infinity
        #expect(throws: ExportError.unsupported(
            path: folder + "/x.nc", reason: "A[1, 0] (0-based) is -inf; NaN and infinite entries are refused (fix the matrix before exporting it)")
        ) {
            try DenseNetCDFFile.write(matrix, to: folder + "/x.nc")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// A file with the given variables, each filled with 0, 1, 2, … in file order.
    func file(_ variables: [(name: String, type: NetCDFType, dimensions: [String])], dimensions: [String: Int]) throws -> String {
        let path = exportFolder() + "/vars.nc"
        let file = try NetCDFFile.create(path: path)
        for (name, length) in dimensions.sorted(by: { $0.key < $1.key }) { try file.defineDimension(name, length: length) }
        for variable in variables {
            try file.defineVariable(variable.name, type: variable.type, dimensions: variable.dimensions)
            let count = variable.dimensions.map { dimensions[$0]! }.reduce(1, *)
            switch variable.type {
            case .double: try file.write((0..<count).map(Double.init), to: variable.name)
            case .float: try file.write((0..<count).map { Float($0) + 0.1 }, to: variable.name)
            case .int32: try file.write((0..<count).map(Int32.init), to: variable.name)
            default: break
            }
        }
        try file.close()
        return path
    }

    @Test func theVariableIsTheNamedOneOrTheOnly2DVariable() throws {
        let path = try file(
            [("x", .double, ["i"]), ("K", .double, ["i", "j"]), ("F", .float, ["j", "i"]), ("n", .int32, ["i", "j"])],
            dimensions: ["i": 2, "j": 3])
        let named = try DenseNetCDFFile.read(from: path, variable: "K")
        #expect(named.matrix == DenseMatrix(columns: [[0, 3], [1, 4], [2, 5]]))
        // A float variable converts exactly: 1.1f is 1.10000002384185791015625, not 1.1.
        let float = try DenseNetCDFFile.read(from: path, variable: "F").matrix
        #expect(float.rowCount == 3 && float.columnCount == 2)
        #expect(float[0, 1] == Double(Float(1.1)) && float[0, 1] != 1.1)
        #expect(throws: ExportError.invalidNetCDF(
            path: path, reason: "2 variables could be the matrix: K(i, j) double, F(j, i) float; name the one to read")
        ) {
            try DenseNetCDFFile.read(from: path)
        }
        #expect(throws: ExportError.invalidNetCDF(path: path, reason: "variable 'n' holds int values; a matrix needs double or float")) {
            try DenseNetCDFFile.read(from: path, variable: "n")
        }
        #expect(throws: ExportError.invalidNetCDF(
            path: path, reason: "variable 'x' is 1-D (i: 2); a matrix needs 2 dimensions, rows then columns")
        ) {
            try DenseNetCDFFile.read(from: path, variable: "x")
        }
        #expect(throws: ExportError.invalidNetCDF(
            path: path, reason: "no variable named 'A'; the 2-D double or float variables are: K(i, j) double, F(j, i) float")
        ) {
            try DenseNetCDFFile.read(from: path, variable: "A")
        }

        let only = try file([("x", .double, ["i"]), ("M", .double, ["j", "i"])], dimensions: ["i": 2, "j": 3])
        let content = try DenseNetCDFFile.read(from: only)
        #expect(content.variable == "M" && content.matrix == DenseMatrix(columns: [[0, 2, 4], [1, 3, 5]]))
    }

    @Test func fillValuesAndPackedVariablesAreRefused() throws {
        let path = exportFolder() + "/marks.nc"
        let file = try NetCDFFile.create(path: path)
        try file.defineDimension("i", length: 2)
        for name in ["filled", "missing", "packed", "clean"] {
            try file.defineVariable(name, type: .double, dimensions: ["i", "i"])
        }
        try file.setAttribute("_FillValue", -999.0, variable: "filled")
        try file.setAttribute("missing_value", Float(7), variable: "missing")
        try file.setAttribute("scale_factor", 0.5, variable: "packed")
        try file.setAttribute("_FillValue", -999.0, variable: "clean")
        for name in ["filled", "missing", "packed"] { try file.write([1, -999, 7, 4], to: name) }
        try file.write([1, 2, 3, 4], to: "clean")
        try file.close()
        #expect(throws: ExportError.invalidNetCDF(
            path: path,
            reason: "variable 'filled': entry (0, 1) (0-based) equals filled:_FillValue = -999.0, which marks a missing entry; "
                + "write every entry, or remove _FillValue")
        ) {
            try DenseNetCDFFile.read(from: path, variable: "filled")
        }
        #expect(throws: ExportError.invalidNetCDF(
            path: path,
            reason: "variable 'missing': entry (1, 0) (0-based) equals missing:missing_value = 7.0, which marks a missing entry; "
                + "write every entry, or remove missing_value")
        ) {
            try DenseNetCDFFile.read(from: path, variable: "missing")
        }
        #expect(throws: ExportError.invalidNetCDF(
            path: path, reason: "variable 'packed' is packed (packed:scale_factor); store the matrix unpacked, as double")
        ) {
            try DenseNetCDFFile.read(from: path, variable: "packed")
        }
        #expect(try DenseNetCDFFile.read(from: path, variable: "clean").matrix == DenseMatrix(columns: [[1, 3], [2, 4]]))
    }

    @Test func aMissingFileIsAnIOErrorAndAForeignFileIsNamed() throws {
        #expect(throws: ExportError.io(path: "/nonexistent-netcdf/A.nc", reason: "cannot open the file: No such file or directory")) {
            try DenseNetCDFFile.read(from: "/nonexistent-netcdf/A.nc")
        }
        let path = exportFolder() + "/text.nc"
        try Data("not netcdf\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try DenseNetCDFFile.read(from: path)
        } throws: { error in
            guard case ExportError.invalidNetCDF(path, let reason) = error else { return false }
            return reason.hasPrefix("not a file netCDF-C can open (") && reason.hasSuffix("); expected NetCDF-3 or NetCDF-4")
        }
    }
}
