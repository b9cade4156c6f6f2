// Reading the dataset file: the layout Dataset+NetCDF.swift writes, older files, and idiomatic xarray input, validated.
import NonlocalAssembly
import NonlocalFiles
import NonlocalLinearAlgebra
import NonlocalNetCDF

extension Dataset {
    /// Reads and validates a dataset file: missing variables, mismatched shapes, values that
    /// are not double or float, coordinates that are not the grid's, NaN or infinite values or positions and
    /// an empty mask each throw one ``DatasetError`` naming the file and the fix.
    ///
    /// Accepted besides the layout ``write(to:)`` makes (see Dataset+NetCDF.swift):
    /// - files without the CF attributes (`Conventions = "NonlocalKit-dataset-1"`, before CF-1.10);
    ///   `Conventions`, `units`, `long_name` and `coordinates` are not checked;
    /// - on 1-D grids, both `u(sample, point)` with `x(point)` (files before CF) and the
    ///   dimension coordinate ``write(to:)`` and xarray use: `u(sample, x)`, `f(sample, x)`,
    ///   `mask(x)` with the coordinate variable `x(x)` (and `u_layer(sample, x_layer)` over
    ///   `x_layer(x_layer)`); a 2-D field (on a disk, say) is no tensor grid, so 2-D data keep
    ///   the `point` dimension;
    /// - `float` (float32) u, f, u_layer and coordinates, converted exactly to double;
    ///   float coordinates match the grid's points to two float ulps, since they cannot hold them exactly.
    public static func read(from path: String) throws(DatasetError) -> Dataset {
        let file: NetCDFFile
        do { file = try NetCDFFile.open(path: path) } catch { throw .unreadable(path: path, reason: error.reason) }
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
        } catch GridError.insufficientMemory(let shortfall) {
            throw .tooLarge(path: path, shortfall)
        } catch {
            throw .gridMismatch(path: path, reason: "attribute 'grid' does not describe a grid: \(error)")
        }
        for name in ["u", "f", "x", "mask"] where !file.hasVariable(name) {
            throw .missingVariable(path: path, name: name)
        }
        let pointDimension = try Self.pointDimension(of: try variable("u", in: file, path: path), grid: grid, file: file, path: path)
        let dimensions = ["sample", pointDimension]
        let f = try variable("f", in: file, path: path)
        guard f.dimensions == dimensions else {
            throw .shapeMismatch(path: path, variable: "f", expected: "(\(dimensions.joined(separator: ", "))) like u", found: "(\(f.dimensions.joined(separator: ", ")))")
        }
        let samples: Int, points: Int
        do {
            samples = try file.dimensionLength("sample")
            points = try file.dimensionLength(pointDimension)
        } catch { throw .unreadable(path: path, reason: "\(error)") }
        guard points == grid.interiorCount else {
            throw .gridMismatch(
                path: path, reason: "dimension \(pointDimension) has \(points) entries but grid '\(specification)' has \(grid.interiorCount) unknowns")
        }
        // u and f, u_layer, and one variable's values while they are converted: checked before
        // netCDF-C is asked for a sample dimension of 2³¹ − 1.
        let layerPoints = file.hasVariable("u_layer") ? grid.layerCount : 0
        let request = MemoryRequest(
            "its \(samples) samples of \(points) points", bytes: MemoryRequest.product(8, samples, MemoryRequest.sum(points, points, points, layerPoints)))
        do throws(MemoryShortfall) { try request.check() } catch { throw .tooLarge(path: path, error) }
        let u = try readMatrix("u", rows: points, columns: samples, from: file, path: path)
        let fValues = try readMatrix("f", rows: points, columns: samples, from: file, path: path)
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
            let layerDimension = try Self.layerDimension(of: try variable("u_layer", in: file, path: path), grid: grid, file: file, path: path)
            let layerPoints: Int
            do { layerPoints = try file.dimensionLength(layerDimension) } catch { throw .unreadable(path: path, reason: "\(error)") }
            guard layerPoints == grid.layerCount else {
                throw .gridMismatch(path: path, reason: "dimension \(layerDimension) has \(layerPoints) entries but the grid's layer has \(grid.layerCount)")
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
            problem: problem, grid: specification, u: u, f: fValues, exterior: exterior, evaluationMask: mask.map { $0 == 1 },
            parameters: parameters, seed: seed, toolkitVersion: version)
    }

    /// The dimension of the unknowns, from u's dimensions: `point`, or on a 1-D grid `x` when
    /// x is its own coordinate variable `x(x)` (xarray's way to write data over x).
    private static func pointDimension(of u: NetCDFVariable, grid: Grid, file: NetCDFFile, path: String) throws(DatasetError) -> String {
        if u.dimensions == ["sample", "point"] { return "point" }
        if grid.dimension == 1, u.dimensions == ["sample", "x"], (try? file.variable(named: "x"))?.dimensions == ["x"] { return "x" }
        throw .shapeMismatch(
            path: path, variable: "u",
            expected: grid.dimension == 1
                ? "(sample, point), or (sample, x) with x(x) the coordinate variable"
                : "(sample, point) with x(point), y(point): a 2-D grid's unknowns are no tensor grid, so they keep one point dimension",
            found: "(\(u.dimensions.joined(separator: ", ")))")
    }

    /// The dimension of the layer's points, from u_layer's dimensions: `layer_point`, or on a 1-D
    /// grid `x_layer` when it is its own coordinate variable `x_layer(x_layer)`.
    private static func layerDimension(of uLayer: NetCDFVariable, grid: Grid, file: NetCDFFile, path: String) throws(DatasetError) -> String {
        if uLayer.dimensions == ["sample", "layer_point"] { return "layer_point" }
        if grid.dimension == 1, uLayer.dimensions == ["sample", "x_layer"], (try? file.variable(named: "x_layer"))?.dimensions == ["x_layer"] {
            return "x_layer"
        }
        throw .shapeMismatch(
            path: path, variable: "u_layer",
            expected: grid.dimension == 1 ? "(sample, layer_point), or (sample, x_layer) with x_layer(x_layer)" : "(sample, layer_point)",
            found: "(\(uLayer.dimensions.joined(separator: ", ")))")
    }

    /// The description of variable `name`; a type NonlocalNetCDF does not model (short, string, …) is refused here.
    private static func variable(_ name: String, in file: NetCDFFile, path: String) throws(DatasetError) -> NetCDFVariable {
        do throws(NetCDFError) {
            return try file.variable(named: name)
        } catch {
            switch error {
            case .unsupportedType(_, let code, _):
                throw .unsupportedType(path: path, variable: name, found: typeName(NetCDFType.cdlName(code: code) ?? "netCDF type code \(code)"))
            case .missingVariable: throw .missingVariable(path: path, name: name)
            default: throw .unreadable(path: path, reason: "\(error)")
            }
        }
    }

    /// Every value of variable `name` as doubles, and the type they were stored as: double, or
    /// float converted exactly (every float is a double).
    private static func readValues(_ name: String, from file: NetCDFFile, path: String) throws(DatasetError) -> (values: [Double], type: NetCDFType) {
        let type = try variable(name, in: file, path: path).type
        guard type == .double || type == .float else {
            throw .unsupportedType(path: path, variable: name, found: typeName("\(type)"))
        }
        do throws(NetCDFError) {
            return type == .double ? (try file.read(name, as: Double.self), type) : (try file.read(name, as: Float.self).map(Double.init), type)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }

    /// A netCDF type's CDL name with its NumPy dtype, for users who write their data from Python: "int (NumPy int32)".
    private static func typeName(_ cdl: String) -> String {
        let numPy = [
            "double": "float64", "float": "float32", "byte": "int8", "ubyte": "uint8", "short": "int16", "ushort": "uint16",
            "int": "int32", "uint": "uint32", "int64": "int64", "uint64": "uint64", "char": "S1", "string": "str",
        ]
        return numPy[cdl].map { "\(cdl) (NumPy \($0))" } ?? cdl
    }

    private static func readMatrix(_ name: String, rows: Int, columns: Int, from file: NetCDFFile, path: String) throws(DatasetError) -> DenseMatrix {
        let values = try readValues(name, from: file, path: path).values
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
            guard file.hasVariable(name) else { throw .missingVariable(path: path, name: name) }
            let (values, type) = try readValues(name, from: file, path: path)
            guard values.count == expected.count else {
                throw .shapeMismatch(path: path, variable: name, expected: "\(expected.count) entries", found: "\(values.count)")
            }
            // Before the comparison with the grid: NaN compares false with everything, so a NaN position would pass it.
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw .nonFiniteCoordinate(path: path, variable: name, index: bad, value: values[bad])
            }
            func tolerance(_ point: Double) -> Double {
                // A float cannot hold the grid's points: allow two float ulps, never so much that neighbours (h apart) pass.
                type == .float ? min(max(1e-9 * grid.spacing, 2 * Double(Float(abs(point)).ulp)), grid.spacing / 4) : 1e-9 * grid.spacing
            }
            if let bad = values.indices.first(where: { abs(values[$0] - expected[$0][keyPath: axis]) > tolerance(expected[$0][keyPath: axis]) }) {
                throw .gridMismatch(
                    path: path,
                    reason: "\(name)[\(bad)] = \(values[bad]) but the grid's point \(bad) is at \(expected[bad][keyPath: axis]); points must follow the grid's lexicographic order")
            }
        }
    }
}
