// Tests of FileContents: the mapped route and the read-until-the-end route give the same bytes.
import Foundation
import NonlocalFiles
import Testing

@Suite struct FileContentsTests {
    let folder = TestFolder("file-contents")

    func copy(_ contents: FileContents) -> [UInt8] { contents.withUnsafeBytes { [UInt8]($0) } }

    @Test func aRegularFileIsMappedWithItsExactBytes() throws {
        // 3 pages and a bit: the last page is only partly the file's.
        let bytes = seededBytes(3 * 4096 + 17, seed: 5)
        let contents = try FileContents(of: folder.create("a.bin", bytes))
        #expect(contents.isMapped)
        #expect(contents.count == bytes.count)
        #expect(copy(contents) == bytes)
    }

    @Test func aFIFOIsReadToTheSameBytesAsTheMappedFile() throws {
        let bytes = seededBytes(1_500_000, seed: 6)
        let mapped = try FileContents(of: folder.create("a.bin", bytes))
        let streamed = try FileContents(of: folder.fifo("a.fifo", feeding: bytes))
        #expect(mapped.isMapped && !streamed.isMapped)
        #expect(streamed.count == bytes.count)
        #expect(copy(streamed) == copy(mapped))
    }

    @Test func anEmptyFileHasZeroBytesAtAnAddress() throws {
        let contents = try FileContents(of: folder.create("empty.bin", []))
        #expect(contents.count == 0 && !contents.isMapped)
        contents.withUnsafeBytes { buffer in
            #expect(buffer.count == 0)
            #expect(buffer.baseAddress != nil)
        }
    }

    @Test func theMappingHoldsNoDescriptorAndOutlivesTheFileBeingReplaced() throws {
        let path = folder.create("replaced.bin", seededBytes(10_000, seed: 7))
        let contents = try FileContents(of: path)
        #expect(contents.isMapped && !isOpen(path))
        try AtomicFile.write([9, 9, 9], to: path)
        #expect(copy(contents) == seededBytes(10_000, seed: 7))
    }

    @Test func aMissingFileNamesItsPath() {
        let missing = folder.file("missing.mtx")
        #expect(throws: FileError.system(path: missing, operation: .open, reason: "No such file or directory")) {
            try FileContents(of: missing)
        }
    }
}
