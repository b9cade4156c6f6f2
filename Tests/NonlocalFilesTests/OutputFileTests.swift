// Tests of OutputFile: exclusive creation, complete writes, flush and close, errors naming the destination.
import Foundation
import NonlocalFiles
import Testing

@Suite struct OutputFileTests {
    let folder = TestFolder("output-file")

    @Test func writesArriveInOrderAndComplete() throws {
        let path = folder.file("out.bin")
        let pieces = [seededBytes(100_000, seed: 8), [], seededBytes(3, seed: 9), seededBytes(65_536, seed: 10)]
        let output = try OutputFile(creating: path)
        for piece in pieces { try output.write(piece) }
        try output.synchronize()
        try output.close()
        #expect(output.bytesWritten == pieces.map(\.count).reduce(0, +))
        #expect(folder.contents("out.bin") == Array(pieces.joined()))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o600 } == 0o600)
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let path = folder.create("kept.bin", [1, 2, 3])
        #expect(throws: FileError.system(path: path, operation: .create, reason: "File exists")) {
            try OutputFile(creating: path)
        }
        #expect(folder.contents("kept.bin") == [1, 2, 3])
    }

    @Test func errorsNameTheDestinationNotTheTemporaryName() throws {
        let destination = folder.file("missing-folder/a.mtx")
        #expect(throws: FileError.system(path: destination, operation: .create, reason: "No such file or directory")) {
            try OutputFile(creating: folder.file("missing-folder/.a.mtx.1.2.partial"), for: destination)
        }
    }

    @Test func aFileNotClosedIsClosedWhenReleased() throws {
        let path = folder.file("released.bin")
        var output: OutputFile? = try OutputFile(creating: path)
        try output?.write([7, 8])
        #expect(isOpen(path))
        output = nil
        #expect(!isOpen(path))
        #expect(folder.contents("released.bin") == [7, 8])
    }
}
