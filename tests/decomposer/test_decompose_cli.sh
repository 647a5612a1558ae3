#!/bin/sh
# The decomposer through the seam command, on the bundled fixture:
#   - seam analyze gives byte-identical model.json with -j 1 and -j 2, twice;
#   - the proposal scores MoJoFM >= 90 against fixtures/shop/expected-services.json;
#   - seam eval: the truth against itself (100, distance 0, ARI 1), and its moves and
#     joins on a hand-edited proposal;
#   - seam decompose (code.json + schema.json) with --services K, and its errors.
# usage: test_decompose_cli.sh SEAM BUILD_DIR SOURCE_DIR
set -u
SEAM=$1 BUILD=$2 SRCDIR=$3
SHOP=$SRCDIR/fixtures/shop
CDB=$BUILD/fixtures/shop
DB=$CDB/shop.db
TRUTH=$SHOP/expected-services.json
if [ ! -f "$DB" ] || [ ! -f "$CDB/compile_commands.json" ]; then
    echo "skipped: $DB or its compile database is not built (build target fixture_shop_db)"
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skipped: python3 is needed to edit a truth file"
    exit 77
fi
T=$(mktemp -d /tmp/seam-test-decompose-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
    what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; fail=1; fi
}

# --no-git here: the fixture lives in seam's own repository, where others may commit
# between two runs (co-change reads the history, and model.json counts the commits read).
for j in 1 2; do
    "$SEAM" analyze "$SHOP" -p "$CDB" --db "$DB" -o "$T/j$j" -j $j -q --no-cache --no-git \
        >"$T/log$j" 2>&1 || { cat "$T/log$j"; echo "FAILED: seam analyze -j $j"; exit 1; }
done
"$SEAM" analyze "$SHOP" -p "$CDB" --db "$DB" -o "$T/again" -j 2 -q --no-cache --no-git \
    >/dev/null 2>&1
check "model.json identical for -j 1 and -j 2" cmp -s "$T/j1/model.json" "$T/j2/model.json"
check "model.json identical from run to run" cmp -s "$T/j2/model.json" "$T/again/model.json"

# The default run (history read when there is one) is what is scored.
"$SEAM" analyze "$SHOP" -p "$CDB" --db "$DB" -o "$T/default" -q --no-cache >/dev/null 2>&1
"$SEAM" eval --truth "$TRUTH" "$T/default/model.json" >"$T/eval" 2>&1
cat "$T/eval"
fm=$(sed -n 's/^MoJoFM \([0-9.]*\)$/\1/p' "$T/eval")
check "MoJoFM on the fixture is reported" test -n "$fm"
check "MoJoFM on the fixture >= 90 (got ${fm:-none})" \
    python3 -c "import sys; sys.exit(0 if float('${fm:-0}') >= 90 else 1)"

"$SEAM" eval --truth "$TRUTH" "$TRUTH" >"$T/self" 2>&1
check "the truth against itself: MoJoFM 100" grep -qx "MoJoFM 100.0" "$T/self"
check "the truth against itself: distance 0" grep -q "^MoJo distance 0 (0 moves, 0 joins) over 49 files$" "$T/self"
check "the truth against itself: ARI 1" grep -qx "adjusted Rand index 1.000" "$T/self"

# A proposal with the cart in catalog and shipping split in two: 2 moves, 1 join.
python3 - "$TRUTH" "$T/edited.json" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
svc = {s["name"]: s for s in t["services"]}
for f in ("src/cart.c", "src/cart.h"):
    svc["orders"]["files"].remove(f)
    svc["catalog"]["files"].append(f)
track = [f for f in svc["shipping"]["files"] if "tracking" in f]
svc["shipping"]["files"] = [f for f in svc["shipping"]["files"] if f not in track]
t["services"].append({"name": "tracking", "kind": "service", "files": track, "tables": []})
json.dump(t, open(sys.argv[2], "w"))
EOF
"$SEAM" eval --truth "$TRUTH" "$T/edited.json" >"$T/moves" 2>&1
cat "$T/moves"
check "eval lists the moves" grep -qx "move src/cart.c from catalog to orders" "$T/moves"
check "eval lists both cart files" grep -qx "move src/cart.h from catalog to orders" "$T/moves"
check "eval lists the join" grep -qx "join tracking into shipping (shipping)" "$T/moves"
check "eval counts them" grep -q "^MoJo distance 3 (2 moves, 1 joins) over 49 files$" "$T/moves"
# max = 49 - g; truth sizes 4 4 4 4 6 6 6 6 9 give g = 7: (1 - 3/42) * 100 = 92.9
check "eval's MoJoFM by hand" grep -qx "MoJoFM 92.9" "$T/moves"
"$SEAM" eval --truth "$TRUTH" -q "$T/edited.json" >"$T/quiet" 2>&1
check "eval -q prints no moves" test "$(grep -c '^move' "$T/quiet")" = 0

# seam decompose from the pieces, asking for 6 services.
"$SEAM" scan "$SHOP" -p "$CDB" -o "$T/code.json" -q --no-cache >/dev/null 2>&1
"$SEAM" inspect-db "$DB" -o "$T/schema.json" >/dev/null 2>&1
"$SEAM" decompose "$T/code.json" "$T/schema.json" --services 6 -o "$T/six.json" >"$T/six" 2>&1
cat "$T/six"
check "decompose --services 6" grep -q -- "-> 6 services" "$T/six"
echo '{"nonsense": 1}' >"$T/w.json"
"$SEAM" decompose "$T/code.json" --weights "$T/w.json" -o "$T/x.json" >"$T/err" 2>&1
rc=$?
check "decompose: a bad weights file is exit 1" test $rc = 1
check "decompose: and says which key" grep -q 'unknown edge kind "nonsense"' "$T/err"
"$SEAM" decompose "$T/code.json" --services 0 >/dev/null 2>&1
check "decompose: --services 0 is a usage error" test $? = 2
"$SEAM" eval "$T/six.json" >/dev/null 2>&1
check "eval without --truth is a usage error" test $? = 2
"$SEAM" eval --truth "$T/missing.json" "$T/six.json" >"$T/err" 2>&1
check "eval: a missing file is exit 1 with its name" grep -q "missing.json" "$T/err"
exit $fail
