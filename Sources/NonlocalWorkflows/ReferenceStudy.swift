// ReferenceStudy: the references' errors under refinement, with observed orders, for every kind asked for — the References table of docs/FRACTIONAL.md.
import NonlocalReferences

/// Runs ``ReferenceConvergenceStudy`` for each kind at h = 2^−level and flattens the rows.
public struct ReferenceStudy: Sendable {
    public var kinds: [FractionalReference.Kind]
    public var order: Double
    public var dimension: Int
    public var levels: [Int]

    public init(kinds: [FractionalReference.Kind], order: Double, dimension: Int, levels: [Int]) {
        self.kinds = kinds
        self.order = order
        self.dimension = dimension
        self.levels = levels
    }

    /// One reference at one spacing; the orders are log₂ of the error ratio to the row before.
    public struct Row: Sendable, Codable, CSVRepresentable {
        public let kind: String
        public let level: Int
        public let unknowns: Int
        public let constantForcingError: Double
        public let constantForcingOrder: Double?
        /// 1D: ‖u − u_h‖_{L²(−1,1)}/‖u‖ of the piecewise-linear interpolant (PyNucleus's measure).
        public let continuousError: Double?
        public let continuousOrder: Double?
        public let exactPairError: Double
        public let exactPairOrder: Double?
        public let buildSeconds: Double
        public let solveSeconds: Double

        public static let csvHeader = [
            "reference", "level", "unknowns", "f1_error", "f1_order", "continuous_l2_error", "continuous_order", "dkk_error", "dkk_order",
            "build_seconds", "solve_seconds",
        ]
        public var csvFields: [String] {
            [
                kind, "\(level)", "\(unknowns)", csvNumber(constantForcingError), csvNumber(constantForcingOrder), csvNumber(continuousError),
                csvNumber(continuousOrder), csvNumber(exactPairError), csvNumber(exactPairOrder), csvNumber(buildSeconds), csvNumber(solveSeconds),
            ]
        }
    }

    /// Refuses, before any work, an order, dimension or size that does not fit.
    public func validate() throws {
        for level in levels {
            for kind in kinds { _ = try FractionalReference(kind: kind, order: order, dimension: dimension, spacing: spacing(level)) }
        }
    }

    private func spacing(_ level: Int) -> Double { 1 / Double(1 << level) }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        for kind in kinds {
            let study = try ReferenceConvergenceStudy.run(kind: kind, order: order, dimension: dimension, spacings: levels.map(spacing)) { row in
                progress("\(kind.rawValue), \(row.unknowns) unknowns: f = 1 error \(String(format: "%.3e", row.constantForcingError))")
            }
            for (index, row) in study.rows.enumerated() {
                let previous = index > 0 ? study.observedOrders[index - 1] : nil
                rows.append(Row(
                    kind: kind.rawValue, level: levels[index], unknowns: row.unknowns, constantForcingError: row.constantForcingError,
                    constantForcingOrder: previous?.constantForcing, continuousError: row.continuousConstantForcingError,
                    continuousOrder: previous?.continuousConstantForcing, exactPairError: row.exactPairError, exactPairOrder: previous?.exactPair,
                    buildSeconds: row.buildSeconds, solveSeconds: row.solveSeconds))
            }
        }
        return rows
    }
}
