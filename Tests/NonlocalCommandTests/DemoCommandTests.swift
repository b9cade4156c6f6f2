// The demo as a user runs it (quick): every file it lists exists, the surrogate beats the truncated kernel, figures decode and are not blank, CSVs hold the rows, and SciPy solves the exported .mtx to the stored solution.
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

        // Figures: each PNG decodes to an image with more than one colour; each CSV has its rows.
        let check = """
            import sys, csv, numpy as np, scipy.io, scipy.sparse.linalg, matplotlib.image as image
            folder = sys.argv[1]
            for name in ["kernel", "solutions", "residuals", "error_vs_nonzeros", "losses"]:
                pixels = image.imread(f"{folder}/{name}.png")
                assert pixels.ndim == 3 and pixels.shape[0] > 100 and pixels.shape[1] > 100, name
                assert float(pixels[..., :3].std()) > 0.02, f"{name}.png is blank"
                rows = list(csv.DictReader(open(f"{folder}/{name}.csv")))
                assert len(rows) >= 2, f"{name}.csv has {len(rows)} rows"
            a = scipy.io.mmread(f"{folder}/surrogate.mtx").tocsc()
            b = scipy.io.mmread(f"{folder}/surrogate.rhs.mtx").ravel()
            stored = scipy.io.mmread(f"{folder}/surrogate.surrogate_solution.mtx").ravel()
            x = scipy.sparse.linalg.spsolve(a, b)
            assert np.abs(x - stored).max() <= 1e-10 * np.abs(stored).max(), np.abs(x - stored).max()
            print("ok")
            """
        let python = try runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", check, out])
        #expect(python.status == 0 && python.standardOutput.contains("ok"), "\(python.standardError)")
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("![solutions](solutions.png)"))
    }
}
