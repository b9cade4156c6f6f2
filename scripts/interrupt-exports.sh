#!/usr/bin/env bash
# interrupt-exports: exports interrupted at random moments (SIGINT, SIGTERM, SIGKILL; one file and several; over old files and into empty folders), checked to leave the whole old set or the whole new set, and no temporary after the next run.
#
# Usage: scripts/interrupt-exports.sh [RUNS] [SEED]      (defaults: 60 runs, seed 15)
#   NONLOCAL=path/to/nonlocal to test another binary (default: the release build).
# Each run starts an export, sends the signal after a random delay drawn uniformly from the
# export's own uninterrupted duration, and compares the folder's visible files (SHA-256) with
# reference runs of the old and the new export. It prints one line per run and a table, and
# exits 1 if any run left a mixed set, a temporary after SIGINT/SIGTERM, or one after the next run.
set -uo pipefail
# Job control: without it bash starts background jobs with SIGINT ignored, and nonlocal (rightly)
# leaves an ignored SIGINT ignored.
set -m
runs=${1:-60}
RANDOM=${2:-15}
bin=${NONLOCAL:-$(swift build -c release --show-bin-path)/nonlocal}
work=$(mktemp -d "${TMPDIR:-/tmp}/interrupt-exports.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$bin" generate fractional --samples 100 --layer-width 1 -o "$work/d.nc" -q >/dev/null || exit 1
"$bin" learn "$work/d.nc" --delta 0.5 --order 2 -o "$work/k.json" -q >/dev/null || exit 1

kinds=(factor petsc single)
# The export of each kind on grid spacing h into the file $2.
export_command() {  # kind h output
    local grid="interval:a=-1,b=1,h=$2,delta=1"
    case $1 in
        factor) echo "$bin assemble $work/k.json --grid $grid --rhs-constant 1 --factor -o $3.mtx -q" ;;  # 5 files
        petsc) echo "$bin assemble $work/k.json --grid $grid --rhs-constant 1 --solve -o $3.petsc -q" ;;  # 2 files
        single) echo "$bin assemble $work/k.json --grid $grid -o $3.nc -q" ;;  # 1 file
    esac
}
old_h=0.01
new_h=${NEW_H:-0.0008}
# The visible files of a folder and their checksums, one line each, sorted.
set_of() { (cd "$1" && for f in *; do [ -e "$f" ] && sha256sum "$f"; done) | sort; }
temporaries() { find "$1" -maxdepth 1 -name '.*' -type f | wc -l; }

# Every run writes to the same path, $work/out/a.EXT: the vector files name the matrix file they belong to.
out="$work/out"
declare -A reference duration_ms
for kind in "${kinds[@]}"; do
    for h in $old_h $new_h; do
        rm -rf "$out" && mkdir "$out"
        start=$(date +%s%N)
        $(export_command "$kind" "$h" "$out/a") >/dev/null || { echo "reference export $kind h=$h failed"; exit 1; }
        duration_ms[$kind-$h]=$(( ($(date +%s%N) - start) / 1000000 ))
        reference[$kind-$h]=$(set_of "$out")
        mv "$out" "$work/ref-$kind-$h"
    done
    echo "reference $kind: $(ls "$work/ref-$kind-$new_h" | wc -l) files, new set $(du -sh "$work/ref-$kind-$new_h" | cut -f1) written in ${duration_ms[$kind-$new_h]} ms"
done

signals=(INT TERM KILL)
declare -A count
failures=0
for ((i = 0; i < runs; i++)); do
    signal=${signals[$((i % 3))]}
    kind=${kinds[$(((i / 3) % 3))]}
    existing=$(((i / 9) % 2))
    dir="$out"
    rm -rf "$dir" && mkdir "$dir"
    if ((existing)); then cp "$work/ref-$kind-$old_h/"* "$dir/"; fi
    delay_ms=$(( (RANDOM * 32768 + RANDOM) % (duration_ms[$kind-$new_h] + 1) ))  # 30 random bits
    $(export_command "$kind" "$new_h" "$dir/a") >/dev/null &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    if kill -"$signal" "$pid" 2>/dev/null; then hit=interrupted; else hit=finished; fi
    wait "$pid"
    status=$?
    left=$(set_of "$dir")
    if [ "$left" = "${reference[$kind-$new_h]}" ]; then outcome=new
    elif ((existing)) && [ "$left" = "${reference[$kind-$old_h]}" ]; then outcome=old
    elif ((!existing)) && [ -z "$left" ]; then outcome=none
    else outcome=MIXED; fi
    left_temporaries=$(temporaries "$dir")
    $(export_command "$kind" "$new_h" "$dir/a") >/dev/null || outcome="$outcome,NEXT-RUN-FAILED"
    after_next=$(temporaries "$dir")
    [ "$(set_of "$dir")" = "${reference[$kind-$new_h]}" ] || outcome="$outcome,NEXT-RUN-WRONG"
    bad=0
    [[ $outcome == *[A-Z]* ]] && bad=1
    [ "$signal" != KILL ] && [ "$hit" = interrupted ] && [ "$left_temporaries" != 0 ] && bad=1
    # An interrupted run exits 128 + signal; 0 only when it had finished (a zombie) and wrote the new set.
    expected=$((128 + $(kill -l "$signal")))
    [ "$hit" = interrupted ] && [ "$status" != "$expected" ] && ! { [ "$status" = 0 ] && [ "$outcome" = new ]; } && bad=1
    [ "$after_next" != 0 ] && bad=1
    ((failures += bad))
    printf 'run %2d  SIG%-4s %-6s %s  after %5d ms of %5d: %-11s exit %3d  set %-4s temporaries left %d, after the next run %d%s\n' \
        "$i" "$signal" "$kind" "$( ((existing)) && echo 'over old' || echo 'empty   ')" "$delay_ms" "${duration_ms[$kind-$new_h]}" "$hit" "$status" \
        "$outcome" "$left_temporaries" "$after_next" "$( ((bad)) && echo '  FAIL')"
    count[$signal-runs]=$((${count[$signal-runs]:-0} + 1))
    [ "$status" = "$expected" ] && count[$signal-status]=$((${count[$signal-status]:-0} + 1))
    count[$signal-$hit]=$((${count[$signal-$hit]:-0} + 1))
    count[$signal-$outcome]=$((${count[$signal-$outcome]:-0} + 1))
    count[$signal-temporaries]=$((${count[$signal-temporaries]:-0} + (left_temporaries > 0)))
done
echo
printf '%-8s %5s %12s %9s %9s %8s %8s %6s %19s\n' signal runs interrupted finished "exit 128+s" "old set" "new set" "none" "runs leaving temps"
for signal in "${signals[@]}"; do
    printf 'SIG%-5s %5d %12d %9d %9d %8d %8d %6d %19d\n' "$signal" "${count[$signal-runs]:-0}" \
        "${count[$signal-interrupted]:-0}" "${count[$signal-finished]:-0}" "${count[$signal-status]:-0}" "${count[$signal-old]:-0}" "${count[$signal-new]:-0}" \
        "${count[$signal-none]:-0}" "${count[$signal-temporaries]:-0}"
done
echo "failures: $failures of $runs"
((failures == 0))
