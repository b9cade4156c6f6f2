// FuzzNetCDFOperator: libFuzzer target for a NetCDF operator file, sparse or dense (OperatorMatrix.read, as solve reads it).
import FuzzInput
import NonlocalExport

FuzzInput.run(suffix: "nc") { path in _ = try? OperatorMatrix.read(from: path, format: .netCDF) }
