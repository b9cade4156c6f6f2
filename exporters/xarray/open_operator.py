#!/usr/bin/python3
"""Open a NonlocalKit operator file with xarray: rebuild the sparse matrix from the
ESMF/SCRIP weight variables, and get plot-ready coordinates and solution vectors.

    python3 open_operator.py operator.nc

The file comes from `nonlocal assemble MODEL.json --grid GRID --rhs-constant 1 --solve -o operator.nc`.
On a 1-D grid the solution is a DataArray over x; on a 2-D grid (the disk) over the unknowns,
with x and y as coordinates.

Exit status (exporters/export_contents.py):
    0  the matrix was rebuilt and described. With `surrogate_solution` it is given as a DataArray
       and, with `rhs`, checked to solve the stored system. When the file lacks the solution, the
       right-hand side or the coordinates (xc_b, yc_b), what is there is used (the right-hand side
       as the DataArray, the unknowns' numbers instead of x) and one line on standard error says
       what is missing, e.g. "operator.nc holds no surrogate_solution or rhs: assemble with
       --rhs-constant 1 --solve for the solution as a DataArray; described the matrix only".
    1  the file is missing, is not NetCDF, or holds no sparse operator (no row/col/S variables,
       e.g. a dense reference); one line on standard error.
    2  the stored solution does not solve the stored system, or 1-D coordinates do not increase.
"""
import os
import sys

import numpy as np
import scipy.sparse
import xarray as xr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from export_contents import (  # noqa: E402
    ASSEMBLE, ASSEMBLE_WITH_VECTORS, CheckFailed, Unusable, library_reason, netcdf_layout, note, require_netcdf, run,
    with_extension)


def open_dataset(path):
    how = ASSEMBLE.format(path=with_extension(path, ".nc"))
    require_netcdf(path, how)
    try:
        ds = xr.open_dataset(path)
    except (ValueError, OSError) as error:  # no backend recognizes the file / netCDF-C refuses it
        raise Unusable(f"{path} cannot be opened as NetCDF ({library_reason(error, line=0)}): write it again with {how}") \
            from None
    layout = netcdf_layout({name: variable.dims for name, variable in ds.variables.items()})
    if layout != "sparse":
        kind = "a dense matrix file (read it with exporters/scipy/dense_reference.py)" if layout == "dense" \
            else f"no sparse operator (variables: {', '.join(map(str, ds.variables)) or 'none'})"
        raise Unusable(f"{path} holds no row, col and S variables: it is {kind}; write an operator with {how}")
    return ds


def sparse_matrix(ds):
    """A = coo((S, (row - start_index, col - start_index))), mirrored when stored as a lower triangle."""
    base = ds["row"].attrs.get("start_index", 1)
    rows, cols = ds["row"].values - base, ds["col"].values - base
    shape = (int(ds.attrs.get("rows", rows.max(initial=-1) + 1)),  # xarray drops n_a: no variable uses it
             int(ds.attrs.get("columns", cols.max(initial=-1) + 1)))
    a = scipy.sparse.coo_matrix((ds["S"].values, (rows, cols)), shape=shape).tocsr()
    if ds.attrs.get("symmetry") == "symmetric" or ds.attrs.get("storage") == "lower":
        a = a + scipy.sparse.tril(a, k=-1).T
    return a.tocsr()


def on_the_grid(ds, values, name):
    """Plot-ready: values as a DataArray over x (1-D grids), or over the unknowns with x, y (2-D)."""
    if "xc_b" not in ds.variables:
        return xr.DataArray(values, dims="unknown", name=name)
    x = ds["xc_b"].values
    y = ds["yc_b"].values if "yc_b" in ds.variables else np.zeros_like(x)
    if not np.any(y):
        return xr.DataArray(values, coords={"x": x}, dims="x", name=name)
    return xr.DataArray(values, coords={"x": ("unknown", x), "y": ("unknown", y)}, dims="unknown", name=name)


def main(path):
    with open_dataset(path) as ds:
        a = sparse_matrix(ds)
        print(ds.attrs.get("family", "?"), "kernel on", ds.attrs.get("grid", "?"), f": {a.shape[0]} unknowns, {a.nnz} nonzeros")
        missing = [name for name in ("surrogate_solution", "rhs") if name not in ds.variables]
        if "xc_b" not in ds.variables:
            missing.append("coordinates (xc_b, yc_b)")
        shown = "surrogate_solution" if "surrogate_solution" in ds.variables else "rhs" if "rhs" in ds.variables else None
        if shown:
            field = on_the_grid(ds, ds[shown].values, "u" if shown == "surrogate_solution" else "f")
            where = " and ".join(f"{axis} from {field[axis].values.min():.3f} to {field[axis].values.max():.3f}"
                                 for axis in ("x", "y") if axis in field.coords) or f"unknowns 0 to {field.size - 1}"
            print(f"{field.name} = {shown} over {where}, max {field.name} = {float(field.max()):.6f}")
            if "x" in field.dims and not np.all(np.diff(field.x.values) > 0):
                raise CheckFailed(f"{path}: the 1-D coordinates xc_b do not increase")
        if "surrogate_solution" in ds.variables and "rhs" in ds.variables:
            rhs = ds["rhs"].values
            residual = np.linalg.norm(a @ ds["surrogate_solution"].values - rhs) / np.linalg.norm(rhs)
            print(f"|A u - rhs| / |rhs| = {residual:.2e}")
            if not residual < 1e-10:
                raise CheckFailed(f"{path}: the stored surrogate_solution does not solve the stored system "
                                  f"(relative residual {residual:.2e})")
        if missing:
            flags = ["--rhs-constant 1"] * ("rhs" in missing) + ["--solve"] * ("surrogate_solution" in missing)
            how = f"assemble with {' '.join(flags)}" if flags else "write it with nonlocal assemble, which stores them"
            done = [f"gave {shown} as the DataArray" if shown else "described the matrix only"]
            if "xc_b" not in ds.variables and shown:
                done.append("indexed by unknown instead of x")
            note(f"{path} holds no {' or '.join(missing)}: {how} (e.g. {ASSEMBLE_WITH_VECTORS.format(path=path)}); "
                 f"{', '.join(done)}")

if __name__ == "__main__":
    run(main, "open_operator.py operator.nc", 1)
