// FuzzMatrixMarket: libFuzzer target for a MatrixMarket file (MatrixMarketFile.read).
import FuzzInput
import NonlocalExport

FuzzInput.run(suffix: "mtx") { path in _ = try? MatrixMarketFile.read(from: path) }
