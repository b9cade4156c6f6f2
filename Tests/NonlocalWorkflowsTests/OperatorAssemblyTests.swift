// Tests of OperatorAssembly and its metadata schema: every key in its order, values from the model and the grid, files that read back.
import Foundation
import NonlocalAssembly
import NonlocalExport
import NonlocalKernels
import NonlocalTestSupport
import NonlocalWorkflows
import Testing

@Suite struct OperatorAssemblyTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nonlocal-workflows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let certified = KernelModel(
        family: .fractionalBernstein, dimension: 1, horizon: 0.25, nonnegativeCoefficients: [1.5, 0, 2], exponent: 1.25,
        certificate: .init(kappa: 0.5, signChangingNorm: 0, lambdaMin: 2, lowerBound: 2, grid: "interval:a=-1,b=1,h=0.01,delta=0.25", coercive: true),
        provenance: .init(dataFile: "/data/frac.nc", dataHash: String(repeating: "ab", count: 32), problem: "fractional", parameters: [:], seed: 3),
        toolkitVersion: "9.9.9")

    /// Every key of the schema, in order, with the values of the model and the grid; keys the model
    /// has no value for (s of a Bernstein-family model) are left out.
    @Test func metadataFollowsTheSchema() throws {
        let specification = GridSpecification.interval(lower: -1, upper: 1, spacing: 0.02, horizon: 0.5)
        let metadata = OperatorMetadata.make(
            model: Self.certified, modelPath: "/models/k.json", grid: try specification.makeGrid(), specification: specification)
        let keys = metadata.entries.map(\.key)
        #expect(keys == OperatorMetadata.keys.filter { !["s", "reaction"].contains($0) })
        #expect(metadata["family"] == .text("fractional-bernstein"))
        #expect(metadata["dimension"] == .integer(1))
        #expect(metadata["delta"] == .number(0.25))
        #expect(metadata["h"] == .number(0.02))
        #expect(metadata["grid"] == .text(specification.description))
        #expect(metadata["order"] == .integer(2))
        #expect(metadata["alpha"] == .number(1.25))
        #expect(metadata["kappa"] == .number(0.5))
        #expect(metadata["lambda_min_training_grid"] == .number(2))
        #expect(metadata["data_file"] == .text("/data/frac.nc"))
        #expect(metadata["data_sha256"] == .text(String(repeating: "ab", count: 32)))
        #expect(metadata["data_problem"] == .text("fractional"))
        #expect(metadata["kernel_model"] == .text("/models/k.json"))
        #expect(metadata["toolkit_version"] == .text("9.9.9"))

        let truncated = KernelModel(family: .truncatedFractional, dimension: 1, horizon: 0.25, fractionalOrder: 0.75, toolkitVersion: "1")
        let plain = OperatorMetadata.make(model: truncated, modelPath: "t.json", grid: try specification.makeGrid(), specification: specification)
        #expect(plain.entries.map(\.key) == ["family", "dimension", "delta", "h", "grid", "s", "kernel_model", "toolkit_version"])
        #expect(plain["s"] == .number(0.75))
    }

    /// The assembled operator solves L_K u = 1 to a small residual, and its NetCDF export carries
    /// the schema, the coefficients and the solution back unchanged.
    @Test func assemblyWritesWhatItComputed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let modelPath = folder.appendingPathComponent("k.json").path
        try Self.certified.write(to: modelPath)
        var assembly = OperatorAssembly(modelPath: modelPath, grid: .interval(lower: -1, upper: 1, spacing: 0.01, horizon: 0.25))
        assembly.rightHandSideConstant = 1
        assembly.solve = true
        assembly.factor = true
        let outcome = try assembly.run()
        let matrix = outcome.file.matrix
        let u = try #require(outcome.file.vectors["surrogate_solution"])
        let ones = [Double](repeating: 1, count: matrix.rowCount)
        #expect(matrix.multiply(u).subtracting(ones).euclideanNorm <= 1e-12 * ones.euclideanNorm)
        #expect(outcome.file.coefficients["C"] == [1.5, 0, 2])
        let path = folder.appendingPathComponent("op.nc").path
        let (written, removed) = try outcome.write(to: path, format: .netCDF)
        #expect(written == [path, folder.appendingPathComponent("op.factor.nc").path])
        #expect(removed.isEmpty)
        let read = try OperatorFile.readNetCDF(from: path)
        #expect(read.metadata.entries.map(\.key).filter { OperatorMetadata.keys.contains($0) } == OperatorMetadata.keys.filter { !["s", "reaction"].contains($0) })
        #expect(read.vectors["surrogate_solution"] == u)
        #expect(read.matrix.columnIndices == matrix.columnIndices && read.matrix.values == matrix.values)
    }

    @Test func gridsTheModelCannotLiveOnAreRefusedBeforeAssembly() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let modelPath = folder.appendingPathComponent("k.json").path
        try Self.certified.write(to: modelPath)
        #expect(throws: WorkflowError.horizon(modelPath: modelPath, .horizonBeyondLayer(horizon: 0.25, layerWidth: 0.1))) {
            try OperatorAssembly(modelPath: modelPath, grid: .interval(lower: -1, upper: 1, spacing: 0.01, horizon: 0.1)).run()
        }
        let plane = GridSpecification.disk(radius: 1, spacing: 0.05, horizon: 0.25)
        #expect(throws: WorkflowError.dimensionMismatch(modelPath: modelPath, kernel: 1, grid: plane)) {
            try OperatorAssembly(modelPath: modelPath, grid: plane).run()
        }
    }
}
