// PreconditionerAblation: each choice behind the learned preconditioner, switched off in turn, with its measured effect on P⁻¹A and on CG.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalGenerators
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalReferences
import NonlocalRegression

/// On the dense reference at one level and horizon, CG on `A u = 1` preconditioned by:
/// the truncated kernel; least-squares fits (Algorithm 1's loss, α = d + 2s fixed, order M) on
/// white-noise data and on the grid's modes; the spectral fit without its reaction term, with no
/// outliers (q = 0), at M = 0, and as chosen (modes, reaction, q by prediction, M). Each row
/// gives P⁻¹A's extreme eigenvalues (LAPACK, exact at these sizes) and the iterations.
public struct PreconditionerAblation: Sendable {
    public var reference = FractionalReference.Kind.naive
    public var order = 0.75
    public var level = 8
    public var horizon = 0.0625
    public var learnedOrder = 4

    public init() {}

    public struct Row: Sendable, Codable, CSVRepresentable {
        public let variant: String
        public let lambdaMin: Double
        public let lambdaMax: Double
        public var condition: Double { lambdaMax / lambdaMin }
        public let iterations: Int

        public static let csvHeader = ["variant", "lambda_min", "lambda_max", "condition", "iterations"]
        public var csvFields: [String] { [variant, csvNumber(lambdaMin), csvNumber(lambdaMax), csvNumber(condition), "\(iterations)"] }
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> [Row] {
        let h = pow(2, -Double(level))
        let specification = GridSpecification.interval(lower: -1, upper: 1, spacing: h, horizon: horizon)
        let grid = try specification.makeGrid()
        let a = try FractionalReference(kind: reference, order: order, grid: grid).matrix()
        let alpha = 1 + 2 * order
        func dataset(_ spectrum: OperatorData.Spectrum) throws -> NonlocalDataset.Dataset {
            var data = OperatorData(grid: specification)
            data.spectrum = spectrum
            data.samples = spectrum == .white ? 4 * grid.interiorCount : nil
            data.problem = "fractional-\(reference.rawValue)"
            data.parameters = ["order": "\(order)"]
            return try data.generate(matrix: a)
        }
        let modes = try dataset(.modes), white = try dataset(.white)
        func leastSquares(_ data: NonlocalDataset.Dataset) throws -> KernelModel {
            var configuration = KernelRegression.Configuration(horizon: horizon, order: learnedOrder)
            configuration.exponent = .fixed(alpha)
            // The spectral fit's rule, so the row changes the loss alone: a preconditioner fits the grid's own operator.
            configuration.quadrature = .onePoint
            configuration.validationFraction = 0
            return try KernelRegression(dataset: data, configuration: configuration).run()
        }
        func spectral(reaction: Bool = true, outliers: [Int]? = nil, order m: Int? = nil) throws -> KernelModel {
            var configuration = SpectralRegression.Configuration(horizon: horizon, order: m ?? learnedOrder)
            configuration.reaction = reaction
            if let outliers { configuration.outlierCounts = outliers }
            return try SpectralRegression(dataset: modes, configuration: configuration).sweep(orders: [m ?? learnedOrder])[0]
        }
        let truncated = try TruncatedFractionalKernel(order: order, horizon: horizon, dimension: 1)
        let variants: [(String, any RadialKernel, Double)] = [
            ("truncated kernel", truncated, 0),
            ("truncated + tail mass", truncated, truncated.tailMass),
            ("least squares, white-noise data", try leastSquares(white).makeKernel(), 0),
            ("least squares, mode data", try leastSquares(modes).makeKernel(), 0),
        ] + (try [
            ("spectral, no reaction term", spectral(reaction: false)),
            ("spectral, no outliers (q = 0)", spectral(outliers: [0])),
            ("spectral, M = 0", spectral(order: 0)),
            ("spectral, as chosen", spectral()),
        ].map { label, model in (label, try model.makeKernel(), model.reaction ?? 0) })
        let ones = [Double](repeating: 1, count: a.rowCount)
        return try variants.map { label, kernel, reaction in
            progress("ablation: \(label)")
            let p = NonlocalOperator(kernel: kernel, grid: grid, reaction: reaction).assemble()
            let values = try a.generalizedEigenvalues(mass: p.denseMatrix())
            let iterations = try ConjugateGradient(relativeTolerance: 1e-10, maximumIterations: 100 * a.rowCount)
                .solve(a, ones, preconditioner: CholeskyFactorization(factorizing: p)).iterations
            return Row(variant: label, lambdaMin: values.first!, lambdaMax: values.last!, iterations: iterations)
        }
    }
}
