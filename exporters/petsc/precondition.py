#!/usr/bin/python3
"""Use a NonlocalKit surrogate as the preconditioning matrix of a system NonlocalKit wrote:
KSPSetOperators(ksp, A, P) with CG and PCCHOLESKY through CHOLMOD, and print the iterations.

    PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \
    python3 precondition.py system.petsc surrogate.petsc [max_iterations | row.json NAME]

system.petsc holds the matrix A (sparse AIJ, or dense as `nonlocal precondition --export-row`
and `nonlocal reference` write it) and its right-hand side b; surrogate.petsc holds P.
CG stops at ||b - Ax|| <= 1e-10 ||b|| (the unpreconditioned residual, as NonlocalKit's PCG).
With row.json (from `nonlocal precondition --export-row`) and a preconditioner NAME (learned,
truncated) the iteration count must be within 1 of the one NonlocalKit measured.
"""
import json
import struct
import sys

import petsc4py

petsc4py.init()
from petsc4py import PETSc  # noqa: E402

MATRIX_BINARY_FORMAT_DENSE = -1


def is_dense(path):
    """A PETSc binary Mat header: class id, rows, columns, nonzeros (-1 for a dense Mat)."""
    with open(path, "rb") as f:
        header = f.read(16)
    if len(header) < 16:
        sys.exit(f"{path}: not a PETSc binary file (shorter than a Mat header)")
    _, _, _, nonzeros = struct.unpack(">4i", header)
    return nonzeros == MATRIX_BINARY_FORMAT_DENSE


def load(path, with_vector):
    viewer = PETSc.Viewer().createBinary(path, "r", comm=PETSc.COMM_SELF)
    matrix = PETSc.Mat().create(comm=PETSc.COMM_SELF)
    matrix.setType("dense" if is_dense(path) else "aij")   # the dense binary layout loads only into a dense Mat
    matrix.load(viewer)
    vector = None
    if with_vector:
        try:
            vector = PETSc.Vec().create(comm=PETSc.COMM_SELF)
            vector.load(viewer)
        except PETSc.Error:
            sys.exit(f"{path} holds no right-hand side after its matrix; write the system with its vector "
                     "(nonlocal assemble --rhs-constant 1, or nonlocal precondition --export-row)")
    return matrix, vector


def solve(a, b, p):
    ksp = PETSc.KSP().create()
    ksp.setOperators(a, p)            # A defines the system, P builds the preconditioner
    ksp.setType("cg")
    ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
    ksp.setTolerances(rtol=1e-10)
    pc = ksp.getPC()
    pc.setType("cholesky")            # factor P exactly ...
    pc.setFactorSolverType("cholmod")  # ... with SuiteSparse CHOLMOD
    x = a.createVecRight()
    ksp.solve(b, x)
    return ksp.getIterationNumber(), ksp.getConvergedReason(), x


def main(system_path, surrogate_path, *expectation):
    a, b = load(system_path, with_vector=True)
    p, _ = load(surrogate_path, with_vector=False)
    iterations, reason, x = solve(a, b, p)
    r = b.duplicate()
    a.mult(x, r)
    r.axpy(-1.0, b)
    kind = "dense" if a.getType() == "seqdense" else "sparse"
    print(f"CG on A ({a.getSize()[0]} unknowns, {kind}) preconditioned by P ({p.getInfo()['nz_used']:.0f} nonzeros): "
          f"{iterations} iterations, reason {reason}, |Ax - b|/|b| = {r.norm() / b.norm():.2e}")
    assert reason > 0, "CG did not converge"
    if len(expectation) == 1:
        assert iterations <= int(expectation[0]), f"expected at most {expectation[0]} iterations"
    elif len(expectation) == 2:
        row_path, name = expectation
        rows = json.load(open(row_path))
        measured = [row["iterations"] for row in rows if row["preconditioner"] == name]
        assert measured, f"{row_path} has no row for the preconditioner '{name}'"
        assert abs(iterations - measured[0]) <= 1, f"PETSc took {iterations} iterations, NonlocalKit {measured[0]}"
        print(f"NonlocalKit measured {measured[0]} iterations for this row: within 1")


if __name__ == "__main__":
    main(*sys.argv[1:])
