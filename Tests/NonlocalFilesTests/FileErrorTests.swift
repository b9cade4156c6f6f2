// Tests of FileError: one line each, naming the path, what was being done and the system's reason.
import NonlocalFiles
import Testing

@Suite struct FileErrorTests {
    @Test func aSystemErrorReadsPathOperationAndReason() {
        let error = FileError.system(path: "/data/A.petsc", operation: .open, reason: "No such file or directory")
        #expect(error.path == "/data/A.petsc")
        #expect(error.problem == "cannot open the file: No such file or directory")
        #expect(error.description == "/data/A.petsc: cannot open the file: No such file or directory")
    }

    @Test func aMissingFolderSaysHowToFixIt() {
        let error = FileError.missingFolder(path: "out/a.mtx", folder: "out")
        #expect(error.path == "out/a.mtx")
        #expect(error.description == "out/a.mtx: folder out does not exist; create it first")
    }

    @Test func everyOperationHasItsOwnOneLineMessage() {
        let problems = FileError.Operation.allCases.map { FileError.system(path: "p", operation: $0, reason: "r").problem }
        #expect(Set(problems).count == FileError.Operation.allCases.count, "\(problems)")
        #expect(problems.allSatisfy { $0.hasPrefix("cannot ") && $0.hasSuffix(": r") && !$0.contains("\n") }, "\(problems)")
    }

    @Test func aFileErrorRepresentsItself() {
        let error = FileError.system(path: "p", operation: .rename, reason: "r")
        #expect(FileError(error) == error)
    }
}
