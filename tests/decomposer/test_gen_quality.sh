#!/bin/sh
# Quality on bench/gen-monolith (the target: MoJoFM >= 95): three small planted
# monoliths (different seeds, one with triple noise, one laid out flat, all
# with a git history) through seam analyze, scored by seam eval against the
# generator's truth. The full-size figures are in docs/quality.md.
# usage: test_gen_quality.sh SEAM GEN_MONOLITH
set -u
SEAM=$1 GEN=$2
command -v sqlite3 >/dev/null || { echo "skipped: the sqlite3 command is needed"; exit 77; }
command -v git >/dev/null || { echo "skipped: git is needed by gen-monolith --git"; exit 77; }
T=$(mktemp -d /tmp/seam-test-genq-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
for spec in "1 0.10 layer" "2 0.30 layer" "3 0.10 flat"; do
    set -- $spec
    d=$T/gen$1
    "$GEN" -n 200 -d 8 --seed "$1" --noise "$2" --layout "$3" --git 300 -o "$d" >/dev/null ||
        { echo "FAILED: gen-monolith $spec"; exit 1; }
    sqlite3 "$d/shop.db" <"$d/schema.sql" || { echo "FAILED: schema.sql"; exit 1; }
    "$SEAM" analyze "$d" -p "$d" --db "$d/shop.db" -o "$d/out" -q --no-cache >/dev/null 2>&1 ||
        { echo "FAILED: seam analyze on gen-monolith $spec"; exit 1; }
    fm=$("$SEAM" eval -q --truth "$d/expected-services.json" "$d/out/model.json" |
        sed -n 's/^MoJoFM //p')
    if python3 -c "import sys; sys.exit(0 if float('${fm:-0}') >= 95 else 1)"; then
        echo "ok: seed $1, noise $2, layout $3: MoJoFM $fm"
    else
        echo "FAILED: seed $1, noise $2, layout $3: MoJoFM ${fm:-none} < 95"
        fail=1
    fi
done
exit $fail
