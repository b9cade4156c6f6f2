// Tests of OperatorMatrix: one reader and writer for dense and sparse operators in every format, and what each refuses.
import Foundation
import NonlocalExport
import NonlocalNetCDF
import NonlocalTestSupport
import Testing

@Suite struct OperatorMatrixTests {
    static let extensions: [ExportFormat: String] = [.matrixMarket: "mtx", .netCDF: "nc", .petsc: "petsc"]

    @Test(arguments: ExportFormat.allCases)
    func denseOperatorsComeBackDenseAndBitExactInEveryFormat(format: ExportFormat) throws {
        let symmetric = DenseSamples.symmetric(25, seed: 101)
        let rectangular = DenseSamples.matrix(rows: 9, columns: 14, seed: 102)
        let folder = exportFolder()
        for (name, matrix, storage) in [
            ("general", rectangular, OperatorFile.Storage.general), ("symmetric", symmetric, .symmetric),
        ] {
            let path = folder + "/\(name).\(Self.extensions[format]!)"
            try OperatorMatrix.dense(matrix).write(to: path, storage: storage)
            guard case .dense(let read) = try OperatorMatrix.read(from: path) else {
                Issue.record("\(format) \(name): a dense operator must read back as .dense")
                continue
            }
            #expect(DenseSamples.identicalBits(read, matrix), "\(format) \(name)")
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func sparseOperatorsComeBackSparseAndBitExactInEveryFormat(format: ExportFormat) throws {
        let folder = exportFolder()
        for (name, symmetric) in [("general", false), ("symmetric", true)] {
            let matrix = randomBitPatternMatrix(30, entries: 200, symmetric: symmetric, seed: symmetric ? 103 : 104)
            let path = folder + "/\(name).\(Self.extensions[format]!)"
            try OperatorMatrix.sparse(matrix).write(to: path, storage: symmetric ? .symmetric : .general)
            guard case .sparse(let read) = try OperatorMatrix.read(from: path) else {
                Issue.record("\(format) \(name): a sparse operator must read back as .sparse")
                continue
            }
            #expect(bitIdentical(read, matrix), "\(format) \(name)")
        }
    }

    @Test func theMetadataTravelsInMatrixMarketAndNetCDF() throws {
        var metadata = ExportMetadata()
        metadata.set("s", .number(0.75))
        metadata.set("grid", .text("interval:a=-1,b=1,h=0.01"))
        let folder = exportFolder()
        let matrix = OperatorMatrix.dense(DenseSamples.symmetric(4, seed: 105))
        try matrix.write(to: folder + "/A.mtx", metadata: metadata)
        #expect(try MatrixMarketFile.read(from: folder + "/A.mtx").comments == ["s: 0.75", "grid: interval:a=-1,b=1,h=0.01"])
        try matrix.write(to: folder + "/A.nc", metadata: metadata)
        #expect(try DenseNetCDFFile.read(from: folder + "/A.nc").metadata == metadata)
    }

    @Test func theShapeIsTheMatrixs() {
        let dense = OperatorMatrix.dense(DenseMatrix(rowCount: 3, columnCount: 5))
        let sparse = OperatorMatrix.sparse(.identity(4))
        #expect(dense.rowCount == 3 && dense.columnCount == 5 && !dense.isSquare)
        #expect(sparse.rowCount == 4 && sparse.columnCount == 4 && sparse.isSquare)
        #expect(dense.denseMatrix != nil && dense.sparseMatrix == nil && sparse.sparseMatrix == .identity(4) && sparse.denseMatrix == nil)
    }

    @Test func theFormatComesFromTheNameOrIsGiven() throws {
        let folder = exportFolder()
        let matrix = OperatorMatrix.dense(.identity(3))
        try matrix.write(to: folder + "/A.bin")  // .bin is PETSc binary
        #expect(try PETScBinaryFile.read(from: folder + "/A.bin") == [.denseMatrix(.identity(3))])
        #expect(throws: ExportError.unsupported(
            path: folder + "/A.dat",
            reason: "cannot tell the format from the name; use a .mtx, .nc or .petsc name or --format mtx|nc|petsc")
        ) {
            try matrix.write(to: folder + "/A.dat")
        }
        try matrix.write(to: folder + "/A.dat", format: .netCDF)
        #expect(try OperatorMatrix.read(from: folder + "/A.dat", format: .netCDF) == matrix)
    }

    @Test func aVariableNamesOnlyNetCDFVariables() throws {
        let folder = exportFolder()
        try OperatorMatrix.dense(.identity(2)).write(to: folder + "/A.mtx")
        #expect(throws: ExportError.unsupported(
            path: folder + "/A.mtx",
            reason: "variable 'A' names a NetCDF variable, but this is a MatrixMarket file, which holds one matrix; leave the variable out")
        ) {
            try OperatorMatrix.read(from: folder + "/A.mtx", variable: "A")
        }
    }

    @Test func aSparseNetCDFFileIsReadAsWeightsUnlessAVariableIsNamed() throws {
        let path = exportFolder() + "/S.nc"
        let matrix = randomBitPatternMatrix(12, entries: 40, symmetric: false, seed: 106)
        try OperatorFile(matrix: matrix).writeNetCDF(to: path)
        #expect(try OperatorMatrix.read(from: path) == .sparse(matrix))
        #expect(throws: ExportError.invalidNetCDF(
            path: path, reason: "variable 'S' is 1-D (n_s: 40); a matrix needs 2 dimensions, rows then columns")
        ) {
            try OperatorMatrix.read(from: path, variable: "S")
        }
    }

    @Test func aPETScFileMustStartWithAMat() throws {
        let path = exportFolder() + "/b.petsc"
        try PETScBinaryFile.write([.vector([1, 2]), .denseMatrix(.identity(2))], to: path)
        #expect(throws: ExportError.invalidPETScBinary(
            path: path, offset: 0, reason: "expected a Mat first, the file holds Vec, Mat; save the operator with MatView")
        ) {
            try OperatorMatrix.read(from: path)
        }
    }

    @Test func operatorFileSendsADenseMatToOperatorMatrix() throws {
        let path = exportFolder() + "/D.petsc"
        try PETScBinaryFile.write(denseMatrix: .identity(2), to: path)
        #expect(throws: ExportError.unsupported(
            path: path,
            reason: "the file holds a dense Mat; an operator file is sparse (AIJ); "
                + "read a dense operator with OperatorMatrix.read(from:format:variable:)")
        ) {
            try OperatorFile.read(from: path, format: .petsc)
        }
    }

    @Test func symmetricStorageIsRefusedForAMatrixThatIsNotBeforeAnyFileExists() throws {
        let folder = exportFolder()
        var matrix = DenseSamples.symmetric(6, seed: 107)
        matrix[5, 2] = 0.5
        matrix[2, 5] = -0.5
        for format in ExportFormat.allCases {
            let path = folder + "/A.\(Self.extensions[format]!)"
            #expect(throws: ExportError.unsupported(
                path: path,
                reason: "the matrix is not symmetric: A[5, 2] = 0.5 but A[2, 5] = -0.5 (0-based); write it with storage .general")
            ) {
                try OperatorMatrix.dense(matrix).write(to: path, storage: .symmetric)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}

@Suite struct OperatorMatrixSymmetryTests {
    /// The same matrix, dense and sparse (every entry stored, zeros included).
    func both(_ rows: [[Double]]) -> [OperatorMatrix] {
        let n = rows.count
        let dense = DenseMatrix(rowCount: n, columnCount: n, storage: (0..<n).flatMap { j in rows.map { $0[j] } })
        var builder = TripletBuilder(rowCount: n, columnCount: n)
        for i in 0..<n { for j in 0..<n where rows[i][j] != 0 { builder.append(row: i, column: j, value: rows[i][j]) } }
        return [.dense(dense), .sparse(builder.build())]
    }

    @Test func aLargeAsymmetricEntryCannotHideBehindAHugeOne() {
        for matrix in both([[1e20, 0], [1e5, 1]]) {
            #expect(!matrix.isSymmetric())
            #expect(matrix.firstAsymmetry() == OperatorMatrix.Asymmetry(row: 1, column: 0, value: 1e5, mirror: 0))
        }
    }

    @Test func hugeDiagonalsDoNotOverflowTheScale() {
        // √a_ii · √a_jj = 1e300; the product a_ii · a_jj would overflow to ∞ and accept anything.
        for matrix in both([[1e300, 0], [1e290, 1e300]]) { #expect(!matrix.isSymmetric()) }
        for matrix in both([[1e300, 1e290], [1e290, 1e300]]) { #expect(matrix.isSymmetric(relativeTolerance: 0)) }
    }

    @Test func eachPairIsMeasuredAgainstItsOwnSizeAndItsDiagonalScale() {
        // Relative to the pair: 1 + 1e-13 against 1 passes at τ = 1e-12, 1 + 1e-11 does not.
        for matrix in both([[0, 1 + 1e-13], [1, 0]]) { #expect(matrix.isSymmetric()) }
        for matrix in both([[0, 1 + 1e-11], [1, 0]]) { #expect(!matrix.isSymmetric()) }
        // Rounding-level entries pass against the diagonal scale √(1 · 9) = 3: 2.9e-12 against 0, not 3.1e-12.
        for matrix in both([[1, 2.9e-12], [0, 9]]) { #expect(matrix.isSymmetric()) }
        for matrix in both([[1, 3.1e-12], [0, 9]]) { #expect(!matrix.isSymmetric()) }
        // With a zero diagonal only the pair itself counts.
        for matrix in both([[0, 1e-30], [0, 0]]) { #expect(!matrix.isSymmetric()) }
        // τ = 0 is exact equality, under which 0.0 and -0.0 are equal.
        for matrix in both([[1, 1e-17], [0, 1]]) {
            #expect(matrix.isSymmetric() && !matrix.isSymmetric(relativeTolerance: 0))
        }
        #expect(OperatorMatrix.dense(DenseMatrix(columns: [[1, -0.0], [0.0, 1]])).isSymmetric(relativeTolerance: 0))
    }

    @Test func nonFiniteAndNonSquareMatricesAreNotSymmetric() {
        for matrix in both([[1, .nan], [.nan, 1]]) { #expect(!matrix.isSymmetric()) }
        #expect(!OperatorMatrix.dense(DenseMatrix(rowCount: 2, columnCount: 3)).isSymmetric())
        #expect(!OperatorMatrix.sparse(try! SparseMatrix(rowCount: 2, columnCount: 3, rowPointers: [0, 0, 0], columnIndices: [], values: [])).isSymmetric())
    }

    @Test func aStoredZeroMatchesAnEntryThatIsNotStored() throws {
        let lowerOnly = try SparseMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 1, 3], columnIndices: [0, 0, 1], values: [1, 0, 1])
        #expect(OperatorMatrix.sparse(lowerOnly).isSymmetric(relativeTolerance: 0))
        let stored = try SparseMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 1, 3], columnIndices: [0, 0, 1], values: [1, 1e-3, 1])
        #expect(OperatorMatrix.sparse(stored).firstAsymmetry() == OperatorMatrix.Asymmetry(row: 1, column: 0, value: 1e-3, mirror: 0))
    }

    @Test(arguments: [2, 17, 60])
    func aPerturbedPairOfASeededSymmetricMatrixIsFoundInBothForms(n: Int) {
        var generator = SplitMix64(seed: UInt64(n))
        var rows = (0..<n).map { _ in generator.uniform(n) }
        for i in 0..<n { for j in 0..<i { rows[j][i] = rows[i][j] } }
        for matrix in both(rows) { #expect(matrix.isSymmetric(relativeTolerance: 0)) }
        let i = generator.integer(in: 1...(n - 1)), j = generator.integer(in: 0...(i - 1))
        rows[j][i] = rows[i][j] * (1 + 1e-9)
        for matrix in both(rows) {
            #expect(matrix.firstAsymmetry() == OperatorMatrix.Asymmetry(row: i, column: j, value: rows[i][j], mirror: rows[j][i]))
        }
    }
}
