// Tests of the exported Cholesky factor: read back from every format, it reproduces A and applies A⁻¹.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite struct FactorExportTests {
    /// x = Pᵀ L⁻ᵀ D⁻¹ L⁻¹ P b with the factor's own arrays: two triangular solves, as an external code would.
    func applyInverse(lower: SparseMatrix, diagonal: [Double], permutation: [Int], _ b: [Double]) -> [Double] {
        let n = b.count
        var y = permutation.map { b[$0] }
        for i in 0..<n {  // L y = P b (unit diagonal, CSR rows)
            for k in lower.rowPointers[i]..<lower.rowPointers[i + 1] where lower.columnIndices[k] < i {
                y[i] -= lower.values[k] * y[lower.columnIndices[k]]
            }
        }
        for i in 0..<n { y[i] /= diagonal[i] }
        let upper = lower.transposed()
        for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ z = y
            for k in upper.rowPointers[i]..<upper.rowPointers[i + 1] where upper.columnIndices[k] > i {
                y[i] -= upper.values[k] * y[upper.columnIndices[k]]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n { x[permutation[i]] = y[i] }
        return x
    }

    @Test(arguments: ExportFormat.allCases)
    func everyFormatCarriesAFactorThatSolves(format: ExportFormat) throws {
        let a = SparseMatrix.laplacian2D(25, 20)
        let factor = try CholeskyFactorization(factorizing: a).exportFactor()
        let folder = exportFolder()
        let path = folder + "/op.factor.\(format.rawValue)"
        let written = try factor.write(to: path, format: format)
        let lower: SparseMatrix, diagonal: [Double], permutation: [Int]
        switch format {
        case .matrixMarket:
            lower = try MatrixMarketFile.read(from: written[0]).matrix
            diagonal = try MatrixMarketFile.readVector(from: written[1])
            permutation = try MatrixMarketFile.readVector(from: written[2]).map { Int($0) - 1 }
        case .netCDF:
            let file = try OperatorFile.readNetCDF(from: path)
            lower = file.matrix
            diagonal = file.vectors["D"]!
            permutation = file.vectors["permutation"]!.map { Int($0) - 1 }
        case .petsc:
            let objects = try PETScBinaryFile.read(from: path)
            lower = objects[0].matrix!
            diagonal = objects[1].vector!
            permutation = objects[2].indexSet!
        }
        #expect(bitIdentical(lower, factor.lower) && diagonal == factor.diagonal && permutation == factor.permutation)
        var generator = SplitMix64(seed: 12)
        let exact = generator.uniform(a.rowCount)
        let x = applyInverse(lower: lower, diagonal: diagonal, permutation: permutation, a.multiply(exact))
        #expect(x.subtracting(exact).maximumNorm <= 1e-10 * exact.maximumNorm)
    }

    @Test func extensionsNameTheFormat() {
        #expect(ExportFormat(path: "a/b/op.mtx") == .matrixMarket && ExportFormat(path: "op.NC") == .netCDF)
        #expect(ExportFormat(path: "op.petsc") == .petsc && ExportFormat(path: "op.txt") == nil && ExportFormat(path: "op") == nil)
    }
}
