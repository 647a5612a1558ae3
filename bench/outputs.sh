#!/usr/bin/env bash
# bench/outputs.sh BUILD_DIR OUT_DIR - writes what seam outputs for a fixed set of inputs, so
# that two builds (before and after a change that must not change behaviour) can be compared
# byte for byte:
#
#   bench/outputs.sh old-build /tmp/out-old && bench/outputs.sh build /tmp/out-new
#   diff -r /tmp/out-old /tmp/out-new        # nothing, for a refactoring
#
# Inputs: the fixture (fixtures/shop, its compile database and shop.db from BUILD_DIR) through
# `seam analyze --no-git` and `seam inspect-db`, and a gen-monolith of 400 files in 8 domains with 200
# commits (written once to $SEAM_OUTPUTS_MONOLITH, default /tmp/seam-outputs-monolith, with its
# schema loaded into gen.db) through `seam analyze --db` and `seam scan`. No cache is used.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/outputs.sh BUILD_DIR OUT_DIR" >&2; exit 2; }
build=$(cd "$1" && pwd)
out=$2
seam=$build/cli/seam
[ -x "$seam" ] || { echo "outputs.sh: $seam is missing: build seam first" >&2; exit 1; }
# The fixture of the tree BUILD_DIR was configured from: its compile database names that tree.
src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")
[ -d "$src/fixtures/shop" ] || { echo "outputs.sh: no fixtures/shop in '$src'" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

# shop.db from one fixed path, so that its name in "source" is the same for every build; and
# no co-change for the fixture, whose history is this repository's own (it grows with every
# commit): the gen-monolith's planted history exercises co-change.
db=${SEAM_OUTPUTS_SHOP_DB:-/tmp/seam-outputs-shop.db}
cp "$build/fixtures/shop/shop.db" "$db"
"$seam" analyze "$src/fixtures/shop" -p "$build/fixtures/shop" --db "$db" --no-git \
  -o "$out/shop" -q --no-cache >/dev/null
"$seam" inspect-db "$db" -o "$out/shop-schema.json" -q

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
