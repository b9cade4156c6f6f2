// The --json output of every reporting command, decoded strictly into the schema docs/CLI.md documents.
import Foundation
import Testing

/// Each reporting command's JSON, as Decodable types that mirror docs/CLI.md: a missing key or a
/// value of the wrong type fails the decoding (snake_case keys).
enum Schema {
    struct Certificate: Decodable { let kappa: Double, lambdaMin: Double, lowerBound: Double, signChangingNorm: Double, coercive: Bool, grid: String }
    struct Model: Decodable {
        let family: String, horizon: Double, nonnegativeCoefficients: [Double], exponent: Double?, losses: [String: Double]
        let certificate: Certificate, trainingGrid: String, fractionalOrder: Double?
    }
    struct Learn: Decodable { let output: String, model: Model, sweep: [Model], seconds: Double }
    struct Check: Decodable { let model: String, grid: String, unknowns: Int, certificate: Certificate, seconds: Double }
    struct Assemble: Decodable {
        let rows: Int, columns: Int, nonzeros: Int, assemblySeconds: Double, files: [String], coercive: Bool?, solverNote: String?
        let gridWarning: String?
    }
    struct Solve: Decodable { let method: String, unknowns: Int, relativeResidual: Double, seconds: Double, fallbackReason: String? }
    struct Preconditioning: Decodable { let reference: String, lambdaMin: Double, lambdaMax: Double, exactSpectrum: Bool, predictedIterations: Int, iterations: Int }
    struct Validate: Decodable {
        let name: String, grid: String, unknowns: Int, nonzeros: Int, bytes: Int, factorSeconds: Double, solveSeconds: Double
        let constantForcingError: Double, exactPairError: Double, preconditioning: [Preconditioning]
    }
    struct PreconditionRow: Decodable {
        let level: Int, spacing: Double, unknowns: Int, horizon: Double?, preconditioner: String, nonzeros: Int, iterations: Int
        let setupSeconds: Double, iterationSeconds: Double, relativeResidual: Double, error: Double, residualHistory: [Double]
    }
    struct DenseRow: Decodable { let level: Int, unknowns: Int, factorSeconds: Double, solveSeconds: Double, error: Double }
    struct Precondition: Decodable { let rows: [PreconditionRow], dense: [DenseRow] }
    struct BenchLinalg: Decodable { let unknowns: Int, factorSeconds: Double, lambdaMin: Double, eigenError: Double }
}

@Suite struct JSONOutputTests {
    static func decode<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        let result = try runCommand(arguments + ["--json", "--quiet"])
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        #expect(result.standardError.isEmpty, "--quiet leaves standard error empty: \(result.standardError)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(result.standardOutput.utf8))
    }

    @Test func everyReportingCommandPrintsItsSchema() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("frac.nc").path, model = folder.appendingPathComponent("k.json").path
        #expect(try runCommand(["generate", "fractional", "--samples", "200", "--layer-width", "1", "-o", data, "-q"]).status == 0)

        let learned = try Self.decode(Schema.Learn.self, ["learn", data, "--delta", "0.5", "--order", "2...3", "--alpha", "learn", "-o", model])
        #expect(learned.sweep.count == 2 && learned.model.losses["training_relative"] != nil, "relative losses are reported")
        #expect(learned.model.fractionalOrder == 0.75)

        let checked = try Self.decode(Schema.Check.self, ["check", model])
        #expect(checked.certificate.coercive && checked.unknowns == 199)

        let op = folder.appendingPathComponent("op.nc").path
        let assembled = try Self.decode(
            Schema.Assemble.self, ["assemble", model, "--grid", "interval:a=-1,b=1,h=0.01,delta=1", "--rhs-constant", "1", "--solve", "-o", op])
        #expect(assembled.rows == 199 && assembled.files == [op] && assembled.coercive == true)

        let solved = try Self.decode(Schema.Solve.self, ["solve", op])
        #expect(solved.relativeResidual < 1e-10 && solved.unknowns == 199)

        let validated = try Self.decode([Schema.Validate].self, ["validate", model])
        #expect(validated.map(\.name) == ["naive", "accurate", "surrogate", "truncated"])

        let preconditioned = try Self.decode(Schema.Precondition.self, ["precondition", "--levels", "6", "--deltas", "1/8", "--training-level", "6"])
        #expect(preconditioned.rows.count == 5 && preconditioned.dense.count == 1)

        let bench = try Self.decode([Schema.BenchLinalg].self, ["bench", "linalg", "--sides", "10"])
        #expect(bench.count == 1 && bench[0].unknowns == 100)
    }
}
