#!/usr/bin/python3
"""Use a NonlocalKit surrogate as the preconditioning matrix of a system NonlocalKit wrote:
KSPSetOperators(ksp, A, P) with CG and PCCHOLESKY through CHOLMOD, and print the iterations.

    PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \
    python3 precondition.py system.petsc surrogate.petsc [max_iterations]

system.petsc holds the matrix A and its right-hand side b; surrogate.petsc holds P.
"""
import sys

import petsc4py

petsc4py.init()
from petsc4py import PETSc  # noqa: E402


def load(path, with_vector):
    viewer = PETSc.Viewer().createBinary(path, "r")
    matrix = PETSc.Mat().load(viewer)
    vector = PETSc.Vec().load(viewer) if with_vector else None
    return matrix, vector


def solve(a, b, p):
    ksp = PETSc.KSP().create()
    ksp.setOperators(a, p)            # A defines the system, P builds the preconditioner
    ksp.setType("cg")
    ksp.setTolerances(rtol=1e-10)
    pc = ksp.getPC()
    pc.setType("cholesky")            # factor P exactly ...
    pc.setFactorSolverType("cholmod")  # ... with SuiteSparse CHOLMOD
    x = a.createVecRight()
    ksp.solve(b, x)
    return ksp.getIterationNumber(), ksp.getConvergedReason(), x


def main(system_path, surrogate_path, max_iterations=None):
    a, b = load(system_path, with_vector=True)
    p, _ = load(surrogate_path, with_vector=False)
    iterations, reason, x = solve(a, b, p)
    r = b.duplicate()
    a.mult(x, r)
    r.axpy(-1.0, b)
    print(f"CG on A ({a.getSize()[0]} unknowns, {a.getInfo()['nz_used']:.0f} nonzeros) "
          f"preconditioned by the surrogate ({p.getInfo()['nz_used']:.0f} nonzeros): "
          f"{iterations} iterations, reason {reason}, |Ax - b|/|b| = {r.norm() / b.norm():.2e}")
    assert reason > 0, "CG did not converge"
    if max_iterations is not None:
        assert iterations <= int(max_iterations), f"expected at most {max_iterations} iterations"


if __name__ == "__main__":
    main(*sys.argv[1:4])
