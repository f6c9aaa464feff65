#!/usr/bin/env bash
# Benchmarks the tick engine and the loader on the standard generated networks, and the numpy peer.
#
#   scripts/bench.sh [--runs R] [--dir DIR] [--skip-million] [--skip-numpy]
#
# Networks (written to DIR, default ${TMPDIR:-/tmp}/priceprop-bench; about 250 MB for the million):
#   100k: generate layered --layers 4 --goods 250  --firms-per-good 100 --inputs 3
#   1M:   generate layered --layers 4 --goods 2500 --firms-per-good 100 --inputs 3
# For 1 thread and all threads it prints, as medians of R runs (hyperfine when installed):
#   firm-ticks/s = firms * 200 / (time of 'run --ticks 210' - time of 'run --ticks 10'),
#   the time of 'run --ticks 0' (load, validate, build, tick 0, comparison) and of 'run --ticks 10',
#   and the peak resident memory of 'run --ticks 10' (/usr/bin/time -v).
# Then 'solve' on the 100k network (and the 20,000-firm random DAG): its median time, the same ratio to
# 'run --ticks 0' (load, validate, build, tick 0: what solve also does before its first Newton step), and
# its peak resident memory.
# Every run uses '--mechanism tatonnement', the tick rule the numpy peer implements (the default 'clearing'
# market's firms keep more memory; scripts/market-set.sh measures its ticks to tolerance).
# Then bench/numpy_reference.py runs 200 ticks of the 100k network and checks its checksums against
# priceprop's CSV after the same ticks.
set -euo pipefail

runs=3
dir="${TMPDIR:-/tmp}/priceprop-bench"
million=1
numpy=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --dir) dir="$2"; shift 2 ;;
        --skip-million) million=0; shift ;;
        --skip-numpy) numpy=0; shift ;;
        *) echo "usage: $0 [--runs R] [--dir DIR] [--skip-million] [--skip-numpy]" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${PRICEPROP_BUILD_PATH:-$root/.build}"
swift build -c release --package-path "$root" --build-path "$build" >&2
bin="$build/release/priceprop"
mkdir -p "$dir"
cores="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"

# Median wall time in seconds of a command (its exit status is ignored: a run that has not converged exits 1).
median() {
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N -i --runs "$runs" --export-json "$dir/hyperfine.json" "$*" >/dev/null 2>&1
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/hyperfine.json"
    else
        for _ in $(seq "$runs"); do
            local start end
            start=$(date +%s.%N)
            "$@" >/dev/null 2>&1 || true
            end=$(date +%s.%N)
            echo "$end - $start" | bc -l
        done | sort -g | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
    fi
}

# Peak resident memory in MB of a command.
peak() {
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk '/Maximum resident set size/ { printf "%.0f", $6 / 1024 }'
}

generate() {
    local name="$1"; shift
    if [ ! -s "$dir/$name.json" ]; then "$bin" generate layered "$@" -o "$dir/$name.json"; fi
}

echo "machine: $(uname -m), $cores cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
echo
echo "| network | firms | threads | firm-ticks/s | run --ticks 0 (s) | run --ticks 10 (s) | peak memory (MB) |"
echo "|---|---|---|---|---|---|---|"

networks="100k:100000:250"
[ "$million" = 1 ] && networks="$networks 1M:1000000:2500"
for spec in $networks; do
    IFS=: read -r name firms goods <<<"$spec"
    generate "$name" --layers 4 --goods "$goods" --firms-per-good 100 --inputs 3
    file="$dir/$name.json"
    for threads in $(printf '%s\n' 1 "$cores" | sort -un); do
        t0=$(median "$bin" run "$file" --ticks 0 --quiet --threads "$threads" --mechanism tatonnement)
        t10=$(median "$bin" run "$file" --ticks 10 --quiet --threads "$threads" --mechanism tatonnement)
        t210=$(median "$bin" run "$file" --ticks 210 --quiet --threads "$threads" --mechanism tatonnement)
        memory=$(peak "$bin" run "$file" --ticks 10 --quiet --threads "$threads" --mechanism tatonnement)
        rate=$(echo "$firms * 200 / ($t210 - $t10)" | bc -l)
        printf '| %s | %d | %d | %.3g | %.2f | %.2f | %s |\n' "$name" "$firms" "$threads" "$rate" "$t0" "$t10" "$memory"
    done
done

echo
echo "| solve | firms | threads | Newton iterations | solve (s) | run --ticks 0 (s) | solve / run --ticks 0 | peak memory (MB) |"
echo "|---|---|---|---|---|---|---|---|"
if [ ! -s "$dir/dag20k.json" ]; then
    "$bin" generate random-dag --goods 1000 --firms 20000 --max-inputs 4 --seed 7 -o "$dir/dag20k.json"
fi
for spec in 100k:100000 dag20k:20000; do
    IFS=: read -r name firms <<<"$spec"
    file="$dir/$name.json"
    for threads in $(printf '%s\n' 1 "$cores" | sort -un); do
        iterations=$({ "$bin" solve "$file" --threads "$threads" || true; } | sed -nE '1s/.* in ([0-9]+) Newton.*/\1/p')
        ts=$(median "$bin" solve "$file" --threads "$threads")
        t0=$(median "$bin" run "$file" --ticks 0 --quiet --threads "$threads")
        memory=$(peak "$bin" solve "$file" --threads "$threads")
        printf '| %s | %d | %d | %s | %.2f | %.2f | %.1f | %s |\n' "$name" "$firms" "$threads" "$iterations" "$ts" "$t0" \
            "$(echo "$ts / $t0" | bc -l)" "$memory"
    done
done

if [ "$numpy" = 1 ]; then
    echo
    echo "numpy peer, 100k network, 200 ticks:"
    "$bin" run "$dir/100k.json" --ticks 200 --every 1000000 --csv "$dir/100k-200.csv" --quiet --threads 1 --mechanism tatonnement || true
    python3 "$root/bench/numpy_reference.py" "$dir/100k.json" --ticks 200 --check "$dir/100k-200.csv"
fi
echo
echo "load after: $(uptime | sed 's/.*load average/load average/')"
