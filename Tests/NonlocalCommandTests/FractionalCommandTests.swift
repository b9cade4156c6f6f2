// Tests of the fractional commands as a user runs them: warnings off the training grid and at an α bound, validate's rows, and bad input refused in one line with no file.
import Foundation
import NonlocalKernels
import Testing

@Suite struct FractionalCommandTests {
    /// A fractional dataset and a model learned from it with α pinned to the end of its range.
    static func learnedModel(in folder: URL) throws -> (model: String, learned: CommandResult) {
        let data = folder.appendingPathComponent("frac.nc").path
        let generated = try runCommand(["generate", "fractional", "--samples", "300", "--layer-width", "1", "-o", data])
        #expect(generated.status == 0, "\(generated.standardError)")
        let model = folder.appendingPathComponent("k.json").path
        let learned = try runCommand(["learn", data, "--delta", "0.5", "--order", "3", "--alpha", "learn", "--alpha-range", "0...1", "-o", model])
        #expect(learned.status == 0, "\(learned.standardError)")
        return (model, learned)
    }

    /// α learned in 0...1 ends on 1 (the unconstrained optimum is above 2): one warning line naming
    /// --alpha-range, recorded in the model; the model records its training grid and s.
    @Test func aBoundedExponentWarnsAndIsRecorded() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (path, learned) = try Self.learnedModel(in: folder)
        let warnings = learned.standardError.split(separator: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings.count == 1 && warnings[0].contains("--alpha-range"), "\(learned.standardError)")
        let model = try KernelModel.read(from: path)
        #expect(model.warnings?.count == 1 && model.exponent == 1)
        #expect(model.trainingGrid == "interval:a=-1,b=1,h=0.01,delta=1.0")
        #expect(model.fractionalOrder == 0.75)
    }

    /// assemble, check and validate on another spacing: one warning line with both spacings; validate
    /// adds the training grid's row so the cost of the change shows.
    @Test func aModelOffItsTrainingGridWarns() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (model, _) = try Self.learnedModel(in: folder)
        let finer = "interval:a=-1,b=1,h=0.005,delta=0.5"
        for arguments in [
            ["assemble", model, "--grid", finer, "-o", folder.appendingPathComponent("op.mtx").path], ["check", model, "--grid", finer],
            ["validate", model, "--grid", finer, "--json"],
        ] {
            let result = try runCommand(arguments)
            #expect(result.status == 0, "\(arguments[0]): \(result.standardError)")
            let warnings = result.standardError.split(separator: "\n").filter { $0.hasPrefix("warning:") }
            #expect(warnings.count == 1 && warnings[0].contains("h = 0.01") && warnings[0].contains("h = 0.005"), "\(arguments[0]): \(result.standardError)")
        }
        let onTraining = try runCommand(["assemble", model, "--grid", "interval:a=-1,b=1,h=0.01,delta=0.5", "-o", folder.appendingPathComponent("same.mtx").path])
        #expect(!onTraining.standardError.contains("warning:"))
        let validated = try runCommand(["validate", model, "--grid", finer, "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(validated.standardOutput.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["surrogate (training grid)", "naive", "accurate", "surrogate", "truncated"])
        let errors = Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as? String ?? "?", $0["constant_forcing_error"] as? Double ?? .nan) })
        #expect(errors.values.allSatisfy { $0.isFinite })
        #expect(errors["accurate"]! < errors["naive"]!, "P1 elements beat one-point quadrature: \(errors)")
    }

    /// Every bad input: a non-zero exit, one error line, and no file in the folder.
    @Test func badInputGetsOneLineAndNoFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (model, _) = try Self.learnedModel(in: folder)
        let out = folder.appendingPathComponent("out").path
        // A non-square and a non-symmetric matrix, as MatrixMarket arrays.
        let rectangle = folder.appendingPathComponent("rectangle.mtx").path
        try "%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n4\n5\n6\n".write(toFile: rectangle, atomically: true, encoding: .utf8)
        // 199 × 199, the size of the training grid: the identity but for a_00 = 1e20 and a_10 = 1e5
        // (a relative test against the largest entry would call it symmetric).
        let skewed = folder.appendingPathComponent("skewed.mtx").path
        let entries = ["1 1 1e20", "2 1 1e5"] + (2...199).map { "\($0) \($0) 1" }
        try (["%%MatrixMarket matrix coordinate real general", "199 199 \(entries.count)"] + entries).joined(separator: "\n")
            .write(toFile: skewed, atomically: true, encoding: .utf8)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        let smallGrid = "interval:a=-1,b=1,h=1,delta=1"
        let cases: [(String, [String])] = [
            ("s outside (0, 1)", ["validate", model, "--order", "1.5"]),
            ("s = 0 in a sweep", ["precondition", "--order", "0", "--levels", "6"]),
            ("a reference's s outside (0, 1)", ["reference", "naive", "--order", "1", "--grid", "interval:a=-1,b=1,h=0.25,delta=1", "-o", out + ".nc"]),
            ("a non-square user matrix", ["validate", model, "--against", rectangle]),
            ("a non-symmetric user matrix", ["validate", model, "--against", skewed]),
            ("a size that does not fit", ["reference", "naive", "--grid", "disk:r=1,h=0.0000152587890625,delta=0.2", "-o", out + ".nc"]),
            ("a sweep that does not fit", ["precondition", "--dimension", "2", "--levels", "17"]),
            ("a grid the model cannot live on", ["validate", model, "--grid", "interval:a=-1,b=1,h=0.01,delta=0.25"]),
            ("a reference off the unit ball", ["reference", "accurate", "--grid", "interval:a=0,b=1,h=0.25,delta=1", "-o", out + ".petsc"]),
            ("an unknown reference", ["generate", "operator", "--reference", "exact", "--order", "0.5", "--grid", smallGrid, "-o", out + ".nc"]),
            ("a reference without s", ["generate", "operator", "--reference", "naive", "--grid", smallGrid, "-o", out + ".nc"]),
            ("a horizon below the training grid", ["precondition", "--levels", "6", "--deltas", "0.001"]),
        ]
        for (label, arguments) in cases {
            let result = try runCommand(arguments)
            #expect(result.status != 0, "\(label): exit status 0")
            #expect(result.errorLines.count == 1 && result.errorLines[0].hasPrefix("Error: "), "\(label): \(result.standardError)")
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == before, "\(label): a file was written")
        }
    }
}
