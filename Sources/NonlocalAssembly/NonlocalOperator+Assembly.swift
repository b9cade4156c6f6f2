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
        let template = RowTemplate(self)
        var rowLengths = [Int](repeating: 0, count: n + 1)
        rowLengths.withUnsafeMutableBufferPointer { lengths in
            let lengths = SharedBuffer(lengths)
            forEachChunk(of: n) { rows in
                var scratch = RowScratch(capacity: offsets.count + 1)
                for p in rows {
                    lengths[p + 1] = template.covers(p) ? template.count : gatherRow(p, into: &scratch)
                }
            }
        }
        for p in 0..<n { rowLengths[p + 1] += rowLengths[p] }
        let rowPointers = rowLengths, nonzeros = rowLengths[n]
        // Every slot is written below, so the arrays start uninitialized.
        var columns = [Int](unsafeUninitializedCapacity: nonzeros) { _, count in count = nonzeros }
        var values = [Double](unsafeUninitializedCapacity: nonzeros) { _, count in count = nonzeros }
        columns.withUnsafeMutableBufferPointer { columns in
            values.withUnsafeMutableBufferPointer { values in
                let (columns, values) = (SharedBuffer(columns), SharedBuffer(values))
                forEachChunk(of: n) { rows in
                    var scratch = RowScratch(capacity: offsets.count + 1)
                    for p in rows {
                        let start = rowPointers[p]
                        if template.covers(p) {
                            for k in 0..<template.count {
                                columns[start + k] = p + template.columnShifts[k]
                                values[start + k] = template.values[k]
                            }
                            continue
                        }
                        let count = gatherRow(p, into: &scratch)
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

/// The row shared by every unknown of a periodic grid whose stencil does not wrap: columns
/// p + Δ_s (Δ_s = i + j·nx of each offset, in lexicographic order, the diagonal in its place)
/// and the same values in every such row.
private struct RowTemplate: Sendable {
    let columnShifts: [Int]
    let values: [Double]
    /// Unknowns with i in reach.x ..< nx − reach.x and j in reach.y ..< ny − reach.y.
    private let lower: SIMD2<Int>
    private let upper: SIMD2<Int>
    private let width: Int
    private let rowLength: Int

    init(_ op: NonlocalOperator) {
        let grid = op.grid
        let reach = op.offsets.reduce(SIMD2<Int>.zero) { SIMD2(max($0.x, abs($1.x)), max($0.y, abs($1.y))) }
        var entries = zip(op.offsets, op.weights).map { ($0.x + $0.y * grid.shape.x, -$1) }
        entries.append((0, op.diagonalWeight))
        entries.sort { $0.0 < $1.0 }
        columnShifts = entries.map(\.0)
        values = entries.map(\.1)
        rowLength = grid.boundary == .periodic ? entries.count : 0
        lower = reach
        upper = grid.shape &- reach
        width = grid.shape.x
    }

    var count: Int { rowLength }

    /// Whether unknown p's row is the template (periodic, stencil away from the wrap).
    @inline(__always) func covers(_ p: Int) -> Bool {
        guard rowLength > 0 else { return false }
        let i = p % width, j = p / width
        return i >= lower.x && i < upper.x && j >= lower.y && j < upper.y
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

    /// Stable sort of the first `count` pairs by column: equal columns keep their stencil order,
    /// so ``mergeDuplicates(_:)`` sums them in the same order whichever branch sorted them.
    /// Insertion sort for short rows (nearly sorted); rows longer than 64 — a periodic stencil
    /// wrapped many times around a short period, e.g. δ = 100 on 100 points, 20,000 entries — go
    /// through an O(count log count) sort of (column, position) keys: insertion sort's
    /// O(count²) made `check` on such a model run for minutes.
    mutating func sort(_ count: Int) {
        guard count <= 64 else {
            let columns = self.columns, values = self.values
            var order = Array(0..<count)
            order.sort { (columns[$0], $0) < (columns[$1], $1) }
            for (k, position) in order.enumerated() {
                self.columns[k] = columns[position]
                self.values[k] = values[position]
            }
            return
        }
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
