#!/usr/bin/python3
"""Open a NonlocalKit operator file with xarray: rebuild the sparse matrix from the
ESMF/SCRIP weight variables, and get plot-ready coordinates and solution vectors.

    python3 open_operator.py operator.nc
"""
import sys

import numpy as np
import scipy.sparse
import xarray as xr


def sparse_matrix(ds):
    """A = coo((S, (row - start_index, col - start_index))), mirrored when stored as a lower triangle."""
    base = ds["row"].attrs["start_index"]
    a = scipy.sparse.coo_matrix(
        (ds["S"].values, (ds["row"].values - base, ds["col"].values - base)),
        shape=(int(ds.attrs["rows"]), int(ds.attrs["columns"])),  # xarray drops n_a: no variable uses it
    ).tocsr()
    if ds.attrs["symmetry"] == "symmetric":
        a = a + scipy.sparse.tril(a, k=-1).T
    return a.tocsr()


def main(path):
    ds = xr.open_dataset(path)
    a = sparse_matrix(ds)
    # Plot-ready: the solution as a DataArray indexed by the x coordinate of each unknown.
    solution = xr.DataArray(ds["surrogate_solution"].values, coords={"x": ds["xc_b"].values}, dims="x", name="u")
    print(ds.attrs.get("family"), "kernel on", ds.attrs.get("grid"), f": {a.shape[0]} unknowns, {a.nnz} nonzeros")
    print(f"u from x = {solution.x.values.min():.3f} to {solution.x.values.max():.3f}, max u = {float(solution.max()):.6f}")
    residual = np.linalg.norm(a @ solution.values - ds["rhs"].values) / np.linalg.norm(ds["rhs"].values)
    print(f"|A u - rhs| / |rhs| = {residual:.2e}")
    assert residual < 1e-10, "the stored solution does not solve the stored system"
    assert np.all(np.diff(solution.x.values) > 0), "1D coordinates should increase"


if __name__ == "__main__":
    main(sys.argv[1])
