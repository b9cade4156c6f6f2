// FuzzModelJSON: libFuzzer target for a kernel model's JSON (KernelModel.read).
import FuzzInput
import NonlocalKernels

FuzzInput.run(suffix: "json") { path in _ = try? KernelModel.read(from: path) }
