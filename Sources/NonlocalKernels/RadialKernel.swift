// RadialKernel: a nonlocal kernel K(|y − x|) supported on the ball of radius δ in dimension d.

/// A radial kernel `K(r)`, `0 < r ≤ δ`, zero beyond the horizon δ. The operator it defines is
/// `L_K[u](x) = ∫_{|y−x|≤δ} K(|y − x|) (u(x) − u(y)) dy` (positive semi-definite, like −Δ).
///
/// Kernels may be singular at r = 0 (fractional kernels); they are never evaluated there,
/// since the lattice rules skip the zero offset.
public protocol RadialKernel: Sendable {
    /// δ > 0: K vanishes for r > δ.
    var horizon: Double { get }
    /// d ∈ {1, 2}: the dimension of the space the kernel acts in (it sets the δ^{d+2} scaling).
    var dimension: Int { get }
    /// K(r) for 0 < r ≤ δ; 0 for r > δ.
    func callAsFunction(_ r: Double) -> Double
    /// The weight w(r) of each lattice radius in `∫_{B_δ} K(|ξ|) g(ξ) dξ ≈ Σ_ξ w(|ξ|) g(ξ)` on a
    /// lattice of spacing h, for the distinct radii |ξ| of the stencil, ascending. The default is
    /// Silling's one-point rule, w(r) = K(r)·h^d.
    func latticeWeights(radii: [Double], spacing h: Double) -> [Double]
}

extension RadialKernel {
    public func latticeWeights(radii: [Double], spacing h: Double) -> [Double] { onePointWeights(radii: radii, spacing: h) }

    /// Silling's one-point rule, K(r)·h^d at each radius: the default weights, and the rule kernels
    /// with their own offer as an option.
    public func onePointWeights(radii: [Double], spacing h: Double) -> [Double] {
        let cellVolume = dimension == 1 ? h : h * h
        return radii.map { self($0) * cellVolume }
    }
}

/// Any radial function with a horizon: for kernels the library has no type for.
public struct ClosureKernel: RadialKernel {
    public let horizon: Double
    public let dimension: Int
    private let function: @Sendable (Double) -> Double

    /// - Parameter function: K(r) on 0 < r ≤ δ (it is not called beyond δ).
    public init(horizon: Double, dimension: Int, _ function: @escaping @Sendable (Double) -> Double) {
        precondition(horizon > 0, "the horizon must be positive")
        precondition(dimension == 1 || dimension == 2, "dimension must be 1 or 2")
        self.horizon = horizon
        self.dimension = dimension
        self.function = function
    }

    public func callAsFunction(_ r: Double) -> Double { r <= horizon ? function(r) : 0 }
}
