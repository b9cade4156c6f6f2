// Interop with PETSc itself: petsc4py loads files written here, and files PETSc writes read back identically.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

/// Runs Debian's python3 with petsc4py (package `python3-petsc4py`). Debian's PETSc needs
/// `PETSC_DIR` unless the `/usr/lib/petsc` link exists.
enum PETScPython {
    static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment
        if environment["PETSC_DIR"] == nil, !FileManager.default.fileExists(atPath: "/usr/lib/petsc") {
            environment["PETSC_DIR"] = "/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real"
        }
        return environment
    }()

    static let prelude = "import sys, json\nimport numpy as np\nimport petsc4py\npetsc4py.init()\nfrom petsc4py import PETSc\n"

    /// Whether `from petsc4py import PETSc` works; the interop suite is skipped otherwise.
    static let isAvailable: Bool = (try? run("print('ok')").output) == "ok\n"

    /// Runs `script` after ``prelude`` with `arguments` as `sys.argv[1...]`; returns the exit
    /// status and the combined standard output and error.
    static func run(_ script: String, arguments: [String] = []) throws -> (status: Int32, output: String) {
        try PythonScript.runCombined(["-c", prelude + script] + arguments, environment: environment)
    }
}

/// What the Python side saw (or wrote): CSR arrays, values as 16-hex-digit bit patterns.
struct PETScPythonDump: Decodable {
    let rows: Int
    let columns: Int
    let nonzeros: Int
    let rowPointers: [Int]
    let columnIndices: [Int]
    let values: [String]
    let vector: [String]
    let indexSet: [Int]

    static func bits(_ hex: [String]) -> [UInt64] { hex.map { UInt64($0, radix: 16)! } }
}

@Suite(.enabled(if: PETScPython.isAvailable, "needs python3-petsc4py"))
struct PETScInteropTests {
    /// Prints what PETSc holds after loading: sizes, nonzeros and the exact CSR arrays.
    static let dumpScript = """
        def hexbits(a):
            return [format(int(x), '016x') for x in np.ascontiguousarray(a, dtype=np.float64).view(np.uint64)]
        def dump(A, b, p, path):
            ai, aj, av = A.getValuesCSR()
            rows, columns = A.getSize()
            json.dump({"rows": rows, "columns": columns, "nonzeros": int(A.getInfo()["nz_used"]),
                       "rowPointers": ai.tolist(), "columnIndices": aj.tolist(), "values": hexbits(av),
                       "vector": hexbits(b.getArray()), "indexSet": p.getIndices().tolist()}, open(path, "w"))

        """

    @Test func petscLoadsWhatWeWrite() throws {
        let matrix = PETScSamples.matrix(rows: 137, columns: 201, density: 0.15, seed: 51)
        let vector = PETScSamples.vector(count: 137, seed: 52)
        let permutation = PETScSamples.permutation(count: 137, seed: 53)
        try withPETScFolder { folder throws in
            let path = folder.file("A.petsc"), dumpPath = folder.file("dump.json")
            try PETScBinaryFile.write([.matrix(matrix), .vector(vector), .indexSet(permutation)], to: path)
            let (status, output) = try PETScPython.run(
                Self.dumpScript + """
                    viewer = PETSc.Viewer().createBinary(sys.argv[1], 'r')
                    A = PETSc.Mat().load(viewer)
                    b = PETSc.Vec().load(viewer)
                    p = PETSc.IS().load(viewer)
                    dump(A, b, p, sys.argv[2])
                    """,
                arguments: [path, dumpPath])
            #expect(status == 0, "petsc4py failed: \(output)")
            guard status == 0 else { return }
            let dump = try JSONDecoder().decode(PETScPythonDump.self, from: Data(contentsOf: URL(fileURLWithPath: dumpPath)))
            #expect(dump.rows == matrix.rowCount && dump.columns == matrix.columnCount)
            #expect(dump.nonzeros == matrix.nonzeroCount)
            #expect(dump.rowPointers == matrix.rowPointers)
            #expect(dump.columnIndices == matrix.columnIndices)
            #expect(PETScPythonDump.bits(dump.values) == matrix.values.map(\.bitPattern))
            #expect(PETScPythonDump.bits(dump.vector) == vector.map(\.bitPattern))
            #expect(dump.indexSet == permutation)
        }
    }

    @Test func weReadWhatPETScWritesAndWriteTheSameBytes() throws {
        try withPETScFolder { folder throws in
            let path = folder.file("B.petsc"), dumpPath = folder.file("dump.json")
            let (status, output) = try PETScPython.run(
                Self.dumpScript + """
                    rng = np.random.default_rng(61)
                    m, n = 90, 70
                    def finite(count):
                        bits = rng.integers(0, 2**64, size=count, dtype=np.uint64, endpoint=False)
                        exponent = np.uint64(0x7FF0000000000000)
                        bits[(bits & exponent) == exponent] ^= np.uint64(0x0010000000000000)
                        values = bits.view(np.float64).copy()
                        values[::7] = -0.0
                        values[3::11] = 5e-324
                        return values
                    lengths = rng.integers(0, 12, size=m)
                    lengths[::6] = 0
                    ai = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
                    aj = np.concatenate([np.sort(rng.choice(n, size=k, replace=False)) for k in lengths]).astype(np.int32)
                    A = PETSc.Mat().createAIJ([m, n], csr=(ai, aj, finite(int(ai[-1]))))
                    A.assemble()
                    b = PETSc.Vec().createWithArray(finite(m))
                    p = PETSc.IS().createGeneral(rng.permutation(m).astype(np.int32))
                    viewer = PETSc.Viewer().createBinary(sys.argv[1], 'w')
                    A.view(viewer); b.view(viewer); p.view(viewer)
                    viewer.destroy()
                    dump(A, b, p, sys.argv[2])
                    """,
                arguments: [path, dumpPath])
            #expect(status == 0, "petsc4py failed: \(output)")
            guard status == 0 else { return }
            #expect(try folder.contents().contains("B.petsc.info"))  // PETSc's option file, ignored here
            let dump = try JSONDecoder().decode(PETScPythonDump.self, from: Data(contentsOf: URL(fileURLWithPath: dumpPath)))
            let objects = try PETScBinaryFile.read(from: path)
            #expect(objects.map(\.classID) == [.matrix, .vector, .indexSet])
            guard objects.count == 3, let matrix = objects[0].matrix else { return }
            #expect(matrix.rowCount == dump.rows && matrix.columnCount == dump.columns)
            #expect(matrix.nonzeroCount == dump.nonzeros && dump.nonzeros > 300)
            #expect(matrix.rowPointers == dump.rowPointers)
            #expect(matrix.columnIndices == dump.columnIndices)
            #expect(matrix.values.map(\.bitPattern) == PETScPythonDump.bits(dump.values))
            #expect(objects[1].vector!.map(\.bitPattern) == PETScPythonDump.bits(dump.vector))
            #expect(objects[2].indexSet == dump.indexSet)

            try PETScBinaryFile.write(objects, to: folder.file("again.petsc"))
            #expect(try folder.bytes("again.petsc") == folder.bytes("B.petsc"))
        }
    }
}
