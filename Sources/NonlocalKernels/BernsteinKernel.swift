// BernsteinKernel: the paper's kernel expansion (eq. 3.11), a nonnegative part plus a sign-changing part.
import Foundation

/// `K(r) = Σ_{m=0}^{M} (C_m + D_m) B_{m,M}(r/δ) / δ^{d+2}` on `0 < r ≤ δ`, zero beyond
/// (paper eqs. 3.11–3.12): C ≥ 0 gives the nonnegative part 2ρ, D the sign-changing part 2h.
/// The δ^{-(d+2)} scaling makes L_K converge to a multiple of −Δ as δ → 0.
public struct BernsteinKernel: RadialKernel, Hashable {
    /// C, M + 1 entries ≥ 0: the nonnegative part 2ρ.
    public let nonnegativeCoefficients: [Double]
    /// D, M + 1 entries of any sign: the sign-changing part 2h (zeros unless given).
    public let signChangingCoefficients: [Double]
    public let horizon: Double
    public let dimension: Int
    /// C + D, the Bernstein coefficients of K·δ^{d+2}.
    public let coefficients: [Double]
    /// `1/δ^{d+2}`: every basis kernel is `B_{m,M}(r/δ) · basisScale`.
    public let basisScale: Double

    /// M, the degree of the expansion.
    public var order: Int { coefficients.count - 1 }
    /// The Bernstein basis of order M.
    public var basis: BernsteinBasis { BernsteinBasis(order: order) }

    /// The kernel with C ≥ 0 and D (default zeros), for arguments the program chose.
    /// - Precondition: the conditions under which ``init(validating:signChanging:horizon:dimension:)`` does not throw.
    public init(coefficients: [Double], signChanging: [Double]? = nil, horizon: Double, dimension: Int) {
        self = KernelError.trapping {
            try BernsteinKernel(validating: coefficients, signChanging: signChanging, horizon: horizon, dimension: dimension)
        }
    }

    /// The kernel with coefficients from the user (a JSON model): throws unless d ∈ {1, 2},
    /// δ > 0 is finite, C is nonempty, finite and ≥ 0, and D (default zeros) is finite and as long as C.
    public init(validating coefficients: [Double], signChanging: [Double]? = nil, horizon: Double, dimension: Int)
        throws(KernelError)
    {
        try KernelError.check(horizon: horizon, dimension: dimension)
        try KernelError.check(coefficients: coefficients)
        let d = signChanging ?? Array(repeating: 0, count: coefficients.count)
        guard d.count == coefficients.count else {
            throw .coefficientCountMismatch(nonnegative: coefficients.count, signChanging: d.count)
        }
        if let i = d.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteSignChangingCoefficient(index: i) }
        if let i = coefficients.firstIndex(where: { $0 < 0 }) {
            throw .negativeCoefficient(index: i, value: coefficients[i])
        }
        self.init(checked: coefficients, d, horizon: horizon, dimension: dimension)
    }

    private init(checked c: [Double], _ d: [Double], horizon: Double, dimension: Int) {
        nonnegativeCoefficients = c
        signChangingCoefficients = d
        coefficients = zip(c, d).map { $0 + $1 }
        self.horizon = horizon
        self.dimension = dimension
        basisScale = 1 / pow(horizon, Double(dimension + 2))
    }

    /// The kernel with coefficients (C, 0): the paper's 2ρ.
    public var nonnegativePart: BernsteinKernel {
        BernsteinKernel(checked: nonnegativeCoefficients, zeros, horizon: horizon, dimension: dimension)
    }

    /// The kernel with coefficients (0, D): the paper's 2h.
    public var signChangingPart: BernsteinKernel {
        BernsteinKernel(checked: zeros, signChangingCoefficients, horizon: horizon, dimension: dimension)
    }

    private var zeros: [Double] { Array(repeating: 0, count: coefficients.count) }

    /// The basis kernel `B_{m,M}(r/δ) / δ^{d+2}` (C = e_m, D = 0): one regression feature.
    /// - Precondition: 0 ≤ m ≤ M, δ > 0 finite, d ∈ {1, 2}.
    public static func basisFunction(_ m: Int, order: Int, horizon: Double, dimension: Int) -> BernsteinKernel {
        precondition(order >= 0 && (0...order).contains(m), "need 0 ≤ m ≤ M")
        let unit = (0...order).map { $0 == m ? 1.0 : 0 }
        return BernsteinKernel(coefficients: unit, horizon: horizon, dimension: dimension)
    }

    /// K(r) for 0 ≤ r ≤ δ (finite at r = 0); 0 for r > δ.
    public func callAsFunction(_ r: Double) -> Double {
        r <= horizon ? basis.evaluate(coefficients, at: r / horizon) * basisScale : 0
    }
}
