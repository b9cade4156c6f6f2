// QuadraticObjective: a convex quadratic θᵀGθ − 2bᵀθ + c, the objective the least-squares solvers here minimize.
import NonlocalLinearAlgebra

/// `L(θ) = θᵀGθ − 2bᵀθ + c` with G symmetric positive semi-definite: the normal-equations form
/// of a linear least-squares problem. A conforming type may evaluate ``value(at:)`` more
/// accurately than the formula (from the residuals themselves, say); the solvers call it for
/// the values they report and use G and b for their iterations.
public protocol QuadraticObjective: Sendable {
    /// G, n × n, symmetric positive semi-definite.
    var gram: DenseMatrix { get }
    /// b, length n.
    var linear: [Double] { get }
    /// c.
    var constant: Double { get }
    /// L(θ).
    func value(at theta: [Double]) -> Double
}

extension QuadraticObjective {
    /// L(θ) = θᵀGθ − 2bᵀθ + c, never below 0 (round-off can dip it when the fit is exact).
    public func value(at theta: [Double]) -> Double {
        Swift.max(0, theta.dot(gram.multiplied(by: theta)) - 2 * linear.dot(theta) + constant)
    }

    /// ∇L/2 = Gθ − b.
    public func halfGradient(at theta: [Double]) -> [Double] {
        gram.multiplied(by: theta).subtracting(linear)
    }
}

/// A quadratic given by its G, b and c.
public struct Quadratic: QuadraticObjective {
    public let gram: DenseMatrix
    public let linear: [Double]
    public let constant: Double

    public init(gram: DenseMatrix, linear: [Double], constant: Double = 0) {
        precondition(gram.rowCount == gram.columnCount && gram.rowCount == linear.count, "G must be square with b's length")
        self.gram = gram
        self.linear = linear
        self.constant = constant
    }
}
