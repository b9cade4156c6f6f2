// Tests of output transactions: the files of one command appear together or not at all, and temporaries of dead writers are swept.
import Foundation
import NonlocalFiles
import Testing

@Suite struct OutputTransactionTests {
    let folder = TestFolder("transaction")

    @Test func filesAppearOnlyWhenTheBodyReturns() throws {
        let names = try OutputTransaction.run(primary: folder.file("a.mtx")) { () throws(FileError) -> [String] in
            try AtomicFile.write([1], to: folder.file("a.mtx"))
            try AtomicFile.write([2], to: folder.file("a.rhs.mtx"))
            // Both written and flushed, neither renamed yet: only the two temporaries are there.
            return folder.names()
        }
        #expect(names.count == 2 && names.allSatisfy { $0.hasSuffix(".partial") })
        #expect(folder.names() == ["a.mtx", "a.rhs.mtx"])
        #expect(folder.contents("a.mtx") == [1] && folder.contents("a.rhs.mtx") == [2])
    }

    @Test func aBodyThatThrowsLeavesTheOldSetWhole() throws {
        folder.create("a.mtx", [7])
        folder.create("a.rhs.mtx", [8])
        #expect(throws: BodyFailure()) {
            try OutputTransaction.run(primary: folder.file("a.mtx")) { () throws(BodyFailure) in
                do throws(FileError) {
                    try AtomicFile.write([1], to: folder.file("a.mtx"))
                    try AtomicFile.write([2], to: folder.file("a.rhs.mtx"))
                } catch { throw BodyFailure(error) }
                throw BodyFailure()  // e.g. the factorization fails after the matrix is written
            }
        }
        #expect(folder.names() == ["a.mtx", "a.rhs.mtx"])
        #expect(folder.contents("a.mtx") == [7] && folder.contents("a.rhs.mtx") == [8])
    }

    @Test func anInnerTransactionJoinsTheOuterOne() throws {
        try OutputTransaction.run { () throws(FileError) in
            try OutputTransaction.run { () throws(FileError) in try AtomicFile.write([1], to: folder.file("inner")) }
            #expect(folder.names().allSatisfy { $0.hasSuffix(".partial") })
            try AtomicFile.write([2], to: folder.file("outer"))
        }
        #expect(folder.names() == ["inner", "outer"])
    }

    @Test func aFailedRenameNamesTheDestinationAndLeavesNoTemporary() throws {
        try FileManager.default.createDirectory(atPath: folder.file("b.mtx"), withIntermediateDirectories: false)
        do {
            try OutputTransaction.run(primary: folder.file("b.mtx")) { () throws(FileError) in
                try AtomicFile.write([1], to: folder.file("b.rhs.mtx"))
                try AtomicFile.write([2], to: folder.file("b.mtx"))
            }
            Issue.record("a rename over a folder succeeded")
        } catch {
            #expect(error.path == folder.file("b.mtx") && !error.description.contains(".partial"))
        }
        // Found before the first rename: the side file did not go in either.
        #expect(folder.names() == ["b.mtx"])
    }

    @Test func aWriteSweepsOnlyTemporariesOfProcessesThatAreGone() throws {
        // A process that has exited: its pid is free (reused only after the whole pid space).
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        let gone = [".a.mtx.\(dead).17.partial", ".b.\(dead).0.partial", ".c.nc.\(dead).4294967295.partial"]
        let kept = [
            ".a.mtx.1.17.partial",  // init: alive
            ".a.mtx.\(getpid()).17.partial",  // this process
            "a.\(dead).17.partial",  // not hidden
            ".notes.\(dead).partial",  // no random field
            ".a.\(dead).x.partial", ".a.x.\(dead).partial", "..\(dead).1.partial", ".a.\(dead).1.part",  // not the pattern
        ]
        for name in gone + kept { folder.create(name, [1]) }
        try AtomicFile.write([9], to: folder.file("out.nc"))
        #expect(folder.names() == (kept + ["out.nc"]).sorted())
    }
}
