// LinearOperator: anything that maps a vector of length n to a vector of length n (matrix or matrix-free).

/// A square linear map `y = A x` on vectors of length ``dimension``; sparse matrices and
/// matrix-free nonlocal operators both conform, so Krylov solvers accept either.
public protocol LinearOperator {
    var dimension: Int { get }
    /// Overwrites `y` with `A x`. Both have length ``dimension``.
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>)
}

/// A matrix whose entries depend only on the offset of the two points (Toeplitz in 1-D, masked
/// two-level Toeplitz on a 2-D lattice), applied by FFT without being formed: ``SymmetricToeplitzOperator``,
/// ``MaskedToeplitzOperator``.
public protocol TranslationInvariantOperator: LinearOperator, Sendable {
    /// The entry at offset zero, every diagonal entry.
    var diagonal: Double { get }
}

extension LinearOperator {
    /// `A x` as a new array.
    public func apply(_ x: [Double]) -> [Double] {
        precondition(x.count == dimension, "vector of length \(x.count) for an operator of dimension \(dimension)")
        var y = [Double](repeating: 0, count: dimension)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in apply(xp, into: yp) }
        }
        return y
    }
}
