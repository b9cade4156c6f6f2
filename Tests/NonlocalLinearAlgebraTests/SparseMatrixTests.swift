// Tests of the CSR type, the triplet builder and the structural operations, against dense arithmetic.
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

/// A seeded random sparse matrix with duplicates among its triplets.
func randomSparse(_ rows: Int, _ columns: Int, entries: Int, seed: UInt64) -> (SparseMatrix, DenseMatrix) {
    var generator = SplitMix64(seed: seed)
    var builder = TripletBuilder(rowCount: rows, columnCount: columns)
    var dense = DenseMatrix(rowCount: rows, columnCount: columns)
    for _ in 0..<entries {
        let i = Int.random(in: 0..<rows, using: &generator), j = Int.random(in: 0..<columns, using: &generator)
        let value = Double.random(in: -1..<1, using: &generator)
        builder.append(row: i, column: j, value: value)
        dense[i, j] += value
    }
    return (builder.build(), dense)
}

@Suite struct SparseMatrixTests {
    @Test func builderSumsDuplicatesAndSortsColumns() throws {
        var builder = TripletBuilder(rowCount: 3, columnCount: 4)
        builder.append(row: 2, column: 3, value: 1)
        builder.append(row: 0, column: 2, value: 5)
        builder.append(row: 2, column: 0, value: 2)
        builder.append(row: 0, column: 2, value: -1.5)
        builder.append(row: 2, column: 3, value: 4)
        let matrix = builder.build()
        try matrix.validate()
        #expect(matrix.rowPointers == [0, 1, 1, 3])
        #expect(matrix.columnIndices == [2, 0, 3])
        #expect(matrix.values == [3.5, 2, 5])
        #expect(matrix[2, 3] == 5 && matrix[1, 1] == 0)
    }

    @Test func randomBuildsMatchDenseAccumulation() throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let (sparse, dense) = randomSparse(37, 23, entries: 400, seed: seed)
            try sparse.validate()
            #expect(sparse.denseMatrix() == dense)
            let transposed = sparse.transposed()
            try transposed.validate()
            #expect(transposed.denseMatrix() == dense.transposed())
            #expect(transposed.transposed() == sparse)
        }
    }

    /// Rows longer than the insertion sort's 32 entries take the comparison sort; both must
    /// keep repeated columns in the order given (dense accumulation adds in that order, so the
    /// sums agree bit for bit), and rows already in order are left as they are.
    @Test func longRowsSortStablyAndTripletArraysBuildAlike() throws {
        for seed in 1...3 as ClosedRange<UInt64> {
            // About 4 and 8 repeats of each position, in rows of 200 and of 25 entries.
            for (rows, columns, entries) in [(3, 50, 600), (8, 3, 200)] {
                let (sparse, dense) = randomSparse(rows, columns, entries: entries, seed: seed)
                try sparse.validate()
                #expect(sparse.denseMatrix() == dense)
            }
        }
        var generator = SplitMix64(seed: 9)
        let rows = (0..<500).map { $0 < 100 ? 0 : Int.random(in: 1..<4, using: &generator) }
        let columns = rows.indices.map { $0 < 100 ? $0 : Int.random(in: 0..<100, using: &generator) }
        let values = rows.indices.map { _ in Double.random(in: -1..<1, using: &generator) }
        var appended = TripletBuilder(rowCount: 4, columnCount: 100)
        var dense = DenseMatrix(rowCount: 4, columnCount: 100)
        for k in rows.indices {
            appended.append(row: rows[k], column: columns[k], value: values[k])
            dense[rows[k], columns[k]] += values[k]
        }
        let built = TripletBuilder(rowCount: 4, columnCount: 100, rows: rows, columns: columns, values: values).build()
        try built.validate()
        #expect(built == appended.build())
        #expect(built.denseMatrix() == dense)
        #expect(Array(built.columnIndices[0..<100]) == Array(0..<100))
    }

    @Test func invariantCheckNamesWhatIsBroken() {
        let cases: [(pointers: [Int], columns: [Int], values: [Double], text: String)] = [
            ([0, 2, 1], [0, 1], [1, 1], "row pointers"),
            ([0, 2, 2], [1, 0], [1, 1], "not sorted and unique in row 0"),
            ([0, 2, 2], [1, 1], [1, 1], "not sorted and unique in row 0"),
            ([0, 1, 2], [0, 5], [1, 1], "column 5 out of range"),
            ([0, 1, 2], [0, 1], [1], "1 values"),
            ([0, 1], [0], [1], "2 row pointers"),
        ]
        for c in cases {
            #expect {
                _ = try SparseMatrix(rowCount: 2, columnCount: 2, rowPointers: c.pointers, columnIndices: c.columns, values: c.values)
            } throws: { error in
                "\(error)".contains(c.text)
            }
        }
    }

    @Test func productsMatchBLAS() throws {
        let (a, denseA) = randomSparse(40, 30, entries: 300, seed: 7)
        var generator = SplitMix64(seed: 8)
        let x = generator.uniform(30)
        let expected = denseA.multiplied(by: x)
        #expect(a.multiply(x).subtracting(expected).maximumNorm <= 1e-14)
        let many = DenseMatrix(rowCount: 30, columnCount: 5, storage: generator.uniform(150))
        #expect(a.multiply(many).storage.subtracting(denseA.multiplied(by: many).storage).maximumNorm <= 1e-14)
        let (b, denseB) = randomSparse(30, 20, entries: 200, seed: 9)
        let product = a.multiplied(by: b)
        try product.validate()
        #expect(product.denseMatrix().storage.subtracting(denseA.multiplied(by: denseB).storage).maximumNorm <= 1e-14)
    }

    @Test func trianglesSumsAndPermutations() throws {
        let (a, _) = randomSparse(25, 25, entries: 200, seed: 3)
        let symmetric = a.adding(a.transposed())
        #expect(symmetric.isSymmetric())
        #expect(!a.isSymmetric())
        let lower = symmetric.lowerTriangle()
        try lower.validate()
        #expect(zip(0..<25, lower.rowPointers.indices).allSatisfy { row, _ in
            (lower.rowPointers[row]..<lower.rowPointers[row + 1]).allSatisfy { lower.columnIndices[$0] <= row }
        })
        #expect(lower.symmetrizedFromLower() == symmetric)
        #expect(a.adding(a, scaledBy: -1).droppingZeros().nonzeroCount == 0)
        var generator = SplitMix64(seed: 4)
        let permutation = Array(0..<25).shuffled(using: &generator)
        let permuted = symmetric.symmetricallyPermuted(by: permutation)
        try permuted.validate()
        for i in 0..<25 { for j in 0..<25 { #expect(permuted[i, j] == symmetric[permutation[i], permutation[j]]) } }
    }

    @Test func galleryMatricesAreValidAndSymmetric() throws {
        for matrix in [SparseMatrix.laplacian1D(50), .laplacian1D(50, periodic: true), .laplacian2D(7, 9)] {
            try matrix.validate()
            #expect(matrix.isSymmetric())
        }
        let periodic = SparseMatrix.laplacian1D(10, periodic: true)
        #expect(periodic.multiply([Double](repeating: 1, count: 10)).maximumNorm == 0)
        #expect(!SparseMatrix.convectionDiffusion2D(5, 5, velocity: (10, 3)).isSymmetric())
    }
}

@Suite struct DenseMatrixTests {
    @Test func gemmAndGemvMatchNaiveProducts() {
        var generator = SplitMix64(seed: 11)
        let a = DenseMatrix(rowCount: 7, columnCount: 5, storage: generator.uniform(35))
        let b = DenseMatrix(rowCount: 5, columnCount: 4, storage: generator.uniform(20))
        let c = a.multiplied(by: b)
        for i in 0..<7 {
            for j in 0..<4 {
                let naive = (0..<5).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
                #expect(abs(c[i, j] - naive) <= 1e-15)
            }
        }
        let ata = a.multiplied(by: a, transposingSelf: true)
        #expect(ata.storage.subtracting(a.transposed().multiplied(by: a).storage).maximumNorm <= 1e-15)
        let x = generator.uniform(7)
        #expect(a.multiplied(by: x, transposingSelf: true).subtracting(a.transposed().multiplied(by: x)).maximumNorm <= 1e-15)
    }

    @Test func vectorHelpers() {
        var x: [Double] = [3, 4]
        #expect(x.euclideanNorm == 5)
        #expect(x.dot([1, 2]) == 11)
        x.add([1, 1], scaledBy: 2)
        #expect(x == [5, 6])
        x.scale(by: 0.5)
        #expect(x == [2.5, 3])
        #expect([1e300, 1e300].euclideanNorm.isFinite)
    }
}
