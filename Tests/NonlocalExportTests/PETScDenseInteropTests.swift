// Interop of dense Mats with PETSc itself: petsc4py loads ours as MATDENSE, and we read what MatView writes, bit for bit.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite(.enabled(if: PETScPython.isAvailable, "needs python3-petsc4py"))
struct PETScDenseInteropTests {
    @Test func petscLoadsOurDenseMatAsMATDENSEBitExactly() throws {
        let matrix = DenseSamples.matrix(rows: 41, columns: 29, seed: 71)
        let rightHandSide = PETScSamples.vector(count: 41, seed: 72)
        try withPETScFolder { folder throws in
            let path = folder.file("D.petsc")
            try PETScBinaryFile.write([.denseMatrix(matrix), .vector(rightHandSide)], to: path)
            let (status, output) = try PETScPython.run(
                DenseSamples.pythonHelpers + """
                    viewer = PETSc.Viewer().createBinary(sys.argv[1], 'r')
                    A = PETSc.Mat().create(comm=PETSc.COMM_SELF)
                    A.setType('dense')
                    A.load(viewer)
                    b = PETSc.Vec().load(viewer)
                    print(A.getType(), *A.getSize())
                    print(' '.join(hexbits(A.getDenseArray())))
                    print(' '.join(hexbits(b.getArray())))
                    """,
                arguments: [path])
            #expect(status == 0, "petsc4py failed: \(output)")
            guard status == 0 else { return }
            let lines = output.split(separator: "\n").map(String.init)
            #expect(lines.first == "seqdense 41 29")
            #expect(lines.dropFirst().first?.split(separator: " ").map(String.init) == DenseSamples.rowMajorHex(matrix))
            #expect(lines.dropFirst(2).first?.split(separator: " ").map(String.init) == rightHandSide.map(DenseSamples.hex))
        }
    }

    @Test func weReadPETScsDenseMatBitExactlyAndWriteTheSameBytes() throws {
        try withPETScFolder { folder throws in
            let native = folder.file("native.petsc"), aij = folder.file("aij.petsc")
            let (status, output) = try PETScPython.run(
                DenseSamples.pythonHelpers + """
                    a = awkward_symmetric(40, 81)[:37, :31]   # rectangular, so a transposition would show
                    A = PETSc.Mat().createDense([37, 31], array=np.asfortranarray(a), comm=PETSc.COMM_SELF)
                    A.assemble()
                    assert (A.getDenseArray() == a).all()
                    viewer = PETSc.Viewer().createBinary(sys.argv[1], 'w')
                    viewer.pushFormat(PETSc.Viewer.Format.NATIVE)
                    A.view(viewer)
                    viewer.destroy()
                    viewer = PETSc.Viewer().createBinary(sys.argv[2], 'w')   # the default format: AIJ layout, every entry
                    A.view(viewer)
                    viewer.destroy()
                    print(' '.join(hexbits(A.getDenseArray())))
                    """,
                arguments: [native, aij])
            #expect(status == 0, "petsc4py failed: \(output)")
            guard status == 0 else { return }
            let expected = DenseSamples.fromRowMajorHex(
                output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init), rows: 37, columns: 31)
            #expect(expected.storage.contains { $0 == 0 && $0.sign == .minus })  // −0.0 is among them

            let dense = try PETScBinaryFile.readDenseMatrix(from: native)
            #expect(DenseSamples.identicalBits(dense, expected))
            guard case .dense(let viaOperator) = try OperatorMatrix.read(from: native) else {
                Issue.record("a MATDENSE file must read as .dense")
                return
            }
            #expect(DenseSamples.identicalBits(viaOperator, expected))
            try PETScBinaryFile.write(denseMatrix: dense, to: folder.file("again.petsc"))
            #expect(try folder.bytes("again.petsc") == folder.bytes("native.petsc"))

            // Without the native format PETSc stores a dense Mat as AIJ with all 37 · 31 entries.
            guard case .sparse(let sparse) = try OperatorMatrix.read(from: aij) else {
                Issue.record("a dense Mat viewed in the default format is AIJ and must read as .sparse")
                return
            }
            #expect(sparse.nonzeroCount == 37 * 31)
            #expect(sparse.values.map(\.bitPattern) == expected.transposed().storage.map(\.bitPattern))
        }
    }
}
