#!/bin/sh
# Regenerates the example run plots and network pictures in docs/images and, when rsvg-convert (librsvg2-bin) is installed,
# renders every figure under docs/ to PNG for checking how they look in a real renderer.
#
#   scripts/render-plots.sh [png-directory]        # PNGs default to .build/plots
#
# Extra arguments for 'swift build' (a build path, -c release) can be given in SWIFT_BUILD_FLAGS.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
png_dir=${1:-.build/plots}

# shellcheck disable=SC2086  # SWIFT_BUILD_FLAGS is split into arguments on purpose.
swift build --product priceprop ${SWIFT_BUILD_FLAGS:-}
# shellcheck disable=SC2086
priceprop="$(swift build --show-bin-path ${SWIFT_BUILD_FLAGS:-})/priceprop"

mkdir -p docs/images
"$priceprop" run scenarios/tupperware.json --plot docs/images/tupperware-run.svg --quiet
"$priceprop" run scenarios/shock.json --every 5 --plot docs/images/shock-run.svg --quiet
"$priceprop" graph scenarios/tupperware.json -o docs/images/tupperware-network.svg
"$priceprop" graph scenarios/diamond.json -o docs/images/diamond-network.svg
echo "wrote docs/images/tupperware-run.svg docs/images/shock-run.svg docs/images/tupperware-network.svg docs/images/diamond-network.svg"

if ! command -v rsvg-convert >/dev/null 2>&1; then
    echo "rsvg-convert not found (Debian/Ubuntu: apt-get install librsvg2-bin); PNGs not rendered" >&2
    exit 0
fi
mkdir -p "$png_dir"
for svg in docs/images/*.svg docs/figures/*.svg; do
    [ -e "$svg" ] || continue
    png="$png_dir/$(basename "$svg" .svg).png"
    rsvg-convert --background-color=white -o "$png" "$svg"
    echo "rendered $png"
done
