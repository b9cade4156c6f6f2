// Writing and reading an operator file in any of the three formats.
import NonlocalFiles
import NonlocalLinearAlgebra

extension OperatorFile {
    /// Writes the operator in `format`, all its files as one ``OutputTransaction`` (they appear
    /// together, `path` last, or not at all):
    /// - MatrixMarket: the matrix with the metadata as `%` comment lines, and each vector in
    ///   `stem.NAME.mtx` (`array real general`) beside it;
    /// - NetCDF: one file with everything (``writeNetCDF(to:interrupt:)``);
    /// - PETSc binary: the matrix, then the vectors in name order (`rhs` first), as Mat and Vec
    ///   objects that `MatLoad`/`VecLoad` read in turn, and `PATH.info` naming them (`A`, `rhs`, …).
    ///   PETSc files carry no other metadata.
    /// - Returns: every path written.
    @discardableResult
    public func write(to path: String, format: ExportFormat) throws(ExportError) -> [String] {
        try OutputTransaction.run(primary: path) { () throws(ExportError) in try writeFiles(to: path, format: format) }
    }

    private func writeFiles(to path: String, format: ExportFormat) throws(ExportError) -> [String] {
        switch format {
        case .netCDF:
            try writeNetCDF(to: path)
            return [path]
        case .matrixMarket:
            try MatrixMarketFile.write(
                matrix, to: path, symmetry: storage == .symmetric ? .symmetric : .general, comments: metadata.commentLines)
            var paths = [path]
            for (name, values) in orderedVectors {
                let side = sidePath(path, name)
                try MatrixMarketFile.write(vector: values, to: side, comments: ["\(name) of \(path)"])
                paths.append(side)
            }
            return paths
        case .petsc:
            // The names travel in PETSc's own `.info` file beside the binary one (PETSC_VIEWER_BINARY_MATLAB's
            // `#$$ Set.NAME` lines), which MatLoad/VecLoad ignore and the recipes read.
            let vectors = orderedVectors
            try PETScBinaryFile.write([.matrix(matrix)] + vectors.map { .vector($0.1) }, names: ["A"] + vectors.map(\.0), to: path)
            return [path, path + ".info"]
        }
    }

    /// The vectors with `rhs` first, then by name (the order of PETSc objects).
    var orderedVectors: [(String, [Double])] {
        vectors.sorted { ($0.key == "rhs" ? 0 : 1, $0.key) < ($1.key == "rhs" ? 0 : 1, $1.key) }
    }

    /// Reads an operator and, when the file holds one, its right-hand side: the NetCDF `rhs`
    /// variable, the first PETSc Vec after the matrix; MatrixMarket files hold the matrix only.
    public static func read(from path: String, format: ExportFormat) throws(ExportError) -> (matrix: SparseMatrix, rhs: [Double]?) {
        switch format {
        case .netCDF:
            let file = try readNetCDF(from: path)
            return (file.matrix, file.vectors["rhs"])
        case .matrixMarket:
            return (try MatrixMarketFile.read(from: path).matrix, nil)
        case .petsc:
            let objects = try PETScBinaryFile.read(from: path)
            if case .denseMatrix? = objects.first {
                throw .unsupported(
                    path: path,
                    reason: "the file holds a dense Mat; an operator file is sparse (AIJ); "
                        + "read a dense operator with OperatorMatrix.read(from:format:variable:)")
            }
            guard case .matrix(let matrix)? = objects.first else {
                throw .invalidPETScBinary(path: path, offset: 0, reason: "the file does not start with a Mat")
            }
            return (matrix, objects.dropFirst().lazy.compactMap(\.vector).first)
        }
    }
}

extension CholeskyFactor {
    /// Writes P A Pᵀ = L D Lᵀ so another code can apply A⁻¹ b = Pᵀ L⁻ᵀ D⁻¹ L⁻¹ P b with two
    /// triangular solves. L is unit lower triangular; the permutation p is 1-based where the
    /// format has no index type (row i of L D Lᵀ is row p[i] of A).
    /// - MatrixMarket: `stem.L.mtx`, `stem.D.mtx`, `stem.permutation.mtx` (`array`, 1-based);
    /// - NetCDF: one ESMF/SCRIP file of L with vectors `D` and `permutation` (1-based);
    /// - PETSc binary: Mat L, Vec D, IS permutation (0-based, PETSc's convention).
    ///
    /// The files are one ``OutputTransaction`` (or join the caller's).
    /// - Returns: every path written.
    @discardableResult
    public func write(to path: String, format: ExportFormat) throws -> [String] {
        try OutputTransaction.run { try writeFiles(to: path, format: format) }
    }

    private func writeFiles(to path: String, format: ExportFormat) throws -> [String] {
        let oneBased = permutation.map { Double($0 + 1) }
        switch format {
        case .netCDF:
            var metadata = ExportMetadata()
            metadata.set("factorization", .text("P A P^T = L D L^T, L unit lower triangular, permutation 1-based"))
            try OperatorFile(matrix: lower, metadata: metadata, vectors: ["D": diagonal, "permutation": oneBased])
                .writeNetCDF(to: path)
            return [path]
        case .matrixMarket:
            let paths = [sidePath(path, "L"), sidePath(path, "D"), sidePath(path, "permutation")]
            try MatrixMarketFile.write(lower, to: paths[0], comments: ["L of P A P^T = L D L^T, unit lower triangular"])
            try MatrixMarketFile.write(vector: diagonal, to: paths[1], comments: ["D of P A P^T = L D L^T"])
            try MatrixMarketFile.write(vector: oneBased, to: paths[2], comments: ["permutation p, 1-based: row i of L D L^T is row p[i] of A"])
            return paths
        case .petsc:
            try PETScBinaryFile.write([.matrix(lower), .vector(diagonal), .indexSet(permutation)], names: ["L", "D", "permutation"], to: path)
            return [path, path + ".info"]
        }
    }
}
