// The demo as a user runs it (quick): every file it lists exists, the surrogate beats the truncated kernel, figures decode and are not blank, CSVs hold the rows they plot, SciPy solves the exported .mtx to the stored solution, xarray indexes the data by x.
import Foundation
import Testing

@Suite struct DemoCommandTests {
    @Test func quickDemoWritesEverythingItLists() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("demo").path
        let result = try runCommand(["demo", "--quick", "--out", out, "--json", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let files = try #require(summary["files"] as? [String])
        for file in files { #expect(FileManager.default.fileExists(atPath: file), "\(file) is listed but missing") }
        let surrogate = try #require(summary["surrogate_error"] as? Double), truncated = try #require(summary["truncated_error"] as? Double)
        #expect(surrogate < truncated, "surrogate \(surrogate) vs truncated \(truncated)")
        let iterations = try #require(summary["iterations"] as? [String: Int])
        #expect(iterations["learned"]! <= iterations["truncated"]!)

        // Figures: each PNG decodes to an image with more than one colour; each CSV holds the rows its
        // figure plots, consistent with the summary; SciPy solves the .mtx; xarray indexes the data by x.
        let check = """
            import sys, csv, json, numpy as np, scipy.io, scipy.sparse.linalg, matplotlib.image as image, xarray as xr
            folder, summary = sys.argv[1], json.loads(sys.argv[2])
            table = {}
            for name in ["kernel", "solutions", "residuals", "error_vs_nonzeros", "losses"]:
                pixels = image.imread(f"{folder}/{name}.png")
                assert pixels.ndim == 3 and pixels.shape[0] > 100 and pixels.shape[1] > 100, name
                assert float(pixels[..., :3].std()) > 0.02, f"{name}.png is blank"
                table[name] = list(csv.DictReader(open(f"{folder}/{name}.csv")))
            column = lambda name, key: np.array([float(row[key]) for row in table[name]])

            # solutions: one row per unknown of h = 0.01 on (-1, 1); the errors are what the summary reports.
            x, analytic = column("solutions", "x"), column("solutions", "analytic")
            assert len(x) == 199 and abs(x[0] + 0.99) < 1e-12 and abs(x[-1] - 0.99) < 1e-12, len(x)
            for kind in ["surrogate", "truncated", "naive", "accurate"]:
                error = column("solutions", kind + "_error")
                assert np.abs(error - (column("solutions", kind) - analytic)).max() < 1e-14, kind
                relative = np.linalg.norm(error) / np.linalg.norm(analytic)
                assert abs(relative / summary[kind + "_error"] - 1) < 1e-9, (kind, relative, summary[kind + "_error"])

            # residuals: each history starts at 1 and has one row per CG iteration; the finest size's
            # counts are the summary's.
            histories = {}
            for row in table["residuals"]:
                histories.setdefault((row["preconditioner"], int(row["n"])), []).append(float(row["relative_residual"]))
            finest = max(n for _, n in histories)
            for (kind, n), history in histories.items():
                assert history[0] == 1.0 and history[-1] <= 1e-10, (kind, n, history[-1])
                if n == finest: assert len(history) == summary["iterations"][kind] + 1, (kind, len(history))

            # kernel: r on (0, delta], both kernels positive; losses: one row per order fitted, the chosen one included.
            r = column("kernel", "r")
            assert len(r) >= 100 and np.all(np.diff(r) > 0) and r[0] > 0, len(r)
            assert np.all(column("kernel", "learned") > 0) and np.all(column("kernel", "truncated") > 0)
            orders = column("losses", "order")
            assert summary["surrogate_order"] in orders and np.all(column("losses", "validation_relative") > 0), orders
            # error vs nonzeros: learned and truncated at each horizon, with their nonzeros.
            kinds = {(row["delta"], row["kind"]) for row in table["error_vs_nonzeros"]}
            assert {kind for _, kind in kinds} == {"learned", "truncated"} and len(kinds) == len(table["error_vs_nonzeros"]) >= 4, kinds
            assert np.all(column("error_vs_nonzeros", "nonzeros") > 0)

            a = scipy.io.mmread(f"{folder}/surrogate.mtx").tocsc()
            b = scipy.io.mmread(f"{folder}/surrogate.rhs.mtx").ravel()
            stored = scipy.io.mmread(f"{folder}/surrogate.surrogate_solution.mtx").ravel()
            solution = scipy.sparse.linalg.spsolve(a, b)
            assert np.abs(solution - stored).max() <= 1e-10 * np.abs(stored).max(), np.abs(solution - stored).max()

            data = xr.open_dataset(f"{folder}/data.nc")
            assert "x" in data.indexes and data["u"].dims == ("sample", "x"), (list(data.indexes), data["u"].dims)
            assert np.abs(data["x"].values - x).max() < 1e-12
            print("ok")
            """
        let python = try runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", check, out, result.standardOutput])
        #expect(python.status == 0 && python.standardOutput.contains("ok"), "\(python.standardError)")
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("![solutions](solutions.png)"))
    }
}
