// `nonlocal solve` checks its answer before it reports or writes it: residual and finiteness, entry-by-entry symmetry, the null space of periodic operators.
import Foundation
import Testing

@Suite struct SolveAnswerCheckTests {
    /// A `coordinate real general` MatrixMarket file of `rows` (dense, zeros left out), with `comments` as `%` lines.
    static func matrixText(_ rows: [[Double]], comments: [String] = []) -> String {
        var entries: [String] = []
        for (i, row) in rows.enumerated() {
            for (j, value) in row.enumerated() where value != 0 { entries.append("\(i + 1) \(j + 1) \(value)") }
        }
        return (["%%MatrixMarket matrix coordinate real general"] + comments.map { "% \($0)" }
            + ["\(rows.count) \(rows[0].count) \(entries.count)"] + entries).joined(separator: "\n") + "\n"
    }

    /// A `array real general` MatrixMarket vector.
    static func vectorText(_ values: [Double]) -> String {
        (["%%MatrixMarket matrix array real general", "\(values.count) 1"] + values.map { "\($0)" }).joined(separator: "\n") + "\n"
    }

    /// The values of a MatrixMarket array written by `solve -o`.
    static func readVector(_ path: String) throws -> [Double] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("%") }
        return lines.dropFirst().map { Double($0.trimmingCharacters(in: .whitespaces))! }
    }

    /// Writes A and b, runs `solve A --rhs b -o x.mtx` (and `--json` when asked), returns the result and x's path.
    static func solve(
        _ rows: [[Double]], _ b: [Double], comments: [String] = [], json: Bool = false, in folder: URL
    ) throws -> (result: CommandResult, output: String) {
        let a = folder.appendingPathComponent("a.mtx").path, rhs = folder.appendingPathComponent("b.mtx").path
        let x = folder.appendingPathComponent("x.mtx").path
        try? FileManager.default.removeItem(atPath: x)
        try matrixText(rows, comments: comments).write(toFile: a, atomically: true, encoding: .utf8)
        try vectorText(b).write(toFile: rhs, atomically: true, encoding: .utf8)
        return (try runCommand(["solve", a, "--rhs", rhs, "-o", x] + (json ? ["--json"] : [])), x)
    }

    /// A refusal: exit 1, one `Error:` line naming `words`, and no solution file.
    static func expectRefused(_ run: (result: CommandResult, output: String), _ words: [String], _ label: String) {
        #expect(run.result.status == 1, "\(label): exit \(run.result.status), \(run.result.standardOutput)")
        let lines = run.result.standardError.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("Error: "), "\(label): \(run.result.standardError)")
        for word in words { #expect(run.result.standardError.contains(word), "\(label): \(run.result.standardError)") }
        #expect(!FileManager.default.fileExists(atPath: run.output), "\(label): a solution was written")
        #expect(run.result.standardOutput.isEmpty, "\(label): \(run.result.standardOutput)")
    }

    /// [[1e20, 0], [1e5, 1]] passed a symmetry test relative to the largest entry, and CHOLMOD
    /// solved its symmetrised lower triangle. Entry by entry, 1e5 against 0 at scale √(1e20·1) = 1e10
    /// is asymmetric: UMFPACK solves it, to x = (1e−20, 1 − 1e−15) for b = (1, 1) and x = (1, 1) for b = A·1.
    @Test func aLargeAsymmetricEntryGoesToLU() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a: [[Double]] = [[1e20, 0], [1e5, 1]]
        // For b = A·1 the forward error of x₂ is 1e5 times x₁'s rounding: κ is large, the residual is not.
        for (b, expected, error) in [([1.0, 1], [1e-20, 1 - 1e-15], 4 * Double.ulpOfOne), ([1e20, 1e5 + 1], [1, 1], 1e-10)] {
            let run = try Self.solve(a, b, in: folder)
            #expect(run.result.status == 0, "\(run.result.standardError)")
            #expect(run.result.standardOutput.hasPrefix("UMFPACK LU"), "\(run.result.standardOutput)")
            #expect(run.result.standardError.contains("not symmetric: A[1, 0] = 100000.0 but A[0, 1] = 0.0"), "\(run.result.standardError)")
            let x = try Self.readVector(run.output)
            #expect(x.count == 2 && zip(x, expected).allSatisfy { abs($0 - $1) <= error * abs($1) }, "x = \(x), expected \(expected)")
        }
    }

    /// Systems whose direct solve overflows or misses b (an exit 0 with residual `inf` or `nan`
    /// before): each is refused with one line giving the residual or the non-finite entry, and nothing is written.
    @Test func answersThatFailTheirCheckAreRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = 1.5e308
        let cases: [(String, [[Double]], [Double], [String])] = [
            // Well conditioned (rcond 1), but x = 1e310 overflows.
            ("x overflows", [[1e-300, 0], [0, 1e-300]], [1e10, 1e10], ["x[0] (0-based) is NaN or infinite"]),
            ("an overflowing right-hand side", [[1, 2], [3, 4]], [big, -big], ["is NaN or infinite"]),
            // Symmetric positive definite with entries near the largest double: CHOLMOD's x = (2.4, −1.4) is
            // finite, but A·x overflows, so its residual is nan and cannot be checked.
            ("A·x overflows", [[1e308, 1e308], [1e308, 1.7e308]], [1e308, 0], ["‖Ax − b‖/‖b‖ = nan > tolerance", "A·x overflows double precision; rescale"]),
        ]
        for (label, a, b, words) in cases {
            Self.expectRefused(try Self.solve(a, b, in: folder), words + ["nothing was written"], label)
        }
    }

    /// A singular matrix without a known null space ([[1, 1], [1, 1]]) is refused with one line, never written.
    @Test func aSingularMatrixIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        Self.expectRefused(try Self.solve([[1, 1], [1, 1]], [1, 2], in: folder), ["singular"], "[[1, 1], [1, 1]]")
        // Rows near the largest double that overflow when summed are not mistaken for a null space.
        let big = 1.5e308
        Self.expectRefused(try Self.solve([[big, big], [big, -big]], [big, big], in: folder), ["singular"], "entries near 1e308")
    }

    /// The periodic operator `2u_i − u_{i−1} − u_{i+1}` on n points (rows sum to zero: its null space is the constants).
    static func periodicLaplacian(_ n: Int, reaction: Double = 0) -> [[Double]] {
        (0..<n).map { i in
            var row = [Double](repeating: 0, count: n)
            row[i] = 2 + reaction
            row[(i + n - 1) % n] -= 1
            row[(i + 1) % n] -= 1
            return row
        }
    }

    /// A singular periodic operator was solved by UMFPACK with residual 0.66 and |x| = 2.8e12.
    /// Its file names its periodic grid, so it is solved on the mean-zero vectors: b = sin(2πx) + 0.5
    /// is projected to sin(2πx), whose solution is sin(2πx)/λ₁ with λ₁ = 2 − 2cos(2π/n); a line on
    /// standard error and `null_space` in `--json` say so. Without the grid, it is refused with the reason.
    @Test func aPeriodicOperatorIsSolvedOnMeanZeroVectors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let n = 64
        let a = Self.periodicLaplacian(n)
        let wave = (0..<n).map { sin(2 * Double.pi * Double($0) / Double(n)) }
        let b = wave.map { $0 + 0.5 }
        let grid = "grid: periodic:d=1,n=\(n),length=1"
        let run = try Self.solve(a, b, comments: ["family: bernstein", grid], in: folder)
        #expect(run.result.status == 0, "\(run.result.standardError)")
        #expect(run.result.standardError.contains("null space is the constants")
                && run.result.standardError.contains("b projected onto mean zero"), "\(run.result.standardError)")
        let x = try Self.readVector(run.output)
        let lambda = 2 - 2 * cos(2 * Double.pi / Double(n))
        let error = zip(x, wave).map { abs($0 - $1 / lambda) }.max() ?? .infinity
        #expect(error <= 1e-10 / lambda, "max |x − sin/λ₁| = \(error)")
        #expect(abs(x.reduce(0, +)) <= 1e-12 * Double(n) / lambda)

        let json = try Self.solve(a, b, comments: [grid], json: true, in: folder)
        #expect(json.result.status == 0, "\(json.result.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(json.result.standardOutput.utf8)) as? [String: Any]
        #expect(report?["null_space"] as? String == "constants", "\(json.result.standardOutput)")
        let removed = report?["removed_right_hand_side"] as? Double ?? -1
        // ‖0.5·1‖/‖b‖ = 0.5√n / √(n/2 + n/4)
        #expect(abs(removed - 0.5 / 0.75.squareRoot()) <= 1e-12, "removed \(removed)")
        #expect((report?["relative_residual"] as? Double ?? 1) <= (report?["residual_tolerance"] as? Double ?? 0))

        // The same matrix in a file that does not say it is periodic: refused, naming the null space.
        Self.expectRefused(try Self.solve(a, b, in: folder), ["rows sum to zero", "not say it is a periodic operator"], "no grid")
        // With a reaction term the periodic operator is nonsingular: solved as it is, without a note.
        let reaction = try Self.solve(Self.periodicLaplacian(n, reaction: 1), b, comments: [grid], in: folder)
        #expect(reaction.result.status == 0 && !reaction.result.standardError.contains("null space"), "\(reaction.result.standardError)")
        let y = try Self.readVector(reaction.output)
        #expect(abs(y.reduce(0, +) / Double(n) - 0.5) <= 1e-12, "the constant part of b is solved, not removed")
    }

    /// The way a periodic operator reaches `solve`: `assemble` on a periodic grid writes the grid in
    /// the file's metadata. With its stored constant right-hand side (all of it in the null space)
    /// x = 0 and the note says all of b was removed; with b = sin(2πx) + 0.5 x has mean zero and
    /// solves A x = b − 0.5 to the checked tolerance.
    @Test func anAssembledPeriodicOperatorIsSolvedOnMeanZeroVectors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let grid = "periodic:d=1,n=100,length=1"
        #expect(try runCommand(["generate", "manufactured", "--samples", "60", "-o", path("m.nc"), "-q"]).status == 0)
        #expect(try runCommand(["learn", path("m.nc"), "--delta", "0.25", "--order", "2", "-o", path("k.json"), "-q"]).status == 0)
        #expect(try runCommand(["assemble", path("k.json"), "--grid", grid, "--rhs-constant", "1", "-o", path("op.nc"), "-q"]).status == 0)
        let constant = try runCommand(["solve", path("op.nc"), "-o", path("x.mtx")])
        #expect(constant.status == 0 && constant.standardError.contains("100.0 % of ‖b‖ removed"), "\(constant.standardError)")
        #expect(try Self.readVector(path("x.mtx")).allSatisfy { $0 == 0 })

        #expect(try runCommand(["assemble", path("k.json"), "--grid", grid, "-o", path("op.mtx"), "-q"]).status == 0)
        let wave = (0..<100).map { sin(2 * Double.pi * Double($0) / 100) }
        try Self.vectorText(wave.map { $0 + 0.5 }).write(toFile: path("b.mtx"), atomically: true, encoding: .utf8)
        let run = try runCommand(["solve", path("op.mtx"), "--rhs", path("b.mtx"), "-o", path("y.mtx"), "--json"])
        #expect(run.status == 0 && run.standardError.contains("null space is the constants"), "\(run.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any]
        #expect(report?["null_space"] as? String == "constants")
        #expect((report?["relative_residual"] as? Double ?? 1) <= 1e-12, "\(run.standardOutput)")
        let y = try Self.readVector(path("y.mtx"))
        #expect(y.count == 100 && abs(y.reduce(0, +)) <= 1e-12 * y.map(abs).reduce(0, +), "x has mean \(y.reduce(0, +) / 100)")
        // The operator is circulant, so sin(2πx) is an eigenvector: x = sin(2πx)/λ with one λ for every point.
        let ratios = zip(wave, y).filter { abs($0.0) > 0.1 }.map { $0.0 / $0.1 }
        #expect(ratios.max()! - ratios.min()! <= 1e-9 * ratios.max()!, "sin(2πx)/x ranges over \(ratios.min()!)…\(ratios.max()!)")
    }

    /// NaN or infinite coordinates in a dataset are refused like NaN data: one line naming the variable and index.
    @Test func aDatasetWithNaNCoordinatesIsRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let invalid = repositoryRoot.appendingPathComponent("fixtures/datasets/invalid")
        for (file, words) in [("nan_in_x.nc", "coordinate x[4] is nan"), ("infinity_in_x.nc", "coordinate x[2] is -inf")] {
            let model = folder.appendingPathComponent("k.json").path
            let result = try runCommand(["learn", invalid.appendingPathComponent(file).path, "--delta", "0.25", "--order", "2", "-o", model, "-q"])
            #expect(result.status != 0 && result.errorLines.count == 1 && result.standardError.contains(words), "\(file): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: model), "\(file): a model was written")
        }
    }
}
