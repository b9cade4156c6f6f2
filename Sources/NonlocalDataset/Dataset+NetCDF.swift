// The dataset file: NetCDF-4 with u(sample, point), f(sample, point), coordinates, the mask of X and provenance (writing).
import Foundation
import NonlocalAssembly
import NonlocalFiles
import NonlocalLinearAlgebra
import NonlocalNetCDF

/// Layout (names are the contract users write from Python; attributes follow CF-1.10 so that
/// `xr.open_dataset` lists x, y and sample as coordinates):
/// - dimensions `sample`, `point` (the unknowns of Ω, lexicographic), `layer_point` (Ω_I, when
///   exterior values are stored); on 1-D grids they are named `x` and `x_layer` instead, since
///   there the unknowns are an axis and x is its CF coordinate variable `x(x)` (xarray's index);
/// - `sample(sample)` int64, 0…N−1, the coordinate variable of `sample`;
/// - `u(sample, point)`, `f(sample, point)` doubles with `long_name` and `coordinates = "x y"`
///   in 2D: a disk's unknowns are no tensor grid, so `x(point)` and `y(point)` are CF auxiliary
///   coordinates; in 1D `u(sample, x)`, `f(sample, x)` over `x(x)`. Coordinates carry
///   `units = "1"` (the problems are nondimensional) and `long_name`; CF defines no
///   `standard_name` for them;
/// - `mask(point)` (`mask(x)` in 1D) ubyte, 1 on the evaluation points X, a CF flag (`flag_values`, `flag_meanings`);
/// - optional `u_layer(sample, layer_point)` with `x_layer`, `y_layer` (`u_layer(sample, x_layer)` in 1D): exterior values;
/// - global attributes `Conventions = "CF-1.10 NonlocalKit-dataset-1"`, `title`, `problem`, `grid`
///   (the ``GridSpecification`` text form), `dimension`, `spacing`, `grid_shape`, `toolkit_version`,
///   optional `seed`, and `parameter_NAME` for each generator parameter.
///
/// u and f carry no `units`: the toolkit does not know the units of a user's data.
extension Dataset {
    /// The `Conventions` attribute written: CF (whose attributes make the coordinates visible) and this layout.
    public static let conventions = "CF-1.10 NonlocalKit-dataset-1"

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
        // 1D: the unknowns are an axis, named after their coordinate variable x(x); 2D: points with auxiliary x, y.
        let (pointDimension, layerDimension) = grid.dimension == 1 ? ("x", "x_layer") : ("point", "layer_point")
        try file.defineDimension("sample", length: sampleCount)
        try file.defineDimension(pointDimension, length: pointCount)
        try file.defineVariable("sample", type: .int64, dimensions: ["sample"])
        try describe("sample", in: file, longName: "sample index", units: "1")
        try file.write((0..<sampleCount).map { Int64($0) }, to: "sample")
        let coordinates = grid.dimension == 2 ? "x y" : nil
        for (name, values, longName) in [
            ("u", u, "solution u of the high-fidelity model"),
            ("f", f, "right-hand side f = L[u] of the high-fidelity model"),
        ] {
            try file.defineVariable(name, type: .double, dimensions: ["sample", pointDimension], deflateLevel: 1)
            try describe(name, in: file, longName: longName, coordinates: coordinates)
            try file.write(values.storage, to: name)
        }
        try writeCoordinates(grid.interiorCoordinates, names: ("x", "y"), of: "the unknowns", dimension: pointDimension, to: file, grid: grid)
        try file.defineVariable("mask", type: .uint8, dimensions: [pointDimension])
        try describe("mask", in: file, longName: "1 on the evaluation points X of the loss", coordinates: coordinates)
        try file.setAttribute("flag_values", [UInt8(0), 1], variable: "mask")
        try file.setAttribute("flag_meanings", "not_in_X in_X", variable: "mask")
        try file.write(evaluationMask.map { UInt8($0 ? 1 : 0) }, to: "mask")
        if let exterior {
            try file.defineDimension(layerDimension, length: exterior.rowCount)
            try file.defineVariable("u_layer", type: .double, dimensions: ["sample", layerDimension], deflateLevel: 1)
            try describe(
                "u_layer", in: file, longName: "prescribed u on the interaction layer", coordinates: grid.dimension == 2 ? "x_layer y_layer" : nil)
            try file.write(exterior.storage, to: "u_layer")
            try writeCoordinates(
                grid.layerCoordinates, names: ("x_layer", "y_layer"), of: "the interaction layer's points", dimension: layerDimension,
                to: file, grid: grid)
        }
        try file.close()
    }

    private func writeCoordinates(
        _ points: [SIMD2<Double>], names: (String, String), of what: String, dimension: String, to file: NetCDFFile, grid: Grid
    ) throws(NetCDFError) {
        let axes = grid.dimension == 2 ? [(names.0, "x", points.map(\.x)), (names.1, "y", points.map(\.y))] : [(names.0, "x", points.map(\.x))]
        for (name, axis, values) in axes {
            try file.defineVariable(name, type: .double, dimensions: [dimension])
            try describe(name, in: file, longName: "\(axis) coordinate of \(what)", units: "1")
            try file.write(values, to: name)
        }
    }

    /// Sets the CF attributes `long_name`, and `units` and `coordinates` when given, of variable `name`.
    private func describe(_ name: String, in file: NetCDFFile, longName: String, units: String? = nil, coordinates: String? = nil)
        throws(NetCDFError)
    {
        try file.setAttribute("long_name", longName, variable: name)
        if let units { try file.setAttribute("units", units, variable: name) }
        if let coordinates { try file.setAttribute("coordinates", coordinates, variable: name) }
    }
}
