// BrentMinimizer: the minimum of a function of one variable on a bracket, by golden sections and parabolic steps.
import Foundation

/// Brent's method (Algorithms for Minimization without Derivatives, 1973, ch. 5; the `fmin`
/// of Forsythe, Malcolm and Moler): golden-section steps that guarantee convergence on a
/// unimodal bracket, parabolic interpolation steps that make it superlinear near a smooth
/// minimum. Hand-written: none of the project's libraries (BLAS/LAPACK, SuiteSparse, ARPACK,
/// swift-numerics) offers a 1D minimizer.
public struct BrentMinimizer: Sendable {
    /// The absolute tolerance on the argument.
    public var tolerance: Double
    public var maximumEvaluations: Int

    public init(tolerance: Double = 1e-8, maximumEvaluations: Int = 200) {
        precondition(tolerance > 0 && maximumEvaluations > 0, "tolerance and evaluations must be positive")
        self.tolerance = tolerance
        self.maximumEvaluations = maximumEvaluations
    }

    /// The minimizer of `f` on [a, b] (a local one when f is not unimodal there), its value,
    /// and the number of evaluations.
    public func minimize(on interval: ClosedRange<Double>, _ f: (Double) throws -> Double) rethrows -> (argument: Double, value: Double, evaluations: Int) {
        let golden = 0.5 * (3 - 5.0.squareRoot())
        var (a, b) = (interval.lowerBound, interval.upperBound)
        var x = a + golden * (b - a), w = x, v = x
        var fx = try f(x), fw = fx, fv = fx
        var evaluations = 1
        var step = 0.0, previousStep = 0.0
        while evaluations < maximumEvaluations {
            let middle = 0.5 * (a + b)
            let tol1 = 1e-10 * abs(x) + tolerance / 3, tol2 = 2 * tol1
            if abs(x - middle) <= tol2 - 0.5 * (b - a) { break }
            var useGolden = true
            if abs(previousStep) > tol1 {
                // Parabola through (v, fv), (w, fw), (x, fx).
                let r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                if abs(p) < abs(0.5 * q * previousStep) && p > q * (a - x) && p < q * (b - x) {
                    previousStep = step
                    step = p / q
                    let u = x + step
                    if u - a < tol2 || b - u < tol2 { step = x < middle ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                previousStep = (x < middle ? b : a) - x
                step = golden * previousStep
            }
            let u = abs(step) >= tol1 ? x + step : x + (step > 0 ? tol1 : -tol1)
            let fu = try f(u)
            evaluations += 1
            if fu <= fx {
                if u < x { b = x } else { a = x }
                (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu)
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    (v, fv, w, fw) = (w, fw, u, fu)
                } else if fu <= fv || v == x || v == w {
                    (v, fv) = (u, fu)
                }
            }
        }
        return (x, fx, evaluations)
    }
}
