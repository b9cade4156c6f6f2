// ManufacturedKernel: the two kernels the paper generates its §5 data with (eqs. 5.3 and 5.4).
import Foundation

/// A known kernel for manufactured-data experiments, written for dimension d (the paper uses d = 1):
/// - ``Profile/linear`` (eq. 5.3): `K(r) = 4 (r/δ) / δ^{d+2}`, nonnegative; it is the
///   ``BernsteinKernel`` with M = 1, C = (0, 4) and with M = 2, C = (0, 2, 4).
/// - ``Profile/cosine`` (eq. 5.4): `K(r) = 21.4615 cos(3πr/(5δ)) / δ^{d+2}`, sign-changing
///   (negative for r > 5δ/6), so no nonnegative Bernstein kernel reproduces it.
///
/// Both are for `0 < r ≤ δ` and zero beyond.
public struct ManufacturedKernel: RadialKernel, Hashable {
    /// The shape of K on [0, δ]; the raw values name it on the command line.
    public enum Profile: String, CaseIterable, Sendable, Hashable {
        case linear, cosine
    }

    /// The amplitude of the cosine kernel (5.4), as printed in the paper.
    public static let cosineAmplitude = 21.4615

    public let profile: Profile
    public let horizon: Double
    public let dimension: Int

    /// - Precondition: δ > 0 finite, d ∈ {1, 2}.
    public init(_ profile: Profile, horizon: Double, dimension: Int) {
        KernelError.trapping { try KernelError.check(horizon: horizon, dimension: dimension) }
        self.profile = profile
        self.horizon = horizon
        self.dimension = dimension
    }

    /// The linear kernel (5.3), `4 (r/δ) / δ^{d+2}`.
    public static func linear(horizon: Double, dimension: Int) -> ManufacturedKernel {
        ManufacturedKernel(.linear, horizon: horizon, dimension: dimension)
    }

    /// The cosine kernel (5.4), `21.4615 cos(3πr/(5δ)) / δ^{d+2}`.
    public static func cosine(horizon: Double, dimension: Int) -> ManufacturedKernel {
        ManufacturedKernel(.cosine, horizon: horizon, dimension: dimension)
    }

    /// K(r) for 0 ≤ r ≤ δ; 0 for r > δ.
    public func callAsFunction(_ r: Double) -> Double {
        guard r <= horizon else { return 0 }
        let t = r / horizon
        let scale = 1 / pow(horizon, Double(dimension + 2))
        return switch profile {
        case .linear: 4 * t * scale
        case .cosine: Self.cosineAmplitude * cos(3 * Double.pi * t / 5) * scale
        }
    }
}
