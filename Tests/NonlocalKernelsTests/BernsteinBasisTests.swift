// Tests of BernsteinBasis: agreement with an extended-precision reference, partition of unity, symmetry, integrals.
import NonlocalKernels
import NonlocalTestSupport
import Testing

@Suite struct BernsteinBasisTests {
    /// Points that stress the recurrence: the ends, points next to them, and seeded random points.
    static func samplePoints(seed: UInt64) -> [Double] {
        var generator = SplitMix64(seed: seed)
        return [0, 1, 1e-8, 1 - 1e-8, 1e-300, 0.5, 0.25, 1.0 / 3] + generator.uniform(200, in: 0..<1)
    }

    #if arch(x86_64)
    /// `binom(M, m) tᵐ (1 − t)^{M−m}` in Float80: binomials up to binom(60, 30) ≈ 1.2e17 < 2⁶⁴ are
    /// exact, 1 − t is exact or within 2⁻⁶⁴, and the powers lose at most M·2⁻⁶⁴.
    static func referenceValues(order: Int, at t: Double) -> [Float80] {
        let x = Float80(t), y = 1 - Float80(t)
        var binomial: Float80 = 1
        return (0...order).map { m in
            defer { binomial = binomial * Float80(order - m) / Float80(m + 1) }
            var value = binomial
            for _ in 0..<m { value *= x }
            for _ in 0..<(order - m) { value *= y }
            return value
        }
    }

    @Test(arguments: [0, 1, 5, 30, 60])
    func valuesMatchExtendedPrecision(order: Int) {
        let basis = BernsteinBasis(order: order)
        for t in Self.samplePoints(seed: 1) {
            let values = basis.values(at: t)
            let reference = Self.referenceValues(order: order, at: t)
            for m in 0...order {
                // Relative 1e-13, with an absolute floor for values that underflow Double.
                let error = abs(Float80(values[m]) - reference[m])
                #expect(error <= 1e-13 * reference[m] + 1e-300, "B_{\(m),\(order)}(\(t)) = \(values[m]), reference \(reference[m])")
            }
        }
    }

    @Test(arguments: [1, 5, 30, 60])
    func evaluateMatchesTheSumOfValues(order: Int) {
        let basis = BernsteinBasis(order: order)
        var generator = SplitMix64(seed: 2)
        for t in Self.samplePoints(seed: 3) {
            let c = generator.uniform(order + 1, in: -1..<1)
            let values = basis.values(at: t)
            let reference = Self.referenceValues(order: order, at: t)
            // Sign-changing coefficients may cancel, so errors are measured against Σ|c_m|B_m (the condition).
            let scale = zip(c, values).reduce(0) { $0 + abs($1.0) * $1.1 }
            let sum = zip(c, values).reduce(0) { $0 + $1.0 * $1.1 }
            let exact = zip(c, reference).reduce(Float80(0)) { $0 + Float80($1.0) * $1.1 }
            let value = basis.evaluate(c, at: t)
            #expect(abs(value - sum) <= 1e-13 * scale, "t = \(t): de Casteljau \(value), Σ c_m B_m = \(sum)")
            #expect(abs(Float80(value) - exact) <= 1e-13 * Float80(scale), "t = \(t): \(value) vs reference \(exact)")
        }
    }
    #endif

    @Test(arguments: [0, 1, 2, 5, 30, 60])
    func valuesFormAPartitionOfUnity(order: Int) {
        let basis = BernsteinBasis(order: order)
        for t in Self.samplePoints(seed: 4) {
            let sum = basis.values(at: t).reduce(0, +)
            // Each degree raise rounds (1 − t) + t once, and the sum adds M + 1 terms: (M + 1)ε.
            #expect(abs(sum - 1) <= Double(order + 1) * .ulpOfOne, "Σ_m B_{m,\(order)}(\(t)) = \(sum)")
        }
    }

    @Test(arguments: [5, 30, 60])
    func valuesAreSymmetric(order: Int) {
        let basis = BernsteinBasis(order: order)
        // t ∈ [1/2, 1], where 1 − t is exact: B_{m,M} near 0 is too sensitive to a rounded argument.
        for t in Self.samplePoints(seed: 5).map({ max($0, 1 - $0) }) {
            let values = basis.values(at: t)
            let mirrored = basis.values(at: 1 - t)
            for m in 0...order {
                let error = abs(values[m] - mirrored[order - m])
                #expect(error <= 1e-13 * values[m] + 1e-300, "B_{\(m),\(order)}(\(t)) vs B_{\(order - m),\(order)}(1 − t)")
            }
        }
    }

    @Test(arguments: [0, 1, 5, 30])
    func integralsMatchQuadrature(order: Int) {
        // Composite 3-point Gauss–Legendre on 1000 panels: exact to degree 5 per panel, error O(h⁶).
        let basis = BernsteinBasis(order: order)
        let nodes = [-(0.6).squareRoot(), 0, (0.6).squareRoot()], weights = [5.0 / 9, 8.0 / 9, 5.0 / 9]
        let panels = 1000, h = 1 / Double(panels)
        var quadrature = [Double](repeating: 0, count: order + 1)
        for p in 0..<panels {
            for (x, w) in zip(nodes, weights) {
                let values = basis.values(at: (Double(p) + (x + 1) / 2) * h)
                for m in 0...order { quadrature[m] += w * h / 2 * values[m] }
            }
        }
        #expect(basis.integrals.count == order + 1)
        for (m, integral) in basis.integrals.enumerated() {
            #expect(integral == 1 / Double(order + 1))
            #expect(abs(quadrature[m] - integral) <= 1e-13 * integral, "∫B_{\(m),\(order)} by quadrature: \(quadrature[m])")
        }
    }

    @Test func endpointsInterpolateTheEndCoefficients() {
        let basis = BernsteinBasis(order: 7)
        var generator = SplitMix64(seed: 6)
        let c = generator.uniform(8)
        #expect(basis.evaluate(c, at: 0) == c[0])
        #expect(basis.evaluate(c, at: 1) == c[7])
        #expect(basis.values(at: 0) == [1] + Array(repeating: 0, count: 7))
        #expect(basis.values(at: 1) == Array(repeating: 0, count: 7) + [1])
    }

    @Test func bufferVariantWritesTheSameValues() {
        let basis = BernsteinBasis(order: 12)
        var buffer = [Double](repeating: -1, count: 20)
        for t in Self.samplePoints(seed: 7) {
            buffer.withUnsafeMutableBufferPointer { basis.values(at: t, into: $0) }
            #expect(Array(buffer[0...12]) == basis.values(at: t))
            #expect(buffer[13...].allSatisfy { $0 == -1 }, "entries past M must be left alone")
        }
    }
}
