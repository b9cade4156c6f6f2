// DenseSamples: seeded dense matrices with awkward values, and bit-exact comparison, for the dense-file tests.
import Foundation
import NonlocalExport
import NonlocalTestSupport

enum DenseSamples {
    /// Python helpers for the interop tests: a matrix's entries row by row as 16-hex-digit bit
    /// patterns, and a seeded random symmetric matrix of arbitrary finite bit patterns with the
    /// awkward values (0.1, 1/3, 1e-300, −0.0, 5e-324, …) in its lower triangle and mirrored.
    static let pythonHelpers = """
        import numpy as np
        def hexbits(a):
            return [format(int(x), '016x') for x in np.ascontiguousarray(a, dtype=np.float64).ravel().view(np.uint64)]
        def awkward_symmetric(n, seed):
            rng = np.random.default_rng(seed)
            bits = rng.integers(0, 2**64, size=(n, n), dtype=np.uint64, endpoint=False)
            exponent = np.uint64(0x7FF0000000000000)
            bits[(bits & exponent) == exponent] ^= np.uint64(0x0010000000000000)
            a = bits.view(np.float64).copy()
            for k, value in enumerate([0.1, 1/3, 1e-300, -0.0, 5e-324, -2/3, 1e16, 0.30000000000000004]):
                i, j = (3 * k + 1) % n, (5 * k) % n
                a[max(i, j), min(i, j)] = value
            s = np.tril(a)
            upper = np.triu_indices(n, 1)
            s[upper] = s.T[upper]   # copied, not added: adding +0.0 would turn -0.0 into +0.0
            return s

        """

    /// Values that break careless formatting, parsing or conversion: decimals with no exact
    /// binary form, the extremes, subnormals and a negative zero.
    static let awkward: [Double] = [
        0.1, 1.0 / 3.0, 1e-300, -0.0, 0, .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
        -2.0 / 3.0, 1e16, 0.30000000000000004, 123456789.125,
    ]

    /// A `rows × columns` matrix of random finite bit patterns (PETScSamples' draw) with the
    /// awkward values placed at seeded positions.
    static func matrix(rows: Int, columns: Int, seed: UInt64) -> DenseMatrix {
        var generator = SplitMix64(seed: seed)
        var storage = (0..<(rows * columns)).map { _ in PETScSamples.finiteValue(&generator) }
        if !storage.isEmpty {
            for value in awkward { storage[generator.integer(in: 0...(storage.count - 1))] = value }
        }
        return DenseMatrix(rowCount: rows, columnCount: columns, storage: storage)
    }

    /// A symmetric `n × n` matrix built from ``matrix(rows:columns:seed:)``'s lower triangle.
    static func symmetric(_ n: Int, seed: UInt64) -> DenseMatrix {
        var matrix = self.matrix(rows: n, columns: n, seed: seed)
        for j in 0..<n { for i in j..<n { matrix[j, i] = matrix[i, j] } }
        return matrix
    }

    /// Same shape and the same bits in every entry (so −0 ≠ +0).
    static func identicalBits(_ a: DenseMatrix, _ b: DenseMatrix) -> Bool {
        a.rowCount == b.rowCount && a.columnCount == b.columnCount
            && a.storage.map(\.bitPattern) == b.storage.map(\.bitPattern)
    }

    /// The entries row by row as 16-hex-digit bit patterns: how the Python side prints a matrix.
    static func rowMajorHex(_ matrix: DenseMatrix) -> [String] {
        matrix.transposed().storage.map(hex)
    }

    static func hex(_ value: Double) -> String {
        let digits = String(value.bitPattern, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The matrix whose entries, row by row, have the bit patterns `hex` (as printed by Python).
    static func fromRowMajorHex(_ hex: [String], rows: Int, columns: Int) -> DenseMatrix {
        let rowMajor = DenseMatrix(
            rowCount: columns, columnCount: rows, storage: hex.map { Double(bitPattern: UInt64($0, radix: 16)!) })
        return rowMajor.transposed()
    }
}
