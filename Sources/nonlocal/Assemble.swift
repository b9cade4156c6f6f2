// `nonlocal assemble` and `nonlocal solve`: turn a kernel model into matrix files, and solve an exported system.
import ArgumentParser
import Foundation
import NonlocalAssembly
import NonlocalExport
import NonlocalKernels
import NonlocalLinearAlgebra

extension ExportFormat: ExpressibleByArgument {}

/// The format named by `--format`, or else the file's extension.
func exportFormat(_ explicit: ExportFormat?, path: String) throws -> ExportFormat {
    if let explicit { return explicit }
    guard let format = ExportFormat(path: path) else {
        throw CommandError("cannot tell the format of '\(path)'; use a .mtx, .nc or .petsc name or --format mtx|nc|petsc")
    }
    return format
}

struct Assemble: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Assemble a kernel model on a grid into a sparse matrix file (MatrixMarket, NetCDF or PETSc binary).")

    @Argument(help: "The kernel model (JSON, as `nonlocal learn` writes it).") var model: String
    @Option(help: "The grid, e.g. periodic:d=1,n=100,length=1 or interval:a=-1,b=1,h=0.01,delta=0.25 or disk:r=1,h=0.05,delta=0.2.")
    var grid: String
    @Option(name: [.customShort("o"), .long], help: "Output file: .mtx, .nc or .petsc.") var output: String
    @Option(help: "Output format when the extension does not say (mtx, nc, petsc).") var format: ExportFormat?
    @Option(help: "Matrix storage: symmetric (lower triangle) or general.") var storage: OperatorFile.Storage = .symmetric
    @Option(help: "Add the right-hand side of L_K u = constant (exterior values 0).") var rhsConstant: Double?
    @Flag(help: "Solve with CHOLMOD and store the surrogate solution (needs --rhs-constant).") var solve = false
    @Flag(help: "Also write the Cholesky factor P A Pᵀ = L D Lᵀ beside the output (stem.factor.EXT).") var factor = false

    func validate() throws {
        if solve && rhsConstant == nil { throw CommandError("--solve needs a right-hand side: add --rhs-constant VALUE") }
        if let rhsConstant, !rhsConstant.isFinite { throw CommandError("--rhs-constant must be a finite number") }
        _ = try exportFormat(format, path: output)
    }

    func run() throws {
        let format = try exportFormat(format, path: output)
        let model = try KernelModel.read(from: self.model)
        let specification = try GridSpecification(parsing: grid)
        let kernel = try model.makeKernel()
        guard kernel.dimension == specification.dimension else {
            throw CommandError("the model is \(kernel.dimension)D but grid '\(grid)' is \(specification.dimension)D")
        }
        let grid = try specification.makeGrid()
        guard kernel.horizon <= grid.layerWidth * (1 + 1e-10) else {
            throw CommandError("the model's horizon δ = \(kernel.horizon) exceeds the grid's layer width \(grid.layerWidth); raise delta in --grid")
        }
        guard kernel.horizon >= grid.spacing * (1 - 1e-10) else {
            throw CommandError("the model's horizon δ = \(kernel.horizon) is below the grid spacing h = \(grid.spacing); use a finer grid")
        }
        progress("assembling \(model.family.rawValue) kernel on \(specification) (\(grid.interiorCount) unknowns)")
        let op = NonlocalOperator(kernel: kernel, grid: grid)
        let (matrix, seconds) = timed { op.assemble() }

        var metadata = ExportMetadata()
        metadata.set("family", .text(model.family.rawValue))
        metadata.set("dimension", .integer(model.dimension))
        metadata.set("delta", .number(model.horizon))
        metadata.set("h", .number(grid.spacing))
        metadata.set("grid", .text(specification.description))
        if let order = model.order { metadata.set("order", .integer(order)) }
        if let s = model.fractionalOrder { metadata.set("s", .number(s)) }
        if let alpha = model.exponent { metadata.set("alpha", .number(alpha)) }
        if let certificate = model.certificate {
            metadata.set("kappa", .number(certificate.kappa))
            metadata.set("lambda_min_training_grid", .number(certificate.lambdaMin))
        }
        if let provenance = model.provenance {
            metadata.set("data_file", .text(provenance.dataFile))
            metadata.set("data_sha256", .text(provenance.dataHash))
            metadata.set("data_problem", .text(provenance.problem))
        }
        metadata.set("kernel_model", .text(self.model))
        metadata.set("toolkit_version", .text(model.toolkitVersion))

        var vectors: [String: [Double]] = [:]
        if let rhsConstant {
            vectors["rhs"] = [Double](repeating: rhsConstant, count: grid.interiorCount)
        }
        if solve, let rhs = vectors["rhs"] {
            progress("solving with CHOLMOD")
            let solution = try DirectSolver.solve(matrix, rhs)
            if let reason = solution.fallbackReason { progress("note: \(reason); solved with \(solution.method.rawValue)") }
            vectors["surrogate_solution"] = solution.x
        }
        var coefficients: [String: [Double]] = [:]
        if !model.nonnegativeCoefficients.isEmpty { coefficients["C"] = model.nonnegativeCoefficients }
        if !model.signChangingCoefficients.isEmpty { coefficients["D"] = model.signChangingCoefficients }
        let file = OperatorFile(
            matrix: matrix, storage: storage, metadata: metadata, coefficients: coefficients,
            coordinates: grid.interiorCoordinates, vectors: vectors)
        var written = try file.write(to: output, format: format)
        if factor {
            progress("factorizing with CHOLMOD")
            let cholesky = try CholeskyFactorization(factorizing: matrix)
            written += try cholesky.exportFactor().write(to: sidePath(output, "factor"), format: format)
        }
        print("\(matrix.rowCount.grouped) × \(matrix.columnCount.grouped) operator, \(matrix.nonzeroCount.grouped) nonzeros (assembled in \(seconds.fixed(3)) s): \(written.joined(separator: ", "))")
    }
}

extension OperatorFile.Storage: ExpressibleByArgument {}

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Solve an exported system with CHOLMOD, falling back to UMFPACK (with a note) when it is not positive definite.")

    @Argument(help: "The matrix file (.mtx, .nc or .petsc).") var file: String
    @Option(help: "Right-hand side (MatrixMarket array); default: the one stored in the .nc or .petsc file.") var rhs: String?
    @Option(help: "Format of the matrix file when the extension does not say.") var format: ExportFormat?
    @Option(name: [.customShort("o"), .long], help: "Write the solution here (MatrixMarket array).") var output: String?

    func validate() throws { _ = try exportFormat(format, path: file) }

    func run() throws {
        let (matrix, stored) = try OperatorFile.read(from: file, format: try exportFormat(format, path: file))
        let b: [Double]
        if let rhs {
            b = try MatrixMarketFile.readVector(from: rhs)
        } else if let stored {
            b = stored
        } else {
            throw CommandError("\(file) holds no right-hand side; pass one with --rhs b.mtx")
        }
        guard b.count == matrix.rowCount, matrix.isSquare else {
            throw CommandError("the right-hand side has \(b.count) entries for a \(matrix.rowCount) × \(matrix.columnCount) matrix")
        }
        let (solution, seconds) = try timed { try DirectSolver.solve(matrix, b) }
        if let reason = solution.fallbackReason { progress("note: \(reason); solved with \(solution.method.rawValue)") }
        if let output { try MatrixMarketFile.write(vector: solution.x, to: output, comments: ["solution of \(file)"]) }
        print("\(solution.method.rawValue): n = \(matrix.rowCount.grouped), ‖Ax − b‖/‖b‖ = \(solution.relativeResidual.scientific()) (\(seconds.fixed(3)) s)\(output.map { ", solution in \($0)" } ?? "")")
    }
}
