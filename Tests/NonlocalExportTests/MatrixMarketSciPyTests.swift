// Interoperability with SciPy: scipy.io.mmread sees our matrices exactly, and we read mmwrite's files exactly.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

/// Runs Debian's python3 (with SciPy 1.10, installed by the project's setup) on an inline script.
enum MatrixMarketSciPy {
    /// Whether `python3 -c "import scipy"` works; the interop test is skipped (and says so) otherwise.
    static let isAvailable = PythonScript.canImport(["scipy"])

    /// The script's standard output.
    /// - Throws: ``PythonScript/Failure`` when python cannot start or exits non-zero (its standard error is in the message).
    @discardableResult
    static func run(_ script: String, arguments: [String] = []) throws -> String {
        try PythonScript.run(script, arguments: arguments)
    }

    /// Loads argv[1] with mmread, prints every stored entry of the CSR form as
    /// `row column bits` (0-based, the value's IEEE bits in hex), then writes the matrix back
    /// with mmwrite(precision=17) as general (argv[2]) and symmetric (argv[3], if the matrix is).
    static let script = """
        import sys, struct
        import numpy as np, scipy.io, scipy.sparse
        a = scipy.sparse.csr_matrix(scipy.io.mmread(sys.argv[1]))
        a.sort_indices()
        print(a.shape[0], a.shape[1], a.nnz)
        for i in range(a.shape[0]):
            for k in range(a.indptr[i], a.indptr[i + 1]):
                print(i, a.indices[k], struct.pack('>d', a.data[k]).hex())
        scipy.io.mmwrite(sys.argv[2], a, precision=17, symmetry='general')
        if len(sys.argv) > 3:
            scipy.io.mmwrite(sys.argv[3], a, precision=17, symmetry='symmetric')
        """
}

@Suite struct MatrixMarketSciPyTests {
    /// Our matrix as SciPy prints it from `script`.
    func listing(_ matrix: SparseMatrix) -> String {
        var lines = ["\(matrix.rowCount) \(matrix.columnCount) \(matrix.nonzeroCount)"]
        for row in 0..<matrix.rowCount {
            for k in matrix.rowPointers[row]..<matrix.rowPointers[row + 1] {
                let bits = String(matrix.values[k].bitPattern, radix: 16)
                lines.append(
                    "\(row) \(matrix.columnIndices[k]) \(String(repeating: "0", count: 16 - bits.count) + bits)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(.enabled(if: MatrixMarketSciPy.isAvailable, "needs /usr/bin/python3 with scipy (python3-scipy)"))
    func sciPyReadsOurFilesExactlyAndWeReadSciPysExactly() throws {
        let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-scipy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let general = MatrixMarketSamples.matrix(rows: 300, columns: 120, count: 3000, seed: 21)
        let symmetric = MatrixMarketSamples.symmetricMatrix(n: 150, lowerCount: 2000, seed: 22)
        for (name, matrix, symmetry) in [
            ("general", general, MatrixMarketFile.Symmetry.general), ("symmetric", symmetric, .symmetric),
        ] {
            let ours = folder + "/\(name).mtx"
            let theirsGeneral = folder + "/\(name)-scipy-general.mtx"
            let theirsSymmetric = folder + "/\(name)-scipy-symmetric.mtx"
            try MatrixMarketFile.write(matrix, to: ours, symmetry: symmetry, comments: ["δ = 0.25", "seeded"])
            let arguments = [ours, theirsGeneral] + (symmetry == .symmetric ? [theirsSymmetric] : [])
            let printed = try MatrixMarketSciPy.run(MatrixMarketSciPy.script, arguments: arguments)
            #expect(printed == listing(matrix), "scipy.io.mmread sees a different \(name) matrix")

            let back = try MatrixMarketFile.read(from: theirsGeneral)
            #expect(back.header.symmetry == .general)
            #expect(
                MatrixMarketSamples.identicalBits(back.matrix, matrix),
                "\(name): mmwrite(precision=17) general file differs")
            if symmetry == .symmetric {
                let backSymmetric = try MatrixMarketFile.read(from: theirsSymmetric)
                #expect(backSymmetric.header.symmetry == .symmetric)
                #expect(
                    MatrixMarketSamples.identicalBits(backSymmetric.matrix, matrix),
                    "mmwrite(precision=17) symmetric file differs")
            }
        }
    }

    @Test(.enabled(if: MatrixMarketSciPy.isAvailable, "needs /usr/bin/python3 with scipy (python3-scipy)"))
    func sciPyReadsOurVectorsExactly() throws {
        let folder = MatrixMarketSamples.temporaryFolder("matrixmarket-scipy-vector")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generator = SplitMix64(seed: 23)
        let vector = (0..<500).map { _ in MatrixMarketSamples.finiteDouble(&generator) }
        let path = folder + "/vector.mtx"
        try MatrixMarketFile.write(vector: vector, to: path)
        let printed = try MatrixMarketSciPy.run(
            "import sys, struct, scipy.io\nv = scipy.io.mmread(sys.argv[1])\n"
                + "print(v.shape)\nprint(' '.join(struct.pack('>d', x).hex() for x in v[:, 0]))",
            arguments: [path])
        let bits = vector.map { String($0.bitPattern, radix: 16) }.map {
            String(repeating: "0", count: 16 - $0.count) + $0
        }
        #expect(printed == "(500, 1)\n" + bits.joined(separator: " ") + "\n")
    }
}
