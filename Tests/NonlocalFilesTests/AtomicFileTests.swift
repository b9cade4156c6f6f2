// Tests of atomic writes: complete files appear, failed writers leave nothing, errors name the destination.
import Foundation
import NonlocalFiles
import Testing

@Suite struct AtomicFileTests {
    let folder = TestFolder("atomic")

    @Test func completeWritesAppearAndReplace() throws {
        let path = folder.file("out.bin")
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write(seededBytes(70_000), to: path)
        #expect(folder.contents("out.bin") == seededBytes(70_000))
        #expect(folder.names() == ["out.bin"])
    }

    @Test func aWriterThatFailsHalfwayLeavesNoFile() throws {
        let path = folder.file("broken.bin")
        #expect(throws: BodyFailure()) {
            try AtomicFile.write(to: path) { (output) throws(BodyFailure) in
                do throws(FileError) { try output.write(seededBytes(1000)) } catch { throw BodyFailure(error) }
                throw BodyFailure()
            }
        }
        #expect(folder.names() == [])
    }

    @Test func aFailedWriteLeavesAnExistingFileUntouched() throws {
        let path = folder.create("kept.bin", [1, 2, 3])
        #expect(throws: BodyFailure()) {
            try AtomicFile.write(to: path) { (output) throws(BodyFailure) in
                do throws(FileError) { try output.write([9, 9]) } catch { throw BodyFailure(error) }
                throw BodyFailure()
            }
        }
        #expect(folder.names() == ["kept.bin"])
        #expect(folder.contents("kept.bin") == [1, 2, 3])
    }

    @Test func aLibraryWriterGetsATemporaryPathThatBecomesTheFile() throws {
        let path = folder.file("library.nc")
        var temporary = ""
        try AtomicFile.write(to: path, throughTemporaryPath: { (name) throws(FileError) in
            temporary = name
            #expect(FileManager.default.createFile(atPath: name, contents: Data([5, 6])))
        })
        #expect(temporary.hasPrefix(folder.path + "/.library.nc.") && temporary.hasSuffix(".partial"))
        #expect(folder.names() == ["library.nc"])
        #expect(folder.contents("library.nc") == [5, 6])
        #expect(throws: BodyFailure()) {
            try AtomicFile.write(to: folder.file("other.nc"), throughTemporaryPath: { (name) throws(BodyFailure) in
                #expect(FileManager.default.createFile(atPath: name, contents: Data([1])))
                throw BodyFailure()
            })
        }
        #expect(folder.names() == ["library.nc"])
    }

    @Test func aMissingFolderIsNamedInTheWritersOwnErrorType() {
        #expect(throws: FileError.missingFolder(path: "/nonexistent-dir/x.nc", folder: "/nonexistent-dir")) {
            try AtomicFile.write([1], to: "/nonexistent-dir/x.nc")
        }
        #expect(throws: BodyFailure(.missingFolder(path: "/nonexistent-dir/x.nc", folder: "/nonexistent-dir"))) {
            try AtomicFile.write(to: "/nonexistent-dir/x.nc") { (_: OutputFile) throws(BodyFailure) in }
        }
    }

    @Test func aFileWhereTheFolderShouldBeIsNamed() {
        folder.create("plain", [1])
        let path = folder.file("plain/out.bin")
        #expect(throws: FileError.system(path: path, operation: .create, reason: "Not a directory")) {
            try AtomicFile.write([1], to: path)
        }
        #expect(folder.names() == ["plain"])
    }

    @Test func aFailedRenameNamesTheDestinationAndLeavesNoTemporary() throws {
        let path = folder.file("taken")
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        do {
            try AtomicFile.write([1, 2], to: path)
            Issue.record("renaming a file over a folder succeeded")
        } catch {
            #expect(error == .system(path: path, operation: .rename, reason: "Is a directory"))
            #expect(!error.description.contains(".partial"))
        }
        #expect(folder.names() == ["taken"])
    }

    @Test func aLibrarysMessageLosesTheTemporaryName() {
        struct LibraryError: Error, CustomStringConvertible {
            let description: String
        }
        let temporary = "/out/.a.nc.1.2.partial"
        let failure = LibraryError(description: "\(temporary): nc_create failed: Permission denied")
        #expect(AtomicFile.reason(of: failure, writing: temporary, for: "/out/a.nc") == "nc_create failed: Permission denied")
        #expect(
            AtomicFile.reason(of: LibraryError(description: "cannot open \(temporary)"), writing: temporary, for: "/out/a.nc")
                == "cannot open /out/a.nc")
    }
}
