// Object names in `path.info`: PETSc's own MATLAB-format text, loadable by PETSc, read by the exporter recipes.
import Foundation
import NonlocalExport
import NonlocalLinearAlgebra
import NonlocalTestSupport
import Testing

@Suite struct PETScNamesTests {
    static let blockStart = "#--- begin code written by PetscViewerBinary for MATLAB format ---#\n"
    static let blockEnd = "#--- end code written by PetscViewerBinary for MATLAB format ---#\n\n"

    /// The `Set.NAME` lines of a `.info` text, in order: what `PetscReadBinaryMatlab.m` assigns,
    /// one object of the binary file per line.
    static func matlabNames(_ info: String) -> [String] {
        info.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("#$$ Set."), line.hasSuffix(" = PetscBinaryRead(fd);") else { return nil }
            return String(line.dropFirst("#$$ Set.".count).dropLast(" = PetscBinaryRead(fd);".count))
        }
    }

    @Test func theKthMATLABLineNamesTheKthObjectOfEveryKind() throws {
        let dense = DenseSamples.matrix(rows: 3, columns: 4, seed: 71)
        let objects: [PETScObject] = [
            .matrix(PETScSamples.matrix(rows: 6, columns: 6, density: 0.5, seed: 72)), .vector(PETScSamples.vector(count: 6, seed: 73)),
            .denseMatrix(dense), .indexSet(PETScSamples.permutation(count: 6, seed: 74)), .vector([]),
        ]
        let names = ["A", "rhs", "D", "p", "empty_vector_2"]
        try withPETScFolder { folder throws in
            let path = folder.file("all.petsc")
            try PETScBinaryFile.write(objects, names: names, to: path)
            let info = String(decoding: try folder.bytes("all.petsc.info"), as: UTF8.self)
            #expect(Self.matlabNames(info) == names)
            #expect(info.hasPrefix(Self.blockStart + "#$$ Set.filename = '\(path)';\n#$$ fd = PetscOpenFile(Set.filename);\n" + Self.blockEnd))
            #expect(info.hasSuffix(Self.blockStart + "#$$ close(fd);\n" + Self.blockEnd))
            // PETSc's load options: one line per AIJ Mat and per Vec, none for a dense Mat or an IS.
            #expect(info.split(separator: "\n").filter { $0.hasPrefix("-") } == [
                "-matload_block_size 1", "-vecload_block_size 1", "-vecload_block_size 1",
            ])
            #expect(try PETScBinaryFile.read(from: path) == objects)  // the binary file is unchanged by names
        }
    }

    @Test func aQuoteInThePathIsDoubledAsMATLABReadsIt() throws {
        try withPETScFolder { folder throws in
            let path = folder.file("it's.petsc")
            try PETScBinaryFile.write([.vector([1, 2])], names: ["rhs"], to: path)
            let info = String(decoding: try folder.bytes("it's.petsc.info"), as: UTF8.self)
            #expect(info.contains("#$$ Set.filename = '\(folder.path)/it''s.petsc';\n"))
        }
    }

    static let invalidNames: [[String]] = [
        [""], ["1x"], ["_x"], ["a b"], ["rhs\n-vecload_block_size 3"], ["x;y"], ["Set.x"], ["ü"],
        [String(repeating: "a", count: 64)], ["rhs", "rhs"],
    ]

    @Test(arguments: invalidNames)
    func namesMustBeDistinctMATLABIdentifiersAndNothingIsWrittenOtherwise(names: [String]) throws {
        try withPETScFolder { folder throws in
            let path = folder.file("x.petsc")
            #expect {
                try PETScBinaryFile.write(names.map { _ in .vector([1]) }, names: names, to: path)
            } throws: { error in
                guard case .unsupported(let errorPath, let reason)? = error as? ExportError else { return false }
                return errorPath == path && (reason.contains("MATLAB") || reason.contains("both named"))
            }
            #expect(try folder.contents() == [])
        }
    }

    @Test func theLongestAllowedNameIs63Characters() throws {
        try withPETScFolder { folder throws in
            let name = "a" + String(repeating: "_9", count: 31)
            #expect(name.count == 63)
            try PETScBinaryFile.write([.vector([1])], names: [name], to: folder.file("x.petsc"))
            #expect(Self.matlabNames(String(decoding: try folder.bytes("x.petsc.info"), as: UTF8.self)) == [name])
        }
    }

    @Test func aNamedWriteReplacesAStaleInfoAndAFailedOneChangesNeither() throws {
        try withPETScFolder { folder throws in
            let path = folder.file("op.petsc")
            try PETScBinaryFile.write([.vector([1, 2, 3])], to: path)
            try Data("-vecload_block_size 3\n".utf8).write(to: URL(fileURLWithPath: path + ".info"))  // written by PETSc for another file
            let before = (try folder.bytes("op.petsc"), try folder.bytes("op.petsc.info"))

            #expect(throws: ExportError.self) {
                try PETScBinaryFile.write([.vector([4, 5]), .vector([6, 7])], names: ["rhs", "u"], to: path) { (index, _) throws(ExportError) in
                    if index == 1 { throw .io(path: path, reason: "interrupted") }
                }
            }
            #expect(try folder.bytes("op.petsc") == before.0 && folder.bytes("op.petsc.info") == before.1)
            #expect(try folder.contents() == ["op.petsc", "op.petsc.info"])  // no temporaries

            try PETScBinaryFile.write([.vector([4, 5])], names: ["rhs"], to: path)
            let info = String(decoding: try folder.bytes("op.petsc.info"), as: UTF8.self)
            #expect(!info.contains("-vecload_block_size 3") && Self.matlabNames(info) == ["rhs"])
        }
    }
}

/// PETSc itself as the judge: it writes the same `.info` for the same named objects, loads files
/// with ours beside them, and the exporter recipes find the Vecs by name.
@Suite(.enabled(if: PETScPython.isAvailable, "needs python3-petsc4py"))
struct PETScNamesInteropTests {
    static let exporters = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("exporters").path

    /// Loads the objects of argv[1] (kinds in argv[3]: Mat, Dense, Vec, IS), names them as argv[4]
    /// lists, and views them to argv[2] in PETSc's MATLAB binary format (a dense Mat in the native
    /// format, the only one that writes its dense layout), closing the viewer in that format.
    static let rewriteScript = """
        kinds, names = sys.argv[3].split(","), sys.argv[4].split(",")
        source = PETSc.Viewer().createBinary(sys.argv[1], 'r', comm=PETSc.COMM_SELF)
        objects = []
        for kind in kinds:
            if kind in ("Mat", "Dense"):
                o = PETSc.Mat().create(comm=PETSc.COMM_SELF); o.setType("dense" if kind == "Dense" else "aij")
            elif kind == "Vec":
                o = PETSc.Vec().create(comm=PETSc.COMM_SELF)
            else:
                o = PETSc.IS().create(comm=PETSc.COMM_SELF)
            o.load(source); objects.append(o)
        source.destroy()
        viewer = PETSc.Viewer().createBinary(sys.argv[2], 'w', comm=PETSc.COMM_SELF)
        viewer.pushFormat(PETSc.Viewer.Format.BINARY_MATLAB)
        for kind, name, o in zip(kinds, names, objects):
            o.setName(name)
            if kind == "Dense":
                viewer.pushFormat(PETSc.Viewer.Format.NATIVE)
            o.view(viewer)
            if kind == "Dense":
                viewer.popFormat()
        viewer.destroy()
        """

    static let cases: [(String, [PETScObject], [String])] = [
        ("two vectors", [.vector(PETScSamples.vector(count: 40, seed: 81)), .vector(PETScSamples.vector(count: 40, seed: 82))],
         ["rhs", "surrogate_solution"]),
        ("an operator file", [.matrix(PETScSamples.matrix(rows: 40, columns: 40, density: 0.2, seed: 83)),
                              .vector(PETScSamples.vector(count: 40, seed: 84)), .vector(PETScSamples.vector(count: 40, seed: 85))],
         ["A", "rhs", "surrogate_solution"]),
        ("a dense system and a factor's permutation", [.denseMatrix(DenseSamples.matrix(rows: 7, columns: 5, seed: 86)),
                                                       .vector(PETScSamples.vector(count: 7, seed: 87)), .indexSet(PETScSamples.permutation(count: 7, seed: 88))],
         ["A", "rhs", "p"]),
    ]

    /// PETSc writes a name block for each Vec only; ours has one for every object. Removing ours
    /// for the other objects must give PETSc's text exactly.
    @Test(arguments: cases.indices)
    func theInfoIsPETScsOwnPlusANameForEachNonVector(index: Int) throws {
        let (_, objects, names) = Self.cases[index]
        let kinds = objects.map { object -> String in
            switch object {
            case .matrix: "Mat"
            case .denseMatrix: "Dense"
            case .vector: "Vec"
            case .indexSet: "IS"
            }
        }
        try withPETScFolder { folder throws in
            let source = folder.file("source.petsc"), path = folder.file("named.petsc")
            try PETScBinaryFile.write(objects, to: source)
            let (status, output) = try PETScPython.run(
                Self.rewriteScript, arguments: [source, path, kinds.joined(separator: ","), names.joined(separator: ",")])
            #expect(status == 0, "petsc4py failed: \(output)")
            guard status == 0 else { return }
            let petscBinary = try folder.bytes("named.petsc")
            let petscInfo = String(decoding: try folder.bytes("named.petsc.info"), as: UTF8.self)
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.removeItem(atPath: path + ".info")

            try PETScBinaryFile.write(objects, names: names, to: path)
            #expect(try folder.bytes("named.petsc") == petscBinary)
            var ours = String(decoding: try folder.bytes("named.petsc.info"), as: UTF8.self)
            for (kind, name) in zip(kinds, names) where kind != "Vec" {
                let block = PETScNamesTests.blockStart + "#$$ Set.\(name) = PetscBinaryRead(fd);\n" + PETScNamesTests.blockEnd
                #expect(ours.contains(block))
                ours = ours.replacing(block, with: "")
            }
            #expect(ours == petscInfo)
            #expect(PETScNamesTests.matlabNames(petscInfo) == zip(kinds, names).filter { $0.0 == "Vec" }.map(\.1))
        }
    }

    /// The Vecs are written surrogate_solution first, so a reader that took the first Vec for the
    /// right-hand side (the order of files without names) would pick the wrong one.
    @Test func theRecipeFindsTheRightHandSideByNameAndPETScLoadsTheFile() throws {
        let n = 30
        var builder = TripletBuilder(rowCount: n, columnCount: n, reservingCapacity: 3 * n)
        for i in 0..<n {
            builder.append(row: i, column: i, value: 2.5)
            if i > 0 { builder.append(row: i, column: i - 1, value: -1) }
            if i + 1 < n { builder.append(row: i, column: i + 1, value: -1) }
        }
        let a = builder.build()
        let b = (0..<n).map { 1 + Double($0) / Double(n) }, u = PETScSamples.vector(count: n, seed: 91)
        try withPETScFolder { folder throws in
            let named = folder.file("named.petsc"), unnamed = folder.file("unnamed.petsc"), dump = folder.file("dump.json")
            try PETScBinaryFile.write([.matrix(a), .vector(u), .vector(b)], names: ["A", "surrogate_solution", "rhs"], to: named)
            try PETScBinaryFile.write([.matrix(a), .vector(u), .vector(b)], to: unnamed)
            let (status, output) = try PETScPython.run(
                """
                sys.path.insert(0, sys.argv[1] + "/petsc")
                import precondition
                result = {}
                for path in sys.argv[2:4]:
                    _, vectors, found = precondition.load(path, "A")
                    result[path] = {"found": found, "names": {key: v.getName() for key, v in vectors.items()},
                                    "rhs": [format(int(x), '016x') for x in vectors["rhs"].getArray().view(np.uint64)]}
                json.dump(result, open(sys.argv[4], "w"))
                """,
                arguments: [Self.exporters, named, unnamed, dump])
            #expect(status == 0, "\(output)")
            guard status == 0 else { return }
            struct Loaded: Decodable { let found: String; let names: [String: String]; let rhs: [String] }
            let result = try JSONDecoder().decode([String: Loaded].self, from: Data(contentsOf: URL(fileURLWithPath: dump)))
            let byName = try #require(result[named]), byOrder = try #require(result[unnamed])
            #expect(byName.names == ["surrogate_solution": "surrogate_solution", "rhs": "rhs"])
            #expect(PETScPythonDump.bits(byName.rhs) == b.map(\.bitPattern))
            #expect(byName.found.contains("named in named.petsc.info"))
            #expect(PETScPythonDump.bits(byOrder.rhs) == u.map(\.bitPattern))  // without names: the first Vec, as documented
            #expect(byOrder.found.contains("first Vec after the matrix"))

            let (recipeStatus, text) = try PythonScript.runCombined(
                [Self.exporters + "/petsc/precondition.py", named, named, "2"], environment: PETScPython.environment)
            #expect(recipeStatus == 0, "\(text)")
            #expect(text.contains("b = Vec 'rhs', named in named.petsc.info\n"), "\(text)")
            #expect(!text.contains("holds no right-hand side"), "\(text)")
        }
    }
}
