// Bad invocations of every kind a user makes: each exits non-zero with one `Error:` line, writes no file, and is refused before work.
import Foundation
import Testing

@Suite struct BadInvocationTests {
    @Test func eachGetsOneLineNoFileAndNoWork() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        // Inputs: a small fractional dataset, a model learned from it, a non-coercive copy, a system with its right-hand side.
        #expect(try runCommand(["generate", "fractional", "--samples", "100", "--layer-width", "1", "-o", path("d.nc"), "-q"]).status == 0)
        #expect(try runCommand(["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "-o", path("k.json"), "-q"]).status == 0)
        let text = try String(contentsOfFile: path("k.json"), encoding: .utf8)
        try text.replacingOccurrences(of: "\"coercive\" : true", with: "\"coercive\" : false").write(toFile: path("bad.json"), atomically: true, encoding: .utf8)
        #expect(try runCommand(["assemble", path("k.json"), "--grid", "interval:a=-1,b=1,h=0.01,delta=1", "--rhs-constant", "1", "-o", path("b.mtx"), "-q"]).status == 0)
        let grid = "interval:a=-1,b=1,h=0.01,delta=1"
        let cases: [(String, [String])] = [
            ("an unknown command", ["frobnicate"]),
            ("a misspelt subcommand", ["generate", "fractionl", "--samples", "3", "-o", path("x.nc")]),
            ("a misspelt bench", ["bench", "lnalg"]),
            ("a negative order", ["learn", path("d.nc"), "--delta", "0.5", "--order", "-0.5", "-o", path("x.json")]),
            ("a negative horizon", ["learn", path("d.nc"), "--delta", "-0.25", "--order", "2", "-o", path("x.json")]),
            ("a negative sample count", ["generate", "fractional", "--samples", "-5", "-o", path("x.nc")]),
            ("a negative seed", ["generate", "fractional", "--seed", "-1", "-o", path("x.nc")]),
            ("the old range syntax", ["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "--alpha", "learn", "--alpha-range", "0:3", "-o", path("x.json")]),
            ("an output in a missing folder", ["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "-o", "/nonexistent/k.json"]),
            ("an output where files cannot be made", ["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "-o", "/proc/k.json"]),
            ("a dataset named .txt", ["generate", "fractional", "--samples", "3", "-o", path("g.txt")]),
            ("a model over its dataset", ["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "-o", path("d.nc")]),
            ("an operator over its model", ["assemble", path("k.json"), "--grid", grid, "-o", path("k.json")]),
            ("an extension that is not the format", ["assemble", path("k.json"), "--grid", grid, "--format", "nc", "-o", path("y.mtx")]),
            ("a solution over its matrix", ["solve", path("b.mtx"), "--rhs", path("b.rhs.mtx"), "-o", path("b.mtx")]),
            ("a solution over its right-hand side", ["solve", path("b.mtx"), "--rhs", path("b.rhs.mtx"), "-o", path("b.rhs.mtx")]),
            ("a non-coercive model exported", ["assemble", path("bad.json"), "--grid", grid, "-o", path("z.mtx")]),
            ("a demo folder under a file", ["demo", "--quick", "--out", path("k.json") + "/demo"]),
            ("an order out of (0, 1)", ["validate", path("k.json"), "--order", "1.5"]),
            ("an empty level range", ["precondition", "--levels", "6...2"]),
            ("a horizon that is not a number", ["precondition", "--levels", "6", "--deltas", "abc"]),
            ("an unknown preconditioner", ["precondition", "--levels", "6", "--preconditioners", "ilu"]),
            ("horizons mixing lengths and cells", ["precondition", "--levels", "6", "--deltas", "2h,0.1"]),
            ("a horizon under one cell", ["precondition", "--dimension", "2", "--levels", "6", "--deltas", "0.5h"]),
            ("a reference named .txt", ["reference", "naive", "--grid", "interval:a=-1,b=1,h=0.25,delta=1", "-o", path("A.txt")]),
            ("a grid that does not parse", ["check", path("k.json"), "--grid", "interval:a=-1,b=1"]),
            ("a benchmark size out of range", ["bench", "linalg", "--sides", "0"]),
            ("a benchmark level out of range", ["bench", "apply", "--levels", "30"]),
            ("a benchmark order out of range", ["bench", "apply", "--order", "1.5"]),
            ("a disk benchmark of a reference with no FFT apply", ["bench", "apply", "--dimension", "2", "--reference", "accurate"]),
            ("a report that is not Markdown", ["report", "fractional", "-o", path("report.txt")]),
            ("a spectral fit with a learned α", ["learn", path("d.nc"), "--delta", "0.5", "--order", "2", "--loss", "spectral", "--alpha", "learn", "-o", path("x.json")]),
            ("a missing matrix file", ["generate", "operator", "--matrix", path("missing.nc"), "--grid", grid, "-o", path("x.nc")]),
            ("a missing dataset", ["learn", path("missing.nc"), "--delta", "0.5", "--order", "2", "-o", path("x.json")]),
            ("a missing right-hand side", ["solve", path("b.mtx"), "--rhs", path("missing.mtx")]),
            ("a dataset where an operator belongs", ["solve", path("d.nc")]),
            ("an empty order range", ["learn", path("d.nc"), "--delta", "0.5", "--order", "8...2", "-o", path("x.json")]),
        ]
        #expect(cases.count >= 25)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for (label, arguments) in cases {
            let result = try runCommand(arguments)
            #expect(result.status != 0, "\(label): exit status 0")
            let lines = result.standardError.split(separator: "\n")
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("Error: "), "\(label): \(result.standardError)")
            #expect(!result.standardError.contains("Missing value"), "\(label): \(result.standardError)")
            // Refused before work: nothing else on standard error but the one line.
            #expect(lines.count == 1 || arguments[0] == "learn" && label.contains("spectral") || label.hasPrefix("a missing") || label.hasPrefix("a dataset where"), "\(label): work started: \(result.standardError)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before, "\(label): a file was written or removed")
        }
    }
}
