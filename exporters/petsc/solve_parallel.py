#!/usr/bin/python3
"""Solve a system NonlocalKit exported, on as many MPI ranks as you start, with CG and algebraic
multigrid (PCGAMG), and check the answer against the CHOLMOD solution stored beside it.

    PETSC_DIR=/usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real \\
    mpiexec -n 2 python3 solve_parallel.py system.petsc [rtol]

(as root, OpenMPI also wants --allow-run-as-root; -q keeps mpiexec's own notices off standard
error). system.petsc is what `nonlocal assemble MODEL.json --grid GRID --rhs-constant 1 --solve
-o system.petsc` writes: the sparse (AIJ) matrix A, the Vec `rhs` and the Vec `surrogate_solution`
CHOLMOD computed, named in system.petsc.info (exporters/export_contents.py reads the names).

MatLoad and VecLoad on PETSC_COMM_WORLD give each rank a contiguous block of rows, as PETSc
divides them by default. CG runs on A with GAMG built from A itself (smoothed aggregation; A is
marked symmetric positive definite, which it is: `nonlocal assemble` refuses a model whose
coercivity certificate fails). CHOLMOD is serial, so it cannot be the preconditioner here; GAMG is
PETSc's own parallel preconditioner for such operators, needs no extra package and no options,
and keeps the iteration count nearly independent of the size and of the number of ranks.
CG stops at ||b - Ax|| <= rtol ||b|| (the unpreconditioned residual, as NonlocalKit's PCG), rtol
1e-12 unless given: the 2-norm error is at most cond(A) times the relative residual, and CG's
error is much smaller than that bound on smooth right-hand sides; on the 10^6-unknown disk
surrogate of docs/EXPORTS.md rtol 1e-12 leaves a difference of 1.6e-13 (on the 5,013-unknown
disk of exporters/run.sh, rtol 1e-3 leaves 9e-6).
Then ||x - x_CHOLMOD|| / ||x_CHOLMOD|| <= 1e-8 is checked.

Only rank 0 prints: the rank count, the size, the iterations, the seconds of setup (GAMG's
hierarchy) and of the solve (the slowest rank's wall time), the residual and the difference.

Exit status (exporters/export_contents.py), the same on every rank:
    0  CG converged and the solution matches CHOLMOD's to 1e-8. When system.petsc holds no
       CHOLMOD solution, the residual alone is checked and one line on standard error says so;
       when it holds no right-hand side, CG solves A x = 1 (the right-hand side of
       `--rhs-constant 1`) and one line says so.
    1  the file is missing or not what is needed: not PETSc binary (or truncated), no Mat first,
       a dense Mat (GAMG needs AIJ), not square, vectors of another length, rtol not in (0, 1).
       One line on standard error.
    2  CG did not converge, or its solution differs from CHOLMOD's by more than 1e-8.
"""
import os
import sys

import petsc4py

petsc4py.init()
from petsc4py import PETSc  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from export_contents import (  # noqa: E402
    ASSEMBLE_WITH_VECTORS, CheckFailed, Unusable, library_reason, note, petsc_objects, petsc_vector_names,
    require_file, run, with_extension)

COMM = PETSc.COMM_WORLD
RANK0 = COMM.getRank() == 0
TOLERANCE = 1e-8  # the largest relative difference from CHOLMOD's solution accepted


def load_distributed(path):
    """(Mat, {name: Vec}): the AIJ matrix and its Vecs, each rank holding its block of rows.
    Every rank reads the headers (cheap) so that all of them raise the same Unusable."""
    how = ASSEMBLE_WITH_VECTORS.format(path=with_extension(path, ".petsc"))
    require_file(path, how)
    objects = petsc_objects(path, how)
    if objects[0].kind != "Mat":
        raise Unusable(f"{path} starts with a {objects[0].kind}, not the matrix A: write it with {how}")
    if objects[0].dense:
        raise Unusable(f"{path} holds a dense Mat: CG with GAMG needs a sparse (AIJ) operator; write it with {how}")
    if objects[0].rows != objects[0].columns:
        raise Unusable(f"{path}: A is {objects[0].rows} x {objects[0].columns}, not square: write it with {how}")
    vectors_in_file = []
    for o in objects[1:]:
        if o.kind != "Vec":
            break  # an IS or a second Mat: the vectors of an operator file come right after the matrix
        vectors_in_file.append(o)
    for o in vectors_in_file:
        if o.rows != objects[0].rows:
            raise Unusable(f"{path}: a Vec of {o.rows} entries follows a {objects[0].rows} x {objects[0].rows} "
                           f"matrix: write it again with {how}")
    names, _ = petsc_vector_names(path, sum(o.kind == "Vec" for o in objects))
    viewer = PETSc.Viewer().createBinary(path, "r", comm=COMM)
    matrix = PETSc.Mat().create(comm=COMM)
    matrix.setType("aij")
    vectors = {}
    try:
        matrix.load(viewer)
        for position in range(len(vectors_in_file)):
            vector = matrix.createVecLeft()  # the matrix's row layout, so no scatter is needed
            vector.load(viewer)
            name = names[position] if names else ("rhs" if position == 0 else None)
            if name:
                vector.setName(name)
                vectors.setdefault(name, vector)
    except PETSc.Error as error:  # petsc_objects checked the layout: this is PETSc refusing the values
        raise Unusable(f"PETSc cannot load {path} ({library_reason(error)}): write it again with {how}") from None
    finally:
        viewer.destroy()
    return matrix, vectors


def timed(action):
    """The wall seconds of action() on the slowest rank."""
    COMM.barrier()
    start = PETSc.Log.getTime()
    action()
    return max_over_ranks(PETSc.Log.getTime() - start)


def max_over_ranks(value):
    """The largest of one number from every rank (a Vec with one entry per rank; no mpi4py needed)."""
    gather = PETSc.Vec().createMPI((1, COMM.getSize()), comm=COMM)
    gather.setValue(COMM.getRank(), value)
    gather.assemble()
    return gather.max()[1]


def main(system_path, rtol_text="1e-12"):
    try:
        rtol = float(rtol_text)
    except ValueError:
        raise Unusable(f"rtol must be a number, not '{rtol_text}'") from None
    if not 0 < rtol < 1:
        raise Unusable(f"rtol must lie in (0, 1), not {rtol_text}")
    a, vectors = load_distributed(system_path)
    a.setOption(PETSc.Mat.Option.SYMMETRIC, True)
    a.setOption(PETSc.Mat.Option.SPD, True)
    b = vectors.get("rhs")
    if b is None:
        b = a.createVecLeft()
        b.set(1.0)
    reference = vectors.get("surrogate_solution")

    ksp = PETSc.KSP().create(comm=COMM)
    ksp.setOperators(a)
    ksp.setType("cg")
    ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
    ksp.setTolerances(rtol=rtol, atol=0.0, max_it=10000)
    ksp.getPC().setType("gamg")
    x = a.createVecRight()
    try:
        setup_seconds = timed(ksp.setUp)
        solve_seconds = timed(lambda: ksp.solve(b, x))
    except PETSc.Error as error:
        raise CheckFailed(f"PETSc failed in CG with GAMG on {system_path} ({library_reason(error)})") from None
    iterations, reason = ksp.getIterationNumber(), ksp.getConvergedReason()
    r = b.duplicate()
    a.mult(x, r)
    r.axpy(-1.0, b)
    residual = r.norm() / b.norm()
    difference = None
    if reference is not None:
        d = x.duplicate()
        d.waxpy(-1.0, reference, x)
        difference = d.norm() / reference.norm()
    nonzeros = a.getInfo(PETSc.Mat.InfoType.GLOBAL_SUM)["nz_used"]  # collective: every rank calls it
    if RANK0:
        print(f"CG + GAMG on {COMM.getSize()} rank{'s' if COMM.getSize() > 1 else ''}: A {a.getSize()[0]:,} unknowns, "
              f"{nonzeros:,.0f} nonzeros; {iterations} iterations, reason {reason}, "
              f"setup {setup_seconds:.2f} s, solve {solve_seconds:.2f} s, |Ax - b|/|b| = {residual:.2e}"
              + ("" if difference is None else f", |x - x_CHOLMOD|/|x_CHOLMOD| = {difference:.2e}"))
    if reason <= 0:
        raise CheckFailed(f"CG with GAMG did not converge (reason {reason}) in {iterations} iterations")
    if difference is not None and not difference <= TOLERANCE:
        raise CheckFailed(f"CG's solution differs from CHOLMOD's by {difference:.2e} (relative), more than "
                          f"{TOLERANCE:g}: pass a smaller rtol than {rtol:g}")
    missing = [name for name in ("rhs", "surrogate_solution") if name not in vectors]
    if missing and RANK0:
        what = " and ".join(missing)
        done = "solved A x = 1 and checked the residual only" if "rhs" in missing else "checked the residual only"
        note(f"{os.path.basename(system_path)} holds no {what}: {done}; assemble with --rhs-constant 1 --solve")


if __name__ == "__main__":
    run(main, "mpiexec -n RANKS python3 solve_parallel.py system.petsc [rtol]", 1, 2, speaks=RANK0)
