#!/usr/bin/python3
"""Load a NonlocalKit dense reference operator from NetCDF (xarray) and from PETSc binary
(petsc4py, as a MATDENSE Mat), check the two are the same matrix to the last bit, and solve
A x = 1 with both SciPy (LAPACK) and PETSc (KSP, dense LU), comparing the solutions.

    python3 dense_reference.py reference.nc reference.petsc

The files come from `nonlocal reference naive --order 0.75 --grid … -o reference.nc` (and -o reference.petsc),
or `OperatorMatrix.dense(A).write(to:)` in the Swift API. The NetCDF matrix is the only
2-D variable (`A(row, column)`); any file with one 2-D double variable works the same way.
Debian's petsc4py needs PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real.
"""
import sys

import numpy as np
import petsc4py
import scipy.linalg
import xarray as xr

petsc4py.init()
from petsc4py import PETSc  # noqa: E402


def load_netcdf(path):
    """The only 2-D variable of the file, as a NumPy array, and the file's global attributes."""
    with xr.open_dataset(path) as ds:
        matrices = [name for name, variable in ds.data_vars.items() if variable.ndim == 2]
        assert len(matrices) == 1, f"expected one 2-D variable, found {matrices}"
        return ds[matrices[0]].values.copy(), dict(ds.attrs)


def load_petsc(path):
    """The first Mat of the file, loaded as MATDENSE (the only type that reads the dense layout)."""
    a = PETSc.Mat().create(comm=PETSc.COMM_SELF)
    a.setType("dense")
    a.load(PETSc.Viewer().createBinary(path, "r", comm=PETSc.COMM_SELF))
    return a


def main(nc_path, petsc_path):
    a, attributes = load_netcdf(nc_path)
    mat = load_petsc(petsc_path)
    from_petsc = mat.getDenseArray().copy()
    identical = a.shape == from_petsc.shape and np.array_equal(a.view(np.uint64), from_petsc.view(np.uint64))
    n = a.shape[0]
    described = ", ".join(f"{key} = {attributes[key]}" for key in ("family", "s", "delta", "h") if key in attributes)
    print(f"dense reference {a.shape[0]} x {a.shape[1]}{' (' + described + ')' if described else ''}: "
          f"NetCDF and PETSc {'identical to the last bit' if identical else 'DIFFER'}")
    assert identical, "the NetCDF and PETSc exports differ"
    assert a.shape[0] == a.shape[1], "a reference operator is square"

    b = np.ones(n)
    x = scipy.linalg.solve(a, b)
    residual = np.linalg.norm(a @ x - b) / (np.linalg.norm(a, 1) * np.linalg.norm(x, 1))
    ksp = PETSc.KSP().create(comm=PETSc.COMM_SELF)
    ksp.setOperators(mat)
    ksp.setType("preonly")
    ksp.getPC().setType("lu")
    rhs, solution = mat.createVecs()
    rhs.set(1.0)
    ksp.solve(rhs, solution)
    difference = np.linalg.norm(solution.getArray() - x) / np.linalg.norm(x)
    print(f"scipy.linalg.solve: backward error {residual:.1e}; PETSc dense LU differs by {difference:.1e}")
    epsilon = np.finfo(float).eps
    assert residual < 10 * n * epsilon, "SciPy's dense solve is not backward stable on this matrix"
    assert difference < 1e-8, "PETSc's and SciPy's solutions disagree"


if __name__ == "__main__":
    main(*sys.argv[1:3])
