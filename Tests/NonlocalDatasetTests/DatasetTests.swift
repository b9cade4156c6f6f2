// Tests of the dataset file: exact round trips, identical bytes, and one message per malformed file.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalNetCDF
import NonlocalTestSupport
import Testing

/// The repository's fixtures folder, found from this source file.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/datasets")

func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct DatasetTests {
    @Test func roundTripIsExactIncludingExteriorValues() throws {
        let specification = GridSpecification.disk(radius: 1, spacing: 0.2, horizon: 0.4)
        let grid = try specification.makeGrid()
        var generator = SplitMix64(seed: 3)
        let samples = 4
        let data = Dataset(
            problem: "round-trip", grid: specification,
            u: DenseMatrix(rowCount: grid.interiorCount, columnCount: samples, storage: generator.uniform(grid.interiorCount * samples)),
            f: DenseMatrix(rowCount: grid.interiorCount, columnCount: samples, storage: generator.uniform(grid.interiorCount * samples).map { $0 * 1e300 }),
            exterior: DenseMatrix(rowCount: grid.layerCount, columnCount: samples, storage: generator.uniform(grid.layerCount * samples)),
            evaluationMask: (0..<grid.interiorCount).map { $0 % 3 == 0 }, parameters: ["order": "0.75", "note": "π ≈ 3.14"],
            seed: UInt64.max - 5)
        let path = temporaryFolder() + "/data.nc"
        try data.write(to: path)
        let read = try Dataset.read(from: path)
        #expect(read.u == data.u && read.f == data.f && read.exterior == data.exterior)
        #expect(read.evaluationMask == data.evaluationMask && read.parameters == data.parameters)
        #expect(read.seed == data.seed && read.grid == specification && read.problem == "round-trip")
    }

    @Test func sameSeedGivesIdenticalBytes() throws {
        let folder = temporaryFolder()
        var problem = BiharmonicProblem()
        problem.samples = 50
        try problem.generate().write(to: folder + "/a.nc")
        try problem.generate().write(to: folder + "/b.nc")
        problem.seed = 2
        try problem.generate().write(to: folder + "/c.nc")
        let a = FileManager.default.contents(atPath: folder + "/a.nc")
        #expect(a != nil && a == FileManager.default.contents(atPath: folder + "/b.nc"))
        #expect(a != FileManager.default.contents(atPath: folder + "/c.nc"))
    }

    @Test func aDatasetWrittenFromPythonReads() throws {
        let data = try Dataset.read(from: fixtures.appendingPathComponent("valid/python_periodic.nc").path)
        #expect(data.sampleCount == 3 && data.pointCount == 8 && data.problem == "python-example")
        #expect(abs(data.u[0, 0] - 1) <= 1e-15 && abs(data.f[0, 0] - 4 * .pi * .pi) <= 1e-12)
        #expect(data.seed == nil && data.evaluationPoints == Array(0..<8))
    }

    @Test func xarraysDimensionCoordinateAndFloat32ValuesRead() throws {
        let data = try Dataset.read(from: fixtures.appendingPathComponent("valid/python_x_dimension_float32.nc").path)
        #expect(data.sampleCount == 3 && data.pointCount == 8 && data.problem == "python-x-dimension")
        for sample in 0..<3 {
            for point in 0..<8 {
                let u = data.u[point, sample], exact = cos(2 * Double.pi * Double(point) / 8) + Double(sample)
                #expect(Double(Float(u)) == u, "u holds the file's float32 values")
                #expect(abs(u - exact) <= Double(Float(exact).ulp), "u[\(point), \(sample)] = \(u)")
            }
        }
        #expect(abs(data.f[0, 0] - 4 * .pi * .pi) <= 1e-12 && data.evaluationPoints == Array(0..<8))
    }

    /// A disk dataset written by hand with float32 u, x and y, y[1] moved by `shift`.
    func floatDataset(shift: Double) throws -> (path: String, u: [Float]) {
        let specification = GridSpecification.disk(radius: 1, spacing: 0.1, horizon: 0.2)
        let points = try specification.makeGrid().interiorCoordinates
        var generator = SplitMix64(seed: 12)
        let u = generator.uniform(2 * points.count).map { Float($0 * 3) }
        let path = temporaryFolder() + "/float.nc"
        let file = try NetCDFFile.create(path: path)
        try file.setAttribute("problem", "float32")
        try file.setAttribute("grid", specification.description)
        try file.defineDimension("sample", length: 2)
        try file.defineDimension("point", length: points.count)
        try file.defineVariable("u", type: .float, dimensions: ["sample", "point"])
        try file.write(u, to: "u")
        try file.defineVariable("f", type: .double, dimensions: ["sample", "point"])
        try file.write([Double](repeating: 1, count: 2 * points.count), to: "f")
        var y = points.map { Float($0.y) }
        y[1] = Float(points[1].y + shift)
        for (name, values) in [("x", points.map { Float($0.x) }), ("y", y)] {
            try file.defineVariable(name, type: .float, dimensions: ["point"])
            try file.write(values, to: name)
        }
        try file.defineVariable("mask", type: .uint8, dimensions: ["point"])
        try file.write([UInt8](repeating: 1, count: points.count), to: "mask")
        try file.close()
        return (path, u)
    }

    @Test func float32CoordinatesMatchTheGridToTwoFloatUlps() throws {
        let (path, u) = try floatDataset(shift: 0)
        let data = try Dataset.read(from: path)
        #expect(data.u.storage == u.map(Double.init))
        let (offGrid, _) = try floatDataset(shift: 1e-5)  // a ten-thousandth of h, but a hundred float ulps
        #expect {
            try Dataset.read(from: offGrid)
        } throws: { error in
            (error as? DatasetError)?.description.contains("y[1] = ") == true
        }
    }

    /// Each malformed fixture and the words its one error line must contain.
    static let invalid: [String: String] = [
        "missing_f.nc": "variable 'f' is missing",
        "missing_mask.nc": "variable 'mask' is missing",
        "missing_grid_attribute.nc": "global attribute 'grid' is missing",
        "unknown_grid_kind.nc": "unknown grid kind 'hexagon'",
        "u_transposed.nc": "'u' has shape (point, sample), expected (sample, point)",
        "f_sample_count_differs.nc": "'f' has shape (sample_f, point)",
        "point_count_differs_from_grid.nc": "dimension point has 10 entries but grid",
        "coordinates_out_of_order.nc": "x[0] = 0.875 but the grid's point 0 is at 0.0",
        "nan_in_u.nc": "u is NaN or infinite at sample 1, point 5",
        "infinity_in_f.nc": "f is NaN or infinite at sample 2, point 0",
        "nan_in_x.nc": "coordinate x[4] is nan (NaN or infinite)",
        "infinity_in_x.nc": "coordinate x[2] is -inf (NaN or infinite)",
        "empty_mask.nc": "mask selects no evaluation points",
        "mask_not_binary.nc": "mask is 2 at point 3",
        "mask_is_double.nc": "'mask' has shape",
        "not_netcdf.nc": "cannot read dataset",
        "truncated.nc": "cannot read dataset",
        "x_dimension_length_differs_from_grid.nc": "dimension x has 10 entries but grid",
        "x_dimension_on_a_disk.nc": "'u' has shape (sample, x), expected (sample, point) with x(point), y(point): a 2-D grid's unknowns",
        "x_dimension_without_its_coordinate_variable.nc": "'u' has shape (sample, x), expected (sample, point), or (sample, x) with x(x)",
        "f_over_point_u_over_x.nc": "'f' has shape (sample, point), expected (sample, x) like u",
        "u_is_int32.nc": "'u' holds int (NumPy int32) values; a dataset needs double or float values (NumPy float64 or float32)",
        "u_is_int16.nc": "'u' holds short (NumPy int16) values; a dataset needs double or float",
        "x_is_int64.nc": "'x' holds int64 (NumPy int64) values; a dataset needs double or float",
    ]

    @Test func everyMalformedFixtureIsRejectedWithItsOwnMessage() throws {
        let folder = fixtures.appendingPathComponent("invalid")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".nc") }.sorted()
        #expect(Set(files) == Set(Self.invalid.keys), "fixtures and expectations differ")
        var messages: [String] = []
        for file in files {
            let path = folder.appendingPathComponent(file).path
            do {
                _ = try Dataset.read(from: path)
                Issue.record("\(file) was accepted")
            } catch {
                let message = error.description
                #expect(message.contains(Self.invalid[file] ?? "?"), "\(file): \(message)")
                #expect(message.hasPrefix(path) && !message.contains("\n"), "\(file): \(message)")
                messages.append(message)
            }
        }
        #expect(Set(messages).count == messages.count, "two fixtures share a message")
    }
}
