#!/usr/bin/env bash
# bench/outputs.sh BUILD_DIR OUT_DIR - writes what seam outputs for a fixed set of inputs, so
# that two builds (before and after a change that must not change behaviour) can be compared
# byte for byte:
#
#   bench/outputs.sh old-build /tmp/out-old && bench/outputs.sh build /tmp/out-new
#   diff -r /tmp/out-old /tmp/out-new        # nothing, for a refactoring
#
# Inputs: the fixture (fixtures/shop, its compile database and shop.db from BUILD_DIR) through
# `seam analyze` and `seam inspect-db`, and a gen-monolith of 400 files in 8 domains with 200
# commits (written once to $SEAM_OUTPUTS_MONOLITH, default /tmp/seam-outputs-monolith, with its
# schema loaded into gen.db) through `seam analyze --db` and `seam scan`. No cache is used.
# Two figures differ between runs for a reason outside the code: "commits_read" of the
# fixture, whose co-change history is this repository's own (it grows with every commit), and
# "source" when BUILD_DIR differs (the path of shop.db).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 2 ] || { echo "usage: bench/outputs.sh BUILD_DIR OUT_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
out=$2
seam=$build/cli/seam
[ -x "$seam" ] || { echo "outputs.sh: $seam is missing: build seam first" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

"$seam" analyze "$root/fixtures/shop" -p "$build/fixtures/shop" --db "$build/fixtures/shop/shop.db" \
  -o "$out/shop" -q --no-cache >/dev/null
"$seam" inspect-db "$build/fixtures/shop/shop.db" -o "$out/shop-schema.json" -q

gm=${SEAM_OUTPUTS_MONOLITH:-/tmp/seam-outputs-monolith}
if [ ! -f "$gm/gen.db" ]; then
  rm -rf "$gm"
  "$build/bench/gen-monolith" -n 400 -d 8 --git 200 -o "$gm" >/dev/null
  sqlite3 "$gm/gen.db" <"$gm/schema.sql"
fi
"$seam" analyze "$gm" -o "$out/gen" --db "$gm/gen.db" -q --no-cache >/dev/null
"$seam" scan "$gm" -o "$out/gen-code.json" -q --no-cache >/dev/null
rm -f "$out"/shop/seam-cache.sqlite* "$out"/gen/seam-cache.sqlite*
echo "outputs.sh: wrote $out"
