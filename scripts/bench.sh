#!/usr/bin/env bash
# Benchmarks the default tick side by side with a plain C loop of the same tick and with the numpy peer.
#
#   scripts/bench.sh [--runs R] [--ticks T] [--dir DIR] [--only SECTIONS] [--skip-callgrind] [--skip-million]
#                    [--skip-scaling] [--scaling-max FIRMS] [--solve]
#
# Everything is release-built (swift build -c release; cc -O2 without fast-math for bench/c_reference.c) and
# written to DIR (default ${TMPDIR:-/tmp}/priceprop-bench). Sections:
#  1. checksums: after 20 ticks of the default market, the C reference's sums of prices, supplies, demands
#     and V agree with priceprop's CSV to 10 significant digits on the three 100k-firm networks, and the
#     numpy peer's with priceprop's under the tatonnement market (its rule); the script stops if not.
#       cd100k      priceprop generate layered --layers 4 --goods 250 --firms-per-good 100 --inputs 3
#       ces100k     python3 bench/networks.py write ces     (the same layout, CES technologies)
#       stages100k  python3 bench/networks.py write stages  (sqrt, log and rational stages)
#  2. side by side: R rounds, each running, network after network, the C reference, priceprop on 1 and on 2
#     threads, and on the Cobb-Douglas network the numpy peer and priceprop under its tatonnement market.
#     Tick rates are firms * T / tick time: the C reference and numpy time their T ticks themselves; for
#     priceprop the tick time is that of 'run --ticks 10+T' minus that of 'run --ticks 10' (load, build, tick 0
#     and the final comparison cancel). Medians of the R rounds, and ratios to the C reference, by wall time
#     and by processor time (user + system of all threads: on a shared machine it counts only the time the
#     process actually ran, so one-thread ratios hold even when other tenants take turns on the cores).
#  3. instructions per firm-tick (valgrind --tool=callgrind; stable on a shared machine): 10k-firm versions
#     of the three networks, (instructions of 30 ticks - instructions of 10 ticks) / (20 * firms), for
#     priceprop on 1 thread and the C reference, and the same difference function by function
#     (bench/callgrind_ticks.py).
#  4. the 1,000,000-firm Cobb-Douglas network: 'run --ticks 10' (load, validate, build, tick 0, 10 ticks,
#     comparison) on 1 and 2 threads against python3's json.load of the same file, medians of R; peak
#     resident memory (/usr/bin/time -v) per firm.
#  5. scaling: firm-ticks/s on layered Cobb-Douglas networks of 10k to FIRMS (default 3M) firms, priceprop on
#     1 and 2 threads and the C reference (up to 1M firms), per second of wall time and (1 thread) of
#     processor time, one round, written to DIR/scaling.csv and drawn in DIR/scaling.svg
#     (bench/scaling_svg.py).
#  6. with --solve: 'solve' on the 100k network and a 20,000-firm random DAG.
# --only runs just the sections named, comma-separated: checksums, side, callgrind, million, scaling, solve.
set -euo pipefail

runs=3
ticks=100
checksums=1
side=1
dir="${TMPDIR:-/tmp}/priceprop-bench"
callgrind=1
million=1
scaling=1
scaling_max=3000000
solve=0
usage="usage: $0 [--runs R] [--ticks T] [--dir DIR] [--only SECTIONS] [--skip-callgrind] [--skip-million] [--skip-scaling] [--scaling-max FIRMS] [--solve]"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --ticks) ticks="$2"; shift 2 ;;
        --dir) dir="$2"; shift 2 ;;
        --only)
            checksums=0; side=0; callgrind=0; million=0; scaling=0; solve=0
            for section in ${2//,/ }; do
                case "$section" in
                    checksums|side|callgrind|million|scaling|solve) printf -v "$section" 1 ;;
                    *) echo "$usage" >&2; exit 2 ;;
                esac
            done
            shift 2 ;;
        --skip-callgrind) callgrind=0; shift ;;
        --skip-million) million=0; shift ;;
        --skip-scaling) scaling=0; shift ;;
        --scaling-max) scaling_max="$2"; shift 2 ;;
        --solve) solve=1; shift ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${PRICEPROP_BUILD_PATH:-$root/.build}"
swift build -c release --package-path "$root" --build-path "$build" >&2
bin="$build/release/priceprop"
mkdir -p "$dir"
cref="$dir/c_reference"
cc -O2 -o "$cref" "$root/bench/c_reference.c" -lm
networks="$root/bench/networks.py"
cores="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"

# Wall time in seconds of one run of a command (its exit status is ignored: a run that has not converged
# exits 1).
seconds() {
    timed "$@" | cut -d' ' -f1
}

# Wall time and processor time (user + system, all threads) in seconds of one run of a command.
timed() {
    local start end cpu
    start=$(date +%s%N)
    /usr/bin/time -f "%U %S" -o "$dir/time.txt" "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    # The last line: a failed command's first line says so.
    cpu=$(tail -n 1 "$dir/time.txt" | awk '{ print $1 + $2 }')
    echo "$(echo "($end - $start) / 1000000000" | bc -l) $cpu"
}

# Median of the numbers on standard input.
median() {
    sort -g | awk '{ t[NR] = $1 } END { if (NR) print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

# Peak resident memory in KB of a command.
peak_kb() {
    { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk '/Maximum resident set size/ { print $6 }'
}

# Tick time of priceprop, wall and processor: 'run --ticks 10+T' minus 'run --ticks 10'.
priceprop_ticks() {
    local file="$1" threads="$2" count="$3"; shift 3
    local a b
    a=$(timed "$bin" run "$file" --ticks 10 --quiet --threads "$threads" "$@")
    b=$(timed "$bin" run "$file" --ticks $((10 + count)) --quiet --threads "$threads" "$@")
    echo "$a $b" | awk '{ print $3 - $1, $4 - $2 }'
}

layered() {  # name goods-per-layer
    if [ ! -s "$dir/$1.json" ]; then
        "$bin" generate layered --layers 4 --goods "$2" --firms-per-good 100 --inputs 3 -o "$dir/$1.json"
    fi
}

network() {  # name kind goods-per-layer; kind is cd, ces or stages
    if [ "$2" = cd ]; then layered "$1" "$3"
    elif [ ! -s "$dir/$1.json" ]; then python3 "$networks" write "$2" --goods "$3" -o "$dir/$1.json"; fi
    if [ ! -s "$dir/$1.dump" ]; then python3 "$networks" dump "$dir/$1.json" -o "$dir/$1.dump"; fi
}

echo "machine: $(uname -m), $cores cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
echo "compilers: $(swift --version 2>&1 | head -1); $(cc --version | head -1); python3 $(python3 -c 'import numpy, platform; print(platform.python_version(), "numpy", numpy.__version__)')"
echo "load before: $(uptime | sed 's/.*load average/load average/')"

if [ "$checksums" = 1 ]; then
echo
echo "## Checksums after 20 ticks"
for spec in cd100k:cd:250 ces100k:ces:250 stages100k:stages:250; do
    IFS=: read -r name kind goods <<<"$spec"
    network "$name" "$kind" "$goods"
    "$cref" "$dir/$name.dump" --ticks 20 >"$dir/$name.c20.txt"
    "$bin" run "$dir/$name.json" --ticks 20 --every 1000000 --csv "$dir/$name.20.csv" --quiet --threads 1 || true
    echo "$name:"
    python3 "$networks" check "$dir/$name.c20.txt" "$dir/$name.20.csv" | sed 's/^/  /'
done
"$bin" run "$dir/cd100k.json" --ticks 20 --every 1000000 --csv "$dir/cd100k.tat20.csv" --quiet --threads 1 --mechanism tatonnement || true
echo "cd100k, numpy peer and priceprop --mechanism tatonnement:"
python3 "$root/bench/numpy_reference.py" "$dir/cd100k.json" --ticks 20 --check "$dir/cd100k.tat20.csv" | grep -E 'checksums|priceprop' | sed 's/^/  /'
fi

if [ "$side" = 1 ]; then
for spec in cd100k:cd:250 ces100k:ces:250 stages100k:stages:250; do
    IFS=: read -r name kind goods <<<"$spec"
    network "$name" "$kind" "$goods"
done
echo
echo "## Side by side: $runs rounds of $ticks ticks, interleaved"
results="$dir/side-by-side.txt"
: >"$results"
for round in $(seq "$runs"); do
    for name in cd100k ces100k stages100k; do
        c=$("$cref" "$dir/$name.dump" --ticks "$ticks" | sed -nE 's/^load .* s, ticks ([0-9.]+) s.*, cpu ([0-9.]+) s/\1 \2/p')
        echo "$name c 1 $c" >>"$results"
        for threads in 1 2; do
            echo "$name priceprop $threads $(priceprop_ticks "$dir/$name.json" "$threads" "$ticks")" >>"$results"
        done
        if [ "$name" = cd100k ]; then
            n=$(python3 "$root/bench/numpy_reference.py" "$dir/$name.json" --ticks "$ticks" | sed -nE 's/.*start [0-9.]+ s, ticks ([0-9.]+) s, cpu ([0-9.]+) s/\1 \2/p')
            echo "$name numpy-tatonnement 1 $n" >>"$results"
            echo "$name priceprop-tatonnement 1 $(priceprop_ticks "$dir/$name.json" 1 "$ticks" --mechanism tatonnement)" >>"$results"
        fi
    done
done
echo "| network | engine | threads | wall (s) | firm-ticks/s | / C, wall | processor (s) | / C, processor |"
echo "|---|---|---|---|---|---|---|---|"
for name in cd100k ces100k stages100k; do
    tc=$(awk -v n="$name" '$1 == n && $2 == "c" { print $4 }' "$results" | median)
    pc=$(awk -v n="$name" '$1 == n && $2 == "c" { print $5 }' "$results" | median)
    for engine in c:1 priceprop:1 priceprop:2 numpy-tatonnement:1 priceprop-tatonnement:1; do
        IFS=: read -r e threads <<<"$engine"
        t=$(awk -v n="$name" -v e="$e" -v th="$threads" '$1 == n && $2 == e && $3 == th { print $4 }' "$results" | median)
        p=$(awk -v n="$name" -v e="$e" -v th="$threads" '$1 == n && $2 == e && $3 == th { print $5 }' "$results" | median)
        [ -n "$t" ] || continue
        if [ "${e%-tatonnement}" = "$e" ]; then
            ratios="$(printf '%.2f | %.2f | %.2f' "$(echo "$tc / $t" | bc -l)" "$p" "$(echo "$pc / $p" | bc -l)")"
        else
            ratios="(other rule) | $(printf '%.2f' "$p") | (other rule)"
        fi
        printf '| %s | %s | %s | %.3f | %.3g | %s |\n' "$name" "$e" "$threads" "$t" "$(echo "100000 * $ticks / $t" | bc -l)" "$ratios"
    done
done
for column in 4:wall 5:processor; do
    IFS=: read -r k what <<<"$column"
    pn=$(awk -v k="$k" '$1 == "cd100k" && $2 == "numpy-tatonnement" { print $k }' "$results" | median)
    pt=$(awk -v k="$k" '$1 == "cd100k" && $2 == "priceprop-tatonnement" { print $k }' "$results" | median)
    printf 'tatonnement rule on cd100k, 1 thread, %s time: priceprop / numpy = %.2f\n' "$what" "$(echo "$pn / $pt" | bc -l)"
done
fi

if [ "$callgrind" = 1 ]; then
    echo
    echo "## Instructions per firm-tick (callgrind, 10k firms, ticks 10 to 30)"
    echo "| network | priceprop | C reference | priceprop / C |"
    echo "|---|---|---|---|"
    for spec in cd10k:cd:25 ces10k:ces:25 stages10k:stages:25; do
        IFS=: read -r name kind goods <<<"$spec"
        network "$name" "$kind" "$goods"
        count() { valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.$name.$1.$2" "${@:3}" 2>&1 >/dev/null | sed -nE 's/.*Collected : ([0-9]+).*/\1/p'; }
        p10=$(count priceprop 10 "$bin" run "$dir/$name.json" --ticks 10 --quiet --threads 1 || true)
        p30=$(count priceprop 30 "$bin" run "$dir/$name.json" --ticks 30 --quiet --threads 1 || true)
        c10=$(count c 10 "$cref" "$dir/$name.dump" --ticks 10)
        c30=$(count c 30 "$cref" "$dir/$name.dump" --ticks 30)
        pi=$(echo "($p30 - $p10) / (20 * 10000)" | bc -l)
        ci=$(echo "($c30 - $c10) / (20 * 10000)" | bc -l)
        printf '| %s | %.0f | %.0f | %.2f |\n' "$name" "$pi" "$ci" "$(echo "$pi / $ci" | bc -l)"
    done
    echo
    echo "Where the ticks' instructions go (bench/callgrind_ticks.py: the 30-tick profile minus the 10-tick one):"
    for name in cd10k ces10k stages10k; do
        for engine in priceprop c; do
            echo
            echo "$name, $engine:"
            python3 "$root/bench/callgrind_ticks.py" "$dir/callgrind.$name.$engine.10" "$dir/callgrind.$name.$engine.30" 200000 --top 8
        done
    done
fi

if [ "$million" = 1 ]; then
    echo
    echo "## The 1,000,000-firm network: load, validate, build and 10 ticks against json.load"
    layered cd1M 2500
    file="$dir/cd1M.json"
    jl=$(for _ in $(seq "$runs"); do seconds python3 -c 'import json, sys; json.load(open(sys.argv[1], "rb"))' "$file"; done | median)
    echo "file $(du -m "$file" | cut -f1) MB; python3 json.load: $(printf '%.2f' "$jl") s (median of $runs)"
    echo "| threads | run --ticks 10 (s) | / json.load | peak memory (MB) | bytes per firm |"
    echo "|---|---|---|---|---|"
    for threads in 1 2; do
        t=$(for _ in $(seq "$runs"); do seconds "$bin" run "$file" --ticks 10 --quiet --threads "$threads"; done | median)
        kb=$(peak_kb "$bin" run "$file" --ticks 10 --quiet --threads "$threads")
        printf '| %d | %.2f | %.2f | %.0f | %.0f |\n' "$threads" "$t" "$(echo "$t / $jl" | bc -l)" "$(echo "$kb / 1024" | bc -l)" "$(echo "$kb * 1024 / 1000000" | bc -l)"
    done
fi

if [ "$scaling" = 1 ]; then
    echo
    echo "## Scaling (one round; ticks scaled to about 1e7 firm-ticks per run, at least 50)"
    echo "(firm-ticks per second of wall time on 1 and 2 threads, and per second of processor time on 1 thread)"
    csv="$dir/scaling.csv"
    echo "firms,ticks,priceprop_1,priceprop_2,c_reference,priceprop_1_cpu,c_reference_cpu" >"$csv"
    # 3M firms take a 677 MB file, within the 2 GiB a scenario file may hold.
    for goods in 25 75 250 750 2500 5000 7500; do
        firms=$((goods * 400))
        [ "$firms" -le "$scaling_max" ] || continue
        case "$goods" in 25) name=cd10k ;; 250) name=cd100k ;; 2500) name=cd1M ;; 7500) name=cd3M ;; *) name="cd$((firms / 1000))k" ;; esac
        layered "$name" "$goods"
        # At least 50 ticks: below that, the run-to-run spread of loading a large file swamps the ticks.
        count=$((10000000 / firms)); [ "$count" -ge 50 ] || count=50
        read -r w1 c1 <<<"$(priceprop_ticks "$dir/$name.json" 1 "$count")"
        read -r w2 _ <<<"$(priceprop_ticks "$dir/$name.json" 2 "$count")"
        rate() { echo "$firms * $count / $1" | bc -l; }
        c="" cc=""
        if [ "$firms" -le 1000000 ]; then
            network "$name" cd "$goods"
            read -r cw ccpu <<<"$("$cref" "$dir/$name.dump" --ticks "$count" | sed -nE 's/^load .* s, ticks ([0-9.]+) s.*, cpu ([0-9.]+) s/\1 \2/p')"
            c=$(printf '%.4g' "$(rate "$cw")") cc=$(printf '%.4g' "$(rate "$ccpu")")
        fi
        printf '%d,%d,%.4g,%.4g,%s,%.4g,%s\n' "$firms" "$count" "$(rate "$w1")" "$(rate "$w2")" "$c" "$(rate "$c1")" "$cc" | tee -a "$csv"
    done
    python3 "$root/bench/scaling_svg.py" "$csv" -o "$dir/scaling.svg"
    echo "($csv, $dir/scaling.svg)"
fi

if [ "$solve" = 1 ]; then
    echo
    echo "| solve | firms | threads | Newton iterations | solve (s) | peak memory (MB) |"
    echo "|---|---|---|---|---|---|"
    if [ ! -s "$dir/dag20k.json" ]; then
        "$bin" generate random-dag --goods 1000 --firms 20000 --max-inputs 4 --seed 7 -o "$dir/dag20k.json"
    fi
    for spec in cd100k:100000 dag20k:20000; do
        IFS=: read -r name firms <<<"$spec"
        for threads in 1 2; do
            iterations=$({ "$bin" solve "$dir/$name.json" --threads "$threads" || true; } | sed -nE '1s/.* in ([0-9]+) Newton.*/\1/p')
            ts=$(for _ in $(seq "$runs"); do seconds "$bin" solve "$dir/$name.json" --threads "$threads"; done | median)
            kb=$(peak_kb "$bin" solve "$dir/$name.json" --threads "$threads")
            printf '| %s | %d | %d | %s | %.2f | %.0f |\n' "$name" "$firms" "$threads" "$iterations" "$ts" "$(echo "$kb / 1024" | bc -l)"
        done
    done
fi
echo
echo "load after: $(uptime | sed 's/.*load average/load average/')"
