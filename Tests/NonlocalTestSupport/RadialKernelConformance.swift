// checkRadialKernel: the RadialKernel contract, checked against every kernel type.
import NonlocalKernels
import Testing

/// Expects a valid horizon and dimension, finite values on (0, δ], and exact zeros beyond δ.
public func checkRadialKernel(_ kernel: some RadialKernel, sourceLocation: SourceLocation = #_sourceLocation) {
    let delta = kernel.horizon
    #expect(delta > 0 && delta.isFinite, "horizon \(delta)", sourceLocation: sourceLocation)
    #expect([1, 2].contains(kernel.dimension), "dimension \(kernel.dimension)", sourceLocation: sourceLocation)
    for j in 1...200 {
        let r = delta * Double(j) / 200
        #expect(kernel(r).isFinite, "K(\(r)) = \(kernel(r)) inside the horizon", sourceLocation: sourceLocation)
    }
    for r in [delta.nextUp, delta * (1 + 1e-9), 1.5 * delta, 1e6 * delta, .infinity] {
        #expect(kernel(r) == 0, "K(\(r)) = \(kernel(r)) beyond the horizon \(delta)", sourceLocation: sourceLocation)
    }
}
