#!/usr/bin/python3
"""Load a NonlocalKit dense reference operator from NetCDF (xarray) and from PETSc binary
(petsc4py, as a MATDENSE Mat), check the two are the same matrix to the last bit, and solve
A x = 1 with both SciPy (LAPACK) and PETSc (KSP, dense LU), comparing the solutions.

    python3 dense_reference.py reference.nc reference.petsc

The files come from `nonlocal reference naive --order 0.75 --grid … -o reference.nc` (and -o reference.petsc),
or `OperatorMatrix.dense(A).write(to:)` in the Swift API. The NetCDF matrix is the only
2-D variable (`A(row, column)`); any file with one 2-D double variable works the same way.
Debian's petsc4py needs PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real.

Exit status (exporters/export_contents.py):
    0  the two files hold the same dense matrix, and SciPy's and PETSc's solutions agree. The
       recipe needs no stored vectors (it solves A x = 1), so nothing optional can be missing.
    1  a file is missing or is not a dense reference: the NetCDF file is not NetCDF, is a sparse
       operator (row/col/S, as `nonlocal assemble` writes: use load_and_solve.py) or has not exactly
       one 2-D variable; the PETSc file is not PETSc binary, does not start with a Mat, or holds a
       sparse (AIJ) Mat; the matrix is not square. One line on standard error, e.g.
       "op.nc is a sparse operator (row, col, S), not a dense reference: ...".
    2  the two files hold different matrices, or a solve is not accurate.
"""
import os
import sys

import numpy as np
import petsc4py
import scipy.linalg
import xarray as xr

petsc4py.init()
from petsc4py import PETSc  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from export_contents import (  # noqa: E402
    REFERENCE, CheckFailed, Unusable, library_reason, netcdf_layout, petsc_objects, require_file, require_netcdf,
    run, with_extension)


def load_netcdf(path):
    """The only 2-D variable of the file, as a NumPy array, and the file's global attributes."""
    how = REFERENCE.format(path=with_extension(path, ".nc"))
    require_netcdf(path, how)
    try:
        ds = xr.open_dataset(path)
    except (ValueError, OSError) as error:
        raise Unusable(f"{path} cannot be opened as NetCDF ({library_reason(error, line=0)}): write it again with {how}") \
            from None
    with ds:
        layout = netcdf_layout({name: variable.dims for name, variable in ds.variables.items()})
        if layout == "sparse":
            raise Unusable(f"{path} is a sparse operator (row, col, S), not a dense reference: load it with "
                           f"exporters/scipy/load_and_solve.py, or write a dense one with {how}")
        matrices = [name for name, variable in ds.data_vars.items() if variable.ndim == 2]
        if len(matrices) != 1:
            raise Unusable(f"{path} holds {len(matrices)} 2-D variables ({', '.join(matrices) or 'none'}), not one dense "
                           f"matrix: write a dense reference with {how}")
        return ds[matrices[0]].values.copy(), dict(ds.attrs)


def load_petsc(path):
    """The first Mat of the file, loaded as MATDENSE (the only type that reads the dense layout)."""
    how = REFERENCE.format(path=with_extension(path, ".petsc"))
    require_file(path, how)
    objects = petsc_objects(path, how)
    if objects[0].kind != "Mat":
        raise Unusable(f"{path} starts with a {objects[0].kind}, not a Mat: write a dense reference with {how}")
    if not objects[0].dense:
        raise Unusable(f"{path} holds a sparse (AIJ) Mat, not a dense one: write a dense reference with {how}")
    a = PETSc.Mat().create(comm=PETSc.COMM_SELF)
    a.setType("dense")
    try:
        a.load(PETSc.Viewer().createBinary(path, "r", comm=PETSc.COMM_SELF))
    except PETSc.Error as error:
        raise Unusable(f"PETSc cannot load {path} ({library_reason(error)}): write it again with {how}") from None
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
    if not identical:
        raise CheckFailed(f"{nc_path} and {petsc_path} hold different matrices")
    if a.shape[0] != a.shape[1]:
        raise Unusable(f"{nc_path} holds a {a.shape[0]} x {a.shape[1]} matrix: a reference operator is square")

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
    if not residual < 10 * n * epsilon:
        raise CheckFailed(f"SciPy's dense solve is not backward stable on {nc_path}'s matrix (backward error {residual:.1e})")
    if not difference < 1e-8:
        raise CheckFailed(f"PETSc's and SciPy's solutions differ by {difference:.1e} (relative)")


if __name__ == "__main__":
    run(main, "dense_reference.py reference.nc reference.petsc", 2)
