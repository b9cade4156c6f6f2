#!/usr/bin/python3
"""Load a NonlocalKit operator into scipy.sparse from MatrixMarket and from NetCDF, check the
two are the same matrix, solve the stored right-hand side, and compare with the surrogate
solution NonlocalKit stored next to it.

    python3 load_and_solve.py operator.mtx operator.nc
"""
import sys

import netCDF4
import numpy as np
import scipy.io
import scipy.sparse
import scipy.sparse.linalg


def load_netcdf(path):
    """The ESMF/SCRIP weight layout: A[row - 1, col - 1] = S; symmetric storage holds the lower triangle."""
    with netCDF4.Dataset(path) as nc:
        base = nc["row"].start_index
        rows, cols = nc["row"][:] - base, nc["col"][:] - base
        shape = (nc.dimensions["n_b"].size, nc.dimensions["n_a"].size)
        a = scipy.sparse.coo_matrix((nc["S"][:], (rows, cols)), shape=shape).tocsr()
        if nc.symmetry == "symmetric":
            a = a + scipy.sparse.tril(a, k=-1).T  # mirror the strictly lower triangle
        vectors = {name: nc[name][:] for name in ("rhs", "surrogate_solution") if name in nc.variables}
        metadata = {key: nc.getncattr(key) for key in nc.ncattrs()}
    return a.tocsr(), vectors, metadata


def main(mtx_path, nc_path):
    from_mtx = scipy.sparse.csr_matrix(scipy.io.mmread(mtx_path))  # symmetric files come back whole
    from_nc, vectors, metadata = load_netcdf(nc_path)
    difference = abs(from_mtx - from_nc).max()
    print(f"{metadata.get('family', '?')} kernel, delta = {metadata.get('delta')}, h = {metadata.get('h')}: "
          f"{from_nc.shape[0]} unknowns, {from_nc.nnz} nonzeros; max |A_mtx - A_nc| = {difference}")
    assert difference == 0, "MatrixMarket and NetCDF exports differ"

    x = scipy.sparse.linalg.spsolve(from_nc.tocsc(), vectors["rhs"])
    error = np.linalg.norm(x - vectors["surrogate_solution"]) / np.linalg.norm(vectors["surrogate_solution"])
    residual = np.linalg.norm(from_nc @ x - vectors["rhs"]) / np.linalg.norm(vectors["rhs"])
    print(f"scipy spsolve: residual {residual:.2e}, relative difference from NonlocalKit's solution {error:.2e}")
    assert residual < 1e-10 and error < 1e-10, "SciPy's solution disagrees with NonlocalKit's"


if __name__ == "__main__":
    main(*sys.argv[1:3])
