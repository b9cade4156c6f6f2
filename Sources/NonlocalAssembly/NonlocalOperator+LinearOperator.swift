// NonlocalOperator+LinearOperator: the matrix-free operator as a LinearOperator, so Krylov solvers take it without assembly.
import NonlocalLinearAlgebra

extension NonlocalOperator: LinearOperator {
    /// y = A x with zero exterior values: the matrix-free product, one pass over the stencil
    /// per unknown (rows in parallel chunks; each row sums in the stencil's order, so the result
    /// does not depend on the number of cores). Equal to `assemble().multiply(x)` up to rounding.
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == dimension && y.count == dimension, "vectors of length \(x.count), \(y.count) for \(dimension) unknowns")
        let (source, target) = (SharedBuffer(x), SharedBuffer(y))
        forEachChunk(of: dimension, minimumChunk: 4096) { points in
            for p in points {
                let home = grid.interior[p]
                var sum = diagonalWeight * source[p]
                for (offset, weight) in zip(offsets, weights) {
                    let q = grid.neighbour(of: home, offset: offset)
                    if q >= 0 { sum -= weight * source[q] }
                }
                target[p] = sum
            }
        }
    }
}
