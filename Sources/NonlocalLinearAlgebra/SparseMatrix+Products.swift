// SparseMatrix products: y = A x for one vector or for the columns of a dense matrix.

extension SparseMatrix: LinearOperator {
    /// The dimension of a square matrix (trap if the matrix is not square).
    public var dimension: Int {
        precondition(isSquare, "a \(rowCount) × \(columnCount) matrix is not a square operator")
        return rowCount
    }

    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        multiply(x, into: y)
    }

    /// Overwrites `y` (length ``rowCount``) with `A x` (`x` of length ``columnCount``).
    public func multiply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == columnCount && y.count == rowCount, "shape mismatch in A x")
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { v in
                    for row in 0..<rowCount {
                        var sum = 0.0
                        for k in rp[row]..<rp[row + 1] { sum += v[k] * x[ci[k]] }
                        y[row] = sum
                    }
                }
            }
        }
    }

    /// `A x` as a new array.
    public func multiply(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rowCount)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in multiply(xp, into: yp) }
        }
        return y
    }

    /// `A X` for a column-major dense `X` with ``columnCount`` rows: many vectors at once,
    /// each matrix entry loaded once for all of them.
    public func multiply(_ x: DenseMatrix) -> DenseMatrix {
        precondition(x.rowCount == columnCount, "shape mismatch in A X")
        let k = x.columnCount
        // Work row-major internally (entries of one row of X contiguous), then transpose back.
        let xt = x.transposed()
        var yt = [Double](repeating: 0, count: rowCount * k)
        xt.storage.withUnsafeBufferPointer { xp in
            yt.withUnsafeMutableBufferPointer { yp in
                rowPointers.withUnsafeBufferPointer { rp in
                    columnIndices.withUnsafeBufferPointer { ci in
                        values.withUnsafeBufferPointer { v in
                            for row in 0..<rowCount {
                                let out = row * k
                                for p in rp[row]..<rp[row + 1] {
                                    let a = v[p], base = ci[p] * k
                                    for j in 0..<k { yp[out + j] += a * xp[base + j] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return DenseMatrix(rowCount: k, columnCount: rowCount, storage: yt).transposed()
    }
}

extension SparseMatrix {
    /// The sparse product `A B` (Gustavson's row-by-row algorithm); columns come out sorted.
    public func multiplied(by other: SparseMatrix) -> SparseMatrix {
        precondition(columnCount == other.rowCount, "inner dimensions \(columnCount) and \(other.rowCount) differ")
        var pointers = [Int](repeating: 0, count: rowCount + 1)
        var indices: [Int] = []
        var entries: [Double] = []
        var accumulator = [Double](repeating: 0, count: other.columnCount)
        var marker = [Int](repeating: -1, count: other.columnCount)
        var rowColumns: [Int] = []
        for row in 0..<rowCount {
            rowColumns.removeAll(keepingCapacity: true)
            for k in rowPointers[row]..<rowPointers[row + 1] {
                let a = values[k], middle = columnIndices[k]
                for q in other.rowPointers[middle]..<other.rowPointers[middle + 1] {
                    let column = other.columnIndices[q]
                    if marker[column] != row {
                        marker[column] = row
                        accumulator[column] = 0
                        rowColumns.append(column)
                    }
                    accumulator[column] += a * other.values[q]
                }
            }
            rowColumns.sort()
            for column in rowColumns {
                indices.append(column)
                entries.append(accumulator[column])
            }
            pointers[row + 1] = indices.count
        }
        return SparseMatrix(
            uncheckedRowCount: rowCount, columnCount: other.columnCount, rowPointers: pointers,
            columnIndices: indices, values: entries)
    }
}
