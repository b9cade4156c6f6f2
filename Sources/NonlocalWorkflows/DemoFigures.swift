// DemoFigures: the CSV tables behind the demo's figures, and matplotlib drawing them (PNG and SVG).
import Foundation
import NonlocalFiles
import NonlocalKernels
import NonlocalReferences

/// The demo's figures are drawn by `demo_figures.py` (a resource of this target) with Debian's
/// matplotlib, from CSV files written here; the CSV files stay beside the figures so users can
/// replot. Each figure is `NAME.png` and `NAME.svg` for `NAME.csv`:
/// - `kernel`: r^{1+2s} K(r) of the learned kernel and the truncated one (a constant), so the
///   singular scaling is visible;
/// - `solutions`: the analytic f = 1 solution and each operator's, with pointwise errors;
/// - `residuals`: CG's relative residual per iteration for each preconditioner, at each size;
/// - `error_vs_nonzeros`: f = 1 error against stored entries, learned and truncated, across δ;
/// - `losses`: training and validation loss (relative) against the order M of the sweep.
enum DemoFigures {
    static let names = ["kernel", "solutions", "residuals", "error_vs_nonzeros", "losses"]

    /// Writes the tables into `folder`; returns their paths.
    static func writeTables(
        into folder: String, model: KernelModel, sweep: [KernelModel], validation: SurrogateValidation.Outcome,
        tradeoff: [ErrorVersusNonzeros], rows: [PreconditioningStudy.Row], order s: Double
    ) throws -> [String] {
        var written: [String] = []
        func write(_ name: String, header: [String], _ lines: [[String]]) throws {
            let path = folder + "/" + name + ".csv"
            try CSVFile.write(lines.map(CSVLine.init), to: path, header: header)
            written.append(path)
        }
        let kernel = try model.makeKernel()
        let truncated = try TruncatedFractionalKernel(order: s, horizon: model.horizon, dimension: 1)
        let radii = (1...400).map { model.horizon * Double($0) / 400 }
        try write("kernel", header: ["r", "learned", "truncated"], radii.map { r in
            let scale = pow(r, 1 + 2 * s)
            return [csvNumber(r), csvNumber(scale * kernel(r)), csvNumber(scale * truncated(r))]
        })
        let names = ["surrogate", "truncated", "naive", "accurate"].filter { validation.solutions[$0] != nil }
        try write("solutions", header: ["x", "analytic"] + names + names.map { $0 + "_error" }, validation.coordinates.indices.map { i in
            let exact = validation.exactSolution[i]
            return [csvNumber(validation.coordinates[i].x), csvNumber(exact)]
                + names.map { csvNumber(validation.solutions[$0]![i]) } + names.map { csvNumber(validation.solutions[$0]![i] - exact) }
        })
        try write("residuals", header: ["preconditioner", "n", "iteration", "relative_residual"], rows.flatMap { row in
            row.residualHistory.enumerated().map { k, r in [row.preconditioner.rawValue, "\(row.unknowns)", "\(k)", csvNumber(r)] }
        })
        try write("error_vs_nonzeros", header: ErrorVersusNonzeros.csvHeader, tradeoff.map(\.csvFields))
        try write("losses", header: ["order", "training_relative", "validation_relative"], sweep.map { m in
            [
                "\(m.order ?? 0)", csvNumber(m.losses["training_relative"] ?? m.losses["training"]),
                csvNumber(m.losses["validation_relative"] ?? m.losses["validation"]),
            ]
        })
        return written
    }

    /// Runs the drawing script on `folder`; returns the figures' paths.
    /// - Throws: ``WorkflowError`` when python or matplotlib is missing or the script fails.
    static func draw(in folder: String, python: String) throws -> [String] {
        try FigureScript.draw("demo_figures", names: names, in: folder, python: python, passNames: false)
    }
}

/// The matplotlib scripts among this target's resources (`demo_figures.py`, `paper_figures.py`),
/// run with Debian's python3 on a folder of CSV files; each figure NAME is drawn as NAME.png and NAME.svg.
enum FigureScript {
    /// Runs `script`.py on `folder` (with the figure names as arguments when `passNames`); returns the figures' paths.
    /// - Throws: ``WorkflowError`` when python or matplotlib is missing or the script fails.
    static func draw(_ script: String, names: [String], in folder: String, python: String, passNames: Bool = true) throws -> [String] {
        guard let path = Bundle.module.path(forResource: script, ofType: "py") else {
            throw WorkflowError.unreadable(path: script + ".py", reason: "the figure script is missing from the build's resources; rebuild")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [path, folder] + (passNames ? names : [])
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw WorkflowError.unreadable(path: python, reason: "cannot run it to draw the figures (\(error.localizedDescription)); install Debian's python3-matplotlib (make setup)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let last = message.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw WorkflowError.unreadable(path: path, reason: "drawing the figures failed: \(last)")
        }
        var figures: [String] = []
        for name in names { figures += [folder + "/" + name + ".png", folder + "/" + name + ".svg"] }
        return figures
    }
}

/// A row given as its fields.
struct CSVLine: CSVRepresentable {
    let csvFields: [String]
    init(_ fields: [String]) { csvFields = fields }
    static var csvHeader: [String] { [] }
}
