#!/usr/bin/env bash
# Runs every exporter recipe on files `nonlocal assemble` writes, and fails if any assertion does.
set -euo pipefail
cd "$(dirname "$0")/.."
nonlocal="${NONLOCAL:-$(swift build -c release --show-bin-path)/nonlocal}"
python="${PYTHON:-/usr/bin/python3}"
export PETSC_DIR="${PETSC_DIR:-$([ -d /usr/lib/petsc ] && echo /usr/lib/petsc || echo /usr/lib/petscdir/petsc3.18/x86_64-linux-gnu-real)}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

grid="interval:a=-1,b=1,h=0.01,delta=2"
# The surrogate: the fractional kernel truncated at δ = 0.25 (sparse), with f = 1 solved by CHOLMOD.
for extension in mtx nc petsc; do
    "$nonlocal" assemble fixtures/kernels/fractional-truncated.json --grid "$grid" --rhs-constant 1 --solve \
        -o "$out/surrogate.$extension" 2>/dev/null
done
# The system: the same kernel over the whole interval (δ = 2: every pair of unknowns interacts).
"$nonlocal" assemble fixtures/kernels/fractional-full-horizon.json --grid "$grid" --rhs-constant 1 --storage general \
    -o "$out/system.petsc" 2>/dev/null

echo "== exporters/scipy"
"$python" exporters/scipy/load_and_solve.py "$out/surrogate.mtx" "$out/surrogate.nc"
echo "== exporters/xarray"
"$python" exporters/xarray/open_operator.py "$out/surrogate.nc"
echo "== exporters/petsc"
"$python" exporters/petsc/precondition.py "$out/system.petsc" "$out/surrogate.petsc" 10
echo "== exporters/petsc: one row of nonlocal precondition (dense A, learned P)"
"$nonlocal" precondition --levels 7 --deltas 1/8 --training-level 7 --no-dense --export-row 7,0.125 --export-dir "$out" \
    >/dev/null 2>&1
"$python" exporters/petsc/precondition.py "$out/system.petsc" "$out/learned.petsc" "$out/row.json" learned
"$python" exporters/petsc/precondition.py "$out/system.petsc" "$out/truncated.petsc" "$out/row.json" truncated
echo "== exporters/scipy: a dense reference in NetCDF and PETSc"
"$nonlocal" reference naive --order 0.75 --grid interval:a=-1,b=1,h=0.0078125,delta=0.25 -o "$out/reference.nc" >/dev/null 2>&1
"$nonlocal" reference naive --order 0.75 --grid interval:a=-1,b=1,h=0.0078125,delta=0.25 -o "$out/reference.petsc" >/dev/null 2>&1
"$python" exporters/scipy/dense_reference.py "$out/reference.nc" "$out/reference.petsc"
echo "== SciPy, netCDF4 and petsc4py see the same matrix"
"$python" exporters/same_matrix.py "$out/surrogate.mtx" "$out/surrogate.nc" "$out/surrogate.petsc"
echo "exporters: 7 passed, 0 failed"
