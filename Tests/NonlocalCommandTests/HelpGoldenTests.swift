// Every subcommand's --help against a golden file: a worked example in each, and no help text changing unnoticed.
import Foundation
import Testing

/// The golden files live in `golden/help/`, one per command path (`learn.txt`, `generate-fractional.txt`).
/// `NONLOCAL_RECORD_GOLDEN=1 swift test --filter HelpGoldenTests` rewrites them from the built
/// binary — and fails, so that a recording run is never mistaken for a passing one.
@Suite struct HelpGoldenTests {
    static let commands: [[String]] = [
        [], ["demo"], ["generate"], ["generate", "manufactured"], ["generate", "darcy"], ["generate", "biharmonic"],
        ["generate", "fractional"], ["generate", "fractional-periodic"], ["generate", "operator"], ["learn"], ["check"], ["validate"],
        ["assemble"], ["solve"], ["reference"], ["reference", "write"], ["reference", "study"], ["precondition"], ["report"],
        ["report", "fractional"], ["reproduce"], ["bench"], ["bench", "linalg"], ["bench", "assembly"], ["bench", "generate"], ["bench", "io"], ["bench", "apply"],
        ["bench", "learn"], ["bench", "learn-fractional"], ["bench", "paper"],
    ]
    static let folder = repositoryRoot.appendingPathComponent("Tests/NonlocalCommandTests/golden/help")
    static let recording = ProcessInfo.processInfo.environment["NONLOCAL_RECORD_GOLDEN"] == "1"

    @Test(arguments: commands)
    func helpMatchesItsGoldenFile(path: [String]) throws {
        let result = try runCommand(path + ["--help"])
        #expect(result.status == 0)
        let name = (path.isEmpty ? ["nonlocal"] : path).joined(separator: "-") + ".txt"
        let golden = Self.folder.appendingPathComponent(name)
        if Self.recording {
            try result.standardOutput.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without NONLOCAL_RECORD_GOLDEN to check")
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.standardOutput == expected, "\(name) differs from the help; re-record with NONLOCAL_RECORD_GOLDEN=1 if the change is intended")
        // Every command that does work shows a worked example.
        if !path.isEmpty && !["generate", "reference", "report", "bench"].contains(path.joined(separator: " ")) {
            #expect(result.standardOutput.contains("Example"), "\(name) has no example")
        }
    }
}
