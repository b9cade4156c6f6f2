// PETScBinaryDecoder: validates the bytes of a PETSc binary file and turns them into matrices, vectors and index sets.
import NonlocalLinearAlgebra

/// Reads the objects of a PETSc binary file held in memory (layouts on ``PETScBinaryFile``),
/// checking everything `MatLoad`, `VecLoad` and `ISLoad` rely on and more: known class ids,
/// non-negative sizes, row lengths that sum to the nonzero count, columns in range and
/// strictly increasing in each row, finite values, and enough bytes for every array. Each
/// problem throws ``ExportError/invalidPETScBinary(path:offset:reason:)`` with the byte
/// offset where it starts. Arrays are checked against the bytes left before they are
/// allocated, so a corrupt size cannot ask for more memory than the file holds.
struct PETScBinaryDecoder {
    let bytes: UnsafeRawBufferPointer
    let path: String
    /// The offset of the next unread byte.
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// Every object in the file, in order.
    mutating func decodeAll() throws(ExportError) -> [PETScObject] {
        guard !bytes.isEmpty else {
            throw invalid(at: 0, "empty file; expected a class id (\(Self.knownClassIDs))")
        }
        var objects: [PETScObject] = []
        while offset < bytes.count { objects.append(try decodeObject()) }
        return objects
    }

    private static let knownClassIDs = PETScClassID.allCases
        .map { "\($0.rawValue) for \($0.petscName)" }.joined(separator: ", ")

    private mutating func decodeObject() throws(ExportError) -> PETScObject {
        let start = offset
        try require(4, "a class id")
        let raw = int32(at: start)
        guard let classID = PETScClassID(rawValue: raw) else {
            var reason = "unknown class id \(raw); expected \(Self.knownClassIDs)"
            if let swapped = PETScClassID(rawValue: raw.byteSwapped) {
                reason += " (this is \(swapped.rawValue), \(swapped.petscName), with its bytes reversed: "
                    + "the file was written little-endian, PETSc binary files are big-endian)"
            }
            throw invalid(at: start, reason)
        }
        offset += 4
        switch classID {
        case .matrix: return try decodeMatrix()
        case .vector: return .vector(try decodeVector())
        case .indexSet: return .indexSet(try decodeIndexSet())
        }
    }

    // MARK: Objects

    /// A Mat: AIJ, or dense when the nonzero count is −1 (`MATRIX_BINARY_FORMAT_DENSE`).
    private mutating func decodeMatrix() throws(ExportError) -> PETScObject {
        try require(12, "the Mat header (rows, columns, nonzero count)")
        let rows = try size(at: offset, "row count")
        let columns = try size(at: offset + 4, "column count")
        let nonzeroField = offset + 8
        if int32(at: nonzeroField) == PETScBinaryFile.denseFormatMarker {
            offset += 12
            return .denseMatrix(try decodeDenseValues(rows: rows, columns: columns, header: nonzeroField - 8))
        }
        let nonzeros = try size(at: nonzeroField, "nonzero count")
        offset += 12

        try require(4 * rows, "the row lengths (\(rows) × int32)")
        let rowPointers = try rowPointers(rows: rows, nonzeros: nonzeros)
        offset += 4 * rows

        let columnsStart = offset
        try require(4 * nonzeros, "the column indices (\(nonzeros) × int32)")
        try require(8 * nonzeros, "the values (\(nonzeros) × float64)", from: columnsStart + 4 * nonzeros)
        let columnIndices = try columnIndices(rowPointers: rowPointers, columns: columns)
        offset += 4 * nonzeros

        let valuesStart = offset
        let values = doubles(count: nonzeros, at: valuesStart)
        if let k = firstNonFinite(values) {
            let row = rowPointers.lastIndex { $0 <= k }!
            throw invalid(
                at: valuesStart + 8 * k,
                "row \(row), column \(columnIndices[k]) holds \(values[k]); NaN and infinite entries are refused")
        }
        offset += 8 * nonzeros
        return .matrix(
            SparseMatrix(
                uncheckedRowCount: rows, columnCount: columns, rowPointers: rowPointers,
                columnIndices: columnIndices, values: values))
    }

    /// The M·N values of a dense Mat, row by row, into column-major storage. The sizes come
    /// from the file, so their product is checked before anything is allocated: against
    /// PETSc's 32-bit count of dense values (a larger header cannot have been written by
    /// PETSc and cannot be loaded by it) and against the bytes the file has left.
    private mutating func decodeDenseValues(rows: Int, columns: Int, header: Int) throws(ExportError) -> DenseMatrix {
        // Each size is below 2³¹, so neither the product nor, once it is at most 2³¹ − 1, the
        // byte count can overflow; the product is still computed with an overflow check, so
        // that the bound does not rest on a narrower reader of the header.
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, count <= PETScBinaryFile.maximumCount else {
            throw invalid(
                at: header,
                "the dense Mat header declares \(rows) × \(columns) values, more than the \(PETScBinaryFile.maximumCount) "
                    + "PETSc's 32-bit indices can count; the header is corrupt")
        }
        let byteCount = 8 * count
        try require(byteCount, "the dense values (\(rows) × \(columns) float64, row by row)")
        let start = offset
        var firstBad: Int?
        let storage = [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            // A header of 10⁹ × 0 declares no values: no loop over its empty rows (seconds of nothing).
            for i in 0..<(count == 0 ? 0 : rows) {
                for j in 0..<columns {
                    let k = i * columns + j
                    let bits = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: start + 8 * k, as: UInt64.self))
                    let value = Double(bitPattern: bits)
                    if !value.isFinite, firstBad == nil { firstBad = k }
                    buffer[i + j * rows] = value
                }
            }
            initialized = count
        }
        if let k = firstBad {
            throw invalid(
                at: start + 8 * k,
                "dense row \(k / columns), column \(k % columns) holds \(storage[k % columns * rows + k / columns]); "
                    + "NaN and infinite entries are refused")
        }
        offset += byteCount
        return DenseMatrix(rowCount: rows, columnCount: columns, storage: storage)
    }

    private mutating func decodeVector() throws(ExportError) -> [Double] {
        try require(4, "the Vec length")
        let count = try size(at: offset, "Vec length")
        offset += 4
        try require(8 * count, "the Vec entries (\(count) × float64)")
        let values = doubles(count: count, at: offset)
        if let i = firstNonFinite(values) {
            throw invalid(at: offset + 8 * i, "Vec entry \(i) is \(values[i]); NaN and infinite entries are refused")
        }
        offset += 8 * count
        return values
    }

    private mutating func decodeIndexSet() throws(ExportError) -> [Int] {
        try require(4, "the IS length")
        let count = try size(at: offset, "IS length")
        offset += 4
        try require(4 * count, "the IS indices (\(count) × int32)")
        let start = offset
        let indices = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = Int(int32(at: start + 4 * i)) }
            initialized = count
        }
        offset += 4 * count
        return indices
    }

    // MARK: Matrix arrays

    /// The CSR row pointers from the int32 row lengths at `offset`.
    private func rowPointers(rows: Int, nonzeros: Int) throws(ExportError) -> [Int] {
        let start = offset
        var negativeRow: Int?
        let pointers = [Int](unsafeUninitializedCapacity: rows + 1) { buffer, initialized in
            var sum = 0
            buffer[0] = 0
            for row in 0..<rows {
                let length = Int(int32(at: start + 4 * row))
                if length < 0, negativeRow == nil { negativeRow = row }
                sum += length
                buffer[row + 1] = sum
            }
            initialized = rows + 1
        }
        if let row = negativeRow {
            throw invalid(at: start + 4 * row, "row \(row) has negative length \(int32(at: start + 4 * row))")
        }
        guard pointers[rows] == nonzeros else {
            throw invalid(at: start, "the row lengths sum to \(pointers[rows]) but the header says \(nonzeros) nonzeros")
        }
        return pointers
    }

    /// The column indices at `offset`, checked to lie in `0..<columns` and to increase strictly in each row.
    private func columnIndices(rowPointers: [Int], columns: Int) throws(ExportError) -> [Int] {
        let start = offset
        let count = rowPointers.last!
        var firstBad: (row: Int, k: Int)?
        let indices = [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            rowPointers.withUnsafeBufferPointer { pointers in
                rowLoop: for row in 0..<(pointers.count - 1) {
                    var previous = -1
                    for k in pointers[row]..<pointers[row + 1] {
                        let column = Int(int32(at: start + 4 * k))
                        buffer[k] = column
                        if column <= previous || column >= columns {
                            firstBad = (row, k)
                            break rowLoop
                        }
                        previous = column
                    }
                }
            }
            // After a bad entry the rest was never stored; fill it before the array is discarded.
            if firstBad != nil { for k in 0..<count { buffer[k] = 0 } }
            initialized = count
        }
        if let (row, k) = firstBad {
            let column = Int(int32(at: start + 4 * k))
            let previous = k > rowPointers[row] ? Int(int32(at: start + 4 * (k - 1))) : nil
            let reason: String
            if column < 0 || column >= columns {
                reason = "row \(row): column \(column) out of range 0..<\(columns)"
            } else if column == previous {
                reason = "row \(row): column \(column) repeated; columns must be unique within a row"
            } else {
                reason = "row \(row): column \(column) after column \(previous!); columns must be sorted within a row"
            }
            throw invalid(at: start + 4 * k, reason)
        }
        return indices
    }

    // MARK: Reading numbers

    /// The big-endian int32 at byte `offset` (any alignment).
    @inline(__always)
    private func int32(at offset: Int) -> Int32 {
        Int32(bitPattern: UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// `count` big-endian float64 from byte `offset`.
    private func doubles(count: Int, at offset: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                let bits = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt64.self))
                buffer[i] = Double(bitPattern: bits)
            }
            initialized = count
        }
    }

    /// The position of the first NaN or ±∞, found with one branch-free pass in the common case.
    private func firstNonFinite(_ values: [Double]) -> Int? {
        let exponentMask: UInt64 = 0x7FF0_0000_0000_0000
        let largest = values.withUnsafeBufferPointer { values in
            var largest: UInt64 = 0
            for value in values { largest = max(largest, value.bitPattern & exponentMask) }
            return largest
        }
        return largest == exponentMask ? values.firstIndex { !$0.isFinite } : nil
    }

    /// The header size field at `offset`, refused when negative.
    private func size(at offset: Int, _ name: String) throws(ExportError) -> Int {
        let value = Int(int32(at: offset))
        guard value >= 0 else { throw invalid(at: offset, "negative \(name) \(value)") }
        return value
    }

    /// Throws unless `count` bytes are left from `start` (the current offset by default).
    /// `count` is computed from sizes in the file; callers keep it from overflowing.
    private func require(_ count: Int, _ what: String, from start: Int? = nil) throws(ExportError) {
        let start = start ?? offset
        let left = bytes.count - start
        guard count > left else { return }
        throw invalid(at: start, "truncated: expected \(what), \(count) bytes, but the file ends \(left) bytes later")
    }

    private func invalid(at offset: Int, _ reason: String) -> ExportError {
        .invalidPETScBinary(path: path, offset: offset, reason: reason)
    }
}
