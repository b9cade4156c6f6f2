// Interop of dense NetCDF matrices with SciPy, netCDF4-python and xarray: their files read bit-exactly, ours open in theirs.
import Foundation
import NonlocalExport
import NonlocalTestSupport
import Testing

/// Whether python3 has SciPy's NetCDF-3 writer, netCDF4-python and xarray.
let netCDFPythonIsAvailable = (try? MatrixMarketSciPy.run("import scipy.io, netCDF4, xarray")) != nil

@Suite(.enabled(if: netCDFPythonIsAvailable, "needs python3-scipy, python3-netcdf4 and python3-xarray"))
struct DenseNetCDFPythonTests {
    /// Runs `script` after the helpers with `arguments` as argv[1...]; each printed line is a
    /// matrix, row by row, as bit patterns.
    func run(_ script: String, _ arguments: [String], rows: Int, columns: Int) throws -> [DenseMatrix] {
        let output = try MatrixMarketSciPy.run("import sys\n" + DenseSamples.pythonHelpers + script, arguments: arguments)
        return output.split(separator: "\n").map { line in
            DenseSamples.fromRowMajorHex(line.split(separator: " ").map(String.init), rows: rows, columns: columns)
        }
    }

    @Test func aMatrixSciPyWritesAsNetCDF3ReadsBitExactly() throws {
        let path = exportFolder() + "/scipy.nc"
        let expected = try run(
            """
            from scipy.io import netcdf_file
            a = awkward_symmetric(45, 91)
            f = netcdf_file(sys.argv[1], 'w')
            f.history = 'written by scipy.io.netcdf_file'
            f.createDimension('i', 45)
            f.createDimension('j', 45)
            x = f.createVariable('x', 'd', ('i',))
            x[:] = np.linspace(-1, 1, 45)
            k = f.createVariable('K', 'd', ('i', 'j'))
            k[:] = a
            f.close()
            print(' '.join(hexbits(a)))
            """, [path], rows: 45, columns: 45)[0]
        #expect(expected.storage.contains { $0 == 0 && $0.sign == .minus } && expected.storage.contains(0.1))
        let content = try DenseNetCDFFile.read(from: path)  // K is the only 2-D variable
        #expect(content.variable == "K")
        #expect(DenseSamples.identicalBits(content.matrix, expected))
        #expect(content.metadata["history"] == .text("written by scipy.io.netcdf_file"))
        guard case .dense(let viaOperator) = try OperatorMatrix.read(from: path) else {
            Issue.record("a 2-D NetCDF variable must read as .dense")
            return
        }
        #expect(DenseSamples.identicalBits(viaOperator, expected))
    }

    @Test func doubleAndFloatVariablesNetCDF4PythonWritesReadBitExactly() throws {
        let path = exportFolder() + "/netcdf4.nc"
        let script = """
            import netCDF4
            a = awkward_symmetric(33, 92)[:, :29]
            with netCDF4.Dataset(sys.argv[1], 'w', format='NETCDF4') as nc:
                nc.createDimension('n', 33)
                nc.createDimension('m', 29)
                nc.createVariable('K', 'f8', ('n', 'm'), zlib=True, complevel=4)[:] = a
                f = nc.createVariable('K32', 'f4', ('n', 'm'))
                f[:] = np.float32(np.clip(a, -1e30, 1e30))
                f32 = f[:].data
            print(' '.join(hexbits(f32.astype(np.float64))))
            print(' '.join(hexbits(a)))
            """
        let printed = try run(script, [path], rows: 33, columns: 29)
        guard printed.count == 2 else {
            Issue.record("expected two matrices, got \(printed.count)")
            return
        }
        let (floats, expected) = (printed[0], printed[1])
        #expect(DenseSamples.identicalBits(try DenseNetCDFFile.read(from: path, variable: "K").matrix, expected))
        #expect(DenseSamples.identicalBits(try DenseNetCDFFile.read(from: path, variable: "K32").matrix, floats))
        #expect(floats.storage != expected.storage)  // the float variable really holds other values
        #expect(throws: ExportError.self) { try DenseNetCDFFile.read(from: path) }  // two candidates: name one
    }

    @Test func aMatrixXarrayWritesReadsBitExactly() throws {
        let path = exportFolder() + "/xarray.nc"
        let expected = try run(
            """
            import xarray as xr
            a = awkward_symmetric(40, 93)
            x = np.linspace(-1, 1, 40)
            labels = np.array([f'point {i}' for i in range(40)], dtype=object)   # a string variable (NetCDF-4 vlen)
            ds = xr.Dataset({'K': (('x', 'y'), a)}, coords={'x': x, 'y': x, 'label': ('x', labels)},
                            attrs={'s': 0.75, 'created-by': 'xarray'})   # a name that is no metadata key
            ds.to_netcdf(sys.argv[1])
            assert np.isnan(xr.open_dataset(sys.argv[1])['K'].encoding['_FillValue'])   # xarray's default
            print(' '.join(hexbits(a)))
            """, [path], rows: 40, columns: 40)[0]
        let content = try DenseNetCDFFile.read(from: path)
        #expect(content.variable == "K")
        #expect(DenseSamples.identicalBits(content.matrix, expected))
        #expect(content.metadata["s"] == .number(0.75) && content.metadata["created-by"] == nil)
    }

    @Test func xarrayAndNetCDF4OpenOurDenseFileWithTheSameValues() throws {
        let matrix = DenseSamples.matrix(rows: 23, columns: 17, seed: 94)
        var metadata = ExportMetadata()
        metadata.set("delta", .number(2))
        metadata.set("kernel", .text("fractional, s = 0.75"))
        let path = exportFolder() + "/ours.nc"
        try OperatorMatrix.dense(matrix).write(to: path, metadata: metadata)
        let printed = try MatrixMarketSciPy.run(
            "import sys\n" + DenseSamples.pythonHelpers + """
                import netCDF4, xarray as xr
                ds = xr.open_dataset(sys.argv[1])
                print(ds['A'].dims, ds['A'].attrs['long_name'], ds.attrs['delta'], ds.attrs['kernel'], ds.attrs['Conventions'])
                with netCDF4.Dataset(sys.argv[1]) as nc:
                    v = nc['A']
                    print(v.filters()['zlib'], v.dtype)
                    same = np.array_equal(v[:].data.view(np.uint64), ds['A'].values.view(np.uint64))
                print(same)
                print(' '.join(hexbits(ds['A'].values)))
                """, arguments: [path])
        let lines = printed.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "('row', 'column') operator matrix, entry A[row, column] 2.0 fractional, s = 0.75 NonlocalKit-dense-operator-1")
        #expect(lines.dropFirst().first == "True float64")  // deflated, doubles
        #expect(lines.dropFirst(2).first == "True")  // netCDF4 and xarray see the same bits
        #expect(lines.last?.split(separator: " ").map(String.init) == DenseSamples.rowMajorHex(matrix))
    }
}
