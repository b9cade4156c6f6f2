// CosineSeries: random Fourier data synthesized on grid points with one matrix product per set of samples.
import Foundation
import NonlocalLinearAlgebra

/// Sums `Σ_k c_k · φ_k(x_j)` for many samples at once: the basis values `φ_k(x_j)` form a
/// points × modes matrix B and the coefficients a modes × samples matrix C, so the samples are
/// the columns of B·C (`cblas_dgemm`).
struct CosineSeries {
    /// points × modes.
    let basis: DenseMatrix

    init(points: Int, modes: Int, _ value: (_ point: Int, _ mode: Int) -> Double) {
        var basis = DenseMatrix(rowCount: points, columnCount: modes)
        for k in 0..<modes { for j in 0..<points { basis[j, k] = value(j, k) } }
        self.basis = basis
    }

    /// B·C for coefficients C (modes × samples).
    func synthesize(_ coefficients: DenseMatrix) -> DenseMatrix { basis.multiplied(by: coefficients) }

    /// The paper's coefficients (5.1, 7.3): ĉ_k = exp(−α|k|²) ξ, ξ ~ U[0, 1), drawn sample by
    /// sample and mode by mode from `generator`. `squaredWavenumbers[k]` is |k|².
    static func randomCoefficients(
        squaredWavenumbers: [Double], decay alpha: Double, samples: Int, using generator: inout SplitMix64
    ) -> DenseMatrix {
        var coefficients = DenseMatrix(rowCount: squaredWavenumbers.count, columnCount: samples)
        for sample in 0..<samples {
            for (k, k2) in squaredWavenumbers.enumerated() {
                coefficients[k, sample] = exp(-alpha * k2) * generator.nextUnit()
            }
        }
        return coefficients
    }
}

/// Validation shared by the generators.
func require(_ condition: Bool, _ name: String, _ value: some CustomStringConvertible, _ allowed: String) throws(GeneratorError) {
    if !condition { throw .invalidParameter(name: name, value: "\(value)", allowed: allowed) }
}
