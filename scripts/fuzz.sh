#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole priceprop pipeline with the toolchain's libFuzzer.
#
#   scripts/fuzz.sh SECONDS [--jobs N]
#
# Builds .build/fuzz/priceprop-fuzz: the library's layers, the command line's sources (without their entry
# point) and Tests/Fuzz/FuzzEntry.swift with Tests/PricePropTests/CLI/FuzzCase.swift and
# Tests/PricePropTestSupport/MachineOutput.swift, compiled as one module with -sanitize=fuzzer. Each input's
# first byte picks a command line (run, run --json, run --csv -, validate, solve, sensitivity,
# run --mechanism predictive, plot) and the rest is the scenario file; a crash, an undocumented exit status,
# 'nan'/'inf' or a Swift type name in a report, or machine output that does not parse is a failure. Runs SECONDS from the kept corpus (Tests/Fixtures/fuzz/corpus) plus the
# bundled scenarios, then merges inputs that reach new code into the kept corpus. Failing inputs are written to
# Tests/Fixtures/fuzz/crashers/, which FuzzRegressionTests replays in 'swift test': fix the fault and commit
# the file. Exit status: 0 nothing found, 1 a failure was found, 2 usage.
set -euo pipefail

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [--jobs N]" >&2
    exit 2
fi
seconds="$1"; shift
jobs=1
while [ $# -gt 0 ]; do
    case "$1" in
        --jobs) jobs="$2"; shift 2 ;;
        *) echo "usage: $0 SECONDS [--jobs N]" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/.build/fuzz"
corpus="$root/Tests/Fixtures/fuzz/corpus"
crashers="$root/Tests/Fixtures/fuzz/crashers"
mkdir -p "$build/src" "$build/new" "$build/seeds" "$corpus" "$crashers"

# One module: the package's own imports go, everything else stays as written.
rm -f "$build/src/"*.swift
for file in $(find "$root/Sources" -name '*.swift' ! -name EntryPoint.swift) \
            "$root/Tests/PricePropTests/CLI/FuzzCase.swift" "$root/Tests/PricePropTestSupport/MachineOutput.swift" \
            "$root/Tests/Fuzz/FuzzEntry.swift"; do
    name="$(basename "$(dirname "$file")")-$(basename "$file")"
    sed -E '/^(@testable |@_exported )?import PriceProp[A-Za-z]*$/d' "$file" > "$build/src/$name"
done
echo "building $build/priceprop-fuzz ..." >&2
swiftc -module-name PricePropFuzz -package-name PriceProp -parse-as-library -O -sanitize=fuzzer \
    "$build/src/"*.swift -o "$build/priceprop-fuzz"

# Seeds: every bundled scenario under every command line.
for scenario in "$root"/scenarios/*.json; do
    for selector in 0 1 2 3 4 5 6 7; do
        { printf "\\x$(printf %02x "$selector")"; cat "$scenario"; } > "$build/seeds/$selector-$(basename "$scenario")"
    done
done

status=0
parallel=()
# Several jobs run as child processes, each logging to fuzz-N.log in the build directory.
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
(cd "$build" && ./priceprop-fuzz -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    "${parallel[@]}" -print_final_stats=1 \
    -artifact_prefix="$crashers/" "$build/new" "$corpus" "$build/seeds") || status=1
# Keep only what reaches code the kept corpus does not.
"$build/priceprop-fuzz" -merge=1 "$corpus" "$build/new" "$build/seeds" >/dev/null 2>&1 || true
echo "corpus: $(ls "$corpus" | wc -l) inputs; crashers: $(ls "$crashers" | wc -l)" >&2
exit "$status"
