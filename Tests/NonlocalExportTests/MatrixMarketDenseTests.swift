// Tests of dense MatrixMarket files: `array` general and symmetric written and read bit-exactly, their exact text, refusals.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite final class MatrixMarketDenseTests {
    let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-dense")

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @Test(arguments: [(0, 0), (0, 3), (2, 0), (1, 1), (3, 5), (200, 150)])
    func generalArraysReadBackBitExactly(shape: (Int, Int)) throws {
        let matrix = DenseSamples.matrix(rows: shape.0, columns: shape.1, seed: UInt64(31 * shape.0 + shape.1))
        let path = folder + "/general-\(shape.0)x\(shape.1).mtx"
        try MatrixMarketFile.write(matrix, to: path, comments: ["delta: 0.25"])
        let content = try MatrixMarketFile.read(from: path)
        #expect(
            content.header
                == MatrixMarketHeader(
                    format: .array, field: .real, symmetry: .general, rowCount: shape.0, columnCount: shape.1,
                    entryCount: shape.0 * shape.1))
        #expect(content.comments == ["delta: 0.25"])
        #expect(DenseSamples.identicalBits(try MatrixMarketFile.readDense(from: path), matrix))
    }

    @Test(arguments: [0, 1, 7, 300])
    func symmetricArraysStoreTheLowerTriangleAndReadBackBitExactly(n: Int) throws {
        let matrix = DenseSamples.symmetric(n, seed: UInt64(n) + 5)
        let path = folder + "/symmetric-\(n).mtx"
        try MatrixMarketFile.write(matrix, to: path, symmetry: .symmetric)
        let content = try MatrixMarketFile.read(from: path)
        #expect(content.header.symmetry == .symmetric && content.header.entryCount == n * (n + 1) / 2)
        #expect(DenseSamples.identicalBits(try MatrixMarketFile.readDense(from: path), matrix))
    }

    @Test func theTextIsColumnMajorWithTheLowerTriangleUnderSymmetry() throws {
        // [[1, 2, 4], [2, 0.1, 5], [4, 5, -0.0]]: the lower triangle column by column is 1 2 4 | 0.1 5 | -0.0.
        let symmetric = DenseMatrix(columns: [[1, 2, 4], [2, 0.1, 5], [4, 5, -0.0]])
        try MatrixMarketFile.write(symmetric, to: folder + "/s.mtx", symmetry: .symmetric, comments: ["delta: 0.25"])
        #expect(
            try String(contentsOfFile: folder + "/s.mtx", encoding: .utf8)
                == "%%MatrixMarket matrix array real symmetric\n% delta: 0.25\n3 3\n1.0\n2.0\n4.0\n0.1\n5.0\n-0.0\n")
        // [[1, 2, 3], [1/3, 1e-300, 5e-324]] column by column.
        let general = DenseMatrix(columns: [[1, 1.0 / 3], [2, 1e-300], [3, .leastNonzeroMagnitude]])
        try MatrixMarketFile.write(general, to: folder + "/g.mtx")
        #expect(
            try String(contentsOfFile: folder + "/g.mtx", encoding: .utf8)
                == "%%MatrixMarket matrix array real general\n2 3\n1.0\n0.3333333333333333\n2.0\n1e-300\n3.0\n5e-324\n")
    }

    @Test func symmetricStorageNeedsAnExactlySymmetricSquareMatrix() throws {
        var matrix = DenseSamples.symmetric(5, seed: 9)
        matrix[1, 3] = 1
        matrix[3, 1] = 1.0.nextUp
        let path = folder + "/refused.mtx"
        #expect(throws: ExportError.unsupported(
            path: path,
            reason: "the matrix is not symmetric: A[3, 1] = 1.0000000000000002 but A[1, 3] = 1.0 (0-based); "
                + "write it with symmetry .general")
        ) {
            try MatrixMarketFile.write(matrix, to: path, symmetry: .symmetric)
        }
        #expect(throws: ExportError.unsupported(
            path: path, reason: "a 2 × 3 matrix cannot be stored as symmetric; write it with symmetry .general")
        ) {
            try MatrixMarketFile.write(DenseMatrix(rowCount: 2, columnCount: 3), to: path, symmetry: .symmetric)
        }
        var zeros = DenseMatrix(rowCount: 2, columnCount: 2)
        zeros[0, 1] = -0.0  // 0.0 and -0.0 are equal values: accepted, and the upper triangle reads back as the lower
        try MatrixMarketFile.write(zeros, to: path, symmetry: .symmetric)
        #expect(try MatrixMarketFile.readDense(from: path).storage.map(\.bitPattern) == [0, 0, 0, 0])
        var infinite = DenseMatrix(rowCount: 2, columnCount: 2)
        infinite[1, 0] = .nan
        #expect(throws: ExportError.unsupported(path: folder + "/nan.mtx", reason: "A[1, 0] (0-based) is nan; MatrixMarket values must be finite")) {
            try MatrixMarketFile.write(infinite, to: folder + "/nan.mtx")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/nan.mtx"))
    }

    @Test func aCoordinateFileIsNotADenseMatrix() throws {
        let path = folder + "/sparse.mtx"
        try MatrixMarketFile.write(SparseMatrix.identity(2), to: path)
        #expect(throws: ExportError.invalidMatrixMarket(
            path: path, line: 1,
            reason: "expected a dense matrix (array format), found the coordinate format; read it with MatrixMarketFile.read(from:)")
        ) {
            try MatrixMarketFile.readDense(from: path)
        }
    }

    @Test func skewSymmetricArraysExpandWithAMinusSign() throws {
        let path = matrixMarketFixtures.appendingPathComponent("valid/array_integer_skew_symmetric.mtx").path
        #expect(try MatrixMarketFile.readDense(from: path) == DenseMatrix(columns: [[0, 1, 2], [-1, 0, 3], [-2, -3, 0]]))
    }
}

@Suite(.enabled(if: MatrixMarketSciPy.isAvailable, "needs /usr/bin/python3 with scipy (python3-scipy)"))
struct MatrixMarketDenseSciPyTests {
    /// Reads argv[1] with mmread and prints its shape and entries row by row as bit patterns,
    /// then writes it back with mmwrite(precision=17) as `array` general (argv[2]) and symmetric (argv[3]).
    static let script = """
        import sys, numpy as np, scipy.io
        a = scipy.io.mmread(sys.argv[1])
        assert isinstance(a, np.ndarray), type(a)
        print(*a.shape)
        print(' '.join(format(int(x), '016x') for x in np.ascontiguousarray(a).ravel().view(np.uint64)))
        scipy.io.mmwrite(sys.argv[2], a, precision=17, symmetry='general')
        scipy.io.mmwrite(sys.argv[3], a, precision=17, symmetry='symmetric')
        """

    @Test(arguments: [MatrixMarketFile.Symmetry.general, .symmetric])
    func sciPyReadsOurArraysExactlyAndWeReadItsArraysExactly(symmetry: MatrixMarketFile.Symmetry) throws {
        let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-dense-scipy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let matrix = DenseSamples.symmetric(60, seed: 41)
        let ours = folder + "/ours.mtx", general = folder + "/general.mtx", symmetric = folder + "/symmetric.mtx"
        try MatrixMarketFile.write(matrix, to: ours, symmetry: symmetry)
        let printed = try MatrixMarketSciPy.run(Self.script, arguments: [ours, general, symmetric])
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(lines.first == "60 60")
        #expect(lines.dropFirst().first?.split(separator: " ").map(String.init) == DenseSamples.rowMajorHex(matrix))
        for (path, banner) in [(general, "general"), (symmetric, "symmetric")] {
            let content = try MatrixMarketFile.read(from: path)
            #expect(content.header.banner == "%%MatrixMarket matrix array real \(banner)")
            #expect(DenseSamples.identicalBits(try MatrixMarketFile.readDense(from: path), matrix), "mmwrite \(banner)")
        }
    }
}
