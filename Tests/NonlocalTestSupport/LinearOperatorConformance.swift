// LinearOperatorConformance: the checks every LinearOperator passes — linear, and the same map as its assembled matrix.
import NonlocalLinearAlgebra

/// Checks `op` against `matrix`, the matrix it claims to apply: for seeded random x, y and
/// scalars a, b, ‖op(x) − A x‖ ≤ tolerance·‖|A||x|‖ and op(a x + b y) = a op(x) + b op(y) to the
/// same tolerance; op(0) = 0 exactly. Returns the worst relative difference seen.
public func checkLinearOperator(
    _ op: some LinearOperator, against matrix: SparseMatrix, tolerance: Double, seed: UInt64 = 1
) -> (passed: Bool, worstDifference: Double) {
    precondition(op.dimension == matrix.rowCount && matrix.isSquare, "the operator and the matrix differ in size")
    var generator = SplitMix64(seed: seed)
    var magnitudes = matrix
    magnitudes.values = matrix.values.map(abs)
    var worst = 0.0
    for _ in 0..<3 {
        let x = generator.uniform(op.dimension), y = generator.uniform(op.dimension)
        let (a, b) = (generator.uniform(1)[0], generator.uniform(1)[0])
        let scale = magnitudes.multiply(x.map(abs)).maximumNorm + magnitudes.multiply(y.map(abs)).maximumNorm
        let applied = op.apply(x)
        worst = max(worst, applied.subtracting(matrix.multiply(x)).maximumNorm / scale)
        var combination = x.map { $0 * a }
        combination.add(y, scaledBy: b)
        var expected = applied.map { $0 * a }
        expected.add(op.apply(y), scaledBy: b)
        worst = max(worst, op.apply(combination).subtracting(expected).maximumNorm / scale)
    }
    let zero = op.apply([Double](repeating: 0, count: op.dimension))
    return (worst <= tolerance && zero.allSatisfy { $0 == 0 }, worst)
}
