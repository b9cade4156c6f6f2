// Tests of ModelLearning: the order chosen by validation loss, provenance that names the data and its SHA-256, the grid checked first.
import Foundation
import NonlocalAssembly
import NonlocalGenerators
import NonlocalKernels
import NonlocalRegression
import NonlocalWorkflows
import Testing

@Suite struct ModelLearningTests {
    @Test func sha256MatchesTheStandardVectors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // FIPS 180-2 test vectors: "abc", and one million 'a' (longer than one read block).
        #expect(FileManager.default.createFile(atPath: path, contents: Data("abc".utf8)))
        #expect(try FileDigest.sha256(of: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: UInt8(ascii: "a"), count: 1_000_000)))
        #expect(try FileDigest.sha256(of: path) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(throws: WorkflowError.self) { try FileDigest.sha256(of: path + ".missing") }
    }

    /// The validation loss picks the order; among equal losses the first (lowest) order.
    @Test func selectionKeepsTheLowestValidationLoss() {
        func model(_ order: Int, training: Double, validation: Double?) -> KernelModel {
            var losses = ["training": training]
            if let validation { losses["validation"] = validation }
            return KernelModel(
                family: .bernstein, dimension: 1, horizon: 0.25, nonnegativeCoefficients: [Double](repeating: 1, count: order + 1),
                losses: losses, toolkitVersion: "test")
        }
        let sweep = [model(2, training: 3, validation: 5), model(3, training: 1, validation: 4), model(4, training: 0.5, validation: 4)]
        #expect(ModelLearning.select(from: sweep).order == 3)
        // Without validation losses everywhere, the training loss decides.
        #expect(ModelLearning.select(from: sweep + [model(5, training: 0.1, validation: nil)]).order == 5)
    }

    /// Manufactured data of kernel (5.3): the sweep recovers C = (0, 2, 4) at M = 2 exactly, the
    /// file and its hash go into the provenance, and a dataset on another grid is refused.
    @Test func learningRecordsProvenanceAndChecksTheGrid() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("learning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var problem = ManufacturedProblem()
        problem.samples = 200
        let data = folder.appendingPathComponent("man.nc").path
        try problem.generate().write(to: data)

        let learning = ModelLearning(dataPath: data, configuration: .init(horizon: 0.25, order: 0), orders: [1, 2, 3])
        let outcome = try learning.run()
        #expect(outcome.sweep.map(\.order) == [1, 2, 3])
        // Every order from 1 up represents (5.3) exactly, so the chosen one is whichever rounding
        // favoured: it must be the sweep's smallest validation loss, and its kernel (5.3).
        let best = outcome.sweep.map { $0.losses["validation"]! }.min()!
        #expect(outcome.model.losses["validation"] == best)
        let kernel = try outcome.model.makeKernel(), exact = ManufacturedKernel.linear(horizon: 0.25, dimension: 1)
        for r in stride(from: 0.01, through: 0.25, by: 0.01) { #expect(abs(kernel(r) - exact(r)) <= 1e-8 * exact(0.25)) }
        #expect(outcome.model.provenance?.dataFile == data)
        #expect(outcome.model.provenance?.dataHash == (try FileDigest.sha256(of: data)))

        var elsewhere = learning
        elsewhere.expectedGrid = .periodic(dimension: 1, points: 200, length: 1)
        #expect(throws: WorkflowError.gridMismatch(dataPath: data, dataset: .periodic(dimension: 1, points: 100, length: 1), requested: .periodic(dimension: 1, points: 200, length: 1))) {
            try elsewhere.run()
        }
    }
}
