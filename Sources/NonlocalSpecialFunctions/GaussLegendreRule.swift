// GaussLegendreRule: composite Gauss–Legendre quadrature for smooth integrands on an interval.
import Foundation

/// Composite Gauss–Legendre quadrature: `panels` equal panels of `order` nodes each, exact for
/// polynomials of degree 2·order − 1 on every panel. Hand-written (Golub–Welsch is not needed
/// for these orders: Newton's method on P_n converges from Chebyshev guesses), since no library
/// here ships the nodes.
public struct GaussLegendreRule: Sendable {
    public let nodes: [Double]
    public let weights: [Double]

    public init(from a: Double, to b: Double, order n: Int = 16, panels: Int = 1) {
        precondition(n >= 1 && panels >= 1 && b > a, "a rule needs nodes, panels and a non-empty interval")
        var referenceNodes: [Double] = [], referenceWeights: [Double] = []
        for i in 1...n {
            var x = cos(.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                // P_n(x) and P_n'(x) by the three-term recurrence.
                var p0 = 1.0, p1 = x
                for k in stride(from: 2, through: n, by: 1) {
                    (p0, p1) = (p1, ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k))
                }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            referenceNodes.append(x)
            referenceWeights.append(2 / ((1 - x * x) * derivative * derivative))
        }
        let width = (b - a) / Double(panels)
        var nodes: [Double] = [], weights: [Double] = []
        for panel in 0..<panels {
            let centre = a + width * (Double(panel) + 0.5)
            for (x, w) in zip(referenceNodes, referenceWeights) {
                nodes.append(centre + 0.5 * width * x)
                weights.append(0.5 * width * w)
            }
        }
        self.nodes = nodes
        self.weights = weights
    }

    public func integrate(_ f: (Double) -> Double) -> Double {
        zip(nodes, weights).reduce(0) { $0 + $1.1 * f($1.0) }
    }
}
