// DenseNetCDFFile: a dense matrix as one 2-D NetCDF variable, written with NonlocalKit's metadata and read from any NetCDF file.
import Foundation
import NonlocalFiles
import NonlocalLinearAlgebra
import NonlocalNetCDF

/// Dense operators in NetCDF, the form xarray and netCDF4-python users exchange arrays in.
///
/// Written (NetCDF-4, in CDL):
/// ```
/// dimensions:
///     row = M ; column = N ;
/// variables:
///     double A(row, column) ;                        // deflated: shuffle + zlib level 1
///         A:long_name = "operator matrix, entry A[row, column]" ;
/// // global attributes:
///     :title = "NonlocalKit dense operator" ; :Conventions = "NonlocalKit-dense-operator-1" ;
///     :rows = M ; :columns = N ; :symmetry = "symmetric" | "general" ; :storage = "full" ;
///     ... every metadata entry, as in the sparse operator file (ExportMetadata) ...
/// ```
/// NetCDF stores a variable row-major (the last dimension fastest), so `xr.open_dataset(path)["A"].values`
/// and `netCDF4.Dataset(path)["A"][:]` are the matrix itself and `A[i, j]` is a_ij. A dimension
/// of length 0 is stored unlimited (netCDF has no fixed empty dimension).
///
/// Read: any file netCDF-C opens, with no NonlocalKit conventions needed: NetCDF-3 from
/// `scipy.io.netcdf_file`, NetCDF-4 from netCDF4-python or xarray. The matrix is the named
/// variable or, when none is named, the only 2-D `double` or `float` variable (floats convert
/// to doubles exactly); its first dimension is the row.
public enum DenseNetCDFFile {
    /// The `Conventions` attribute of the files written here.
    public static let conventions = "NonlocalKit-dense-operator-1"
    /// The variable the writer stores the matrix in.
    public static let variableName = "A"

    /// What ``read(from:variable:)`` found.
    public struct Content: Sendable {
        /// The variable that held the matrix.
        public let variable: String
        public let matrix: DenseMatrix
        /// The global attributes (text, single doubles and 64-bit integers); for a file written
        /// here, without the layout's own (title, Conventions, rows, columns, symmetry, storage).
        public let metadata: ExportMetadata
    }

    /// Values moved per netCDF-C call when writing and reading (8 MB of doubles), so a large
    /// matrix is never held twice: netCDF's row-major blocks are transposed into the column-major
    /// storage one at a time.
    static let valuesPerBlock = 1 << 20

    /// Writes `matrix` atomically (a temporary name in the same folder, then a rename); the same
    /// arguments give the same bytes.
    ///
    /// The corresponding C functions are `nc_create`, `nc_def_dim`, `nc_def_var`,
    /// `nc_def_var_deflate`, `nc_put_att` and `nc_put_vara` (through ``NetCDFFile``).
    /// - Parameter storage: `.symmetric` records `symmetry = "symmetric"` after checking the
    ///   matrix is square and exactly symmetric; the whole matrix is stored either way (a 2-D
    ///   variable has no triangle to leave out).
    /// - Throws: ``ExportError/unsupported(path:reason:)`` for a NaN or infinite entry or a
    ///   `.symmetric` claim that does not hold; ``ExportError/io(path:reason:)`` when the folder
    ///   is missing or netCDF-C or the file system refuses.
    public static func write(
        _ matrix: DenseMatrix, to path: String, metadata: ExportMetadata = ExportMetadata(),
        storage: OperatorFile.Storage = .general
    ) throws(ExportError) {
        if let k = matrix.storage.firstIndex(where: { !$0.isFinite }) {
            throw .unsupported(
                path: path,
                reason: "A[\(k % matrix.rowCount), \(k / matrix.rowCount)] (0-based) is \(matrix.storage[k]); "
                    + "NaN and infinite entries are refused (fix the matrix before exporting it)")
        }
        if storage == .symmetric {
            try OperatorMatrix.dense(matrix).checkExactlySymmetric(path: path, fix: "write it with storage .general")
        }
        try AtomicFile.write(to: path, throughTemporaryPath: { (temporary) throws(ExportError) in
            do throws(NetCDFError) {
                try writeContent(matrix, to: temporary, metadata: metadata, storage: storage)
            } catch {
                throw .io(path: path, reason: AtomicFile.reason(of: error, writing: temporary, for: path))
            }
        })
    }

    /// The body of ``write(_:to:metadata:storage:)``: creates `path` and writes everything.
    private static func writeContent(
        _ matrix: DenseMatrix, to path: String, metadata: ExportMetadata, storage: OperatorFile.Storage
    ) throws(NetCDFError) {
        let file = try NetCDFFile.create(path: path)
        try file.setAttribute("title", "NonlocalKit dense operator")
        try file.setAttribute("Conventions", conventions)
        try file.setAttribute("rows", Int64(matrix.rowCount))
        try file.setAttribute("columns", Int64(matrix.columnCount))
        try file.setAttribute("symmetry", storage == .symmetric ? "symmetric" : "general")
        try file.setAttribute("storage", "full")
        try metadata.write(to: file)
        try file.defineDimension("row", length: matrix.rowCount)
        try file.defineDimension("column", length: matrix.columnCount)
        try file.defineVariable(variableName, type: .double, dimensions: ["row", "column"], deflateLevel: 1)
        try file.setAttribute("long_name", "operator matrix, entry A[row, column]", variable: variableName)
        let rows = matrix.rowCount, columns = matrix.columnCount
        if rows > 0 && columns > 0 {
            let blockRows = Swift.max(1, valuesPerBlock / columns)
            for first in stride(from: 0, to: rows, by: blockRows) {
                let end = Swift.min(first + blockRows, rows)
                var block = [Double](repeating: 0, count: (end - first) * columns)
                for j in 0..<columns {
                    for i in first..<end { block[(i - first) * columns + j] = matrix.storage[i + j * rows] }
                }
                try file.write(block, to: variableName, startingAtRow: first)
            }
        }
        try file.close()
    }

    /// Reads a dense matrix from a NetCDF file.
    ///
    /// The matrix is `variable` when given, else the only 2-D `double` or `float` variable in
    /// the file. Its values are checked: finite, and none equal to the variable's `_FillValue`
    /// or `missing_value` (the file's own mark for an entry that is missing; xarray turns it
    /// into NaN). Packed variables (`scale_factor`, `add_offset`) are refused rather than
    /// unpacked, which would change the bits. The shape comes from the file, so M·N·8 bytes are
    /// checked against this machine's memory, with overflow-safe arithmetic, before anything
    /// is allocated.
    ///
    /// The corresponding C functions are `nc_open`, `nc_inq_varids`, `nc_inq_var*`,
    /// `nc_get_att` and `nc_get_vara` (through ``NetCDFFile``).
    /// - Throws: ``ExportError/invalidNetCDF(path:reason:)`` naming the variable (and entry) and
    ///   what to change: not a NetCDF file; no such variable (listing the 2-D ones); not 2-D;
    ///   not double or float; no 2-D candidate or several (listing them); packed; an entry that
    ///   is not finite or is a fill value. ``ExportError/unsupported(path:reason:)`` for a matrix
    ///   larger than memory; ``ExportError/io(path:reason:)`` when the file cannot be opened.
    public static func read(from path: String, variable: String? = nil) throws(ExportError) -> Content {
        let file = try open(path)
        defer { try? file.close() }
        func fail(_ reason: String) -> ExportError { .invalidNetCDF(path: path, reason: reason) }
        let chosen = try matrixVariable(in: file, named: variable, path: path)
        let name = chosen.name
        for packing in ["scale_factor", "add_offset"] where hasAttribute(packing, of: name, in: file) {
            throw fail("variable '\(name)' is packed (\(name):\(packing)); store the matrix unpacked, as double")
        }
        let rows = chosen.shape[0], columns = chosen.shape[1]
        try checkFitsInMemory(rows: rows, columns: columns, variable: name, path: path)
        let missing = fillValues(of: name, in: file)
        var storage = [Double](repeating: 0, count: rows * columns)
        if rows > 0 && columns > 0 {
            let blockRows = Swift.max(1, valuesPerBlock / columns)
            for first in stride(from: 0, to: rows, by: blockRows) {
                let range = first..<Swift.min(first + blockRows, rows)
                let block: [Double]
                do throws(NetCDFError) {
                    block =
                        chosen.type == .double
                        ? try file.read(name, rows: range, as: Double.self)
                        : try file.read(name, rows: range, as: Float.self).map(Double.init)
                } catch {
                    throw fail("variable '\(name)': rows \(range.lowerBound)..<\(range.upperBound) cannot be read: \(error)")
                }
                for (k, value) in block.enumerated() {
                    let i = first + k / columns, j = k % columns
                    if !value.isFinite {
                        throw fail(
                            "variable '\(name)': entry (\(i), \(j)) (0-based) is \(value); NaN and infinite entries are "
                                + "refused (a NaN often marks a missing entry: write every entry of the matrix)")
                    }
                    if let mark = missing.first(where: { $0.value == value }) {
                        throw fail(
                            "variable '\(name)': entry (\(i), \(j)) (0-based) equals \(name):\(mark.attribute) = \(value), "
                                + "which marks a missing entry; write every entry, or remove \(mark.attribute)")
                    }
                    storage[i + j * rows] = value
                }
            }
        }
        let ours = (try? file.attribute("Conventions", as: String.self)) == conventions
        let metadata = ExportMetadata.read(from: file, skipping: ours ? OperatorFile.structuralAttributes : [])
        return Content(
            variable: name, matrix: DenseMatrix(rowCount: rows, columnCount: columns, storage: storage),
            metadata: metadata)
    }

    /// Opens `path` read-only: an operating-system failure (netCDF-C passes `errno` on as a
    /// positive status) is an I/O error, anything else says the file is not NetCDF.
    static func open(_ path: String) throws(ExportError) -> NetCDFFile {
        do throws(NetCDFError) {
            return try NetCDFFile.open(path: path)
        } catch {
            guard case .library(let code, let message, _, _) = error else {
                throw .invalidNetCDF(path: path, reason: error.reason)
            }
            if code > 0 { throw .io(path: path, reason: "cannot open the file: \(message)") }
            throw .invalidNetCDF(path: path, reason: "not a file netCDF-C can open (\(message)); expected NetCDF-3 or NetCDF-4")
        }
    }

    /// The variable to read: `name` when given, else the only 2-D double or float variable.
    private static func matrixVariable(in file: NetCDFFile, named name: String?, path: String) throws(ExportError)
        -> NetCDFVariable
    {
        func fail(_ reason: String) -> ExportError { .invalidNetCDF(path: path, reason: reason) }
        let names: [String]
        do throws(NetCDFError) { names = try file.variableNames() } catch { throw fail("cannot list the variables: \(error)") }
        // Variables of types NetCDFType does not model (strings, shorts, …) are described by name only.
        let described = names.map { name in (name: name, variable: try? file.variable(named: name)) }
        let candidates = described.compactMap(\.variable).filter {
            $0.shape.count == 2 && ($0.type == .double || $0.type == .float)
        }
        func listing(_ variables: [(name: String, variable: NetCDFVariable?)]) -> String {
            variables.isEmpty
                ? "none"
                : variables.map { entry in
                    guard let variable = entry.variable else { return "\(entry.name) (a type NonlocalKit does not read)" }
                    return "\(entry.name)(\(variable.dimensions.joined(separator: ", "))) \(variable.type)"
                }.joined(separator: ", ")
        }
        if let name {
            guard let entry = described.first(where: { $0.name == name }) else {
                throw fail(
                    "no variable named '\(name)'; the 2-D double or float variables are: "
                        + listing(candidates.map { ($0.name, $0) }))
            }
            guard let variable = entry.variable else {
                throw fail("variable '\(name)' has a netCDF type NonlocalKit does not read; a matrix needs double or float")
            }
            guard variable.shape.count == 2 else {
                let shape = variable.shape.map(String.init).joined(separator: " × ")
                throw fail(
                    "variable '\(name)' is \(variable.shape.count)-D (\(variable.dimensions.joined(separator: ", ")): "
                        + "\(shape)); a matrix needs 2 dimensions, rows then columns")
            }
            guard variable.type == .double || variable.type == .float else {
                throw fail("variable '\(name)' holds \(variable.type) values; a matrix needs double or float")
            }
            return variable
        }
        switch candidates.count {
        case 1:
            return candidates[0]
        case 0:
            throw fail(
                "no 2-D double or float variable to read as a matrix; the variables are: \(listing(described)); "
                    + "store the matrix as a 2-D variable (rows, columns)")
        default:
            throw fail(
                "\(candidates.count) variables could be the matrix: \(listing(candidates.map { ($0.name, $0) })); "
                    + "name the one to read")
        }
    }

    /// Refuses a `rows × columns` matrix whose doubles need more than this machine's memory
    /// (the sizes come from the file; a NetCDF-4 file can declare a huge variable and store nothing).
    private static func checkFitsInMemory(rows: Int, columns: Int, variable: String, path: String) throws(ExportError) {
        let memory = ProcessInfo.processInfo.physicalMemory
        let (count, countOverflow) = rows.multipliedReportingOverflow(by: columns)
        let (bytes, bytesOverflow) = count.multipliedReportingOverflow(by: 8)
        guard countOverflow || bytesOverflow || UInt64(bytes) >= memory else { return }
        throw .unsupported(
            path: path,
            reason: "variable '\(variable)' is \(rows) × \(columns); its doubles need more than this machine's "
                + "\(memory >> 20) MB of memory")
    }

    /// The variable's finite `_FillValue` and `missing_value` values, as doubles (a NaN fill
    /// value is caught by the finiteness check).
    private static func fillValues(of variable: String, in file: NetCDFFile) -> [(attribute: String, value: Double)] {
        var marks: [(attribute: String, value: Double)] = []
        for attribute in ["_FillValue", "missing_value"] {
            let values =
                (try? file.attribute(attribute, variable: variable, as: [Double].self))
                ?? (try? file.attribute(attribute, variable: variable, as: [Float].self))?.map(Double.init) ?? []
            marks += values.filter(\.isFinite).map { (attribute, $0) }
        }
        return marks
    }

    private static func hasAttribute(_ name: String, of variable: String, in file: NetCDFFile) -> Bool {
        (try? file.attributeNames(variable: variable))?.contains(name) ?? false
    }
}
