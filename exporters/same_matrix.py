#!/usr/bin/python3
"""Check that SciPy (MatrixMarket), netCDF4-python (NetCDF) and petsc4py (PETSc binary) load
one NonlocalKit export as the same matrix, to the last bit (max abs difference 0).

    python3 same_matrix.py op.mtx op.nc op.petsc
"""
import os
import sys

import petsc4py

petsc4py.init()
import scipy.io  # noqa: E402
import scipy.sparse  # noqa: E402
from petsc4py import PETSc  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "scipy"))
from load_and_solve import load_netcdf  # noqa: E402


def load_petsc(path):
    a = PETSc.Mat().load(PETSc.Viewer().createBinary(path, "r"))
    indptr, indices, values = a.getValuesCSR()
    return scipy.sparse.csr_matrix((values, indices, indptr), shape=a.getSize())


mtx = scipy.sparse.csr_matrix(scipy.io.mmread(sys.argv[1]))
nc, _, _ = load_netcdf(sys.argv[2])
petsc = load_petsc(sys.argv[3])
for name, other in (("NetCDF", nc), ("PETSc", petsc)):
    difference = abs(mtx - other).max()
    print(f"max |A_mtx - A_{name}| = {difference} ({other.nnz} nonzeros)")
    assert difference == 0 and other.nnz == mtx.nnz, f"the {name} export differs from the MatrixMarket one"
