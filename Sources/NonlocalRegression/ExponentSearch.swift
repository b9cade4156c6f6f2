// ExponentSearch: the fractional kernel's exponent α (§8) — for each α stage 1 is an NNLS, so α is a 1D minimization.
import NonlocalKernels
import NonlocalOptimization

/// Minimizes `ℓ(α) = min_{C ≥ 0} L(C; α)` for the basis `B_{m,M}(r/δ)/r^α` over an interval of
/// α: a coarse scan finds the best grid point, then Brent's method refines inside the bracket
/// of its neighbours. Every evaluation is a ``QuadraticLoss`` from the same ``RadialMoments``
/// (two small products) and an NNLS, so the data are never read again.
public struct ExponentSearch: Sendable {
    /// The α searched, [0, α_max] by default; it must not be empty.
    public var range: ClosedRange<Double>
    /// Points of the coarse scan, ends included.
    public var scanPoints: Int
    public var tolerance: Double
    /// How each basis function is put on the moments' lattice.
    public var quadrature: LatticeQuadrature

    public init(range: ClosedRange<Double>, scanPoints: Int = 25, tolerance: Double = 1e-7, quadrature: LatticeQuadrature = .onePoint) {
        precondition(range.lowerBound >= 0 && range.upperBound.isFinite, "α must lie in [0, ∞)")
        precondition(scanPoints >= 2, "the scan needs its two ends")
        self.range = range
        self.scanPoints = scanPoints
        self.tolerance = tolerance
        self.quadrature = quadrature
    }

    public struct Result: Sendable {
        public let exponent: Double
        public let solution: NonnegativeLeastSquares.Solution
        /// NNLS solves spent.
        public let evaluations: Int
    }

    /// The best α and its stage-1 solution for Bernstein order M on the moments' stencil.
    public func minimize(moments: RadialMoments, order: Int) -> Result {
        let stencil = moments.stencil
        func solve(_ alpha: Double) -> NonnegativeLeastSquares.Solution {
            let basis: [any RadialKernel] = (0...order).map {
                FractionalBernsteinKernel.basisFunction(
                    $0, order: order, exponent: alpha, horizon: stencil.horizon, dimension: stencil.dimension, quadrature: quadrature)
            }
            return NonnegativeLeastSquares().solve(QuadraticLoss(moments: moments, basis: basis))
        }
        if range.lowerBound == range.upperBound {
            return Result(exponent: range.lowerBound, solution: solve(range.lowerBound), evaluations: 1)
        }
        let grid = (0..<scanPoints).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(scanPoints - 1) }
        let losses = grid.map { solve($0).loss }
        let best = losses.indices.min { losses[$0] < losses[$1] }!
        let bracket = grid[Swift.max(0, best - 1)]...grid[Swift.min(scanPoints - 1, best + 1)]
        let refined = BrentMinimizer(tolerance: tolerance).minimize(on: bracket) { solve($0).loss }
        // Brent never evaluates the bracket's ends; keep the scan's best if it is lower.
        let exponent = refined.value <= losses[best] ? refined.argument : grid[best]
        return Result(exponent: exponent, solution: solve(exponent), evaluations: scanPoints + refined.evaluations + 1)
    }
}
