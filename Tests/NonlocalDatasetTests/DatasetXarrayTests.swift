// Tests with xarray itself: our dataset files show their coordinates there, and xarray's idiomatic files read exactly.
import Foundation
import NonlocalAssembly
import NonlocalDataset
import NonlocalTestSupport
import Testing

@Suite(.enabled(if: PythonScript.canImport(["xarray", "netCDF4"]), "needs python3-xarray and python3-netcdf4"))
struct DatasetXarrayTests {
    /// What `xr.open_dataset` makes of a dataset file.
    struct View: Decodable {
        let coordinates: [String]
        let uDimensions: [String]
        let uCoordinates: [String]
        let fCoordinates: [String]
        let layerCoordinates: [String]?
        let xAttributes: [String: String]
        let conventions: String
        let samples: [Int]
        /// xarray's indexes, and the dimensions it lists as "Dimensions without coordinates".
        let indexes: [String]
        let dimensionsWithoutCoordinates: [String]
    }

    static let viewScript = """
        import sys, json
        import xarray as xr
        ds = xr.open_dataset(sys.argv[1])
        names = lambda v: sorted(str(c) for c in v.coords)
        print(json.dumps({
            "coordinates": names(ds), "uDimensions": list(ds["u"].dims), "uCoordinates": names(ds["u"]),
            "fCoordinates": names(ds["f"]), "layerCoordinates": names(ds["u_layer"]) if "u_layer" in ds else None,
            "xAttributes": {k: str(v) for k, v in ds["x"].attrs.items()}, "conventions": ds.attrs["Conventions"],
            "samples": ds["sample"].values.tolist(), "indexes": sorted(ds.indexes),
            "dimensionsWithoutCoordinates": sorted(str(d) for d in ds.dims if d not in ds.coords)}))
        """

    /// Seeded data on `specification`, with exterior values when asked.
    static func sample(_ specification: GridSpecification, samples: Int, exterior: Bool) throws -> Dataset {
        let grid = try specification.makeGrid()
        var generator = SplitMix64(seed: 11)
        func matrix(_ rows: Int) -> DenseMatrix { DenseMatrix(rowCount: rows, columnCount: samples, storage: generator.uniform(rows * samples)) }
        return Dataset(
            problem: "xarray-view", grid: specification, u: matrix(grid.interiorCount), f: matrix(grid.interiorCount),
            exterior: exterior ? matrix(grid.layerCount) : nil, evaluationMask: (0..<grid.interiorCount).map { $0 % 2 == 0 })
    }

    @Test(arguments: [
        (GridSpecification.periodic(dimension: 1, points: 16, length: 1), false),
        (GridSpecification.interval(lower: -1, upper: 1, spacing: 0.25, horizon: 0.5), true),
        (GridSpecification.disk(radius: 1, spacing: 0.25, horizon: 0.5), true),
    ])
    func aWrittenDatasetShowsItsCoordinatesInXarray(specification: GridSpecification, exterior: Bool) throws {
        let path = temporaryFolder() + "/data.nc"
        try Self.sample(specification, samples: 3, exterior: exterior).write(to: path)
        let view = try JSONDecoder().decode(View.self, from: Data(try PythonScript.run(Self.viewScript, arguments: [path]).utf8))
        let axes = try specification.makeGrid().dimension == 2 ? ["x", "y"] : ["x"]
        #expect(view.coordinates == (["sample"] + axes + (exterior ? axes.map { $0 + "_layer" } : [])).sorted())
        // 1D: the unknowns are an axis whose coordinate variable x(x) is xarray's index; 2D: points with auxiliary x, y.
        let oneDimensional = axes.count == 1
        #expect(view.uDimensions == ["sample", oneDimensional ? "x" : "point"])
        #expect(view.indexes == (oneDimensional ? ["sample", "x"] + (exterior ? ["x_layer"] : []) : ["sample"]))
        #expect(view.dimensionsWithoutCoordinates == (oneDimensional ? [] : (exterior ? ["layer_point"] : []) + ["point"]))
        #expect(view.uCoordinates == ["sample"] + axes && view.fCoordinates == view.uCoordinates)
        #expect(view.layerCoordinates == (exterior ? ["sample"] + axes.map { $0 + "_layer" } : nil))
        #expect(view.xAttributes == ["units": "1", "long_name": "x coordinate of the unknowns"])
        #expect(view.conventions.split(separator: " ") == ["CF-1.10", "NonlocalKit-dataset-1"])
        #expect(view.samples == [0, 1, 2])
    }

    /// README's own-data example with x as xarray's dimension coordinate and float32 u
    /// (`sys.argv[1]` in place of "mine.nc"); then the values the reader must return, as
    /// float64 bits in `sys.argv[2]`, and how netCDF4 sees the file.
    static let ownDataScript = """
        import sys

        import numpy as np
        import xarray as xr

        n, samples = 100, 1000
        x = np.arange(n) / n                                  # the points of grid "periodic:d=1,n=100,length=1"
        k = 2 * np.pi * np.arange(1, 6)                       # five modes
        rng = np.random.default_rng(0)
        c = rng.uniform(size=(samples, 5)) * np.exp(-0.1 * np.arange(1, 6) ** 2)
        u = c @ np.cos(np.outer(k, x))                        # u(sample, x)
        f = (c * k ** 2) @ np.cos(np.outer(k, x))             # f = −u'' for this example

        xr.Dataset(
            {
                "u": (("sample", "x"), u.astype(np.float32)),  # float32 or float64; read exactly as float64
                "f": (("sample", "x"), f),
                "mask": (("x",), np.ones(n, dtype="u1")),      # 1 on the evaluation points X
            },
            coords={"x": x},                                   # x: the coordinate of the unknowns
            attrs={
                "Conventions": "CF-1.10 NonlocalKit-dataset-1",
                "problem": "my-simulation",
                "grid": "periodic:d=1,n=100,length=1",
            },
        ).to_netcdf(sys.argv[1], format="NETCDF4")

        import json, netCDF4
        np.concatenate([u.astype(np.float32).astype(np.float64).ravel(), f.ravel()]).astype("<f8").tofile(sys.argv[2])
        with netCDF4.Dataset(sys.argv[1]) as nc:
            print(json.dumps([str(nc["u"].dtype), list(nc["u"].dimensions), list(nc["x"].dimensions)]))
        """

    @Test func theOwnDataExampleWithAnXCoordinateAndFloat32ValuesReadsExactly() throws {
        let folder = temporaryFolder()
        let path = folder + "/mine.nc", expectedPath = folder + "/expected.f8"
        let layout = try PythonScript.run(Self.ownDataScript, arguments: [path, expectedPath])
        #expect(layout == "[\"float32\", [\"sample\", \"x\"], [\"x\"]]\n", "the example must write float32 u over x(x)")
        let data = try Dataset.read(from: path)
        #expect(data.sampleCount == 1000 && data.pointCount == 100 && data.problem == "my-simulation")
        let bits = try Data(contentsOf: URL(fileURLWithPath: expectedPath)).withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)) }
        }
        #expect(bits.count == 2 * 100 * 1000)
        // The first entry whose bits differ (not the arrays: a failure would print 10⁵ numbers).
        let u = data.u.storage, f = data.f.storage, count = 100 * 1000
        #expect(u.indices.first { u[$0].bitPattern != bits[$0] } == nil, "u: float32 converted to double exactly")
        #expect(f.indices.first { f[$0].bitPattern != bits[count + $0] } == nil, "f: float64 as written")
    }

    @Test func aDatasetXarrayRewritesStillReads() throws {
        let folder = temporaryFolder()
        let data = try Self.sample(.disk(radius: 1, spacing: 0.25, horizon: 0.5), samples: 2, exterior: true)
        try data.write(to: folder + "/ours.nc")
        try PythonScript.run(
            "import sys, xarray as xr\nxr.open_dataset(sys.argv[1]).load().to_netcdf(sys.argv[2], format='NETCDF4')",
            arguments: [folder + "/ours.nc", folder + "/theirs.nc"])
        let read = try Dataset.read(from: folder + "/theirs.nc")
        #expect(read.u == data.u && read.f == data.f && read.exterior == data.exterior && read.evaluationMask == data.evaluationMask)
        #expect(read.grid == data.grid && read.problem == data.problem)
    }
}
