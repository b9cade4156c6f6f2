// Tests of KernelError: each invalid parameter is rejected with its own error and a one-line message.
import NonlocalKernels
import Testing

@Suite struct KernelErrorTests {
    @Test func fractionalOrderOutsideTheUnitIntervalIsRejected() {
        for s in [0, 1, 1.2, -0.5] {
            #expect(throws: KernelError.fractionalOrderOutOfRange(s)) {
                try TruncatedFractionalKernel(order: s, horizon: 1, dimension: 1)
            }
        }
        let error = #expect(throws: KernelError.self) { try TruncatedFractionalKernel(order: .nan, horizon: 1, dimension: 1) }
        guard case .fractionalOrderOutOfRange(let s) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(s.isNaN)
    }

    @Test func horizonAndDimensionAreChecked() {
        for delta in [0, -1, Double.infinity] {
            #expect(throws: KernelError.nonPositiveHorizon(delta)) {
                try TruncatedFractionalKernel(order: 0.5, horizon: delta, dimension: 1)
            }
            #expect(throws: KernelError.nonPositiveHorizon(delta)) {
                try BernsteinKernel(validating: [1], horizon: delta, dimension: 2)
            }
            #expect(throws: KernelError.nonPositiveHorizon(delta)) {
                try FractionalBernsteinKernel(validating: [1], exponent: 1, horizon: delta, dimension: 1)
            }
        }
        for d in [0, 3, -1] {
            #expect(throws: KernelError.unsupportedDimension(d)) { try BernsteinKernel(validating: [1], horizon: 1, dimension: d) }
            #expect(throws: KernelError.unsupportedDimension(d)) { try TruncatedFractionalKernel(order: 0.5, horizon: 1, dimension: d) }
        }
    }

    @Test func bernsteinCoefficientsAreChecked() {
        #expect(throws: KernelError.noCoefficients) { try BernsteinKernel(validating: [], horizon: 1, dimension: 1) }
        #expect(throws: KernelError.coefficientCountMismatch(nonnegative: 3, signChanging: 2)) {
            try BernsteinKernel(validating: [1, 2, 3], signChanging: [1, 2], horizon: 1, dimension: 1)
        }
        #expect(throws: KernelError.nonFiniteCoefficient(index: 1)) {
            try BernsteinKernel(validating: [1, .nan, 3], horizon: 1, dimension: 1)
        }
        #expect(throws: KernelError.nonFiniteSignChangingCoefficient(index: 2)) {
            try BernsteinKernel(validating: [1, 2, 3], signChanging: [0, -1, .infinity], horizon: 1, dimension: 1)
        }
        #expect(throws: KernelError.negativeCoefficient(index: 1, value: -0.5)) {
            try BernsteinKernel(validating: [1, -0.5, 3], signChanging: [0, 1, 0], horizon: 1, dimension: 1)
        }
        #expect(throws: Never.self) { try BernsteinKernel(validating: [0, -0.0], signChanging: [-5, 5], horizon: 1, dimension: 2) }
    }

    @Test func fractionalBernsteinParametersAreChecked() {
        #expect(throws: KernelError.noCoefficients) { try FractionalBernsteinKernel(validating: [], exponent: 1, horizon: 1, dimension: 1) }
        #expect(throws: KernelError.nonFiniteCoefficient(index: 0)) {
            try FractionalBernsteinKernel(validating: [-.infinity], exponent: 1, horizon: 1, dimension: 1)
        }
        for alpha in [-0.1, Double.infinity] {
            #expect(throws: KernelError.invalidExponent(alpha)) {
                try FractionalBernsteinKernel(validating: [1], exponent: alpha, horizon: 1, dimension: 1)
            }
        }
        #expect(throws: Never.self) { try FractionalBernsteinKernel(validating: [-1, 2], exponent: 0, horizon: 1, dimension: 1) }
    }

    @Test func messagesAreOneLineAndStateTheFacts() {
        let cases: [(KernelError, String)] = [
            (.fractionalOrderOutOfRange(1.2), "s = 1.2"), (.nonPositiveHorizon(-2), "δ = -2.0"),
            (.unsupportedDimension(3), "d = 3"), (.noCoefficients, "M + 1"),
            (.coefficientCountMismatch(nonnegative: 4, signChanging: 5), "C has 4 coefficients but D has 5"),
            (.nonFiniteCoefficient(index: 7), "C[7]"), (.nonFiniteSignChangingCoefficient(index: 2), "D[2]"),
            (.negativeCoefficient(index: 1, value: -0.5), "C[1] = -0.5"), (.invalidExponent(-1), "α = -1.0"),
        ]
        for (error, fact) in cases {
            #expect(!error.description.contains("\n"), "\(error)")
            #expect(error.description.contains(fact), "\(error) should mention \(fact)")
        }
        #expect(KernelError.fractionalOrderOutOfRange(1.2).description == "fractional order s = 1.2 is outside (0, 1); pick s in (0, 1)")
    }
}
