// FuzzPETScBinary: libFuzzer target for a PETSc binary file (PETScBinaryFile.read).
import FuzzInput
import NonlocalExport

FuzzInput.run(suffix: "petsc") { path in _ = try? PETScBinaryFile.read(from: path) }
