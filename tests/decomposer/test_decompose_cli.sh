#!/bin/sh
# The decomposer through the seam command, on the bundled fixture:
#   - seam analyze gives byte-identical model.json with -j 1 and -j 2, twice;
#   - the proposal scores MoJoFM >= 90 against fixtures/shop/expected-services.json;
#   - seam eval: the truth against itself (100, distance 0, ARI 1), and its moves and
#     joins on a hand-edited proposal;
#   - seam decompose (code.json + schema.json) with --services K, and its errors;
#   - co-change: --no-git reads no commits; SRC in no repository is silently no history;
#   - implied foreign keys reach model.json with their SQL sites (file, line, function).
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
metric() { # metric MODEL.json KEY: one figure of model.json's metrics
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["metrics"][sys.argv[2]])' "$1" "$2"
}
check "--no-git: commits_read 0" test "$(metric "$T/j1/model.json" commits_read)" = 0
check "--no-git: commits_used 0" test "$(metric "$T/j1/model.json" commits_used)" = 0

# The default run (history read when there is one) is what is scored.
"$SEAM" analyze "$SHOP" -p "$CDB" --db "$DB" -o "$T/default" -q --no-cache >/dev/null 2>&1
# Inside a git checkout the same run without --no-git does read the history: the 0 above is
# the option's doing, not an absent repository.
in_git() { git -C "$1" rev-parse --git-dir >/dev/null 2>&1; }
if command -v git >/dev/null && in_git "$SHOP"; then
    check "without --no-git: commits_read > 0" \
        test "$(metric "$T/default/model.json" commits_read)" -gt 0
fi
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

# --src in no repository: co-change is silently absent (exit 0, not a byte on stderr, no
# commits), the services the same as with --no-git.
mkdir "$T/plain"
cp -R "$SHOP/." "$T/plain/"
if command -v git >/dev/null && in_git "$T/plain"; then
    echo "skipped: $T/plain is inside a git work tree"
else
    "$SEAM" decompose "$T/code.json" "$T/schema.json" --src "$T/plain" -o "$T/plain.json" \
        >"$T/plain.out" 2>"$T/plain.err"
    rc=$?
    cat "$T/plain.out" "$T/plain.err"
    check "--src outside a repository: exit 0" test $rc = 0
    check "--src outside a repository: nothing on stderr" test ! -s "$T/plain.err"
    check "--src outside a repository: commits_read 0" \
        test "$(metric "$T/plain.json" commits_read)" = 0
    "$SEAM" decompose "$T/code.json" "$T/schema.json" --no-git -o "$T/nogit.json" >/dev/null 2>&1
    check "--src outside a repository: services as with --no-git" python3 -c '
import json, sys
a, b = (json.load(open(p))["services"] for p in sys.argv[1:])
sys.exit(0 if a == b else 1)' "$T/plain.json" "$T/nogit.json"
fi

# Implied foreign keys in model.json, each with its SQL sites: a site is {file, line,
# function}, names an SQL site of the model whose SQL joins both tables, and the source line
# holds the start of that SQL. None duplicates a declared key (a join along a declared key
# is the schema's own relation).
check "implied foreign keys listed with their sites" python3 - "$T/j1/model.json" "$SHOP" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
implied = m["implied_foreign_keys"]
ok = len(implied) == m["metrics"]["implied_fks"] and len(implied) > 0
declared = {frozenset((k["from_table"], k["to_table"])) for k in m["schema"]["foreign_keys"]}
sql = {(s["file"], s["line"], s["function"]): s["sql"] for s in m["sql_sites"]}
for k in implied:
    ok = ok and frozenset((k["from_table"], k["to_table"])) not in declared
    ok = ok and len(k["sites"]) > 0
    for s in k["sites"]:
        text = sql.get((s.get("file"), s.get("line"), s.get("function")), "")
        ok = ok and sorted(s) == ["file", "function", "line"]
        ok = ok and k["from_table"] in text and k["to_table"] in text
        line = open(sys.argv[2] + "/" + s["file"]).read().split("\n")[s["line"] - 1]
        ok = ok and text[:16] in line
    if not ok:
        print("bad implied key:", k)
sys.exit(0 if ok else 1)
EOF
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
