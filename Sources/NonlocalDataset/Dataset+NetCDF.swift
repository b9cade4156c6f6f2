// The dataset file: NetCDF-4 with u(sample, point), f(sample, point), coordinates, the mask of X and provenance.
import Foundation
import NonlocalAssembly
import NonlocalFiles
import NonlocalLinearAlgebra
import NonlocalNetCDF

/// Layout (names are the contract users write from Python):
/// - dimensions `sample`, `point` (the unknowns of Ω, lexicographic), `layer_point` (Ω_I, when
///   exterior values are stored);
/// - `u(sample, point)`, `f(sample, point)` doubles; `x(point)` (and `y(point)` in 2D) coordinates;
///   `mask(point)` ubyte, 1 on the evaluation points X;
/// - optional `u_layer(sample, layer_point)` with `x_layer`, `y_layer`: exterior values;
/// - global attributes `Conventions = "NonlocalKit-dataset-1"`, `problem`, `grid` (the
///   ``GridSpecification`` text form), `dimension`, `spacing`, `grid_shape`, `toolkit_version`,
///   optional `seed`, and `parameter_NAME` for each generator parameter.
extension Dataset {
    public static let conventions = "NonlocalKit-dataset-1"

    /// Writes the dataset atomically (a failure leaves no file); same content, same bytes.
    /// - Throws: ``DatasetError/unwritable(path:reason:)`` when the folder is missing or
    ///   netCDF-C or the file system refuses (naming `path`, never the temporary name), or
    ///   the error of a grid specification that does not describe a grid.
    public func write(to path: String) throws {
        let grid = try self.grid.makeGrid()
        precondition(grid.interiorCount == pointCount, "the dataset's grid has \(grid.interiorCount) unknowns, u has \(pointCount)")
        try AtomicFile.write(to: path, throughTemporaryPath: { (temporary) throws(DatasetError) in
            do throws(NetCDFError) {
                try writeContent(to: temporary, grid: grid)
            } catch {
                throw .unwritable(path: path, reason: AtomicFile.reason(of: error, writing: temporary, for: path))
            }
        })
    }

    /// The body of ``write(to:)``: creates `path` and writes every variable and attribute.
    private func writeContent(to path: String, grid: Grid) throws(NetCDFError) {
        let file = try NetCDFFile.create(path: path)
        try file.setAttribute("Conventions", Self.conventions)
        try file.setAttribute("title", "NonlocalKit \(problem) dataset")
        try file.setAttribute("problem", problem)
        try file.setAttribute("grid", self.grid.description)
        try file.setAttribute("dimension", Int32(grid.dimension))
        try file.setAttribute("spacing", grid.spacing)
        try file.setAttribute("grid_shape", [Int32(grid.shape.x), Int32(grid.shape.y)])
        try file.setAttribute("toolkit_version", toolkitVersion)
        if let seed { try file.setAttribute("seed", Int64(bitPattern: seed)) }
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            try file.setAttribute("parameter_\(name)", value)
        }
        try file.defineDimension("sample", length: sampleCount)
        try file.defineDimension("point", length: pointCount)
        for (name, values) in [("u", u), ("f", f)] {
            try file.defineVariable(name, type: .double, dimensions: ["sample", "point"], deflateLevel: 1)
            try file.write(values.storage, to: name)
        }
        try writeCoordinates(grid.interiorCoordinates, names: ("x", "y"), dimension: "point", to: file, grid: grid)
        try file.defineVariable("mask", type: .uint8, dimensions: ["point"])
        try file.setAttribute("long_name", "1 on the evaluation points X of the loss", variable: "mask")
        try file.write(evaluationMask.map { UInt8($0 ? 1 : 0) }, to: "mask")
        if let exterior {
            try file.defineDimension("layer_point", length: exterior.rowCount)
            try file.defineVariable("u_layer", type: .double, dimensions: ["sample", "layer_point"], deflateLevel: 1)
            try file.write(exterior.storage, to: "u_layer")
            try writeCoordinates(grid.layerCoordinates, names: ("x_layer", "y_layer"), dimension: "layer_point", to: file, grid: grid)
        }
        try file.close()
    }

    private func writeCoordinates(
        _ points: [SIMD2<Double>], names: (String, String), dimension: String, to file: NetCDFFile, grid: Grid
    ) throws(NetCDFError) {
        try file.defineVariable(names.0, type: .double, dimensions: [dimension])
        try file.write(points.map(\.x), to: names.0)
        if grid.dimension == 2 {
            try file.defineVariable(names.1, type: .double, dimensions: [dimension])
            try file.write(points.map(\.y), to: names.1)
        }
    }

    /// Reads and validates a dataset file: missing variables, mismatched shapes, coordinates
    /// that are not the grid's, NaN or infinite values and an empty mask each throw one
    /// ``DatasetError`` naming the file and the fix.
    public static func read(from path: String) throws(DatasetError) -> Dataset {
        let file: NetCDFFile
        do { file = try NetCDFFile.open(path: path) } catch { throw .unreadable(path: path, reason: "\(error)") }
        defer { try? file.close() }
        func text(_ name: String) throws(DatasetError) -> String {
            do { return try file.attribute(name, as: String.self) } catch { throw .missingAttribute(path: path, name: name) }
        }
        let problem = try text("problem")
        let specification: GridSpecification
        let grid: Grid
        do {
            specification = try GridSpecification(parsing: try text("grid"))
            grid = try specification.makeGrid()
        } catch let error as DatasetError {
            throw error
        } catch {
            throw .gridMismatch(path: path, reason: "attribute 'grid' does not describe a grid: \(error)")
        }
        for name in ["u", "f", "x", "mask"] where !file.hasVariable(name) {
            throw .missingVariable(path: path, name: name)
        }
        func shape(_ name: String) throws(DatasetError) -> [String] {
            do { return try file.variable(named: name).dimensions } catch { throw .missingVariable(path: path, name: name) }
        }
        for name in ["u", "f"] where try shape(name) != ["sample", "point"] {
            throw .shapeMismatch(path: path, variable: name, expected: "(sample, point)", found: "(\(try shape(name).joined(separator: ", ")))")
        }
        let samples: Int, points: Int
        do {
            samples = try file.dimensionLength("sample")
            points = try file.dimensionLength("point")
        } catch { throw .unreadable(path: path, reason: "\(error)") }
        guard points == grid.interiorCount else {
            throw .gridMismatch(path: path, reason: "dimension point has \(points) entries but grid '\(specification)' has \(grid.interiorCount) unknowns")
        }
        let u = try readMatrix("u", rows: points, columns: samples, from: file, path: path)
        let f = try readMatrix("f", rows: points, columns: samples, from: file, path: path)
        try checkCoordinates(grid.interiorCoordinates, names: ("x", "y"), grid: grid, file: file, path: path)
        let mask: [UInt8]
        do { mask = try file.read("mask", as: UInt8.self) } catch {
            throw .shapeMismatch(path: path, variable: "mask", expected: "ubyte values (0 or 1)", found: "\(error)")
        }
        guard mask.count == points else {
            throw .shapeMismatch(path: path, variable: "mask", expected: "\(points) entries", found: "\(mask.count)")
        }
        if let bad = mask.firstIndex(where: { $0 > 1 }) { throw .invalidMask(path: path, point: bad, value: Int(mask[bad])) }
        guard mask.contains(1) else { throw .emptyMask(path: path) }
        var exterior: DenseMatrix? = nil
        if file.hasVariable("u_layer") {
            let layerPoints: Int
            do { layerPoints = try file.dimensionLength("layer_point") } catch { throw .unreadable(path: path, reason: "\(error)") }
            guard layerPoints == grid.layerCount else {
                throw .gridMismatch(path: path, reason: "dimension layer_point has \(layerPoints) entries but the grid's layer has \(grid.layerCount)")
            }
            exterior = try readMatrix("u_layer", rows: layerPoints, columns: samples, from: file, path: path)
            try checkCoordinates(grid.layerCoordinates, names: ("x_layer", "y_layer"), grid: grid, file: file, path: path)
        }
        var parameters: [String: String] = [:]
        for name in (try? file.attributeNames()) ?? [] where name.hasPrefix("parameter_") {
            parameters[String(name.dropFirst("parameter_".count))] = try? file.attribute(name, as: String.self)
        }
        let seed = (try? file.attribute("seed", as: Int64.self)).map { UInt64(bitPattern: $0) }
        let version = (try? file.attribute("toolkit_version", as: String.self)) ?? "unknown"
        return Dataset(
            problem: problem, grid: specification, u: u, f: f, exterior: exterior, evaluationMask: mask.map { $0 == 1 },
            parameters: parameters, seed: seed, toolkitVersion: version)
    }

    private static func readMatrix(_ name: String, rows: Int, columns: Int, from file: NetCDFFile, path: String) throws(DatasetError) -> DenseMatrix {
        let values: [Double]
        do { values = try file.read(name, as: Double.self) } catch {
            throw .shapeMismatch(path: path, variable: name, expected: "double values", found: "\(error)")
        }
        guard values.count == rows * columns else {
            throw .shapeMismatch(path: path, variable: name, expected: "\(columns) × \(rows) values", found: "\(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(path: path, variable: name, sample: bad / rows, point: bad % rows)
        }
        return DenseMatrix(rowCount: rows, columnCount: columns, storage: values)
    }

    private static func checkCoordinates(
        _ expected: [SIMD2<Double>], names: (String, String), grid: Grid, file: NetCDFFile, path: String
    ) throws(DatasetError) {
        let axes = grid.dimension == 2 ? [(names.0, \SIMD2<Double>.x), (names.1, \SIMD2<Double>.y)] : [(names.0, \SIMD2<Double>.x)]
        for (name, axis) in axes {
            let values: [Double]
            do { values = try file.read(name, as: Double.self) } catch { throw .missingVariable(path: path, name: name) }
            guard values.count == expected.count else {
                throw .shapeMismatch(path: path, variable: name, expected: "\(expected.count) entries", found: "\(values.count)")
            }
            let tolerance = 1e-9 * grid.spacing
            if let bad = values.indices.first(where: { abs(values[$0] - expected[$0][keyPath: axis]) > tolerance }) {
                throw .gridMismatch(
                    path: path,
                    reason: "\(name)[\(bad)] = \(values[bad]) but the grid's point \(bad) is at \(expected[bad][keyPath: axis]); points must follow the grid's lexicographic order")
            }
        }
    }
}
