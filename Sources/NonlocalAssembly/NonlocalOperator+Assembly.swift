// Sparse assembly of a nonlocal operator into CSR: pattern and values in two parallel passes.
import NonlocalLinearAlgebra

extension NonlocalOperator {
    /// The matrix A of L_K on the unknowns Ω: A_pp = Σ_ξ K(|ξ|) h^d (layer neighbours included,
    /// which is how the volume constraint enters), A_pq = −Σ_{ξ: p+ξ = q} K(|ξ|) h^d. It is
    /// symmetric; periodic rows sum to zero; with K ≥ 0 a volume-constrained A is positive definite.
    ///
    /// Two passes over the rows, each split across cores: the first counts each row's distinct
    /// columns (a periodic stencil longer than half the period hits a column more than once),
    /// the second writes columns and values. The kernel is never evaluated here.
    public func assemble() -> SparseMatrix {
        let n = grid.interiorCount
        var rowLengths = [Int](repeating: 0, count: n + 1)
        rowLengths.withUnsafeMutableBufferPointer { lengths in
            let lengths = SharedBuffer(lengths)
            forEachChunk(of: n) { rows in
                var scratch = RowScratch(capacity: offsets.count + 1)
                for p in rows { lengths[p + 1] = gatherRow(p, into: &scratch) }
            }
        }
        for p in 0..<n { rowLengths[p + 1] += rowLengths[p] }
        let rowPointers = rowLengths
        var columns = [Int](repeating: 0, count: rowPointers[n])
        var values = [Double](repeating: 0, count: rowPointers[n])
        columns.withUnsafeMutableBufferPointer { columns in
            values.withUnsafeMutableBufferPointer { values in
                let (columns, values) = (SharedBuffer(columns), SharedBuffer(values))
                forEachChunk(of: n) { rows in
                    var scratch = RowScratch(capacity: offsets.count + 1)
                    for p in rows {
                        let count = gatherRow(p, into: &scratch)
                        let start = rowPointers[p]
                        for k in 0..<count {
                            columns[start + k] = scratch.columns[k]
                            values[start + k] = scratch.values[k]
                        }
                    }
                }
            }
        }
        return SparseMatrix(
            uncheckedRowCount: n, columnCount: n, rowPointers: rowPointers, columnIndices: columns, values: values)
    }

    /// The diagonal of E: Σ of K(|ξ|) h^d over the offsets of each unknown that land in Ω_I.
    public var exteriorDiagonal: [Double] {
        exteriorContribution([Double](repeating: 1, count: grid.layerCount))
    }

    /// Row p's distinct columns, sorted, with summed values, left in `scratch`; returns their count.
    private func gatherRow(_ p: Int, into scratch: inout RowScratch) -> Int {
        let home = grid.interior[p]
        var count = 0
        scratch.columns[0] = p
        scratch.values[0] = diagonalWeight
        count = 1
        var sorted = true
        for (offset, weight) in zip(offsets, weights) {
            let q = grid.neighbour(of: home, offset: offset)
            guard q >= 0 else { continue }  // a layer neighbour: only the diagonal sees it
            if q < scratch.columns[count - 1] { sorted = false }
            scratch.columns[count] = q
            scratch.values[count] = -weight
            count += 1
        }
        // Offsets are in lexicographic order, so columns are already sorted except where a
        // periodic stencil wraps; the diagonal entry, written first, is moved into place too.
        if !sorted || (count > 1 && scratch.columns[1] < p) { scratch.sort(count) }
        return scratch.mergeDuplicates(count)
    }
}

/// A row's (column, value) pairs before compression.
private struct RowScratch {
    var columns: [Int]
    var values: [Double]

    init(capacity: Int) {
        columns = [Int](repeating: 0, count: capacity)
        values = [Double](repeating: 0, count: capacity)
    }

    /// Insertion sort of the first `count` pairs by column (rows are short and nearly sorted).
    mutating func sort(_ count: Int) {
        for k in 1..<count {
            let column = columns[k], value = values[k]
            var slot = k
            while slot > 0 && columns[slot - 1] > column {
                columns[slot] = columns[slot - 1]
                values[slot] = values[slot - 1]
                slot -= 1
            }
            columns[slot] = column
            values[slot] = value
        }
    }

    /// Sums runs of equal columns in the sorted first `count` pairs; returns the new count.
    mutating func mergeDuplicates(_ count: Int) -> Int {
        var write = 0
        for k in 0..<count {
            if write > 0 && columns[write - 1] == columns[k] {
                values[write - 1] += values[k]
            } else {
                columns[write] = columns[k]
                values[write] = values[k]
                write += 1
            }
        }
        return write
    }
}
