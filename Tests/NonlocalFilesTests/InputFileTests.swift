// Tests of InputFile: whole reads and block reads give the file's bytes, for regular files, FIFOs and empty files.
import Foundation
import NonlocalFiles
import Testing

@Suite struct InputFileTests {
    let folder = TestFolder("input-file")

    @Test func readAllGivesTheFileBytes() throws {
        let bytes = seededBytes(300_001)
        let path = folder.create("a.bin", bytes)
        #expect(try InputFile(opening: path).readAll() == bytes)
    }

    @Test func readAllOfAFIFOReadsUntilTheWriterCloses() throws {
        let bytes = seededBytes(2_500_003, seed: 2)  // more than one 1 MiB block, written in odd pieces
        let fifo = folder.fifo("pipe", feeding: bytes)
        #expect(try InputFile(opening: fifo).readAll() == bytes)
    }

    @Test func blocksConcatenateToTheWholeFile() throws {
        let bytes = seededBytes(10_007, seed: 3)
        let path = folder.create("blocks.bin", bytes)
        var blocks: [[UInt8]] = []
        try InputFile(opening: path).readBlocks(ofSize: 1000) { blocks.append([UInt8]($0)) }
        #expect(blocks.count == 11)
        #expect(blocks.allSatisfy { $0.count <= 1000 })
        #expect(Array(blocks.joined()) == (try InputFile(opening: path).readAll()))
        #expect(Array(blocks.joined()) == bytes)
    }

    @Test func blocksOfAFIFOConcatenateToItsBytes() throws {
        let bytes = seededBytes(700_000, seed: 4)
        let fifo = folder.fifo("pipe", feeding: bytes, piece: 65_537)
        var streamed: [UInt8] = []
        try InputFile(opening: fifo).readBlocks(ofSize: 4096) { streamed.append(contentsOf: $0) }
        #expect(streamed == bytes)
    }

    @Test func readReturnsZeroAtTheEnd() throws {
        let path = folder.create("short.bin", [1, 2, 3])
        let file = try InputFile(opening: path)
        var buffer = [UInt8](repeating: 0, count: 8)
        let first = try buffer.withUnsafeMutableBytes { try file.read(into: $0) }
        #expect(first == 3 && buffer[..<3] == [1, 2, 3])
        #expect(try buffer.withUnsafeMutableBytes { try file.read(into: $0) } == 0)
    }

    @Test func anEmptyFileHasNoBytesAndNoBlocks() throws {
        let path = folder.create("empty.bin", [])
        #expect(try InputFile(opening: path).readAll() == [])
        var calls = 0
        try InputFile(opening: path).readBlocks { _ in calls += 1 }
        #expect(calls == 0)
    }

    @Test func errorsNameThePathAndTheReason() throws {
        let missing = folder.file("missing.bin")
        #expect(throws: FileError.system(path: missing, operation: .open, reason: "No such file or directory")) {
            try InputFile(opening: missing)
        }
        #expect(throws: FileError.system(path: folder.path, operation: .read, reason: "Is a directory")) {
            try InputFile(opening: folder.path).readAll()
        }
    }

    @Test func theFileIsClosedWhenReleased() throws {
        let path = folder.create("closed.bin", [1])
        var file: InputFile? = try InputFile(opening: path)
        #expect(isOpen(path))
        _ = try file?.readAll()
        file = nil
        #expect(!isOpen(path))
    }
}
