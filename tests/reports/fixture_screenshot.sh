#!/usr/bin/env bash
# fixture_screenshot.sh - docs/report-fixture.png: the fixture's report.html
# as headless Chromium shows it at 1280 px, its first 2,600 pixels.
#
# Usage: tests/reports/fixture_screenshot.sh [BUILD_DIR] [OUT.png]
# (defaults: build/ and docs/report-fixture.png under the repository root).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
out=${2:-$root/docs/report-fixture.png}
chromium=$(command -v chromium || command -v chromium-browser) ||
  { echo "fixture_screenshot.sh: chromium is not installed" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/seam-shot.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$build/cli/seam" analyze "$root/fixtures/shop" -p "$build/fixtures/shop" \
  --db "$build/fixtures/shop/shop.db" -o "$work/out" -q
(cd "$work" && timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --host-resolver-rules="MAP * ~NOTFOUND" \
  --user-data-dir="$work/profile" --hide-scrollbars --window-size=1280,2600 \
  --screenshot="$work/shot.png" "file://$work/out/report.html" >/dev/null 2>&1)
cp "$work/shot.png" "$out"
echo "wrote $out"
