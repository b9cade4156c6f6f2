// Tests of `nonlocal learn` and `nonlocal check` as a user runs them: a certified model, and one clear line and no file for bad input.
import Foundation
import NonlocalGenerators
import NonlocalKernels
import NonlocalTestSupport
import Testing

/// The `nonlocal` executable built beside this test bundle by `swift build -c release --build-tests`
/// (what `make test` runs), and never another copy: a `.build/release/nonlocal` left from an older
/// build would test old code.
func nonlocalExecutable() throws -> URL {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("nonlocal")
    guard FileManager.default.isExecutableFile(atPath: besideTests.path) else { throw MissingExecutable(path: besideTests.path) }
    return besideTests
}

/// The command tests ran without the executable they test.
struct MissingExecutable: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "no nonlocal executable at \(path): build it beside the tests with `swift build -c release --build-tests` "
            + "(or `make test`) before `swift test --skip-build`"
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// What a run of the command returned and wrote.
typealias CommandResult = ProcessOutput

extension ProcessOutput {
    /// The lines of an error report: "Error: …", and the usage text ArgumentParser adds to some.
    var errorLines: [String] {
        standardError.split(separator: "\n").map(String.init).filter { line in
            ["Error", "Usage", "Help", "  See"].contains { line.hasPrefix($0) }
        }
    }
}

/// Runs `nonlocal` with `arguments`, in this process's environment with `environment` added.
func runCommand(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    try runProcess(try nonlocalExecutable(), arguments, environment: environment)
}

/// Runs `executable` to completion (``ChildProcess``), in this process's environment with `environment` added.
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
    try ChildProcess.run(
        executable, arguments, environment: environment.isEmpty ? nil : ProcessInfo.processInfo.environment.merging(environment) { $1 })
}

/// A fresh folder for one test's files.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nonlocal-command-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

@Suite struct LearnCommandTests {
    @Test func learnWritesACertifiedModelThatCheckAccepts() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var problem = ManufacturedProblem()
        problem.samples = 200
        let data = folder.appendingPathComponent("manufactured.nc").path
        try problem.generate().write(to: data)
        let model = folder.appendingPathComponent("kernel.json").path
        let learned = try runCommand(["learn", data, "--delta", "0.25", "--order", "2", "-o", model])
        #expect(learned.status == 0, "\(learned.standardError)")
        let kernel = try KernelModel.read(from: model)
        let error = zip(kernel.nonnegativeCoefficients, [0.0, 2, 4]).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-10 * 4)
        #expect(kernel.provenance?.dataFile == data)
        #expect(kernel.provenance?.dataHash.count == 64)
        #expect(kernel.certificate?.grid == "periodic:d=1,n=100,length=1")
        #expect(kernel.losses["validation"] != nil)

        let checked = try runCommand(["check", model])
        #expect(checked.status == 0, "\(checked.standardError)")
        #expect(checked.standardOutput.contains("yes"))
        let elsewhere = try runCommand(["check", model, "--grid", "interval:a=-1,b=1,h=0.01,delta=0.25"])
        #expect(elsewhere.status == 0, "\(elsewhere.standardError)")

        // The same data and flags give the same bytes.
        let again = folder.appendingPathComponent("again.json").path
        _ = try runCommand(["learn", data, "--delta", "0.25", "--order", "2", "-o", again])
        #expect(FileManager.default.contents(atPath: model) == FileManager.default.contents(atPath: again))
    }

    @Test func anOrderSweepPrintsEveryOrder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var problem = BiharmonicProblem()
        problem.samples = 200
        problem.horizon = 0.25
        let data = folder.appendingPathComponent("biharmonic.nc").path
        try problem.generate().write(to: data)
        let result = try runCommand(["learn", data, "--delta", "0.25", "--order", "2...6", "-o", folder.appendingPathComponent("best.json").path])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = result.standardOutput.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true }
        #expect(rows.count >= 5)
    }

    /// Every bad input: a non-zero exit, exactly one error line, and no model file.
    @Test func badInputGetsOneLineAndNoFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var fractional = FractionalProblem()
        fractional.samples = 30
        fractional.layerWidth = 0.5
        let data = folder.appendingPathComponent("fractional.nc").path
        try fractional.generate().write(to: data)
        let invalid = repositoryRoot.appendingPathComponent("fixtures/datasets/invalid")
        let cases: [(String, [String])] = [
            ("NaN in the data", ["learn", invalid.appendingPathComponent("nan_in_u.nc").path, "--delta", "0.25", "--order", "2"]),
            ("a truncated data file", ["learn", invalid.appendingPathComponent("truncated.nc").path, "--delta", "0.25", "--order", "2"]),
            ("δ = 0", ["learn", data, "--delta", "0", "--order", "2"]),
            ("δ < 0", ["learn", data, "--delta", "-0.25", "--order", "2"]),
            ("δ < h", ["learn", data, "--delta", "0.005", "--order", "2"]),
            ("δ beyond the layer", ["learn", data, "--delta", "0.75", "--order", "2"]),
            ("order < 0", ["learn", data, "--delta", "0.25", "--order", "-1"]),
            ("an empty order range", ["learn", data, "--delta", "0.25", "--order", "6...2"]),
            ("an empty α range", ["learn", data, "--delta", "0.25", "--order", "2", "--alpha", "learn", "--alpha-range", "2...1"]),
            ("a grid that differs", ["learn", data, "--delta", "0.25", "--order", "2", "--grid", "interval:a=-1,b=1,h=0.02,delta=0.5"]),
            ("a missing data file", ["learn", folder.appendingPathComponent("none.nc").path, "--delta", "0.25", "--order", "2"]),
            ("α at 3 under the Galerkin rule (the default)", ["learn", data, "--delta", "0.25", "--order", "2", "--alpha", "3"]),
            ("α at 3 under the product rule", ["learn", data, "--delta", "0.25", "--order", "2", "--alpha", "3", "--quadrature", "product"]),
            ("the Galerkin rule in paper mode", ["learn", data, "--delta", "0.25", "--order", "2", "--alpha", "learn", "--solver", "adam", "--quadrature", "galerkin"]),
            ("the Galerkin rule with the spectral loss", ["learn", data, "--delta", "0.25", "--order", "2", "--alpha", "2.5", "--loss", "spectral", "--quadrature", "galerkin"]),
            ("the product rule in paper mode", ["learn", data, "--delta", "0.25", "--order", "2", "--alpha", "learn", "--solver", "adam", "--quadrature", "product"]),
            ("a quadrature without --alpha", ["learn", data, "--delta", "0.25", "--order", "2", "--quadrature", "product"]),
            ("refinement consistency without --joint", ["learn", data, "--delta", "0.25", "--order", "2", "--consistency", "refinement"]),
            ("refinement consistency off a periodic grid", ["learn", data, "--delta", "0.25", "--order", "2", "--joint", "--consistency", "refinement"]),
            ("consistency modes that are no range", ["learn", data, "--delta", "0.25", "--order", "2", "--consistency", "refinement", "--consistency-modes", "4...2"]),
        ]
        for (label, arguments) in cases {
            let model = folder.appendingPathComponent("model.json").path
            let result = try runCommand(arguments + ["-o", model])
            #expect(result.status != 0, "\(label): exit status 0")
            #expect(result.errorLines.count == 1, "\(label): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: model), "\(label): a model was written")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "fractional.nc" }
            #expect(leftovers.isEmpty, "\(label): left \(leftovers)")
        }
    }

    /// The printed constraint makes a non-coercive model: refused, unless overridden, and then marked.
    @Test func nonCoerciveModelsNeedTheOverride() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var problem = BiharmonicProblem()
        problem.samples = 1_000
        problem.c = 0.01
        let data = folder.appendingPathComponent("biharmonic.nc").path
        try problem.generate().write(to: data)
        let model = folder.appendingPathComponent("kernel.json").path
        let arguments = ["learn", data, "--delta", "0.5", "--order", "20", "--sign-changing", "--constraint", "as-printed", "-o", model]
        let refused = try runCommand(arguments)
        #expect(refused.status != 0)
        #expect(refused.errorLines.count == 1 && refused.standardError.contains("not coercive"), "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: model))

        let overridden = try runCommand(arguments + ["--allow-non-coercive"])
        #expect(overridden.status == 0, "\(overridden.standardError)")
        let kernel = try KernelModel.read(from: model)
        #expect(kernel.certificate?.coercive == false)
        #expect((kernel.certificate?.lambdaMin ?? 0) < 0)
        let checked = try runCommand(["check", model])
        #expect(checked.status != 0 && checked.standardOutput.contains("NO"))
    }
}
