// Replays every input the fuzzers (fuzz/, `make fuzz`) ever found crashing a reader through the ordinary, uninstrumented reader.
import Foundation
import NonlocalDataset
import NonlocalExport
import NonlocalKernels
import Testing

/// `fixtures/fuzz`, found from this source file.
let fuzzFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/fuzz")

/// A reader the fuzzers exercise: the folder `fixtures/fuzz/<folder>/crashers` holds what crashed it, and `read`
/// is exactly the call its fuzz target makes (fuzz/Sources/Fuzz…/).
struct FuzzedReader: Sendable, CustomTestStringConvertible {
    let folder: String
    let read: @Sendable (String) throws -> Void
    var testDescription: String { folder }

    static let all: [FuzzedReader] = [
        FuzzedReader(folder: "matrixmarket") { _ = try MatrixMarketFile.read(from: $0) },
        FuzzedReader(folder: "petsc") { _ = try PETScBinaryFile.read(from: $0) },
        FuzzedReader(folder: "netcdf-dataset") { _ = try Dataset.read(from: $0) },
        FuzzedReader(folder: "netcdf-operator") { _ = try OperatorMatrix.read(from: $0, format: .netCDF) },
        FuzzedReader(folder: "model-json") { _ = try KernelModel.read(from: $0) },
    ]

    /// The files in `fixtures/fuzz/<folder>/crashers`.
    var crashers: [String] {
        let folder = fuzzFixtures.appendingPathComponent(folder).appendingPathComponent("crashers")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0).path }
    }
}

@Suite struct FuzzCrasherReplayTests {
    /// Every crasher is read to the end: a crash, trap or abort ends the test process (and so fails
    /// the suite); an input that is refused must be refused with one line naming the file. An input
    /// the reader accepts is fine too: a crash was the bug, not acceptance.
    @Test(arguments: FuzzedReader.all) func everyCrasherIsRefusedWithOneLineOrRead(reader: FuzzedReader) {
        for path in reader.crashers {
            do {
                try reader.read(path)
            } catch {
                let message = "\(error)"
                #expect(!message.contains("\n"), "\(path): more than one line: \(message)")
                #expect(message.hasPrefix(path), "\(path): the message does not start with the file: \(message)")
            }
        }
    }

    /// Every folder under fixtures/fuzz belongs to a reader above, so no crasher is stored where nothing replays it.
    @Test func everyCorpusFolderHasAReader() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: fuzzFixtures.path).filter { name in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: fuzzFixtures.appendingPathComponent(name).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }
        let known = Set(FuzzedReader.all.map(\.folder))
        #expect(Set(folders).subtracting(known).isEmpty, "folders without a reader: \(Set(folders).subtracting(known).sorted())")
    }
}
