// `nonlocal assemble` and `nonlocal solve`: turn a kernel model into matrix files, and solve an exported system.
import ArgumentParser
import NonlocalAssembly
import NonlocalExport
import NonlocalWorkflows

extension ExportFormat: ExpressibleByArgument {}
extension OperatorFile.Storage: ExpressibleByArgument {}

struct Assemble: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assemble a kernel model on a grid into a sparse matrix file (MatrixMarket, NetCDF or PETSc binary).", discussion: "Example:\n  nonlocal assemble k.json --grid interval:a=-1,b=1,h=0.01,delta=2 -o op.mtx\n  nonlocal assemble k.json --grid disk:r=1,h=0.05,delta=0.2 --rhs-constant 1 --solve -o op.nc")


    @OptionGroup var console: ConsoleOptions

    @Argument(help: "The kernel model (JSON, as `nonlocal learn` writes it).") var model: String
    @Option(help: "The grid, e.g. periodic:d=1,n=100,length=1 or interval:a=-1,b=1,h=0.01,delta=0.25 or disk:r=1,h=0.05,delta=0.2.")
    var grid: String
    @Option(name: [.customShort("o"), .long], help: "Output file: .mtx, .nc or .petsc.") var output: String
    @Option(help: "Output format when the extension does not say (mtx, nc, petsc).") var format: ExportFormat?
    @Option(help: "Matrix storage: symmetric (lower triangle) or general.") var storage: OperatorFile.Storage = .symmetric
    @Option(parsing: .unconditional, help: "Add the right-hand side of L_K u = constant (exterior values 0).") var rhsConstant: Double?
    @Flag(help: "Solve with CHOLMOD and store the surrogate solution (needs --rhs-constant).") var solve = false
    @Flag(help: "Also write the Cholesky factor P A Pᵀ = L D Lᵀ beside the output (stem.factor.EXT).") var factor = false
    @Flag(help: "Export a model whose certificate says it is not coercive (marked coercive = false).") var allowNonCoercive = false
    @Flag(help: "Print the outcome as JSON instead of a line.") var json = false

    func validate() throws {
        if solve && rhsConstant == nil { throw CommandError("--solve needs a right-hand side: add --rhs-constant VALUE") }
        if let rhsConstant, !rhsConstant.isFinite { throw CommandError("--rhs-constant must be a finite number") }
        // Everything this export may write or remove, none of which may be the model (checked first, in every
        // format: that is the message a user needs).
        let sides = ExportFormat.allCases.flatMap { OperatorAssembly.sideFiles(of: output, format: $0) }
        try OutputPath.checkNotAnInput(output, inputs: [model], sideFiles: sides)
        let format = try ExportFormat.resolve(format, path: output)
        _ = try GridSpecification(parsing: grid)
        try OutputPath.check(output, extensions: format.extensions, inputs: [model], sideFiles: sides)
    }

    func run() throws {
        let format = try ExportFormat.resolve(format, path: output)
        var assembly = OperatorAssembly(modelPath: model, grid: try GridSpecification(parsing: grid))
        assembly.storage = storage
        assembly.rightHandSideConstant = rhsConstant
        assembly.solve = solve
        assembly.factor = factor
        assembly.allowNonCoercive = allowNonCoercive
        let outcome = try assembly.run(progress: progress)
        if let note = outcome.solverNote { progress("note: \(note)") }
        progress("writing \(output)")
        let (written, removed) = try outcome.write(to: output, format: format)
        for path in removed { progress("removed \(path), left by an earlier export: this one writes no such file") }
        let matrix = outcome.file.matrix
        if json {
            return try printJSON(AssembleReport(
                rows: matrix.rowCount, columns: matrix.columnCount, nonzeros: matrix.nonzeroCount, assemblySeconds: outcome.assemblySeconds,
                files: written, solverNote: outcome.solverNote, gridWarning: outcome.gridWarning, coercive: outcome.certificate?.coercive))
        }
        print("\(matrix.rowCount.grouped) × \(matrix.columnCount.grouped) operator, \(matrix.nonzeroCount.grouped) nonzeros (assembled in \(outcome.assemblySeconds.fixed(3)) s): \(written.joined(separator: ", "))")
    }

    /// `assemble --json`.
    struct AssembleReport: Encodable {
        let rows: Int
        let columns: Int
        let nonzeros: Int
        let assemblySeconds: Double
        let files: [String]
        let solverNote: String?
        let gridWarning: String?
        let coercive: Bool?
    }
}

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve an exported system with CHOLMOD, falling back to UMFPACK (with a note) when it is not positive definite.",
        discussion: """
            The answer is checked before it is printed or written: x must be finite and \
            ‖Ax − b‖/‖b‖ ≤ τ = min(1e-6, max(1e-10, 100·n·ε/rcond)), with n unknowns, ε = 2.2e-16 and \
            rcond the factorization's estimate of 1/κ (CHOLMOD's or UMFPACK's); otherwise the command \
            exits 1 with the residual and τ, and writes nothing. Symmetry (CHOLMOD) is tested entry by \
            entry: |a_ij − a_ji| ≤ 1e-12·max(|a_ij|, |a_ji|, √|a_ii a_jj|). docs/CLI.md says why.

            A periodic operator (the file's grid metadata) whose rows sum to zero is solved on the \
            mean-zero vectors: b is projected onto mean zero, x normalised to mean zero, and a note \
            (and `null_space` in --json) says so; a matrix whose rows sum to zero in a file that names \
            no periodic grid is refused.

            Examples:
              nonlocal solve op.nc
              nonlocal solve op.mtx --rhs op.rhs.mtx -o x.mtx
            """)


    @OptionGroup var console: ConsoleOptions

    @Argument(help: "The matrix file (.mtx, .nc or .petsc).") var file: String
    @Option(help: "Right-hand side (MatrixMarket array); default: the one stored in the .nc or .petsc file.") var rhs: String?
    @Option(help: "Format of the matrix file when the extension does not say.") var format: ExportFormat?
    @Option(name: [.customShort("o"), .long], help: "Write the solution here (MatrixMarket array).") var output: String?
    @Flag(help: "Print the outcome as JSON instead of a line.") var json = false

    func validate() throws {
        _ = try ExportFormat.resolve(format, path: file)
        if let output {
            // Not the matrix, its right-hand side, nor the side file an .mtx export keeps it in.
            try OutputPath.check(output, extensions: ["mtx"], inputs: [file, sidePath(file, "rhs")] + (rhs.map { [$0] } ?? []))
        }
    }

    func run() throws {
        let request = SystemSolve(matrixPath: file, format: try ExportFormat.resolve(format, path: file), rightHandSidePath: rhs)
        let outcome = try request.run()
        let solution = outcome.solution
        if let reason = solution.fallbackReason { progress("note: \(reason); solved with \(solution.method.rawValue)") }
        if solution.nullSpace == .constants {
            progress(
                "note: periodic operator (\(outcome.grid.map { "grid \($0)" } ?? "grid metadata")): its null space is the constants, so it was "
                    + "solved on mean-zero vectors: b projected onto mean zero (\((100 * solution.removedRightHandSide).fixed(1)) % of ‖b‖ removed), "
                    + "x normalised to mean zero")
        }
        if let output { try SystemSolve.write(solution: solution.x, to: output, of: file) }
        if json {
            return try printJSON(SolveReport(
                method: solution.method.rawValue, unknowns: outcome.rowCount, relativeResidual: solution.relativeResidual, seconds: outcome.seconds,
                fallbackReason: solution.fallbackReason, output: output, residualTolerance: solution.residualTolerance,
                reciprocalCondition: solution.reciprocalCondition, nullSpace: solution.nullSpace?.rawValue,
                removedRightHandSide: solution.nullSpace == nil ? nil : solution.removedRightHandSide))
        }
        print("\(solution.method.rawValue): n = \(outcome.rowCount.grouped), ‖Ax − b‖/‖b‖ = \(solution.relativeResidual.scientific()) (\(outcome.seconds.fixed(3)) s)\(output.map { ", solution in \($0)" } ?? "")")
    }
}

/// `solve --json`.
struct SolveReport: Encodable {
    let method: String
    let unknowns: Int
    let relativeResidual: Double
    let seconds: Double
    let fallbackReason: String?
    let output: String?
    /// The bound the residual was checked against (``DirectSolver/residualTolerance(unknowns:reciprocalCondition:)``).
    let residualTolerance: Double
    /// The factorization's estimate of 1/κ.
    let reciprocalCondition: Double
    /// `constants` when a periodic operator's null space was deflated, else absent.
    let nullSpace: String?
    /// ‖b − b̂‖/‖b‖ of the projection onto mean zero, when `nullSpace` is set.
    let removedRightHandSide: Double?
}
