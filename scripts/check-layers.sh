#!/usr/bin/env bash
# Proves the layering is enforced by the compiler: copies the package to a temporary directory, adds one
# forbidden import at a time, and expects the importing target's build to fail because the module is not
# among its dependencies. PackageGraphTests checks the same rule on every `swift test`; this script shows it
# holds for the compiler too.
#
#   scripts/check-layers.sh [WORKDIR]
#
# Cases: the market importing the comparator, the simulation importing output, the analysis layer importing
# the command line. Exit status 0 when every case fails to build as it must, 1 when one builds.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/priceprop-layers.XXXXXX")}"
copy="$work/package"
mkdir -p "$copy"
(cd "$root" && tar --exclude=./.build --exclude=./.git -cf - .) | (cd "$copy" && tar -xf -)

status=0
check() {  # TARGET FILE MODULE
    local target="$1" file="$copy/Sources/$1/$2" module="$3"
    cp "$file" "$file.orig"
    { echo "import $module"; cat "$file.orig"; } > "$file"
    if (cd "$copy" && swift build --target "$target" > "$work/$target-$module.log" 2>&1); then
        echo "FAIL: $target builds with 'import $module'" >&2
        status=1
    elif grep -q "no such module '$module'" "$work/$target-$module.log"; then
        echo "ok: $target cannot import $module" >&2
    else
        echo "FAIL: $target did not build, but not for want of $module (see $work/$target-$module.log)" >&2
        status=1
    fi
    mv "$file.orig" "$file"
}
check PricePropMarket ClearingMechanism.swift PricePropComparator
check PricePropSimulation Simulation.swift PricePropOutput
check PricePropAnalysis Run/Run.swift PricePropCLI
exit "$status"
