#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets of fuzz/ and runs each reader's for FUZZ_SECONDS; crashes land in fixtures/fuzz/<reader>/crashers/.
#
#   FUZZ_SECONDS=60       seconds per reader (libFuzzer -max_total_time)
#   FUZZ_READERS="..."    which of: matrixmarket petsc netcdf-dataset netcdf-operator model-json
#   FUZZ_RUNS=N           stop each reader after N executions instead (libFuzzer -runs), e.g. 1000000
#   FUZZ_JOBS=N           readers fuzzed at the same time (default 1); each fuzzer uses one core
#   FUZZ_FLAGS="..."      more libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" to go on after a crash
#
# The NetCDF readers' probe (Sources/CNetCDFProbe) gets 0.05 s per file instead of 5 (NONLOCAL_NETCDF_PROBE_SECONDS):
# a small file probes in about a millisecond, and every mutation of a file that makes HDF5 loop would otherwise
# cost 5 s. Such files are still refused, only sooner.
#
# Limits, for every target: -rss_limit_mb=4096, -timeout=10 (s per input), and an address-space cap of 4 GiB
# (ulimit -v; these builds have no AddressSanitizer, whose shadow memory would not fit under such a cap).
# libFuzzer writes each crash, timeout or out-of-memory input into fixtures/fuzz/<reader>/crashers/, the
# regression corpus that `swift test` (FuzzCrasherReplayTests) replays through the ordinary readers:
# commit it with the fix. The corpora the fuzzer grows, and the seeds the tool writes, stay under .build/fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
swift=${SWIFT:-swift}
seconds=${FUZZ_SECONDS:-60}
read -r -a readers <<<"${FUZZ_READERS:-matrixmarket petsc netcdf-dataset netcdf-operator model-json}"
work=.build/fuzz
export NONLOCAL_NETCDF_PROBE_SECONDS=${NONLOCAL_NETCDF_PROBE_SECONDS:-0.05}

# Seeds: the fixtures, and small files the tool writes (they change with the tool, so they are not checked in).
$swift build -c release --product nonlocal
tool=$($swift build -c release --show-bin-path)/nonlocal
seeds=$work/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{matrixmarket,petsc,netcdf-dataset,netcdf-operator,model-json}
model=fixtures/kernels/fractional-truncated.json
grid=interval:a=-1,b=1,h=0.125,delta=0.25
"$tool" assemble "$model" --grid "$grid" -o "$seeds/matrixmarket/operator.mtx" >/dev/null
"$tool" assemble "$model" --grid "$grid" -o "$seeds/petsc/operator.petsc" >/dev/null
"$tool" assemble "$model" --grid "$grid" -o "$seeds/netcdf-operator/operator.nc" >/dev/null
"$tool" assemble "$model" --grid "$grid" --rhs-constant 1 --solve -o "$seeds/netcdf-operator/solved.nc" >/dev/null
"$tool" generate fractional --samples 4 -o "$seeds/netcdf-dataset/fractional.nc" >/dev/null
"$tool" learn "$seeds/netcdf-dataset/fractional.nc" --delta 0.25 --order 2 -o "$seeds/model-json/learned.json" >/dev/null
cp fixtures/kernels/*.json "$seeds/model-json/"
find fixtures/matrixmarket -name '*.mtx' -exec cp {} "$seeds/matrixmarket/" \;
cp fixtures/operators/invalid/*.mtx "$seeds/matrixmarket/"
cp fixtures/operators/invalid/*.petsc "$seeds/petsc/"
cp fixtures/operators/invalid/*.nc "$seeds/netcdf-operator/"
cp fixtures/datasets/valid/*.nc fixtures/datasets/invalid/*.nc "$seeds/netcdf-dataset/"

# The fuzz targets: every Swift module of the readers instrumented for coverage, libFuzzer's main linked in.
(cd fuzz && $swift build -c release -Xswiftc -sanitize=fuzzer)
bin=$(cd fuzz && $swift build -c release --show-bin-path)

declare -A target=(
    [matrixmarket]=FuzzMatrixMarket [petsc]=FuzzPETScBinary [netcdf-dataset]=FuzzNetCDFDataset
    [netcdf-operator]=FuzzNetCDFOperator [model-json]=FuzzModelJSON
)
# One reader's campaign; its libFuzzer output goes to $work/READER.log.
fuzz_reader() {
    local reader=$1 crashers=fixtures/fuzz/$1/crashers corpus=$work/corpus/$1 limit
    mkdir -p "$crashers" "$corpus"
    limit=(-max_total_time="$seconds")
    [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS")
    echo "fuzz: $reader (${target[$reader]}) ${limit[*]}" >&2
    # shellcheck disable=SC2086  # FUZZ_FLAGS is a list of flags
    (ulimit -v 4194304 && "$bin/${target[$reader]}" "${limit[@]}" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$crashers/" ${FUZZ_FLAGS:-} "$corpus" "$seeds/$reader" "$crashers") 2>"$work/$reader.log" || {
        tail -n 30 "$work/$reader.log" >&2
        echo "fuzz: $reader failed; the input is in $crashers/ (full log: $work/$reader.log)" >&2
        return 1
    }
    grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" "$work/$reader.log" | sed "s/^/fuzz: $reader: /" >&2
}

# FUZZ_JOBS readers at a time (default 1), each a single-threaded fuzzer.
failed=0
for reader in "${readers[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "${FUZZ_JOBS:-1}" ]; do wait -n || failed=1; done
    fuzz_reader "$reader" &
done
while [ -n "$(jobs -rp)" ]; do wait -n || failed=1; done
wait || failed=1

# The targets' input files (FuzzInput.path), once their process is gone.
for file in /dev/shm/nonlocal-fuzz.* /tmp/nonlocal-fuzz.*; do
    [ -e "$file" ] || continue
    pid=${file##*/nonlocal-fuzz.} && pid=${pid%%.*}
    kill -0 "$pid" 2>/dev/null || rm -f "$file"
done
exit "$failed"
