// Runs exporters/scipy/dense_reference.py on a dense operator written here as NetCDF and as PETSc binary.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite(.enabled(if: PETScPython.isAvailable && netCDFPythonIsAvailable, "needs python3-petsc4py, -scipy and -xarray"))
struct DenseReferenceRecipeTests {
    static let recipe = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("exporters/scipy/dense_reference.py").path

    /// A nonsymmetric, well-conditioned 80 × 80 matrix: the Kac–Murdock–Szegő matrix 0.5^|i−j|
    /// (SPD) plus a skew part, so that a transposition anywhere changes the matrix.
    static func reference() -> DenseMatrix {
        var generator = SplitMix64(seed: 111)
        var matrix = DenseMatrix(rowCount: 80, columnCount: 80)
        for j in 0..<80 {
            for i in 0..<80 { matrix[i, j] = pow(0.5, Double(abs(i - j))) + (i > j ? 0.1 * generator.nextUnit() : 0) }
        }
        return matrix
    }

    @Test func theRecipeLoadsOurDenseNetCDFAndPETScFilesAsOneMatrixAndSolves() throws {
        var metadata = ExportMetadata()
        metadata.set("family", .text("kac-murdock-szego"))
        let folder = exportFolder()
        let matrix = OperatorMatrix.dense(Self.reference())
        try matrix.write(to: folder + "/reference.nc", metadata: metadata)
        try matrix.write(to: folder + "/reference.petsc")
        let (status, output) = try PythonScript.runCombined(
            [Self.recipe, folder + "/reference.nc", folder + "/reference.petsc"], environment: PETScPython.environment)
        #expect(status == 0, "\(output)")
        #expect(output.hasPrefix("dense reference 80 x 80 (family = kac-murdock-szego): NetCDF and PETSc identical to the last bit\n"), "\(output)")
        #expect(output.contains("scipy.linalg.solve: backward error "), "\(output)")
    }
}
