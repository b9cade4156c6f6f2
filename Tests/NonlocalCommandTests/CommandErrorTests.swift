// Tests that every command, not only learn, reports a bad flag or a parse error in one line and a non-zero exit, writing nothing.
import Foundation
import Testing

@Suite struct CommandErrorTests {
    @Test func everyBadFlagGetsOneLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out").path
        let model = repositoryRoot.appendingPathComponent("fixtures/kernels/fractional-truncated.json").path
        let cases: [(String, [String])] = [
            ("an unknown subcommand", ["frobnicate"]),
            ("a missing argument", ["learn"]),
            ("a value that does not parse", ["bench", "learn", "--samples", "many"]),
            ("an unknown flag", ["generate", "biharmonic", "-o", output + ".nc", "--wobble"]),
            ("a sample count out of range", ["generate", "biharmonic", "--samples", "0", "-o", output + ".nc"]),
            ("a benchmark size out of range", ["bench", "learn", "--samples", "0"]),
            ("a demo spacing out of range", ["demo", "--spacing", "3"]),
            ("a right-hand side that is not finite", ["assemble", model, "--grid", "periodic:d=1,n=100,length=1", "--rhs-constant", "nan", "-o", output + ".mtx"]),
            ("an unknown export format", ["assemble", model, "--grid", "periodic:d=1,n=100,length=1", "-o", output + ".xyz"]),
        ]
        for (label, arguments) in cases {
            let result = try runCommand(arguments)
            #expect(result.status != 0, "\(label): exit status 0")
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("Error: "), "\(label): \(result.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(label): a file was written")
        }
    }

    @Test func helpIsStillPrinted() throws {
        let result = try runCommand(["learn", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: nonlocal learn"))
    }
}
