// Tests of FileSystem: rename, remove, folders and sizes do what they say, and their errors name the path.
import Foundation
import NonlocalFiles
import Testing

@Suite struct FileSystemTests {
    let folder = TestFolder("file-system")

    @Test func renameMovesAndReplaces() throws {
        let source = folder.create("new.bin", [4, 5, 6])
        let destination = folder.create("old.bin", [1])
        try FileSystem.rename(source, to: destination)
        #expect(folder.names() == ["old.bin"])
        #expect(folder.contents("old.bin") == [4, 5, 6])
    }

    @Test func aFailedRenameNamesTheDestination() {
        let destination = folder.file("b.bin")
        #expect(throws: FileError.system(path: destination, operation: .rename, reason: "No such file or directory")) {
            try FileSystem.rename(folder.file("absent.bin"), to: destination)
        }
    }

    @Test func removeFileRemovesOnlyThatFile() throws {
        let path = folder.create("gone.bin", [1])
        folder.create("stays.bin", [2])
        try FileSystem.removeFile(path)
        #expect(folder.names() == ["stays.bin"])
        #expect(throws: FileError.system(path: path, operation: .remove, reason: "No such file or directory")) {
            try FileSystem.removeFile(path)
        }
    }

    @Test func foldersAreCreatedRecognizedAndRemoved() throws {
        let sub = folder.file("sub")
        #expect(!FileSystem.isFolder(sub))
        try FileSystem.createFolder(sub)
        #expect(FileSystem.isFolder(sub))
        #expect(!FileSystem.isFolder(folder.create("plain.bin", [1])))
        #expect(throws: FileError.system(path: sub, operation: .createFolder, reason: "File exists")) {
            try FileSystem.createFolder(sub)
        }
        try FileSystem.synchronizeFolder(sub)
        try FileSystem.removeFolder(sub)
        #expect(!FileSystem.isFolder(sub))
        #expect(folder.names() == ["plain.bin"])
    }

    @Test func synchronizingAMissingFolderNamesIt() {
        let missing = folder.file("nowhere")
        #expect(throws: FileError.system(path: missing, operation: .open, reason: "No such file or directory")) {
            try FileSystem.synchronizeFolder(missing)
        }
    }

    @Test func sizeIsTheNumberOfBytes() throws {
        #expect(try FileSystem.size(of: folder.create("sized.bin", seededBytes(12_345))) == 12_345)
        #expect(try FileSystem.size(of: folder.create("empty.bin", [])) == 0)
        #expect(throws: FileError.self) { try FileSystem.size(of: folder.file("absent")) }
    }
}
