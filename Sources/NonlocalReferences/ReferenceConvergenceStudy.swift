// ReferenceConvergenceStudy: errors and observed orders of a fractional reference under refinement, the rows of a "References" table.
import Foundation
import NonlocalGenerators
import NonlocalLinearAlgebra

/// A reference of one kind and order solved on a sequence of spacings: at each h, the nodal
/// relative L2 errors for f = 1 (against u₁) and for a Dyda–Kuznetsov–Kwaśnicki pair (non-constant
/// f), in 1D also the continuous L²(−1, 1) error of the P1 interpolant for f = 1, with the seconds
/// spent building A and solving (one Cholesky factorization, two solves), and the observed orders
/// `log(e_k/e_{k+1}) / log(h_k/h_{k+1})` between consecutive rows (`log₂(e(h)/e(h/2))` when h halves).
///
/// The accurate disk reference is exact for f = 1 by construction: its f = 1 column is rounding
/// (≈ 1e-13) and its orders are meaningless; read its exact-pair column.
public struct ReferenceConvergenceStudy: Sendable {
    /// One spacing.
    public struct Row: Sendable, Equatable {
        public let spacing: Double
        public let unknowns: Int
        /// Nodal relative L2 error for f = 1.
        public let constantForcingError: Double
        /// Nodal relative L2 error for the exact pair of degree ``ReferenceConvergenceStudy/exactPairDegree``.
        public let exactPairError: Double
        /// 1D: the continuous relative L²(−1, 1) error of the P1 interpolant for f = 1; nil on the disk.
        public let continuousConstantForcingError: Double?
        /// Seconds to form A.
        public let buildSeconds: Double
        /// Seconds to factorize A and solve both systems.
        public let solveSeconds: Double
    }

    /// Observed orders between two consecutive rows.
    public struct ObservedOrder: Sendable, Equatable {
        public let constantForcing: Double
        public let exactPair: Double
        public let continuousConstantForcing: Double?
    }

    public let kind: FractionalReference.Kind
    public let order: Double
    public let dimension: Int
    public let exactPairDegree: Int
    public let rows: [Row]

    /// The observed orders between rows k and k + 1, k = 0 … rows.count − 2.
    public var observedOrders: [ObservedOrder] {
        zip(rows, rows.dropFirst()).map { coarse, fine in
            let ratio = log(coarse.spacing / fine.spacing)
            let rate = { (a: Double, b: Double) in log(a / b) / ratio }
            return ObservedOrder(
                constantForcing: rate(coarse.constantForcingError, fine.constantForcingError),
                exactPair: rate(coarse.exactPairError, fine.exactPairError),
                continuousConstantForcing: coarse.continuousConstantForcingError.flatMap { a in
                    fine.continuousConstantForcingError.map { rate(a, $0) }
                })
        }
    }

    /// Builds and solves the reference at each spacing, in the order given. Each size's memory
    /// (``FractionalReference/solvingBytes``) is checked before anything of it is built, so a list
    /// that ends too fine fails at once on that row, after the rows before it are computed.
    /// - Parameters:
    ///   - spacings: h = 2/n for each row, typically halving.
    ///   - exactPairDegree: the degree n ≥ 1 of the Dyda–Kuznetsov–Kwaśnicki pair (default 1).
    ///   - availableBytes: the memory budget; nil reads the system's available memory.
    ///   - onRow: called with each row as it is finished (for progress).
    /// - Throws: what ``FractionalReference`` throws for an order, dimension or spacing, or a size that does not fit.
    public static func run(
        kind: FractionalReference.Kind, order s: Double, dimension: Int, spacings: [Double], exactPairDegree: Int = 1,
        availableBytes: Int? = nil, onRow: ((Row) -> Void)? = nil
    ) throws(ReferenceError) -> ReferenceConvergenceStudy {
        precondition(exactPairDegree >= 1, "the exact pair must have a non-constant forcing (degree ≥ 1)")
        var rows: [Row] = []
        let clock = ContinuousClock()
        for h in spacings {
            // The solve holds A and its Cholesky factor: both are counted before anything is built.
            let reference = try FractionalReference(
                kind: kind, order: s, lattice: try UnitBallLattice(dimension: dimension, spacing: h), grid: nil,
                availableBytes: availableBytes, denseMatrices: 2)
            let ones = [Double](repeating: 1, count: reference.unknownCount)
            let pair = reference.exactPair(degree: exactPairDegree)
            let start = clock.now
            let matrix = try reference.matrix()
            let built = clock.now
            let factorization = try FractionalReference.factorize(matrix, name: "the \(kind.rawValue) reference")
            let constantSolution = factorization.solve(ones), pairSolution = factorization.solve(pair.forcing)
            let solved = clock.now
            let continuous: Double? =
                dimension == 1
                ? reference.continuousRelativeError(constantSolution) {
                    FractionalPoissonSolver.constantForcingSolution(order: s, dimension: 1, at: SIMD2($0, 0))
                } : nil
            let row = Row(
                spacing: h, unknowns: reference.unknownCount,
                constantForcingError: FractionalReference.relativeError(constantSolution, against: reference.constantForcingSolution()),
                exactPairError: FractionalReference.relativeError(pairSolution, against: pair.solution),
                continuousConstantForcingError: continuous, buildSeconds: (built - start).seconds,
                solveSeconds: (solved - built).seconds)
            rows.append(row)
            onRow?(row)
        }
        return ReferenceConvergenceStudy(kind: kind, order: s, dimension: dimension, exactPairDegree: exactPairDegree, rows: rows)
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) * 1e-18
    }
}
