// FractionalBernsteinKernel+Galerkin: the mass-lumped P1 Galerkin weights of a singular kernel on a 1-D lattice.
import Foundation
import NonlocalSpecialFunctions

extension FractionalBernsteinKernel {
    /// The ``LatticeQuadrature/galerkin`` weights w_1 … w_J of the offsets jh, j = 1…J (J = ⌊δ/h⌋).
    ///
    /// With hat functions φ_i on the lattice and u = Σ u_i φ_i (zero outside the unknowns), the
    /// form `½∬ (u(x) − u(y))(v(x) − v(y)) K(|x − y|)` has the Toeplitz stiffness
    /// `S_ij = ∫_0^δ K(r) [2ψ(mh) − ψ(mh − r) − ψ(mh + r)] dr`, m = |i − j|, where ψ(t) = ∫ φ_0 φ_0(· − t)
    /// = h β³(t/h) and β³ is the centred cubic B-spline. Dividing by the lumped mass h gives
    /// the operator's weights
    ///
    /// `w_m = −S_{0m}/h = h ∫_0^{δ/h} K(hρ) Ψ_m(ρ) dρ`,  `Ψ_m(ρ) = β³(m − ρ) + β³(m + ρ) − 2β³(m)`,
    ///
    /// and `S_00/h = 2 Σ w_m` (β³'s integer translates sum to one), the diagonal every rule here
    /// has. For K = C_{1,s} r^{−1−2s} and δ → ∞ these are the closed-form coefficients of
    /// `FractionalHatStiffness` (asserted in `FractionalHatStiffnessTests`).
    ///
    /// **Integration.** Ψ_m is a cubic on every unit cell of ρ. On (0, 1], Ψ_1 = ρ²(1 − 2ρ/3) and
    /// Ψ_2 = ρ³/6, so the singular piece is ∫_0^1 ρ^{2−α} G(ρ) dρ with G smooth; it is summed on
    /// geometrically graded panels (``gradedUnitRule``), on each of which ρ^{2−α} is analytic. The
    /// other cells are 16-point Gauss–Legendre, exact for Ψ_m times the polynomial up to the
    /// smooth factor (hρ)^{−α}. Ψ_1 = −1/3 from ρ = 3 on: w_1 carries −⅓ ∫_{3h}^δ K, the mass
    /// term of the far field.
    ///
    /// **Truncation.** The B-spline spreads the kernel's cut at δ over the offsets up to
    /// ⌈δ/h⌉ + 1; their weights are added to w_J, which keeps every row sum (the integral each
    /// point sees) and the stencil within δ, at an O(h) change of the second moment.
    public func galerkinWeights(count J: Int, spacing h: Double) -> [Double] {
        precondition(J >= 1 && dimension == 1, "Galerkin weights are for a 1-D stencil with at least one offset")
        return Self.galerkinWeights(count: J, spacing: h, exponent: exponent, horizon: horizon, kernels: 1) { t, value in
            value[0] = basis.evaluate(coefficients, at: t)
        }[0]
    }

    /// The Galerkin weights of every Bernstein basis kernel `B_{m,M}(r/δ)/r^α` among `kernels`, at once, when
    /// every one is a ``basisFunction(_:order:exponent:horizon:dimension:quadrature:)`` of the Galerkin rule
    /// with the same M, α and δ (nil otherwise): the quadrature nodes, their powers of ρ and all M + 1
    /// polynomials (``BernsteinBasis/values(at:into:)``, in O(M²) per node for all of them) are computed
    /// once instead of once per kernel. The weights are bit for bit those of ``galerkinWeights(count:spacing:)``
    /// (the basis recurrence is de Casteljau's on a unit vector, the same operations in the same order).
    /// This is what makes the α search of `learn` cost a few milliseconds per α.
    public static func galerkinBasisWeights(_ kernels: [any RadialKernel], count J: Int, spacing h: Double) -> [[Double]]? {
        let bernstein = kernels.compactMap { $0 as? FractionalBernsteinKernel }
        guard J >= 1, let first = bernstein.first, bernstein.count == kernels.count, first.quadrature == .galerkin, first.dimension == 1 else {
            return nil
        }
        var indices: [Int] = []
        for kernel in bernstein {
            guard kernel.exponent == first.exponent, kernel.horizon == first.horizon, kernel.order == first.order,
                kernel.coefficients.filter({ $0 != 0 }) == [1], let index = kernel.coefficients.firstIndex(of: 1)
            else { return nil }
            indices.append(index)
        }
        let basis = first.basis
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: basis.count) { all in
            all.initialize(repeating: 0)
            return galerkinWeights(count: J, spacing: h, exponent: first.exponent, horizon: first.horizon, kernels: kernels.count) { t, value in
                basis.values(at: t, into: all)
                for (i, index) in indices.enumerated() { value[i] = all[index] }
            }
        }
    }

    /// The weights of `kernels` kernels `P_i(r/δ)/r^α` sharing α and δ; `polynomials(t, values)` writes P_i(t) into values[i].
    private static func galerkinWeights(
        count J: Int, spacing h: Double, exponent: Double, horizon: Double, kernels: Int,
        polynomials: (Double, UnsafeMutableBufferPointer<Double>) -> Void
    ) -> [[Double]] {
        // δ/h, snapped to J when δ is J·h computed in floating point (the stencil's tolerance).
        let reach = abs(horizon / h - Double(J)) <= 1e-10 * Double(J) ? Double(J) : horizon / h
        let cells = Int(reach.rounded(.up))  // ≥ 1
        // w_m of kernel i at [i][m − 1], m = 1…cells + 1, so w_2 exists.
        var weights = [[Double]](repeating: [Double](repeating: 0, count: cells + 1), count: kernels)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * kernels) { scratch in
            scratch.initialize(repeating: 0)
            let values = UnsafeMutableBufferPointer(rebasing: scratch[0..<kernels])
            let first = UnsafeMutableBufferPointer(rebasing: scratch[kernels..<2 * kernels])
            let second = UnsafeMutableBufferPointer(rebasing: scratch[2 * kernels..<3 * kernels])

            // (0, 1]: h·h^{−α} ∫ ρ^{2−α} (Ψ_m/ρ²) P dρ for m = 1, 2.
            let scale = h * pow(h, -exponent)
            for (rho, weight) in gradedUnitRule {
                polynomials(h * rho / horizon, values)
                let singular = weight * pow(rho, 2 - exponent)
                for i in 0..<kernels {
                    let value = singular * values[i]
                    first[i] += value * (1 - 2 * rho / 3)
                    second[i] += value * rho / 6
                }
            }
            // The innermost panel (0, ε]: G ≈ G(0) there, Ψ_1/ρ² → 1 and Ψ_2/ρ² → 0.
            let p = 3 - exponent
            polynomials(0, values)
            for i in 0..<kernels {
                first[i] += values[i] * pow(innermostPanel, p) / p
                weights[i][0] += scale * first[i]
                weights[i][1] += scale * second[i]
            }

            // The cells [k, min(k + 1, δ/h)], k ≥ 1: Ψ_m ≠ 0 there for m = k − 1 … k + 2, and Ψ_1 = −1/3 from k = 3 on.
            let rule = unitRule
            for k in 1..<cells {
                let (a, b) = (Double(k), min(Double(k + 1), reach))
                for (t, weight) in zip(rule.nodes, rule.weights) {
                    let rho = a + (b - a) * t
                    polynomials(h * rho / horizon, values)
                    let factor = h * weight * (b - a), power = pow(h * rho, -exponent)
                    for i in 0..<kernels {
                        let value = factor * values[i] * power
                        for m in max(1, k - 1)...(k + 2) where m <= cells + 1 {
                            weights[i][m - 1] += value * hatAutocorrelationDifference(m, rho)
                        }
                        if k >= 3 { weights[i][0] -= value / 3 }
                    }
                }
            }
            return weights.map { kernel in
                var result = Array(kernel.prefix(J))
                result[J - 1] += kernel.dropFirst(J).reduce(0, +)
                return result
            }
        }
    }

    /// Ψ_m(ρ) = β³(m − ρ) + β³(m + ρ) − 2β³(m).
    static func hatAutocorrelationDifference(_ m: Int, _ rho: Double) -> Double {
        let m = Double(m)
        return cubicBSpline(m - rho) + cubicBSpline(m + rho) - 2 * cubicBSpline(m)
    }

    /// The centred cubic B-spline β³, the autocorrelation of the unit hat function.
    static func cubicBSpline(_ t: Double) -> Double {
        let t = abs(t)
        if t <= 1 { return 2.0 / 3 - t * t + t * t * t / 2 }
        if t < 2 { return (2 - t) * (2 - t) * (2 - t) / 6 }
        return 0
    }

    /// 16-point Gauss–Legendre on each panel [2^{−i−1}, 2^{−i}] of (0, 1], i < 60, as (node, weight)
    /// pairs: on a panel ρ^{2−α} is analytic with its singularity a panel's width away, so each
    /// panel reaches rounding; the remaining (0, 2^{−60}] is ``innermostPanel``.
    static let gradedUnitRule: [(Double, Double)] = (0..<60).flatMap { i in
        let rule = GaussLegendreRule(from: Foundation.exp2(-Double(i + 1)), to: Foundation.exp2(-Double(i)), order: 16)
        return Array(zip(rule.nodes, rule.weights))
    }
    static let innermostPanel = 0x1p-60
}
