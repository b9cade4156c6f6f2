// Exports: tests that import NonlocalTestSupport see the seeded generator and the matrix types.
@_exported import NonlocalLinearAlgebra
