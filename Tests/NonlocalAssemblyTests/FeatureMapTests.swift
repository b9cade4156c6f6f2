// Tests of the regression features: Σ_m C_m Φ_m[u] must reproduce L_K[u] for K = Σ_m C_m b_m.
import Foundation
import NonlocalAssembly
import NonlocalKernels
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct FeatureMapTests {
    /// Bernstein basis functions b_m(r) = B_{m,M}(r/δ)/δ^{d+2}.
    static func basis(order: Int, horizon: Double, dimension: Int) -> [any RadialKernel] {
        (0...order).map { m in
            BernsteinKernel.basisFunction(m, order: order, horizon: horizon, dimension: dimension)
        }
    }

    @Test func featuresCombineIntoTheOperator() throws {
        var generator = SplitMix64(seed: 77)
        let cases: [(Grid, Double)] = [
            (.periodic(dimension: 1, points: 100, length: 1), 0.25),
            (.periodic(dimension: 2, points: 16, length: 1), 0.2),
            (try .interval(from: -1, to: 1, spacing: 0.02, horizon: 0.3), 0.3),
            (try .disk(radius: 1, spacing: 0.1, horizon: 0.3), 0.3),
        ]
        for (grid, horizon) in cases {
            let order = 7, samples = 5
            let basis = Self.basis(order: order, horizon: horizon, dimension: grid.dimension)
            let coefficients = generator.uniform(order + 1)
            let kernel = ClosureKernel(horizon: horizon, dimension: grid.dimension) { r in
                zip(coefficients, basis).reduce(0) { $0 + $1.0 * $1.1(r) }
            }
            let u = DenseMatrix(rowCount: grid.interiorCount, columnCount: samples, storage: generator.uniform(grid.interiorCount * samples))
            let g = DenseMatrix(rowCount: grid.layerCount, columnCount: samples, storage: generator.uniform(grid.layerCount * samples))
            let exterior = grid.layerCount > 0 ? g : nil
            // X: every third unknown.
            let points = Array(stride(from: 0, to: grid.interiorCount, by: 3))
            let map = FeatureMap(grid: grid, horizon: horizon, evaluationPoints: points)
            let features = map.features(u, exterior: exterior, basis: basis)
            #expect(features.rowCount == samples * points.count && features.columnCount == order + 1)
            let predicted = features.multiplied(by: coefficients)
            let exact = NonlocalOperator(kernel: kernel, grid: grid).apply(u, exterior: exterior)
            for sample in 0..<samples {
                let expected = points.map { exact[$0, sample] }
                let got = Array(predicted[(sample * points.count)..<((sample + 1) * points.count)])
                #expect(relativeDifference(got, expected) <= 1e-12, "\(grid.boundary) \(grid.dimension)D")
            }
        }
    }
}
