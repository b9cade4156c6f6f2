// OperatorDataGeneration: `nonlocal generate operator` — (u, A u) datasets from a dense reference or a matrix of the user's, to learn a surrogate of the discretization actually solved.
import NonlocalAssembly
import NonlocalDataset
import NonlocalExport
import NonlocalGenerators
import NonlocalReferences

/// Makes ``OperatorData`` from A: a ``FractionalReference`` (naive or accurate) or a matrix file
/// (``OperatorMatrix``: NetCDF, PETSc, MatrixMarket, dense or sparse) whose rows are the grid's
/// unknowns, and writes it as a dataset file.
public struct OperatorDataGeneration: Sendable {
    public enum Source: Sendable {
        case reference(FractionalReference.Kind)
        case matrix(path: String, variable: String?)
    }

    public var source: Source
    public var grid: GridSpecification
    /// s: the reference's order, recorded with the data (and for a user matrix, when known).
    public var order: Double?
    public var spectrum = OperatorData.Spectrum.modes
    public var samples: Int?
    public var seed: UInt64 = 1

    public init(source: Source, grid: GridSpecification) {
        self.source = source
        self.grid = grid
    }

    /// Checks what can be checked before work: the order, the grid, the reference's memory.
    public func validate() throws {
        if let order, !(order > 0 && order < 1) { throw WorkflowError.invalidSetting(name: "s", value: order, allowed: "pick s in (0, 1)") }
        let built = try grid.makeGrid()
        if case .reference(let kind) = source {
            guard let order else { throw WorkflowError.missingSetting(name: "--order", reason: "a reference is built for a fractional order s; give it, e.g. --order 0.75") }
            _ = try FractionalReference(kind: kind, order: order, grid: built)
        }
        if let samples, samples < 1 { throw WorkflowError.invalidSetting(name: "samples", value: Double(samples), allowed: "at least 1") }
    }

    public func run(writingTo path: String, progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> DatasetGeneration.Outcome {
        try validate()
        var data = OperatorData(grid: grid)
        data.spectrum = spectrum
        data.samples = samples
        data.seed = seed
        if let order { data.parameters["order"] = "\(order)" }
        let (dataset, seconds) = try timed { () throws -> Dataset in
            switch source {
            case .reference(let kind):
                progress("building the \(kind.rawValue) reference on \(grid)")
                let a = try FractionalReference(kind: kind, order: order!, grid: try grid.makeGrid()).matrix()
                data.problem = "fractional-\(kind.rawValue)"
                data.parameters["reference"] = kind.rawValue
                return try data.generate(matrix: a, report: progress)
            case .matrix(let matrixPath, let variable):
                let matrix = try OperatorMatrix.read(from: matrixPath, variable: variable)
                data.problem = order == nil ? "operator" : "fractional-operator"
                data.parameters["matrix"] = matrixPath
                switch matrix {
                case .dense(let a): return try data.generate(matrix: a, report: progress)
                case .sparse(let a): return try data.generate(operator: a, report: progress)
                }
            }
        }
        progress("writing \(path)")
        try dataset.write(to: path)
        return DatasetGeneration.Outcome(
            problem: dataset.problem, samples: dataset.sampleCount, grid: dataset.grid.description,
            evaluationPoints: dataset.evaluationPoints.count, seconds: seconds)
    }
}
