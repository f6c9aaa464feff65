#!/usr/bin/env bash
# Ticks to 1e-9 of each clearing mechanism over the seeded set of generated economies (the set the test
# suite's RandomEconomyTests runs), per family: how many converged, median and worst ticks.
#
#   scripts/market-set.sh [MECHANISMS] [SIZE]     # defaults: clearing,tatonnement,predictive and 240
#   scripts/market-set.sh clearing 1000          # the larger draw (its first 240 are the set)
#
# Release build of the tests. Tick counts are the same bits in any build and on any thread count; only the
# wall time differs.
set -euo pipefail
mechanisms="${1:-clearing,tatonnement,predictive}"
size="${2:-240}"
root="$(cd "$(dirname "$0")/.." && pwd)"
PRICEPROP_MARKET_SET="$mechanisms" PRICEPROP_MARKET_SET_SIZE="$size" \
    swift test -c release -Xswiftc -enable-testing --package-path "$root" \
    --filter RandomEconomyTests.measureSet 2>&1 | grep -E '^(mechanism|  )'
