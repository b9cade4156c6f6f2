// What `nonlocal generate` writes, as xarray shows it: x (and y) as coordinates with units and long names, CF-1.10 named.
import Foundation
import Testing

@Suite struct GenerateXarrayCommandTests {
    /// On the interval x is xarray's index (u over (sample, x)); on the disk the unknowns keep one
    /// `point` dimension with x and y as auxiliary coordinates; both files name CF-1.10 and read back.
    @Test(arguments: [["--dimension", "1"], ["--dimension", "2", "--layer-width", "0.25"]])
    func generatedDataOpensInXarrayWithItsCoordinates(dimension: [String]) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data.nc").path
        let generated = try runCommand(["generate", "fractional", "--samples", "20"] + dimension + ["-o", path, "--quiet"])
        #expect(generated.status == 0, "\(generated.standardError)")
        let check = """
            import sys, xarray as xr
            data = xr.open_dataset(sys.argv[1])
            axes = ["x"] if data.attrs["dimension"] == 1 else ["x", "y"]
            assert sorted(data.coords) == sorted(["sample"] + axes), list(data.coords)
            assert data["u"].dims == (("sample", "x") if axes == ["x"] else ("sample", "point")), data["u"].dims
            assert sorted(data["u"].coords) == sorted(["sample"] + axes), list(data["u"].coords)
            for axis in axes:
                assert data[axis].attrs["units"] == "1" and data[axis].attrs["long_name"].startswith(axis), data[axis].attrs
            assert (axes == ["x"]) == ("x" in data.indexes), list(data.indexes)
            assert data.attrs["Conventions"].split() == ["CF-1.10", "NonlocalKit-dataset-1"], data.attrs["Conventions"]
            print("ok")
            """
        let python = try runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", check, path])
        #expect(python.status == 0 && python.standardOutput.contains("ok"), "\(python.standardError)")
        // And the toolkit reads it back: learning from it works.
        let learned = try runCommand(["learn", path, "--delta", "0.25", "--order", "2", "-o", folder.appendingPathComponent("k.json").path, "--quiet"])
        #expect(learned.status == 0, "\(learned.standardError)")
    }
}
