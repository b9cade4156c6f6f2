// Tests with xarray itself: an operator file shows xc_b, yc_b as coordinates of its vectors, labelled by CF attributes.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

@Suite(.enabled(if: PythonScript.canImport(["xarray", "netCDF4"]), "needs python3-xarray and python3-netcdf4"))
struct OperatorFileXarrayTests {
    /// What `xr.open_dataset` makes of an operator file.
    struct View: Decodable {
        let coordinates: [String]
        let solutionCoordinates: [String]
        let rhsCoordinates: [String]
        let xAttributes: [String: String]
        let solutionAttributes: [String: String]
        let conventions: String
        let x: [Double]?
    }

    static let viewScript = """
        import sys, json
        import xarray as xr
        ds = xr.open_dataset(sys.argv[1])
        names = lambda v: sorted(str(c) for c in v.coords)
        attributes = lambda v: {k: str(a) for k, a in v.attrs.items()}
        print(json.dumps({
            "coordinates": names(ds), "solutionCoordinates": names(ds["surrogate_solution"]), "rhsCoordinates": names(ds["rhs"]),
            "xAttributes": attributes(ds["xc_b"]), "solutionAttributes": attributes(ds["surrogate_solution"]),
            "conventions": ds.attrs["Conventions"], "x": ds["surrogate_solution"].coords["xc_b"].values.tolist() if "xc_b" in ds["surrogate_solution"].coords else None}))
        """

    @Test func xcbIsACoordinateOfTheSolutionInXarray() throws {
        let n = 9
        let file = OperatorFile(
            matrix: randomBitPatternMatrix(n, entries: 20, symmetric: true, seed: 21), storage: .symmetric,
            coordinates: (0..<n).map { SIMD2(-1 + 0.25 * Double($0), 0) },
            vectors: ["rhs": [Double](repeating: 1, count: n), "surrogate_solution": (0..<n).map { Double($0) }])
        let path = exportFolder() + "/op.nc"
        try file.writeNetCDF(to: path)
        let view = try JSONDecoder().decode(View.self, from: Data(try PythonScript.run(Self.viewScript, arguments: [path]).utf8))
        #expect(view.coordinates == ["xc_b", "yc_b"])
        #expect(view.solutionCoordinates == ["xc_b", "yc_b"] && view.rhsCoordinates == ["xc_b", "yc_b"])
        #expect(view.x == file.coordinates.map(\.x))  // multiples of 1/4 print exactly
        #expect(view.xAttributes == ["units": "1", "long_name": "x coordinate of the unknowns (rows)"])
        #expect(view.solutionAttributes == ["units": "1", "long_name": "solution u of A u = rhs"])
        #expect(view.conventions.split(separator: " ") == ["CF-1.10", "NonlocalKit-operator-1"])
    }
}
