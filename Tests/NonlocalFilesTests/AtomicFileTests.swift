// Tests of atomic writes: complete files appear, failed writers leave nothing.
import Foundation
import NonlocalFiles
import Testing

@Suite struct AtomicFileTests {
    let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    struct HalfWritten: Error {}

    @Test func completeWritesAppearAndReplace() throws {
        let path = folder + "/out.bin"
        try AtomicFile.write(Data([1, 2, 3]), to: path)
        try AtomicFile.write(Data([4, 5]), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data([4, 5]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.bin"])
    }

    @Test func aWriterThatFailsHalfwayLeavesNoFile() throws {
        let path = folder + "/broken.bin"
        #expect(throws: HalfWritten.self) {
            try AtomicFile.write(to: path) { (temporary: String) throws in
                try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: temporary))
                throw HalfWritten()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func aMissingFolderIsNamed() {
        #expect(throws: FileError.missingFolder(path: "/nonexistent-dir/x.nc", folder: "/nonexistent-dir")) {
            try AtomicFile.write(Data([1]), to: "/nonexistent-dir/x.nc")
        }
    }
}
