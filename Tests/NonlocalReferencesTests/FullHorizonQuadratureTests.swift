// Tests of the naive reference: f = 1 errors against an independent numpy computation, its constant diagonal and its exterior row sums.
import Foundation
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalReferences
import Testing

@Suite struct FullHorizonQuadratureTests {
    @Test(arguments: [(6, 9.896e-02), (7, 6.995e-02), (8, 4.937e-02)])
    func intervalConstantForcingErrorsMatchNumpy(exponent: Int, oracle: Double) throws {
        // s = ¾, nodal relative L2 error for f = 1, computed independently with numpy (dense assembly and
        // Cholesky) to four digits; measured 9.8963e-2, 6.9947e-2, 4.9365e-2 (order 0.50).
        let error = try constantForcingError(try reference(.naive, order: 0.75, dimension: 1, exponent: exponent))
        #expect(agrees(error, oracle, relative: 1e-3), "h = 2^-\(exponent): \(error), numpy \(oracle)")
    }

    @Test func diskConstantForcingErrorMatchesNumpy() throws {
        // s = ¾, h = 2⁻⁴, 793 unknowns: numpy gives 2.983e-1 (measured 2.9825e-1).
        let disk = try reference(.naive, order: 0.75, dimension: 2, exponent: 4)
        #expect(disk.unknownCount == 793)
        let error = try constantForcingError(disk)
        #expect(agrees(error, 2.983e-01, relative: 1e-3), "\(error)")
    }

    @Test(arguments: [1, 2])
    func theDiagonalIsConstantAndRowSumsApproachTheExteriorIntegral(dimension d: Int) throws {
        // Row i sums to C_{d,s}·(the one-point sum over the exterior offsets + the tail) → C_{d,s} ∫_{|y|>1} |x_i − y|^{−d−2s} dy.
        // At the centre x = 0 that is C_{d,s} ω_d/(2s) (ω₁ = 2, ω₂ = 2π); off centre in 1D,
        // C_{1,s} [(1 + x)^{−2s} + (1 − x)^{−2s}]/(2s). The one-point rule errs by O(h): measured 0.35–0.55 % (1D, 2⁻⁸,
        // |x| < ½) and 0.25 % (disk centre, 2⁻⁵); a wrong tail (ω₂ = 2, or none) is off by 24 % or more.
        let s = 0.75
        let reference = try reference(.naive, order: s, dimension: d, exponent: d == 1 ? 8 : 5)
        let a = try reference.matrix()
        let n = reference.unknownCount
        let diagonal = (0..<n).map { a[$0, $0] }
        #expect(Set(diagonal).count == 1, "the diagonal takes \(Set(diagonal).count) values")
        let constant = TruncatedFractionalKernel.normalizationConstant(dimension: d, order: s)
        // Points with |x| < ½ in 1D; the centre alone on the disk (off centre the exterior integral has no short form).
        for (i, x) in reference.coordinates.enumerated() where d == 1 ? abs(x.x) < 0.5 : x == .zero {
            let rowSum = (0..<n).reduce(0.0) { $0 + a[i, $1] }
            let exterior =
                d == 1
                ? constant * (pow(1 + x.x, -2 * s) + pow(1 - x.x, -2 * s)) / (2 * s)
                : constant * 2 * Double.pi / (2 * s)
            #expect(agrees(rowSum, exterior, relative: 0.01), "x = \(x): \(rowSum) vs \(exterior)")
        }
    }

    @Test func theIntervalToeplitzColumnIsTheMatrixFirstColumn() throws {
        // c₀ = A_ii and c_k = −C_{1,s} (kh)^{−1−2s} h: the column an FFT apply would use is the matrix's.
        let reference = try reference(.naive, order: 0.4, dimension: 1, exponent: 5)
        let a = try reference.matrix()
        let column = try #require(reference.toeplitzColumn)
        let h = reference.spacing, constant = TruncatedFractionalKernel.normalizationConstant(dimension: 1, order: 0.4)
        #expect(column == a.column(0))
        #expect(agrees(column[3], -constant * pow(3 * h, -1.8) * h, relative: 1e-14))
    }
}
