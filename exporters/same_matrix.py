#!/usr/bin/python3
"""Check that SciPy (MatrixMarket), netCDF4-python (NetCDF) and petsc4py (PETSc binary) load
one NonlocalKit export as the same matrix, to the last bit (max abs difference 0), and the same
vectors (rhs, surrogate_solution, ...) when the export has them.

    python3 same_matrix.py op.mtx op.nc op.petsc

The files come from `nonlocal assemble MODEL.json --grid GRID [--rhs-constant 1 --solve] -o op.EXT`.
The vectors are the NetCDF file's variables on the unknowns, the MatrixMarket side files
op.NAME.mtx, and the PETSc file's Vecs: found by name in op.petsc.info (PETSc's MATLAB-format
names, which NonlocalKit writes), or else in the documented order, rhs first, then by name
(exporters/export_contents.py).

Exit status (exporters/export_contents.py):
    0  the three matrices, and every vector found in more than one format, are identical. When the
       export holds no vectors, or a format lacks some (a side file not copied, a PETSc file
       without them), what is there is compared and one line on standard error says what is
       missing, e.g. "op.mtx, op.nc and op.petsc hold no vectors: compared the matrix only; ...".
    1  a file is missing or is not a sparse operator of its format (a dense array or matrix, a
       truncated or foreign file); one line on standard error.
    2  the exports differ.
"""
import os
import sys

import numpy as np
import petsc4py

petsc4py.init()
import scipy.io  # noqa: E402
import scipy.sparse  # noqa: E402
from petsc4py import PETSc  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "scipy"))
from export_contents import (  # noqa: E402
    ASSEMBLE, ASSEMBLE_WITH_VECTORS, CheckFailed, Unusable, documented_order, library_reason, note, petsc_objects,
    petsc_vector_names, require_file, run, with_extension)
from load_and_solve import load_matrix_market, load_netcdf  # noqa: E402


def load_petsc(path):
    """The Mat (sparse) as scipy CSR, and the Vecs after it as (name or None, array), names from path.info."""
    how = ASSEMBLE.format(path=with_extension(path, ".petsc"))
    require_file(path, how)
    objects = petsc_objects(path, how)
    if objects[0].kind != "Mat" or objects[0].dense:
        kind = "a dense Mat (compare a dense reference with exporters/scipy/dense_reference.py)" \
            if objects[0].kind == "Mat" else f"a {objects[0].kind}"
        raise Unusable(f"{path} starts with {kind}, not a sparse operator: write one with {how}")
    vector_count = 0
    while vector_count + 1 < len(objects) and objects[vector_count + 1].kind == "Vec":
        vector_count += 1
    names, why_unnamed = petsc_vector_names(path, vector_count)
    try:
        viewer = PETSc.Viewer().createBinary(path, "r", comm=PETSc.COMM_SELF)
        a = PETSc.Mat().create(comm=PETSc.COMM_SELF)
        a.setType("aij")
        a.load(viewer)
        vectors = []
        for position in range(vector_count):
            vector = PETSc.Vec().create(comm=PETSc.COMM_SELF)
            vector.load(viewer)
            vectors.append((names[position] if names else None, vector.getArray().copy()))
    except PETSc.Error as error:
        raise Unusable(f"PETSc cannot load {path} ({library_reason(error)}): write it again with {how}") from None
    indptr, indices, values = a.getValuesCSR()
    return scipy.sparse.csr_matrix((values, indices, indptr), shape=a.getSize()), vectors, why_unnamed


def side_file_vectors(mtx_path, names):
    """The MatrixMarket side files stem.NAME.mtx that exist, as 1-D arrays."""
    stem = mtx_path[:-len(".mtx")] if mtx_path.endswith(".mtx") else mtx_path
    found = {}
    for name in names:
        side = f"{stem}.{name}.mtx"
        if os.path.isfile(side):
            try:
                found[name] = np.asarray(scipy.io.mmread(side)).ravel()
            except ValueError as error:
                raise Unusable(f"{side} is not a valid MatrixMarket file ({library_reason(error)})") from None
    return found


def identical(x, y):
    return x.shape == y.shape and np.array_equal(x.view(np.uint64), y.view(np.uint64))


def main(mtx_path, nc_path, petsc_path):
    mtx = load_matrix_market(mtx_path)
    nc, nc_vectors, _ = load_netcdf(nc_path)
    petsc, petsc_vectors, why_unnamed = load_petsc(petsc_path)
    for name, other in (("NetCDF", nc), ("PETSc", petsc)):
        if other.shape != mtx.shape:
            raise CheckFailed(f"the {name} export is {other.shape[0]} x {other.shape[1]}, the MatrixMarket one "
                              f"{mtx.shape[0]} x {mtx.shape[1]}: not exports of one operator")
        difference = abs(mtx - other).max() if mtx.nnz or other.nnz else 0.0
        print(f"max |A_mtx - A_{name}| = {difference} ({other.nnz} nonzeros)")
        if difference != 0 or other.nnz != mtx.nnz:
            raise CheckFailed(f"the {name} export differs from the MatrixMarket one")

    # The PETSc Vecs by name; without names, in the documented order of the NetCDF file's vectors.
    if any(name for name, _ in petsc_vectors):
        by_name, identified = {name: values for name, values in petsc_vectors if name}, "by name (.info)"
    else:
        order = documented_order(nc_vectors)
        by_name = {name: values for name, (_, values) in zip(order, petsc_vectors)}
        identified = f"by position, rhs first ({why_unnamed})"
        if len(petsc_vectors) > len(order):
            unnamed = len(petsc_vectors) - len(order)
            by_name.update({f"PETSc Vec {len(order) + k}": values for k, (_, values) in enumerate(petsc_vectors[len(order):])})
            print(f"{unnamed} PETSc Vecs have no name ({why_unnamed}) and no NetCDF vector to be matched with")
    names = documented_order(set(nc_vectors) | set(by_name))
    sources = {"NetCDF": nc_vectors, "MatrixMarket": side_file_vectors(mtx_path, names), "PETSc": by_name}
    lacking = {source: [] for source in sources}
    for name in names:
        holders = [(source, vectors[name]) for source, vectors in sources.items() if name in vectors]
        for source, vectors in sources.items():
            if name not in vectors:
                lacking[source].append(name)
        if len(holders) > 1:
            first_source, first = holders[0]
            for source, values in holders[1:]:
                if not identical(np.asarray(first, dtype=np.float64), np.asarray(values, dtype=np.float64)):
                    raise CheckFailed(f"{name} differs between the {first_source} and {source} exports")
            print(f"{name}: identical in {', '.join(source for source, _ in holders)}"
                  f"{' (PETSc Vec found ' + identified + ')' if 'PETSc' in dict(holders) else ''}")
    if not names:
        note(f"{mtx_path}, {nc_path} and {petsc_path} hold no vectors: compared the matrix only; assemble with "
             f"--rhs-constant 1 --solve to compare rhs and surrogate_solution too "
             f"(e.g. {ASSEMBLE_WITH_VECTORS.format(path=nc_path)})")
    elif any(lacking.values()):
        stem = mtx_path[:-len(".mtx")] if mtx_path.endswith(".mtx") else mtx_path
        what = "; ".join(
            f"there is no {', '.join(f'{stem}.{name}.mtx' for name in names)}" if source == "MatrixMarket"
            else f"{nc_path if source == 'NetCDF' else petsc_path} has no {', '.join(names)}"
            for source, names in lacking.items() if names)
        note(f"{what}: compared what each format holds; write all three with the same nonlocal assemble options")

if __name__ == "__main__":
    run(main, "same_matrix.py op.mtx op.nc op.petsc", 3)
