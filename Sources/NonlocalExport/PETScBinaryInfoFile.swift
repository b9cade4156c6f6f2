// PETScBinaryInfoFile: the `.info` text PETSc keeps beside a binary file, here to carry the objects' names.

/// The text file `path.info` that PETSc's binary viewer writes beside `path` and reads back
/// before loading from it (`PetscViewerFileSetUp_BinaryInfo` in PETSc 3.18's `binv.c`).
///
/// PETSc's binary objects carry no names: `VecLoad_Binary` (`src/vec/vec/utils/vecio.c`) reads
/// a class id, a length and the values, and never calls `PetscObjectSetName`. The one place PETSc
/// records names is this file, in the viewer format `PETSC_VIEWER_BINARY_MATLAB`: `VecView_Binary`
/// writes a block `#$$ Set.NAME = PetscBinaryRead(fd);` for each Vec, which PETSc's
/// `share/petsc/matlab/PetscReadBinaryMatlab.m` evaluates in order, giving MATLAB and Octave a
/// struct of named objects. When loading, PETSc passes the file to `PetscOptionsInsertFile`,
/// which drops everything after `#` on a line, so the blocks are invisible to `MatLoad` and
/// `VecLoad` and only the load options remain: `-matload_block_size 1` after each AIJ Mat
/// (`MatView_Binary_BlockSizes`) and `-vecload_block_size 1` after each Vec; dense Mats and
/// index sets add no line. Other readers (NonlocalKit's exporter recipes) read the names from
/// the blocks: the block just before a `-vecload_block_size` line names that Vec.
///
/// The text written here is byte for byte what PETSc 3.18 writes for the same named objects in
/// that format, from the opening block (`Set.filename`, `fd = PetscOpenFile(...)`) to the closing
/// one (`close(fd)`), with one addition: PETSc writes name blocks for Vecs only, so for a file that
/// starts with a Mat, `PetscReadBinaryMatlab` would read the Mat into the first Vec's name and
/// shift every name after it by one. A name block is written here for every object, the Mat and
/// index sets included, so that the k-th `Set.` line names the k-th object of the file.
enum PETScBinaryInfoFile {
    static let blockStart = "#--- begin code written by PetscViewerBinary for MATLAB format ---#\n"
    static let blockEnd = "#--- end code written by PetscViewerBinary for MATLAB format ---#\n\n"

    /// The `.info` text for `objects` named `names`, in a binary file at `path`.
    ///
    /// - Throws: ``ExportError/unsupported(path:reason:)`` when a name is not a MATLAB identifier
    ///   (a letter, then letters, digits or `_`, at most 63 characters: `PetscReadBinaryMatlab`
    ///   evaluates `Set.NAME = ...`, and a line break in a name would add a load option), when
    ///   two objects share a name, or when `path` holds a line break.
    static func text(for objects: [PETScObject], names: [String], path: String) throws(ExportError) -> String {
        precondition(objects.count == names.count, "one name per object")
        for (index, name) in names.enumerated() {
            guard isMATLABIdentifier(name) else {
                throw .unsupported(
                    path: path,
                    reason: "cannot name object \(index) '\(name)' in \(path).info: a name is a letter, then letters, "
                        + "digits or _, at most 63 characters (MATLAB reads it as Set.NAME)")
            }
            if let first = names[..<index].firstIndex(of: name) {
                throw .unsupported(
                    path: path, reason: "objects \(first) and \(index) are both named '\(name)'; each needs its own name")
            }
        }
        guard !path.contains(where: \.isNewline) else {
            throw .unsupported(path: path, reason: "a path with a line break cannot be recorded in its .info file")
        }
        // MATLAB doubles a quote inside a quoted string; PETSc writes the path as given.
        let quotedPath = path.replacing("'", with: "''")
        var text = blockStart + "#$$ Set.filename = '\(quotedPath)';\n#$$ fd = PetscOpenFile(Set.filename);\n" + blockEnd
        for (object, name) in zip(objects, names) {
            text += blockStart + "#$$ Set.\(name) = PetscBinaryRead(fd);\n" + blockEnd
            switch object {
            case .matrix: text += "-matload_block_size 1\n"
            case .vector: text += "-vecload_block_size 1\n"
            case .denseMatrix, .indexSet: break
            }
        }
        return text + blockStart + "#$$ close(fd);\n" + blockEnd
    }

    /// MATLAB's rule for a field name (`isvarname`, `namelengthmax` = 63), in ASCII.
    static func isMATLABIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63, isLetter(first) else { return false }
        return bytes.allSatisfy { isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
