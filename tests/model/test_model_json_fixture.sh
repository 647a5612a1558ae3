#!/usr/bin/env bash
# test_model_json_fixture.sh SEAM READER SHOP_SRC SHOP_BUILD - the bundled
# fixture's model.json (seam analyze) and schema.json (seam inspect-db), read
# back and written again by READER (test_model_json_read), must keep every
# byte. Skips (77) when the fixture's build outputs are missing.
set -eu
seam=$1 reader=$2 src=$3 build=$4
[ -f "$build/compile_commands.json" ] && [ -f "$build/shop.db" ] || exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$seam" analyze "$src" -p "$build" --db "$build/shop.db" -o "$tmp/out" -q --no-cache >/dev/null
"$seam" inspect-db "$build/shop.db" -o "$tmp/schema.json" -q
"$reader" --model "$tmp/out/model.json"
"$reader" --schema "$tmp/schema.json"
