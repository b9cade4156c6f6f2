// FuzzNetCDFDataset: libFuzzer target for a NetCDF dataset (Dataset.read).
import FuzzInput
import NonlocalDataset

FuzzInput.run(suffix: "nc") { path in _ = try? Dataset.read(from: path) }
