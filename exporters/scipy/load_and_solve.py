#!/usr/bin/python3
"""Load a NonlocalKit operator into scipy.sparse from MatrixMarket and from NetCDF, check the
two are the same matrix, solve the stored right-hand side, and compare with the surrogate
solution NonlocalKit stored next to it.

    python3 load_and_solve.py operator.mtx operator.nc

Both files come from `nonlocal assemble MODEL.json --grid GRID --rhs-constant 1 --solve -o operator.mtx`
(and -o operator.nc); the vectors are needed only in the NetCDF file.

Exit status (exporters/export_contents.py):
    0  the two matrices are identical, and what the NetCDF file holds was used: with `rhs` and
       `surrogate_solution`, SciPy's solution matches NonlocalKit's. Without `rhs` the matrices
       are compared and described but not solved; with `rhs` but no `surrogate_solution` the
       stored system is solved and its residual checked. Either way one line on standard error
       says what is missing, e.g. "operator.nc holds no right-hand side: assemble with
       --rhs-constant 1 (and --solve for the stored solution); compared the matrices without solving".
    1  a file is missing or is not what is needed: not MatrixMarket (or a dense array, such as the
       side file operator.rhs.mtx), not NetCDF, or no sparse operator (no row/col/S variables, e.g.
       a dense reference); one line on standard error.
    2  the two exports differ, or SciPy's solution disagrees with the stored system or solution.
"""
import os
import sys

import netCDF4
import numpy as np
import scipy.io
import scipy.sparse
import scipy.sparse.linalg

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from export_contents import (  # noqa: E402
    ASSEMBLE, ASSEMBLE_WITH_VECTORS, CheckFailed, Unusable, library_reason, netcdf_layout, netcdf_vector_names,
    note, require_file, require_netcdf, run, starts_with, with_extension)


def load_matrix_market(path):
    """A sparse operator file (`coordinate`), whole: scipy.io.mmread mirrors symmetric storage."""
    how = ASSEMBLE.format(path=with_extension(path, ".mtx"))
    require_file(path, how)
    if not starts_with(path, b"%%MatrixMarket"):
        raise Unusable(f"{path} is not a MatrixMarket file (it does not start with %%MatrixMarket): write one with {how}")
    try:
        rows, columns, _, layout, _, _ = scipy.io.mminfo(path)
        if layout != "coordinate":
            raise Unusable(f"{path} holds a dense {rows} x {columns} array, not a sparse operator: pass the operator "
                           f"file, not a vector side file (stem.NAME.mtx), or write one with {how}")
        return scipy.sparse.csr_matrix(scipy.io.mmread(path))
    except (ValueError, OSError) as error:  # mminfo and mmread refuse a malformed file with ValueError
        raise Unusable(f"{path} is not a valid MatrixMarket file ({library_reason(error)}): write it again with {how}") \
            from None


def load_netcdf(path):
    """The ESMF/SCRIP weight layout: A[row - 1, col - 1] = S; symmetric storage holds the lower
    triangle. Returns the whole matrix, the vectors on the unknowns by name, and the global attributes."""
    how = ASSEMBLE.format(path=with_extension(path, ".nc"))
    require_netcdf(path, how)
    try:
        nc = netCDF4.Dataset(path)
    except OSError as error:  # netCDF-C: "NetCDF: Unknown file format", "HDF error"
        raise Unusable(f"{path} cannot be opened as NetCDF ({error.strerror or library_reason(error)}): "
                       f"write it again with {how}") from None
    with nc:
        dimensions_of = {name: variable.dimensions for name, variable in nc.variables.items()}
        layout = netcdf_layout(dimensions_of)
        if layout != "sparse":
            kind = "a dense matrix file (read it with exporters/scipy/dense_reference.py)" if layout == "dense" \
                else f"no sparse operator (variables: {', '.join(dimensions_of) or 'none'})"
            raise Unusable(f"{path} holds no row, col and S variables: it is {kind}; write an operator with {how}")
        metadata = {key: nc.getncattr(key) for key in nc.ncattrs()}
        base = getattr(nc["row"], "start_index", 1)
        rows, cols = np.asarray(nc["row"][:]) - base, np.asarray(nc["col"][:]) - base
        shape = (nc.dimensions["n_b"].size, nc.dimensions["n_a"].size) if {"n_a", "n_b"} <= set(nc.dimensions) \
            else (int(metadata.get("rows", rows.max(initial=-1) + 1)), int(metadata.get("columns", cols.max(initial=-1) + 1)))
        a = scipy.sparse.coo_matrix((np.asarray(nc["S"][:]), (rows, cols)), shape=shape).tocsr()
        if metadata.get("symmetry") == "symmetric" or metadata.get("storage") == "lower":
            a = a + scipy.sparse.tril(a, k=-1).T  # mirror the strictly lower triangle
        vectors = {name: np.asarray(nc[name][:]) for name in netcdf_vector_names(dimensions_of)}
    return a.tocsr(), vectors, metadata


def main(mtx_path, nc_path):
    from_mtx = load_matrix_market(mtx_path)
    from_nc, vectors, metadata = load_netcdf(nc_path)
    if from_mtx.shape != from_nc.shape:
        raise CheckFailed(f"{mtx_path} is {from_mtx.shape[0]} x {from_mtx.shape[1]}, {nc_path} is "
                          f"{from_nc.shape[0]} x {from_nc.shape[1]}: they are not exports of one operator")
    difference = abs(from_mtx - from_nc).max() if from_nc.nnz or from_mtx.nnz else 0.0
    print(f"{metadata.get('family', '?')} kernel, delta = {metadata.get('delta')}, h = {metadata.get('h')}: "
          f"{from_nc.shape[0]} unknowns, {from_nc.nnz} nonzeros; max |A_mtx - A_nc| = {difference}")
    if difference != 0:
        raise CheckFailed(f"{mtx_path} and {nc_path} differ (max |difference| = {difference})")

    if "rhs" not in vectors:
        note(f"{nc_path} holds no right-hand side: assemble with --rhs-constant 1 (and --solve for the stored "
             f"solution), e.g. {ASSEMBLE_WITH_VECTORS.format(path=nc_path)}; compared the matrices without solving")
        return
    if from_nc.shape[0] != from_nc.shape[1]:
        raise Unusable(f"{nc_path} holds a {from_nc.shape[0]} x {from_nc.shape[1]} matrix: only a square one can be solved")
    b = vectors["rhs"]
    x = scipy.sparse.linalg.spsolve(from_nc.tocsc(), b)
    residual = np.linalg.norm(from_nc @ x - b) / np.linalg.norm(b)
    if "surrogate_solution" not in vectors:
        print(f"scipy spsolve: residual {residual:.2e}")
    else:
        u = vectors["surrogate_solution"]
        error = np.linalg.norm(x - u) / np.linalg.norm(u)
        print(f"scipy spsolve: residual {residual:.2e}, relative difference from NonlocalKit's solution {error:.2e}")
        if not error < 1e-10:
            raise CheckFailed(f"SciPy's solution differs from {nc_path}'s surrogate_solution by {error:.2e} (relative)")
    if not residual < 1e-10:
        raise CheckFailed(f"SciPy's solution of {nc_path}'s system has a relative residual of {residual:.2e}")
    if "surrogate_solution" not in vectors:
        note(f"{nc_path} holds no surrogate_solution: assemble with --solve to compare SciPy's solution with "
             "NonlocalKit's; solved the stored right-hand side only")

if __name__ == "__main__":
    run(main, "load_and_solve.py operator.mtx operator.nc", 2)
