// The NetCDF-4 operator file in the ESMF/SCRIP weight-file layout, with metadata, coefficients and vectors.
import NonlocalFiles
import NonlocalLinearAlgebra
import NonlocalNetCDF

/// Layout (ESMF/SCRIP weight files, which regridding tools and xarray users know):
/// - dimensions `n_b` (rows: destination points = the unknowns), `n_a` (columns), `n_s` (stored entries);
/// - `row(n_s)`, `col(n_s)` int, 1-based with attribute `start_index = 1`; `S(n_s)` double, so
///   A[row − 1, col − 1] = S (symmetric storage: the lower triangle, mirror it);
/// - global attributes `title`, `Conventions = "CF-1.10 NonlocalKit-operator-1"`, `rows`, `columns`,
///   `symmetry` (symmetric / general), `storage` (lower / full) and every metadata entry;
/// - `xc_b(n_b)`, `yc_b(n_b)`: coordinates of the unknowns, `units = "1"` (nondimensional) and `long_name`;
///   `coefficient_NAME(n_coefficient_NAME)`; vectors `NAME(n_b)` (rhs, reference_solution,
///   surrogate_solution; D and permutation of a factor) with `units = "1"`, `long_name` and, when
///   the file has coordinates, `coordinates = "xc_b yc_b"`; all deflated.
///
/// The sparse triplets are not a CF construct; the CF attributes are there so that xarray (and
/// CF tools) show `xc_b`, `yc_b` as coordinates of the vectors and label them. Files written
/// before them (`Conventions = "NonlocalKit-operator-1"`) read the same: the reader needs none.
extension OperatorFile {
    /// The `Conventions` attribute written: CF for the coordinates and labels, and this layout.
    public static let netCDFConventions = "CF-1.10 NonlocalKit-operator-1"

    /// The `long_name` of the vectors NonlocalKit writes; other vectors are described by their name.
    static let vectorLongNames = [
        "rhs": "right-hand side of A u = rhs",
        "reference_solution": "reference solution u, to compare with surrogate_solution",
        "surrogate_solution": "solution u of A u = rhs",
        "D": "D of P A P^T = L D L^T",
        "permutation": "permutation p, 1-based: row i of L D L^T is row p[i] of A",
    ]

    /// The global attributes that describe the layout rather than the operator; they are not metadata.
    static let structuralAttributes: Set = ["title", "Conventions", "rows", "columns", "symmetry", "storage"]

    /// Writes atomically; same content, same bytes.
    /// - Parameter interrupt: called with each variable's name after it is written; a test
    ///   seam to simulate a failure mid-write (whatever it throws aborts the write, and no
    ///   file is left behind), typed like the seams of the MatrixMarket and PETSc writers.
    /// - Throws: ``ExportError/unsupported(path:reason:)`` for symmetric storage of a matrix that
    ///   is not symmetric or indices beyond 32 bits; ``ExportError/io(path:reason:)`` when the
    ///   folder is missing or netCDF-C or the file system refuses (the reason names netCDF-C's
    ///   call and message, never the temporary name); what `interrupt` throws.
    public func writeNetCDF(to path: String, interrupt: ((String) throws(ExportError) -> Void)? = nil) throws(ExportError) {
        let stored = storage == .symmetric ? matrix.lowerTriangle() : matrix
        guard storage == .general || matrix.isSymmetric() else {
            throw ExportError.unsupported(path: path, reason: "symmetric storage of a matrix that is not symmetric")
        }
        try checkIndexRange(stored, path: path)
        try AtomicFile.write(to: path, throughTemporaryPath: { (temporary) throws(ExportError) in
            do {
                try writeNetCDFContent(of: stored, to: temporary, interrupt: interrupt)
            } catch let error as ExportError {
                throw error
            } catch {
                throw .io(path: path, reason: AtomicFile.reason(of: error, writing: temporary, for: path))
            }
        })
    }

    /// The body of ``writeNetCDF(to:interrupt:)``: creates `path` and writes every variable.
    private func writeNetCDFContent(of stored: SparseMatrix, to path: String, interrupt: ((String) throws(ExportError) -> Void)?) throws {
        let file = try NetCDFFile.create(path: path)
        try file.setAttribute("title", "NonlocalKit sparse operator (ESMF/SCRIP weight layout)")
        try file.setAttribute("Conventions", Self.netCDFConventions)
        try file.setAttribute("rows", Int64(matrix.rowCount))
        try file.setAttribute("columns", Int64(matrix.columnCount))
        try file.setAttribute("symmetry", storage == .symmetric ? "symmetric" : "general")
        try file.setAttribute("storage", storage == .symmetric ? "lower" : "full")
        try metadata.write(to: file)
        try file.defineDimension("n_a", length: matrix.columnCount)
        try file.defineDimension("n_b", length: matrix.rowCount)
        try file.defineDimension("n_s", length: stored.nonzeroCount)
        var rows = [Int32](repeating: 0, count: stored.nonzeroCount)
        for row in 0..<stored.rowCount {
            for k in stored.rowPointers[row]..<stored.rowPointers[row + 1] { rows[k] = Int32(row + 1) }
        }
        for (name, values) in [("row", rows), ("col", stored.columnIndices.map { Int32($0 + 1) })] {
            try file.defineVariable(name, type: .int32, dimensions: ["n_s"], deflateLevel: 1)
            try file.setAttribute("start_index", Int32(1), variable: name)
            try file.write(values, to: name)
            try interrupt?(name)
        }
        try file.defineVariable("S", type: .double, dimensions: ["n_s"], deflateLevel: 1)
        try file.setAttribute("long_name", "matrix entries: A[row - start_index, col - start_index] = S", variable: "S")
        try file.write(stored.values, to: "S")
        try interrupt?("S")
        if !coordinates.isEmpty {
            for (name, axis, values) in [("xc_b", "x", coordinates.map(\.x)), ("yc_b", "y", coordinates.map(\.y))] {
                try file.defineVariable(name, type: .double, dimensions: ["n_b"])
                try file.setAttribute("long_name", "\(axis) coordinate of the unknowns (rows)", variable: name)
                try file.setAttribute("units", "1", variable: name)
                try file.write(values, to: name)
            }
        }
        for (name, values) in coefficients.sorted(by: { $0.key < $1.key }) {
            try file.defineDimension("n_coefficient_\(name)", length: values.count)
            try file.defineVariable("coefficient_\(name)", type: .double, dimensions: ["n_coefficient_\(name)"])
            try file.write(values, to: "coefficient_\(name)")
        }
        for (name, values) in vectors.sorted(by: { $0.key < $1.key }) {
            try file.defineVariable(name, type: .double, dimensions: ["n_b"], deflateLevel: 1)
            try file.setAttribute("long_name", Self.vectorLongNames[name] ?? name, variable: name)
            try file.setAttribute("units", "1", variable: name)
            if !coordinates.isEmpty { try file.setAttribute("coordinates", "xc_b yc_b", variable: name) }
            try file.write(values, to: name)
        }
        try file.close()
    }

    /// Reads and validates an operator file; symmetric storage is expanded to the full matrix.
    /// - Throws: ``ExportError/invalidNetCDF(path:reason:)`` naming what is missing or inconsistent.
    public static func readNetCDF(from path: String) throws(ExportError) -> OperatorFile {
        func fail(_ reason: String) -> ExportError { .invalidNetCDF(path: path, reason: reason) }
        let file: NetCDFFile
        do { file = try NetCDFFile.open(path: path) } catch {
            switch error {
            case .corrupt, .unfinished: throw fail(error.reason)
            default: throw fail("cannot open: \(error)")
            }
        }
        defer { try? file.close() }
        let rows: Int, columns: Int, entries: Int
        do {
            rows = try file.dimensionLength("n_b")
            columns = try file.dimensionLength("n_a")
            entries = try file.dimensionLength("n_s")
        } catch {
            // A NonlocalKit dataset (or dense reference) given where an operator belongs: say what it is.
            if let conventions = try? file.attribute("Conventions", as: String.self), conventions.contains("NonlocalKit-dataset") {
                throw fail("this is a dataset of samples (u, f), not an operator; give a file written by nonlocal assemble")
            }
            throw fail("not an ESMF/SCRIP weight layout (\(error))")
        }
        let rowIndex: [Int32], columnIndex: [Int32], values: [Double]
        do {
            rowIndex = try file.read("row", as: Int32.self)
            columnIndex = try file.read("col", as: Int32.self)
            values = try file.read("S", as: Double.self)
        } catch { throw fail("row, col (int) and S (double) are required: \(error)") }
        guard rowIndex.count == entries, columnIndex.count == entries, values.count == entries else {
            throw fail("row, col and S must each have n_s = \(entries) entries")
        }
        for name in ["row", "col"] {
            let start = try? file.attribute("start_index", variable: name, as: Int32.self)
            guard start == 1 else { throw fail("\(name):start_index must be 1") }
        }
        let symmetric = (try? file.attribute("symmetry", as: String.self)) == "symmetric"
        var builder = TripletBuilder(rowCount: rows, columnCount: columns, reservingCapacity: symmetric ? 2 * entries : entries)
        for k in 0..<entries {
            let i = Int(rowIndex[k]) - 1, j = Int(columnIndex[k]) - 1
            guard (0..<rows).contains(i), (0..<columns).contains(j) else {
                throw fail("entry \(k) at (\(rowIndex[k]), \(columnIndex[k])) lies outside the \(rows) × \(columns) matrix")
            }
            guard values[k].isFinite else { throw fail("entry \(k) at (\(i + 1), \(j + 1)) is not finite") }
            if symmetric && j > i { throw fail("entry \(k) at (\(i + 1), \(j + 1)) lies above the diagonal of symmetric (lower) storage") }
            builder.append(row: i, column: j, value: values[k])
            if symmetric && i != j { builder.append(row: j, column: i, value: values[k]) }
        }
        let metadata = ExportMetadata.read(from: file, skipping: structuralAttributes)
        var coordinates: [SIMD2<Double>] = []
        if let x = try? file.read("xc_b", as: Double.self), let y = try? file.read("yc_b", as: Double.self), x.count == rows, y.count == rows {
            coordinates = zip(x, y).map { SIMD2($0, $1) }
        }
        var coefficients: [String: [Double]] = [:], vectors: [String: [Double]] = [:]
        for name in (try? file.variableNames()) ?? [] {
            if name.hasPrefix("coefficient_") {
                coefficients[String(name.dropFirst("coefficient_".count))] = try? file.read(name, as: Double.self)
            } else if !["row", "col", "S", "xc_b", "yc_b"].contains(name),
                (try? file.variable(named: name).dimensions) == ["n_b"], let values = try? file.read(name, as: Double.self)
            {
                vectors[name] = values
            }
        }
        return OperatorFile(
            matrix: builder.build(), storage: symmetric ? .symmetric : .general, metadata: metadata,
            coefficients: coefficients, coordinates: coordinates, vectors: vectors)
    }

    private func checkIndexRange(_ stored: SparseMatrix, path: String) throws(ExportError) {
        guard stored.rowCount < Int(Int32.max), stored.columnCount < Int(Int32.max) else {
            throw .unsupported(path: path, reason: "ESMF/SCRIP weights use 32-bit 1-based indices; this matrix is \(stored.rowCount) × \(stored.columnCount)")
        }
    }
}
