// CSVFile: rows of a study written as comma-separated values (RFC 4180), the numbers in shortest round-trip form.
import Foundation
import NonlocalFiles

/// A row type that knows its CSV columns.
public protocol CSVRepresentable {
    static var csvHeader: [String] { get }
    var csvFields: [String] { get }
}

/// Writes study rows as CSV, atomically: a header line, then one line per row; fields holding
/// a comma, a quote or a line break are quoted (quotes doubled), as RFC 4180 says.
public enum CSVFile {
    public static func write<Row: CSVRepresentable>(_ rows: [Row], to path: String) throws(FileError) {
        try write(rows, to: path, header: Row.csvHeader)
    }

    /// Writes rows under an explicit header (for tables whose columns are chosen at run time).
    static func write<Row: CSVRepresentable>(_ rows: [Row], to path: String, header: [String]) throws(FileError) {
        func quoted(_ field: String) -> String {
            field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        let lines = [header] + rows.map(\.csvFields)
        let text = lines.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
        try AtomicFile.write(Array(text.utf8), to: path)
    }
}

/// A number as CSV wants it: shortest round-trip digits, empty when absent.
func csvNumber(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }

extension PreconditioningStudy.Row: CSVRepresentable {
    public static let csvHeader = [
        "level", "h", "unknowns", "delta", "preconditioner", "nonzeros", "iterations", "setup_seconds", "preconditioner_solve_seconds", "iteration_seconds",
        "total_seconds", "lambda_min", "lambda_max", "relative_residual", "f1_error", "f1_error_p1",
    ]
    public var csvFields: [String] {
        [
            "\(level)", csvNumber(spacing), "\(unknowns)", csvNumber(horizon), preconditioner.rawValue, "\(nonzeros)", "\(iterations)",
            csvNumber(setupSeconds), csvNumber(preconditionerSolveSeconds), csvNumber(iterationSeconds), csvNumber(totalSeconds), csvNumber(lambdaMin), csvNumber(lambdaMax),
            csvNumber(relativeResidual), csvNumber(error), csvNumber(continuousError),
        ]
    }
}

/// One line of `nonlocal validate`'s CSV: an operator, and one reference it preconditions
/// (the references' own lines, and operators validated without references, leave those fields empty).
public struct ValidationLine: CSVRepresentable, Sendable {
    public let row: SurrogateValidation.OperatorRow
    public let preconditioning: SurrogateValidation.Preconditioning?

    public static let csvHeader = [
        "operator", "grid", "unknowns", "nonzeros", "bytes", "factor_seconds", "solve_seconds", "f1_error", "dkk_error", "reference",
        "lambda_min", "lambda_max", "exact_spectrum", "predicted_iterations", "iterations",
    ]

    public var csvFields: [String] {
        let base = [
            row.name, row.grid, "\(row.unknowns)", "\(row.nonzeros)", "\(row.bytes)", csvNumber(row.factorSeconds), csvNumber(row.solveSeconds),
            csvNumber(row.constantForcingError), csvNumber(row.exactPairError),
        ]
        guard let p = preconditioning else { return base + ["", "", "", "", "", ""] }
        return base + [p.reference, csvNumber(p.lambdaMin), csvNumber(p.lambdaMax), "\(p.exactSpectrum)", "\(p.predictedIterations)", "\(p.iterations)"]
    }
}

extension SurrogateValidation.Outcome {
    /// The CSV lines: one per operator and reference it preconditions (one for a reference itself).
    public var lines: [ValidationLine] {
        rows.flatMap { row in
            row.preconditioning.isEmpty ? [ValidationLine(row: row, preconditioning: nil)] : row.preconditioning.map { ValidationLine(row: row, preconditioning: $0) }
        }
    }
}
