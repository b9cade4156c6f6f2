// PETScBinaryEncoder: a matrix, vector or index set as the big-endian bytes MatView, VecView and ISView write.
import NonlocalLinearAlgebra

/// Turns one ``PETScObject`` into the exact bytes PETSc's binary viewer writes for it (layouts
/// on ``PETScBinaryFile``). Each object is encoded into one preallocated `[UInt8]` in a
/// single pass per array: integers are narrowed to int32 and every number is byte-swapped to
/// big-endian as it is stored, so the same object always gives the same bytes.
enum PETScBinaryEncoder {
    /// The bytes of `object`, after checking it fits 32-bit indices and holds no NaN or infinity.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` naming the first offending entry.
    static func encode(_ object: PETScObject, path: String) throws(ExportError) -> [UInt8] {
        switch object {
        case .matrix(let matrix): try encode(matrix, path: path)
        case .denseMatrix(let matrix): try encode(dense: matrix, path: path)
        case .vector(let entries): try encode(vector: entries, path: path)
        case .indexSet(let indices): try encode(indexSet: indices, path: path)
        }
    }

    /// Mat: classid, M, N, nz, int32[M] row lengths, int32[nz] columns, float64[nz] values.
    static func encode(_ matrix: SparseMatrix, path: String) throws(ExportError) -> [UInt8] {
        let rows = matrix.rowCount, nonzeros = matrix.nonzeroCount
        try PETScBinaryFile.checkFits(rows: rows, columns: matrix.columnCount, nonzeros: nonzeros, path: path)
        let columnsStart = 16 + 4 * rows
        let valuesStart = columnsStart + 4 * nonzeros
        let byteCount = valuesStart + 8 * nonzeros
        var largestExponent: UInt64 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            let out = UnsafeMutableRawPointer(buffer.baseAddress!)
            store(PETScClassID.matrix.rawValue, rows, matrix.columnCount, nonzeros, into: out)
            matrix.rowPointers.withUnsafeBufferPointer { pointers in
                for row in 0..<rows {
                    storeInt32(pointers[row + 1] - pointers[row], into: out, at: 16 + 4 * row)
                }
            }
            matrix.columnIndices.withUnsafeBufferPointer { columns in
                for k in 0..<nonzeros { storeInt32(columns[k], into: out, at: columnsStart + 4 * k) }
            }
            largestExponent = storeDoubles(matrix.values, into: out, at: valuesStart)
            initialized = byteCount
        }
        if largestExponent == exponentMask {
            let k = matrix.values.firstIndex { !$0.isFinite }!
            let row = rowContaining(k, in: matrix.rowPointers)
            throw .unsupported(
                path: path,
                reason: "row \(row), column \(matrix.columnIndices[k]) holds \(matrix.values[k]); "
                    + "NaN and infinite entries are refused (fix the matrix before exporting it)")
        }
        return bytes
    }

    /// Dense Mat (`MatView_Dense_Binary` in the native format): classid, M, N, −1, then
    /// float64[M·N] values row by row, read from the column-major storage.
    static func encode(dense matrix: DenseMatrix, path: String) throws(ExportError) -> [UInt8] {
        let rows = matrix.rowCount, columns = matrix.columnCount
        try PETScBinaryFile.checkFits(denseRows: rows, columns: columns, path: path)
        let count = rows * columns
        let byteCount = 16 + 8 * count
        var largestExponent: UInt64 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            let out = UnsafeMutableRawPointer(buffer.baseAddress!)
            store(PETScClassID.matrix.rawValue, rows, columns, Int(PETScBinaryFile.denseFormatMarker), into: out)
            matrix.storage.withUnsafeBufferPointer { storage in
                var largest: UInt64 = 0
                for i in 0..<rows {
                    let rowStart = 16 + 8 * i * columns
                    for j in 0..<columns {
                        let bits = storage[i + j * rows].bitPattern
                        largest = max(largest, bits & exponentMask)
                        out.storeBytes(of: bits.bigEndian, toByteOffset: rowStart + 8 * j, as: UInt64.self)
                    }
                }
                largestExponent = largest
            }
            initialized = byteCount
        }
        if largestExponent == exponentMask {
            let k = matrix.storage.firstIndex { !$0.isFinite }!
            throw .unsupported(
                path: path,
                reason: "row \(k % rows), column \(k / rows) holds \(matrix.storage[k]); "
                    + "NaN and infinite entries are refused (fix the matrix before exporting it)")
        }
        return bytes
    }

    /// Vec: classid, n, float64[n] values.
    static func encode(vector entries: [Double], path: String) throws(ExportError) -> [UInt8] {
        try PETScBinaryFile.checkFits(count: entries.count, of: .vector, path: path)
        let byteCount = 8 + 8 * entries.count
        var largestExponent: UInt64 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            let out = UnsafeMutableRawPointer(buffer.baseAddress!)
            store(PETScClassID.vector.rawValue, entries.count, into: out)
            largestExponent = storeDoubles(entries, into: out, at: 8)
            initialized = byteCount
        }
        if largestExponent == exponentMask {
            let i = entries.firstIndex { !$0.isFinite }!
            throw .unsupported(
                path: path,
                reason: "vector entry \(i) is \(entries[i]); NaN and infinite entries are refused "
                    + "(fix the vector before exporting it)")
        }
        return bytes
    }

    /// IS: classid, n, int32[n] indices.
    static func encode(indexSet indices: [Int], path: String) throws(ExportError) -> [UInt8] {
        try PETScBinaryFile.checkFits(count: indices.count, of: .indexSet, path: path)
        if let i = indices.firstIndex(where: { Int32(exactly: $0) == nil }) {
            throw .unsupported(
                path: path,
                reason: "PETSc binary uses 32-bit indices; index set entry \(i) is \(indices[i]) "
                    + "(outside \(Int32.min)...\(Int32.max))")
        }
        let byteCount = 8 + 4 * indices.count
        return [UInt8](unsafeUninitializedCapacity: byteCount) { buffer, initialized in
            let out = UnsafeMutableRawPointer(buffer.baseAddress!)
            store(PETScClassID.indexSet.rawValue, indices.count, into: out)
            indices.withUnsafeBufferPointer { indices in
                for i in 0..<indices.count { storeInt32(indices[i], into: out, at: 8 + 4 * i) }
            }
            initialized = byteCount
        }
    }

    // MARK: Bulk big-endian stores

    /// The exponent bits of a double; all set means NaN or ±∞.
    private static let exponentMask: UInt64 = 0x7FF0_0000_0000_0000

    /// Stores the class id and the header integers that follow it.
    private static func store(_ classID: Int32, _ header: Int..., into out: UnsafeMutableRawPointer) {
        storeInt32(Int(classID), into: out, at: 0)
        for (i, value) in header.enumerated() { storeInt32(value, into: out, at: 4 + 4 * i) }
    }

    /// Stores `value` (already known to fit) as a big-endian int32 at byte `offset`.
    @inline(__always)
    private static func storeInt32(_ value: Int, into out: UnsafeMutableRawPointer, at offset: Int) {
        out.storeBytes(of: UInt32(truncatingIfNeeded: value).bigEndian, toByteOffset: offset, as: UInt32.self)
    }

    /// Stores `values` as big-endian float64 from byte `offset` (any alignment) and returns the
    /// largest exponent field seen, so one comparison afterwards detects NaN and ±∞ without a
    /// branch in the loop.
    private static func storeDoubles(_ values: [Double], into out: UnsafeMutableRawPointer, at offset: Int) -> UInt64 {
        values.withUnsafeBufferPointer { values in
            var largest: UInt64 = 0
            for k in 0..<values.count {
                let bits = values[k].bitPattern
                largest = max(largest, bits & exponentMask)
                out.storeBytes(of: bits.bigEndian, toByteOffset: offset + 8 * k, as: UInt64.self)
            }
            return largest
        }
    }

    /// The row whose storage range holds position `k` (binary search over the row pointers).
    private static func rowContaining(_ k: Int, in rowPointers: [Int]) -> Int {
        var low = 0, high = rowPointers.count - 1  // rowPointers[low] <= k < rowPointers[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if rowPointers[mid] <= k { low = mid } else { high = mid }
        }
        return low
    }
}
