// Tests of dense Mats in PETSc binary files: PETSc's exact bytes, bit-exact round trips, the 32-bit count, mixed sequences.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite struct PETScDenseMatrixTests {
    @Test(arguments: [(0, 0), (0, 3), (4, 0), (1, 1), (2, 3), (37, 53), (300, 300)])
    func denseMatricesRoundTripBitExactly(shape: (Int, Int)) throws {
        let (rows, columns) = shape
        let matrix = DenseSamples.matrix(rows: rows, columns: columns, seed: UInt64(rows * 1000 + columns))
        try withPETScFolder { folder throws in
            let path = folder.file("D.petsc")
            try PETScBinaryFile.write(denseMatrix: matrix, to: path)
            #expect(try folder.bytes("D.petsc").count == 16 + 8 * rows * columns)
            let read = try PETScBinaryFile.readDenseMatrix(from: path)
            #expect(DenseSamples.identicalBits(read, matrix))
        }
    }

    @Test func theBytesAreThoseThatPETScWritesInTheNativeFormat() throws {
        // Written by PETSc 3.18 (petsc4py: createDense([2, 3]) of [[0.5, 1.5, 2.5], [3.5, 4.5, 5.5]],
        // viewer.pushFormat(PETSc.Viewer.Format.NATIVE); A.view(viewer)): class id, M, N, −1, values row by row.
        let petsc = hexBytes(
            "00127b50 00000002 00000003 ffffffff"
                + "3fe0000000000000 3ff8000000000000 4004000000000000"
                + "400c000000000000 4012000000000000 4016000000000000")
        let matrix = DenseMatrix(columns: [[0.5, 3.5], [1.5, 4.5], [2.5, 5.5]])
        try withPETScFolder { folder throws in
            try PETScBinaryFile.write(denseMatrix: matrix, to: folder.file("D.petsc"))
            #expect(try folder.bytes("D.petsc") == petsc)
            try Data(petsc).write(to: URL(fileURLWithPath: folder.file("petsc.petsc")))
            #expect(try PETScBinaryFile.read(from: folder.file("petsc.petsc")) == [.denseMatrix(matrix)])
        }
    }

    @Test func denseAndSparseMatsTravelWithVectorsInOrder() throws {
        let dense = DenseSamples.symmetric(20, seed: 3)
        let sparse = PETScSamples.matrix(rows: 20, columns: 20, density: 0.2, seed: 4)
        let rightHandSide = PETScSamples.vector(count: 20, seed: 5)
        try withPETScFolder { folder throws in
            let path = folder.file("system.petsc")
            try PETScBinaryFile.write([.denseMatrix(dense), .vector(rightHandSide), .matrix(sparse)], to: path)
            let read = try PETScBinaryFile.read(from: path)
            #expect(read.map(\.classID) == [.matrix, .vector, .matrix])
            guard read.count == 3 else { return }
            #expect(read[0].matrix == nil && read[2].denseMatrix == nil)
            #expect(DenseSamples.identicalBits(read[0].denseMatrix!, dense))
            #expect(read[1].vector!.map(\.bitPattern) == rightHandSide.map(\.bitPattern))
            #expect(read[2].matrix!.values.map(\.bitPattern) == sparse.values.map(\.bitPattern))
            #expect(read[2].matrix!.columnIndices == sparse.columnIndices)
        }
    }

    @Test func eachSingleMatrixReaderRefersToTheOtherForTheOtherLayout() throws {
        try withPETScFolder { folder throws in
            let densePath = folder.file("D.petsc"), sparsePath = folder.file("S.petsc")
            try PETScBinaryFile.write(denseMatrix: .identity(3), to: densePath)
            try PETScBinaryFile.write(matrix: .identity(3), to: sparsePath)
            #expect(throws: ExportError.invalidPETScBinary(
                path: densePath, offset: 12,
                reason: "the Mat is dense (nonzero count -1); read it with PETScBinaryFile.readDenseMatrix(from:)")
            ) {
                try PETScBinaryFile.readMatrix(from: densePath)
            }
            #expect(throws: ExportError.invalidPETScBinary(
                path: sparsePath, offset: 12,
                reason: "the Mat is sparse (AIJ, nonzero count 3); read it with PETScBinaryFile.readMatrix(from:)")
            ) {
                try PETScBinaryFile.readDenseMatrix(from: sparsePath)
            }
        }
    }

    @Test func moreValuesThanPETScCountsAreRefusedBeforeWriting() throws {
        let reason = { (rows: Int, columns: Int) in
            "PETSc binary counts a dense matrix's values in a 32-bit integer; this \(rows) × \(columns) matrix has "
                + "\(rows) · \(columns) values (at most 2147483647); use the NetCDF export"
        }
        #expect(throws: ExportError.unsupported(path: "D.petsc", reason: reason(46341, 46341))) {
            try PETScBinaryFile.checkFits(denseRows: 46341, columns: 46341, path: "D.petsc")
        }
        #expect(throws: ExportError.unsupported(path: "D.petsc", reason: reason(1 << 30, 1 << 30))) {
            try PETScBinaryFile.checkFits(denseRows: 1 << 30, columns: 1 << 30, path: "D.petsc")
        }
        #expect(throws: ExportError.self) {  // each size is still bounded on its own
            try PETScBinaryFile.checkFits(denseRows: 1 << 31, columns: 0, path: "D.petsc")
        }
        try PETScBinaryFile.checkFits(denseRows: 46340, columns: 46340, path: "D.petsc")
        try PETScBinaryFile.checkFits(denseRows: 2_147_483_647, columns: 1, path: "D.petsc")
    }

    @Test func nonFiniteValuesAreRefusedWithTheirRowAndColumnAndLeaveNoFile() throws {
        var matrix = DenseMatrix(rowCount: 3, columnCount: 2)
        matrix[2, 1] = .nan
        try withPETScFolder { folder throws in
            let path = folder.file("D.petsc")
            #expect(throws: ExportError.unsupported(
                path: path, reason: "row 2, column 1 holds nan; NaN and infinite entries are refused (fix the matrix before exporting it)")
            ) {
                try PETScBinaryFile.write(denseMatrix: matrix, to: path)
            }
            #expect(try folder.contents() == [])
        }
    }
}

/// Bytes from hexadecimal digits; spaces are ignored.
private func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}
