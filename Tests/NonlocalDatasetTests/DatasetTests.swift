// Tests of the dataset file: exact round trips, identical bytes, and one message per malformed file.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
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
        "empty_mask.nc": "mask selects no evaluation points",
        "mask_not_binary.nc": "mask is 2 at point 3",
        "mask_is_double.nc": "'mask' has shape",
        "not_netcdf.nc": "cannot read dataset",
        "truncated.nc": "cannot read dataset",
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
