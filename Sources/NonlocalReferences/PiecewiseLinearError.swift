// PiecewiseLinearError: the continuous L2(−1, 1) error of the P1 interpolant of nodal values, the measure finite-element codes report.
import NonlocalSpecialFunctions

/// `‖u − u_h‖_{L²(−1,1)} / ‖u‖_{L²(−1,1)}` for u_h the piecewise-linear interpolant of nodal values at
/// x_i = −1 + ih, i = 1 … n − 1 (h = 2/n), and 0 at ±1, against an exact u that behaves like
/// `(1 − x²)^s` at the ends (every solution of the fractional Poisson problem does).
///
/// Each interior element gets 16 Gauss–Legendre points (the integrand is smooth there). In the two
/// end elements u has a `t^s` singularity (t the distance to the end), so they are split
/// geometrically toward the end, [2^{−l−1}h, 2^{−l}h] for l = 0 … 49, 16 points each: the integral
/// is then exact to rounding, and the piece [0, 2⁻⁵⁰h] left out weighs O((2⁻⁵⁰h)^{1+2s}).
/// This is the error PyNucleus's P1 numbers measure (nodal errors differ by a constant factor).
enum PiecewiseLinearError {
    /// - Precondition: at least one nodal value (n ≥ 2).
    static func relative(nodalValues u: [Double], exact: (Double) -> Double) -> Double {
        precondition(!u.isEmpty, "the interval's lattice has at least one unknown")
        let cells = u.count + 1
        let h = 2 / Double(cells)
        let rule = GaussLegendreRule(from: 0, to: 1, order: 16)
        var errorSquared = 0.0, normSquared = 0.0
        // ∫ over [a, b] ⊂ element e, whose ends are x_e = −1 + eh (value v₀) and x_{e+1} (value v₁).
        func accumulate(element e: Int, from a: Double, to b: Double) {
            let left = -1 + Double(e) * h
            let v0 = e == 0 ? 0 : u[e - 1], v1 = e == cells - 1 ? 0 : u[e]
            for (node, weight) in zip(rule.nodes, rule.weights) {
                let x = a + (b - a) * node
                let interpolant = v0 + (v1 - v0) * (x - left) / h
                let value = exact(x)
                errorSquared += weight * (b - a) * (interpolant - value) * (interpolant - value)
                normSquared += weight * (b - a) * value * value
            }
        }
        for e in 0..<cells {
            let left = -1 + Double(e) * h, right = e == cells - 1 ? 1 : left + h
            guard e == 0 || e == cells - 1 else {
                accumulate(element: e, from: left, to: right)
                continue
            }
            // Graded toward x = −1 in the first element, toward x = +1 in the last.
            var length = right - left
            for _ in 0..<50 {
                let half = length / 2
                if e == 0 {
                    accumulate(element: e, from: left + half, to: left + length)
                } else {
                    accumulate(element: e, from: right - length, to: right - half)
                }
                length = half
            }
        }
        return (errorSquared / normSquared).squareRoot()
    }
}
