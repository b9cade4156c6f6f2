// SparseMatrix structure: transpose, triangles, linear combinations, permutations, symmetry.

extension SparseMatrix {
    /// Aᵀ, by a counting sort on columns (columns of the result come out sorted).
    public func transposed() -> SparseMatrix {
        var pointers = [Int](repeating: 0, count: columnCount + 1)
        for c in columnIndices { pointers[c + 1] += 1 }
        for c in 0..<columnCount { pointers[c + 1] += pointers[c] }
        var next = pointers
        var indices = [Int](repeating: 0, count: nonzeroCount)
        var entries = [Double](repeating: 0, count: nonzeroCount)
        for row in 0..<rowCount {
            for k in rowPointers[row]..<rowPointers[row + 1] {
                let slot = next[columnIndices[k]]
                indices[slot] = row
                entries[slot] = values[k]
                next[columnIndices[k]] += 1
            }
        }
        return SparseMatrix(
            uncheckedRowCount: columnCount, columnCount: rowCount, rowPointers: pointers,
            columnIndices: indices, values: entries)
    }

    /// The entries with `column ≤ row` (the storage of a symmetric matrix in MatrixMarket and CHOLMOD).
    public func lowerTriangle() -> SparseMatrix { filtered { row, column, _ in column <= row } }

    /// The entries with `column ≥ row`.
    public func upperTriangle() -> SparseMatrix { filtered { row, column, _ in column >= row } }

    /// The same matrix without explicitly stored zeros.
    public func droppingZeros() -> SparseMatrix { filtered { _, _, value in value != 0 } }

    /// The entries for which `keep(row, column, value)` holds.
    public func filtered(_ keep: (Int, Int, Double) -> Bool) -> SparseMatrix {
        var pointers = [Int](repeating: 0, count: rowCount + 1)
        var indices: [Int] = []
        var entries: [Double] = []
        indices.reserveCapacity(nonzeroCount)
        entries.reserveCapacity(nonzeroCount)
        for row in 0..<rowCount {
            for k in rowPointers[row]..<rowPointers[row + 1] where keep(row, columnIndices[k], values[k]) {
                indices.append(columnIndices[k])
                entries.append(values[k])
            }
            pointers[row + 1] = indices.count
        }
        return SparseMatrix(
            uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: pointers,
            columnIndices: indices, values: entries)
    }

    /// The full symmetric matrix whose lower triangle is `self` (entries above the diagonal are ignored).
    public func symmetrizedFromLower() -> SparseMatrix {
        let lower = lowerTriangle()
        let strictlyLowerTransposed = lower.filtered { row, column, _ in column < row }.transposed()
        return lower.adding(strictlyLowerTransposed)
    }

    /// `self + scale · other`, on the union of the two patterns.
    public func adding(_ other: SparseMatrix, scaledBy scale: Double = 1) -> SparseMatrix {
        precondition(rowCount == other.rowCount && columnCount == other.columnCount, "shape mismatch in A + sB")
        var pointers = [Int](repeating: 0, count: rowCount + 1)
        var indices: [Int] = []
        var entries: [Double] = []
        indices.reserveCapacity(nonzeroCount + other.nonzeroCount)
        entries.reserveCapacity(nonzeroCount + other.nonzeroCount)
        for row in 0..<rowCount {
            var a = rowPointers[row], b = other.rowPointers[row]
            let aEnd = rowPointers[row + 1], bEnd = other.rowPointers[row + 1]
            while a < aEnd || b < bEnd {
                let ca = a < aEnd ? columnIndices[a] : Int.max
                let cb = b < bEnd ? other.columnIndices[b] : Int.max
                if ca == cb {
                    indices.append(ca); entries.append(values[a] + scale * other.values[b]); a += 1; b += 1
                } else if ca < cb {
                    indices.append(ca); entries.append(values[a]); a += 1
                } else {
                    indices.append(cb); entries.append(scale * other.values[b]); b += 1
                }
            }
            pointers[row + 1] = indices.count
        }
        return SparseMatrix(
            uncheckedRowCount: rowCount, columnCount: columnCount, rowPointers: pointers,
            columnIndices: indices, values: entries)
    }

    /// `scale · A`.
    public func scaled(by scale: Double) -> SparseMatrix {
        var result = self
        for k in result.values.indices { result.values[k] *= scale }
        return result
    }

    /// The symmetric permutation `P A Pᵀ` with `(P A Pᵀ)[i, j] = A[p[i], p[j]]`
    /// (CHOLMOD's convention for `L->Perm`).
    public func symmetricallyPermuted(by permutation: [Int]) -> SparseMatrix {
        precondition(isSquare && permutation.count == rowCount, "permutation length must equal the dimension")
        var inverse = [Int](repeating: 0, count: rowCount)
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        var builder = TripletBuilder(rowCount: rowCount, columnCount: columnCount, reservingCapacity: nonzeroCount)
        for row in 0..<rowCount {
            for k in rowPointers[row]..<rowPointers[row + 1] {
                builder.append(row: inverse[row], column: inverse[columnIndices[k]], value: values[k])
            }
        }
        return builder.build()
    }
}
