// NonlocalOperator+Coercivity: 1/κ of eq. (4.3), the smallest eigenvalue of the assembled operator on its solution space.
import NonlocalAssembly
import NonlocalLinearAlgebra

extension NonlocalOperator {
    /// eq. (4.3): `1/κ = min_w wᵀSw / wᵀMw`; with one-point quadrature `S = h^d A`, `M = h^d I`,
    /// so 1/κ = λ_min(A). On periodic grids the constants are A's null space and are deflated
    /// (the solution space is mean-zero functions). Negative when the kernel is not coercive.
    /// - Throws: ``EigenError`` when the eigensolver fails; ``EigenError/noEigenpairs(dimension:)``
    ///   on a periodic grid of one point, whose only function is the deflated constant.
    public func smallestEigenvalue() throws(EigenError) -> Double {
        let matrix = assemble()
        let constants = grid.boundary == .periodic ? [Double](repeating: 1, count: matrix.rowCount) : nil
        guard matrix.rowCount > (constants == nil ? 0 : 1) else { throw .noEigenpairs(dimension: matrix.rowCount) }
        return try SymmetricEigensolver().smallestEigenpairs(of: matrix, count: 1, deflating: constants)[0].value
    }
}
