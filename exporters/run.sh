#!/usr/bin/env bash
# Runs every exporter recipe on files `nonlocal` writes, and fails if any check does.
#
#     NONLOCAL=path/to/nonlocal exporters/run.sh
#
# NONLOCAL is the binary that writes the files. Unset, it is the release build,
# .build/release/nonlocal, which is built (swift build -c release --product nonlocal) only when
# it is missing; a NONLOCAL that is not an executable file stops the script with one line.
# PYTHON is the Python with SciPy, netCDF4, xarray and petsc4py (default /usr/bin/python3, Debian's);
# PETSC_DIR defaults to /usr/lib/petsc, else Debian's PETSc 3.18. MPIEXEC (default mpiexec, Debian's
# OpenMPI from openmpi-bin) runs the PETSc recipes on 2 ranks as well.
#
# Each recipe runs on a complete export (vectors stored) and must exit 0 with nothing on standard
# error; then on an export written without vectors (no --rhs-constant, no --solve) in every format,
# and on files that are not what a recipe needs, where it must exit with its documented status
# (0: done with what is there, 1: cannot; exporters/export_contents.py), print exactly one line on
# standard error saying what is missing, and no Python traceback.
set -uo pipefail

if [ -n "${NONLOCAL:-}" ]; then
    case $NONLOCAL in
        */*) # relative to the caller's folder, before the cd below
            nonlocal=$NONLOCAL
            [ -d "$(dirname "$NONLOCAL")" ] && nonlocal=$(cd "$(dirname "$NONLOCAL")" && pwd)/$(basename "$NONLOCAL") ;;
        *) nonlocal=$(command -v "$NONLOCAL" || echo "$NONLOCAL") ;;
    esac
    cd "$(dirname "$0")/.."
else
    cd "$(dirname "$0")/.."
    nonlocal=$PWD/.build/release/nonlocal
    if [ ! -x "$nonlocal" ]; then
        echo "exporters/run.sh: building $nonlocal (set NONLOCAL=path/to/nonlocal to use another binary)" >&2
        "${SWIFT:-swift}" build -c release --product nonlocal >&2
    fi
fi
if [ ! -f "$nonlocal" ] || [ ! -x "$nonlocal" ]; then
    echo "exporters/run.sh: no nonlocal binary at $nonlocal: build it with swift build -c release --product nonlocal, or set NONLOCAL=path/to/nonlocal" >&2
    exit 1
fi
python="${PYTHON:-/usr/bin/python3}"
export PETSC_DIR="${PETSC_DIR:-$([ -d /usr/lib/petsc ] && echo /usr/lib/petsc || echo /usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real)}"
if ! "$python" -c "import scipy, netCDF4, xarray, petsc4py; petsc4py.init()" 2>/dev/null; then
    echo "exporters/run.sh: $python cannot import scipy, netCDF4, xarray and petsc4py (with PETSC_DIR=$PETSC_DIR): install python3-scipy, python3-netcdf4, python3-xarray and python3-petsc4py, or set PYTHON" >&2
    exit 1
fi
mpiexec="${MPIEXEC:-mpiexec}"
if ! command -v "$mpiexec" >/dev/null; then
    echo "exporters/run.sh: no $mpiexec to run the PETSc recipes on 2 ranks: install openmpi-bin, or set MPIEXEC" >&2
    exit 1
fi
# The launcher of the 2-rank runs. -q: mpiexec's own notices (that a rank exited with a non-zero
# status, which the recipes do on purpose with their documented statuses, 1 and 2) stay off standard
# error, where each recipe prints its one line; mpiexec still exits with the ranks' status, and a
# rank that crashes still fails the check. --oversubscribe: 2 ranks also on a 1-core machine.
# --allow-run-as-root: OpenMPI refuses root without it (make test runs as root in containers).
two_ranks=("$mpiexec" -q -n 2 --oversubscribe)
[ "$(id -u)" -eq 0 ] && two_ranks+=(--allow-run-as-root)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# write ARGUMENTS...: runs nonlocal ARGUMENTS, quietly; stops the script with one line if it fails.
write() {
    if ! "$nonlocal" "$@" >"$out/nonlocal.log" 2>&1; then
        echo "exporters/run.sh: nonlocal $* failed: $(tail -n 1 "$out/nonlocal.log")" >&2
        exit 1
    fi
}

passed=0 failed=0 launcher=() ranks=""
# expect STATUS PATTERN -- RECIPE ARGUMENTS...: runs the recipe and checks its exit status, that it
# printed no Python traceback, and that standard error is empty (PATTERN "") or exactly one line
# matching the extended regular expression PATTERN; a recipe that cannot do its job (status 1)
# prints nothing on standard output.
expect() {
    local status=$1 pattern=$2 code problem=""
    shift 3
    "${launcher[@]}" "$python" "$@" >"$out/stdout" 2>"$out/stderr"
    code=$?
    sed 's/^/    /' "$out/stdout"
    sed 's/^/    (stderr) /' "$out/stderr"
    local lines
    lines=$(grep -c '' "$out/stderr")
    if [ "$code" -ne "$status" ]; then
        problem="exit status $code, expected $status"
    elif grep -q "Traceback" "$out/stdout" "$out/stderr"; then
        problem="a Python traceback"
    elif [ -z "$pattern" ] && [ "$lines" -ne 0 ]; then
        problem="$lines lines on standard error, expected none"
    elif [ -n "$pattern" ] && [ "$lines" -ne 1 ]; then
        problem="$lines lines on standard error, expected one saying what is missing"
    elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$out/stderr"; then
        problem="standard error does not match /$pattern/"
    elif [ "$status" -eq 1 ] && [ -s "$out/stdout" ]; then
        problem="output on standard output although the recipe could not run"
    fi
    if [ -n "$problem" ]; then
        echo "  FAILED ($problem): $ranks$(basename "$1") ${*:2}"
        failed=$((failed + 1))
    else
        echo "  ok: $ranks$(basename "$1") ${*:2}"
        passed=$((passed + 1))
    fi
}

# expect_on_2_ranks STATUS PATTERN -- RECIPE ARGUMENTS...: expect, with the recipe started on 2 MPI
# ranks; the same checks hold for the whole job (the recipes print from rank 0 only).
expect_on_2_ranks() {
    launcher=("${two_ranks[@]}") ranks="(2 ranks) "
    expect "$@"
    launcher=() ranks=""
}

grid="interval:a=-1,b=1,h=0.01,delta=2"
# The surrogate: the fractional kernel truncated at δ = 0.25 (sparse), with f = 1 solved by CHOLMOD.
for extension in mtx nc petsc; do
    write assemble fixtures/kernels/fractional-truncated.json --grid "$grid" --rhs-constant 1 --solve -o "$out/surrogate.$extension"
    # The same operator without vectors: what a user gets from a plain `nonlocal assemble -o op.EXT`.
    write assemble fixtures/kernels/fractional-truncated.json --grid "$grid" -o "$out/op.$extension"
done
# The system: the same kernel over the whole interval (δ = 2: every pair of unknowns interacts).
write assemble fixtures/kernels/fractional-full-horizon.json --grid "$grid" --rhs-constant 1 --storage general -o "$out/system.petsc"
mkdir "$out/row"
write precondition --levels 7 --deltas 1/8 --training-level 7 --no-dense --export-row 7,0.125 --export-dir "$out/row"
write reference naive --order 0.75 --grid interval:a=-1,b=1,h=0.0078125,delta=0.25 -o "$out/reference.nc"
write reference naive --order 0.75 --grid interval:a=-1,b=1,h=0.0078125,delta=0.25 -o "$out/reference.petsc"
head -c 1000 "$out/surrogate.petsc" >"$out/truncated.petsc"
# A 2D surrogate on the unit disk, learned from Green's-function data, with CHOLMOD's solution of
# f = 1 stored: the small version of the 10^6-unknown system solved on several ranks by hand.
disk="disk:r=1,h=0.025,delta=0.1"
write generate fractional --dimension 2 --spacing 0.025 --samples 200 -o "$out/disk-data.nc"
write learn "$out/disk-data.nc" --delta 0.1 --order 1...4 --alpha learn -o "$out/disk.json"
write assemble "$out/disk.json" --grid "$disk" --rhs-constant 1 --solve -o "$out/disk.petsc"
write assemble "$out/disk.json" --grid "$disk" -o "$out/disk-op.petsc"

echo "== exporters/scipy"
expect 0 "" -- exporters/scipy/load_and_solve.py "$out/surrogate.mtx" "$out/surrogate.nc"
echo "== exporters/xarray"
expect 0 "" -- exporters/xarray/open_operator.py "$out/surrogate.nc"
echo "== exporters/petsc"
expect 0 "" -- exporters/petsc/precondition.py "$out/system.petsc" "$out/surrogate.petsc" 10
echo "== exporters/petsc: one row of nonlocal precondition (dense A, learned P)"
expect 0 "" -- exporters/petsc/precondition.py "$out/row/system.petsc" "$out/row/learned.petsc" "$out/row/row.json" learned
expect 0 "" -- exporters/petsc/precondition.py "$out/row/system.petsc" "$out/row/truncated.petsc" "$out/row/row.json" truncated
echo "== exporters/petsc on 2 MPI ranks: CG + GAMG on a 2D surrogate against CHOLMOD; the preconditioning recipe"
expect_on_2_ranks 0 "" -- exporters/petsc/solve_parallel.py "$out/disk.petsc"
expect 0 "" -- exporters/petsc/solve_parallel.py "$out/disk.petsc"
expect_on_2_ranks 0 "" -- exporters/petsc/precondition.py "$out/row/system.petsc" "$out/row/learned.petsc" "$out/row/row.json" learned
expect_on_2_ranks 0 "" -- exporters/petsc/precondition.py "$out/row/system.petsc" "$out/row/truncated.petsc" "$out/row/row.json" truncated
expect_on_2_ranks 0 "" -- exporters/petsc/precondition.py "$out/system.petsc" "$out/surrogate.petsc" 10
expect_on_2_ranks 0 "disk-op.petsc holds no rhs and surrogate_solution: solved A x = 1 and checked the residual only" -- \
    exporters/petsc/solve_parallel.py "$out/disk-op.petsc"
expect_on_2_ranks 1 "reference.petsc holds a dense Mat: CG with GAMG needs a sparse \(AIJ\) operator" -- \
    exporters/petsc/solve_parallel.py "$out/reference.petsc"
expect_on_2_ranks 1 "truncated.petsc is truncated" -- exporters/petsc/solve_parallel.py "$out/truncated.petsc"
expect_on_2_ranks 2 "CG's solution differs from CHOLMOD's by .* more than 1e-08: pass a smaller rtol than 0.001" -- \
    exporters/petsc/solve_parallel.py "$out/disk.petsc" 1e-3
expect_on_2_ranks 1 "reference.petsc holds a dense Mat: the preconditioner P must be sparse" -- \
    exporters/petsc/precondition.py "$out/system.petsc" "$out/reference.petsc"
echo "== exporters/scipy: a dense reference in NetCDF and PETSc"
expect 0 "" -- exporters/scipy/dense_reference.py "$out/reference.nc" "$out/reference.petsc"
echo "== SciPy, netCDF4 and petsc4py see the same matrix and vectors"
expect 0 "" -- exporters/same_matrix.py "$out/surrogate.mtx" "$out/surrogate.nc" "$out/surrogate.petsc"

echo "== every recipe on an export without vectors (nonlocal assemble -o op.mtx, op.nc, op.petsc)"
expect 0 "op.nc holds no right-hand side: assemble with --rhs-constant 1" -- \
    exporters/scipy/load_and_solve.py "$out/op.mtx" "$out/op.nc"
expect 0 "op.nc holds no surrogate_solution or rhs: assemble with --rhs-constant 1 --solve" -- \
    exporters/xarray/open_operator.py "$out/op.nc"
expect 0 "op.petsc holds no right-hand side after its matrix: solved A x = 1 instead" -- \
    exporters/petsc/precondition.py "$out/op.petsc" "$out/op.petsc"
expect 1 "op.nc is a sparse operator \(row, col, S\), not a dense reference" -- \
    exporters/scipy/dense_reference.py "$out/op.nc" "$out/op.petsc"
expect 0 "op.petsc hold no vectors: compared the matrix only; assemble with --rhs-constant 1 --solve" -- \
    exporters/same_matrix.py "$out/op.mtx" "$out/op.nc" "$out/op.petsc"

echo "== recipes given files that are not what they need"
expect 1 "surrogate.rhs.mtx holds a dense 199 x 1 array, not a sparse operator" -- \
    exporters/scipy/load_and_solve.py "$out/surrogate.rhs.mtx" "$out/surrogate.nc"
expect 1 "missing.nc does not exist: write it with nonlocal assemble" -- \
    exporters/xarray/open_operator.py "$out/missing.nc"
expect 1 "reference.petsc holds a dense Mat: the preconditioner P must be sparse" -- \
    exporters/petsc/precondition.py "$out/system.petsc" "$out/reference.petsc"
expect 1 "truncated.petsc is truncated" -- \
    exporters/same_matrix.py "$out/surrogate.mtx" "$out/surrogate.nc" "$out/truncated.petsc"

echo "exporters: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
