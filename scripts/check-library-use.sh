#!/usr/bin/env bash
# Builds and runs a throwaway package that depends on this checkout by path, exactly as README.md says, from a
# directory whose name is not PriceProp, to show the dependency lines work whatever a clone is called.
#
#   scripts/check-library-use.sh [WORKDIR]
#
# WORKDIR (default: a fresh temporary directory) receives a symlink to the checkout, named 'priceprop-clone',
# and the package 'library-user'. Exit status 0 when the package builds and its check passes.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/priceprop-library.XXXXXX")}"
mkdir -p "$work/library-user/Sources/Check"
ln -sfn "$root" "$work/priceprop-clone"

cat > "$work/library-user/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "library-user",
    dependencies: [.package(path: "../priceprop-clone")],
    targets: [
        .executableTarget(name: "Check", dependencies: [.product(name: "PriceProp", package: "priceprop-clone")]),
    ]
)
SWIFT

cat > "$work/library-user/Sources/Check/main.swift" <<'SWIFT'
import Foundation
import PriceProp

let scenario = try Scenario.decode("""
    {"name": "chain", "goods": [{"name": "gas", "endowment": 4}, {"name": "plastic", "price": 1}],
     "firms": [{"name": "A", "output": "plastic", "production": "2 * sqrt(gas)"}]}
    """)
var run = try Run(scenario: scenario, options: Run.Options(scenario: scenario))
let report = run.execute()
let gas = report.comparison.goods[0]
guard report.converged, abs(gas.price - 0.5) < 1e-9, abs(gas.gradient - 0.5) < 1e-9 else {
    print("library check failed: converged \(report.converged), price \(gas.price), gradient \(gas.gradient)")
    exit(1)
}
print("library check passed: price \(gas.price) = dV/dgas \(gas.gradient)")
SWIFT

cd "$work/library-user"
swift build --product Check
"$(swift build --show-bin-path)/Check"
