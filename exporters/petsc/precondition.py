#!/usr/bin/python3
"""Use a NonlocalKit surrogate as the preconditioning matrix of a system NonlocalKit wrote:
KSPSetOperators(ksp, A, P) with CG and PCCHOLESKY through CHOLMOD, and print the iterations.

    PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \\
    python3 precondition.py system.petsc surrogate.petsc [max_iterations | row.json NAME]
    mpiexec -n 2 python3 precondition.py ...      (the same on 2 ranks; as root add --allow-run-as-root)

On several MPI ranks A and P are loaded on PETSC_COMM_WORLD, each rank holding a block of rows (a
dense A as MATMPIDENSE, so the dense product runs in parallel), and CG runs in parallel. CHOLMOD
is serial, so there the preconditioner is PCREDUNDANT: every rank gathers the sparse P and factors
it with CHOLMOD itself. We chose it over the scalable alternatives because it applies exactly the
preconditioner P^-1 that the surrogate is and that NonlocalKit measured, so the iteration count
must not change with the rank count (the check below holds as it does on one rank), and P is
sparse and banded enough to factor whole (that is the point of a compactly supported surrogate);
what is parallel is the expensive part, the dense A. Block Jacobi with Cholesky blocks
(PCBJACOBI) would drop P's couplings across ranks and GAMG would approximate P^-1: both change
the iteration count, so neither could be checked against NonlocalKit's. When P itself no longer
fits one rank, use exporters/petsc/solve_parallel.py's CG + GAMG on P's system instead.
Only rank 0 prints.

system.petsc holds the matrix A (sparse AIJ, or dense as `nonlocal precondition --export-row`
and `nonlocal reference` write it) and its right-hand side b; surrogate.petsc holds P, sparse.
CG stops at ||b - Ax|| <= 1e-10 ||b|| (the unpreconditioned residual, as NonlocalKit's PCG).
With row.json (from `nonlocal precondition --export-row`) and a preconditioner NAME (learned,
truncated) the iteration count must be within 1 of the one NonlocalKit measured.

b is the Vec named `rhs` in system.petsc.info (PETSc's MATLAB-format names, which NonlocalKit
writes; see exporters/export_contents.py); in a file without names, the first Vec after the
matrix (NonlocalKit writes the right-hand side first). The loaded Vec is given its name.

Exit status (exporters/export_contents.py):
    0  CG converged (within the expected iterations, when given). When system.petsc holds no
       right-hand side, CG solves A x = 1 (the right-hand side `nonlocal assemble --rhs-constant 1`
       and `nonlocal precondition` use) and one line on standard error says so: "system.petsc
       holds no right-hand side after its matrix: solved A x = 1 instead; ...".
    1  a file is missing or is not what is needed: not PETSc binary (or truncated), no Mat first,
       P dense (CHOLMOD factors sparse matrices only), A and P of different sizes, row.json
       missing or without a row for NAME. One line on standard error.
    2  CG did not converge, or took more iterations than expected.
"""
import json
import os
import sys

import petsc4py

petsc4py.init()
from petsc4py import PETSc  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from export_contents import (  # noqa: E402
    ASSEMBLE, CheckFailed, Unusable, library_reason, note, petsc_objects, petsc_vector_names, require_file, run,
    with_extension)

COMM = PETSc.COMM_WORLD
RANK0 = COMM.getRank() == 0


def say(line):
    """Prints a result line once: on rank 0 only."""
    if RANK0:
        print(line)


def load(path, role, sparse=False):
    """(Mat, {name: Vec}, how the right-hand side was found or None): the Mat loaded as dense or AIJ,
    as stored; the Vecs named as path.info names them or, in a file without names, `rhs` the first."""
    how = ASSEMBLE.format(path=with_extension(path, ".petsc"))
    require_file(path, how)
    objects = petsc_objects(path, how)
    if objects[0].kind != "Mat":
        raise Unusable(f"{path} starts with a {objects[0].kind}, not the matrix {role}: write it with {how}")
    if sparse and objects[0].dense:
        raise Unusable(f"{path} holds a dense Mat: the preconditioner {role} must be sparse (AIJ) for CHOLMOD; "
                       f"write it with {how}")
    vector_count = sum(o.kind == "Vec" for o in objects)
    names, why_unnamed = petsc_vector_names(path, vector_count)
    viewer = PETSc.Viewer().createBinary(path, "r", comm=COMM)
    matrix = PETSc.Mat().create(comm=COMM)
    matrix.setType("dense" if objects[0].dense else "aij")  # the dense binary layout loads only into a dense Mat
    vectors, found = {}, None
    try:
        matrix.load(viewer)
        position = 0
        for o in objects[1:]:
            if o.kind != "Vec":
                break  # an IS or a second Mat: the vectors of an operator file come right after the matrix
            vector = matrix.createVecLeft()  # the matrix's row layout on every rank
            vector.load(viewer)
            name = names[position] if names else ("rhs" if position == 0 else f"vector_{position}")
            if name:
                vector.setName(name)
                vectors.setdefault(name, vector)
            position += 1
    except PETSc.Error as error:  # petsc_objects checked the layout: this is PETSc refusing the values
        raise Unusable(f"PETSc cannot load {path} ({library_reason(error)}): write it again with {how}") from None
    if "rhs" in vectors:
        found = f"Vec 'rhs', named in {os.path.basename(path)}.info" if names else \
            f"the first Vec after the matrix ({why_unnamed})"
    return matrix, vectors, found


def solve(a, b, p):
    ksp = PETSc.KSP().create(comm=COMM)
    ksp.setOperators(a, p)            # A defines the system, P builds the preconditioner
    ksp.setType("cg")
    ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
    ksp.setTolerances(rtol=1e-10)
    pc = ksp.getPC()
    if COMM.getSize() == 1:
        pc.setType("cholesky")            # factor P exactly ...
        pc.setFactorSolverType("cholmod")  # ... with SuiteSparse CHOLMOD
    else:
        p.setOption(PETSc.Mat.Option.SYMMETRIC, True)  # CHOLMOD's Cholesky of an AIJ matrix needs it said
        pc.setType("redundant")  # every rank gathers P and factors it whole with CHOLMOD (see the docstring)
        options = PETSc.Options()
        options["redundant_pc_type"] = "cholesky"
        options["redundant_pc_factor_mat_solver_type"] = "cholmod"
        pc.setFromOptions()
    x = a.createVecRight()
    ksp.solve(b, x)
    return ksp.getIterationNumber(), ksp.getConvergedReason(), x


def expected_iterations(expectation):
    """None, an upper bound (max_iterations), or NonlocalKit's count from row.json for NAME."""
    if len(expectation) == 1:
        try:
            return ("at most", int(expectation[0]))
        except ValueError:
            raise Unusable(f"max_iterations must be a whole number, not '{expectation[0]}'") from None
    if len(expectation) == 2:
        row_path, name = expectation
        how = "nonlocal precondition --export-row H,DELTA --export-dir DIR"
        require_file(row_path, how)
        try:
            with open(row_path) as f:
                rows = json.load(f)
            measured = [row["iterations"] for row in rows if row.get("preconditioner") == name]
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise Unusable(f"{row_path} is not a row file of nonlocal precondition ({error}): write it with {how}") from None
        if not measured:
            raise Unusable(f"{row_path} has no row for the preconditioner '{name}' (it has "
                           f"{', '.join(sorted({str(row.get('preconditioner')) for row in rows})) or 'none'})")
        return ("within 1 of", measured[0])
    return None


def main(system_path, surrogate_path, *expectation):
    if len(expectation) > 2:
        raise Unusable("usage: precondition.py system.petsc surrogate.petsc [max_iterations | row.json NAME]")
    expected = expected_iterations(expectation)
    a, vectors, found = load(system_path, "A")
    p, _, _ = load(surrogate_path, "P", sparse=True)
    if a.getSize() != p.getSize() or a.getSize()[0] != a.getSize()[1]:
        raise Unusable(f"A in {system_path} is {a.getSize()[0]} x {a.getSize()[1]}, P in {surrogate_path} is "
                       f"{p.getSize()[0]} x {p.getSize()[1]}: they must be square and of one size (one grid)")
    b = vectors.get("rhs")
    if b is None:
        b = a.createVecLeft()
        b.set(1.0)
        b.setName("rhs")
    elif b.getSize() != a.getSize()[0]:
        raise Unusable(f"{system_path}: the right-hand side has {b.getSize()} entries, A has {a.getSize()[0]} rows")
    iterations, reason, x = solve(a, b, p)
    r = b.duplicate()
    a.mult(x, r)
    r.axpy(-1.0, b)
    kind = "dense" if a.getType() in ("seqdense", "mpidense") else "sparse"
    nonzeros = p.getInfo(PETSc.Mat.InfoType.GLOBAL_SUM)["nz_used"]  # collective: every rank calls it
    relative_residual = r.norm() / b.norm()
    ranks = "" if COMM.getSize() == 1 else f" on {COMM.getSize()} ranks (P factored redundantly)"
    say(f"CG on A ({a.getSize()[0]} unknowns, {kind}) preconditioned by P ({nonzeros:.0f} nonzeros){ranks}: "
        f"{iterations} iterations, reason {reason}, |Ax - b|/|b| = {relative_residual:.2e}")
    if found:
        say(f"b = {found}")
    if reason <= 0:
        raise CheckFailed(f"CG did not converge (reason {reason}) in {iterations} iterations")
    if expected and expected[0] == "at most" and iterations > expected[1]:
        raise CheckFailed(f"CG took {iterations} iterations, expected at most {expected[1]}")
    if expected and expected[0] == "within 1 of":
        if abs(iterations - expected[1]) > 1:
            raise CheckFailed(f"PETSc took {iterations} iterations, NonlocalKit {expected[1]}")
        say(f"NonlocalKit measured {expected[1]} iterations for this row: within 1")
    if not found and RANK0:
        others = f" (its Vecs: {', '.join(sorted(vectors))})" if vectors else ""
        note(f"{system_path} holds no right-hand side after its matrix{others}: solved A x = 1 instead; assemble with "
             "--rhs-constant 1 (or nonlocal precondition --export-row) to store one")


if __name__ == "__main__":
    run(main, "precondition.py system.petsc surrogate.petsc [max_iterations | row.json NAME]", 2, 4, speaks=RANK0)
