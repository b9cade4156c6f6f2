// `nonlocal reference`: dense reference operators of (−Δ)^s — written for other solvers, or studied under refinement.
import ArgumentParser
import Foundation
import NonlocalAssembly
import NonlocalExport
import NonlocalReferences
import NonlocalWorkflows

struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dense reference discretizations of (−Δ)^s on (−1, 1) and the unit disk (u = 0 outside).",
        discussion: """
            naive: one-point quadrature of C_{d,s}/|x−y|^{d+2s} with the analytic exterior tail (the paper's dense \
            operator). accurate: P1 finite elements (mass-lumped) in 1D; on the disk the inverse of the symmetric \
            Green's-function quadrature (exact for f = 1 by construction; judged on a Dyda–Kuznetsov–Kwaśnicki pair).
            """,
        subcommands: [Write.self, Study.self], defaultSubcommand: Write.self)

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a dense reference on a grid and write it (NetCDF 2-D variable, PETSc dense Mat, MatrixMarket array).",
            discussion: "Example: nonlocal reference naive --order 0.75 --grid interval:a=-1,b=1,h=0.0078125,delta=0.25 -o A.petsc")


        @OptionGroup var console: ConsoleOptions

        @Argument(help: "naive or accurate.") var kind: FractionalReference.Kind
        @Option(parsing: .unconditional, help: "The fractional order s in (0, 1).") var order = 0.75
        @Option(help: "The grid: interval:a=-1,b=1,h=H,delta=D or disk:r=1,h=H,delta=D.") var grid: String
        @Option(name: [.customShort("o"), .long], help: "Output file: .nc, .petsc or .mtx.") var output: String
        @Option(help: "Output format when the extension does not say (mtx, nc, petsc).") var format: ExportFormat?

        var export: ReferenceExport {
            get throws { ReferenceExport(kind: kind, order: order, grid: try GridSpecification(parsing: grid)) }
        }

        func validate() throws {
            guard order > 0, order < 1 else { throw CommandError("--order \(order) is outside (0, 1); pick s in (0, 1)") }
            try OutputPath.check(output, extensions: try ExportFormat.resolve(format, path: output).extensions)
            try export.validate()
        }

        func run() throws {
            let outcome = try export.run(writingTo: output, format: try ExportFormat.resolve(format, path: output), progress: progress)
            print("\(kind.rawValue) reference of (−Δ)^\(order), \(outcome.unknowns.grouped) unknowns (built in \(outcome.buildSeconds.fixed(3)) s): f = 1 relative L2 error \(outcome.constantForcingError.scientific(3)); wrote \(outcome.written.joined(separator: ", "))")
        }
    }

    struct Study: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Errors of the references under refinement (f = 1 and a DKK pair) with observed orders.",
            discussion: "Example: nonlocal reference study --dimension 1 --levels 6...10")


        @OptionGroup var console: ConsoleOptions

        @Option(help: "References, a comma list of naive and accurate.") var kinds = "naive,accurate"
        @Option(parsing: .unconditional, help: "The fractional order s in (0, 1).") var order = 0.75
        @Option(parsing: .unconditional, help: "1 (interval) or 2 (disk).") var dimension = 1
        @Option(parsing: .unconditional, help: "Levels: h = 2^-level, as A...B or a list (default 6...10 in 1D, 3...5 on the disk).") var levels: String?
        @Flag(help: "Print the rows as JSON instead of a table.") var json = false
        @Option(help: "Also write the rows as CSV to this file.") var csv: String?

        func studyRequest() throws -> ReferenceStudy {
            let levels = try parseNumbers(self.levels ?? (dimension == 1 ? "6...10" : "3...5"), flag: "--levels")
            guard levels.allSatisfy({ $0 == $0.rounded() && (1...20).contains($0) }) else { throw CommandError("--levels must be whole numbers in 1...20") }
            let kinds = try self.kinds.split(separator: ",").map { text throws(ReferenceError) in try FractionalReference.Kind(parsing: String(text)) }
            return ReferenceStudy(kinds: kinds, order: order, dimension: dimension, levels: levels.map { Int($0) })
        }

        func validate() throws {
            guard order > 0, order < 1 else { throw CommandError("--order \(order) is outside (0, 1); pick s in (0, 1)") }
            guard dimension == 1 || dimension == 2 else { throw CommandError("--dimension must be 1 or 2") }
            try studyRequest().validate()
        }

        func run() throws {
            let rows = try studyRequest().run(progress: progress)
            if let csv { try CSVFile.write(rows, to: csv) }
            if json { return try printJSON(rows) }
            var table = Table("reference", "h", "n", "f=1 error", "order", "L2 error (P1)", "order", "DKK error", "order", "build s", "solve s")
            for row in rows {
                table.append(
                    row.kind, "2^-\(row.level)", row.unknowns.grouped, row.constantForcingError.scientific(3),
                    row.constantForcingOrder.map { $0.fixed(2) } ?? "", row.continuousError.map { $0.scientific(3) } ?? "—",
                    row.continuousOrder.map { $0.fixed(2) } ?? "", row.exactPairError.scientific(3), row.exactPairOrder.map { $0.fixed(2) } ?? "",
                    row.buildSeconds.fixed(3), row.solveSeconds.fixed(3))
            }
            print(table.rendered)
        }
    }
}
