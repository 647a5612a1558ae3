#!/bin/sh
# seam check on the bundled fixture, its architect's services as the target:
#   - the known crossings are listed (a call, SQL across, the cross-service view, a key),
#     and the gate fails (exit 1); --json says the same;
#   - with a baseline written first, the gate passes; a line shift keeps it passing; one
#     more crossing planted in the model fails it again, as "new" in text and JSON;
#   - globs in a target's files; files and tables the target does not place are listed
#     once, not as violations;
#   - a source tree checked directly (SRC and analyze's inputs) gives what its model gives;
#     a call planted in the source is the one new violation, lines moved in the source are
#     none, and the cache keeps the check to what changed;
#   - usage errors exit 2; a target that is not JSON is a one-line error, exit 1.
# usage: test_check.sh SEAM BUILD_DIR SOURCE_DIR
set -u
SEAM=$1 BUILD=$2 SRCDIR=$3
CDB=$BUILD/fixtures/shop
DB=$CDB/shop.db
TARGET=$SRCDIR/fixtures/shop/expected-services.json
if [ ! -f "$DB" ] || [ ! -f "$CDB/compile_commands.json" ]; then
    echo "skipped: $DB or its compile database is not built (build target fixture_shop_db)"
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skipped: python3 is needed to edit model files"
    exit 77
fi
T=$(mktemp -d /tmp/seam-test-check-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok   $1"; }
ko() { echo "FAIL $1"; fail=1; }
"$SEAM" analyze "$SRCDIR/fixtures/shop" -p "$CDB" --db "$DB" -o "$T/out" -q >/dev/null 2>&1 ||
    { echo "FAIL seam analyze"; exit 1; }
M=$T/out/model.json

"$SEAM" check --target "$TARGET" --model "$M" >"$T/text" 2>"$T/err"
[ $? -eq 1 ] && ok "crossings fail the gate" || ko "crossings fail the gate"
grep -q '^new accounts -> notifications: call acct_create -> notify_welcome (src/customers.c:' "$T/text" &&
    ok "a call across listed with file:line" || ko "a call across listed"
grep -q '^new accounts -> orders: view customer_order_summary$' "$T/text" && ok "the view across" ||
    ko "the view across"
grep -q ': foreign_key reservations\.' "$T/text" && ok "a key across" || ko "a key across"
grep -q ': sql_read inv_import_counts -> products (src/stock.c:' "$T/text" && ok "SQL across" ||
    ko "SQL across"
grep -q '^new shared -> [a-z]*: library_call cmd_[a-z_]* -> [a-z_]* (src/main.c:' "$T/text" && ok "the shared library calling a service" ||
    ko "the shared library calling a service"
grep -q ': shared_write orders$' "$T/text" && ok "a table two services write" || ko "a table two services write"
grep -q '^service orders: [0-9]* outbound, [0-9]* inbound$' "$T/text" && ok "counts per service" ||
    ko "counts per service"
grep -q '^MoJoFM of the code.s services against the target: ' "$T/text" && ok "MoJoFM" || ko "MoJoFM"
"$SEAM" check --target "$TARGET" --model "$M" --json >"$T/json" 2>/dev/null
python3 - "$T/json" "$T/text" <<'PY' && ok "--json agrees with the text" || ko "--json agrees with the text"
import json, sys
j = json.load(open(sys.argv[1]))
first = open(sys.argv[2]).readline()
assert j["total"] == j["new"] > 20, (j["total"], j["new"])
assert ("%d violations" % j["total"]) in first
assert all({"kind", "from", "to", "object", "key", "new"} <= set(v) for v in j["violations"])
PY

# a baseline, a line shift, then one more crossing
"$SEAM" check --target "$TARGET" --model "$M" --baseline "$T/base" --update-baseline >/dev/null 2>&1
[ $? -eq 0 ] && [ -s "$T/base" ] && ok "baseline written" || ko "baseline written"
grep -q '[0-9]$' "$T/base" && ko "baseline keys hold no line numbers" || ok "baseline keys hold no line numbers"
"$SEAM" check --target "$TARGET" --model "$M" --baseline "$T/base" -q >/dev/null 2>&1
[ $? -eq 0 ] && ok "nothing new: the gate passes" || ko "nothing new: the gate passes"
python3 - "$M" "$T/shifted.json" "$T/planted.json" <<'PY'
import json, sys
def shift(o):
    # every line, everywhere: the sites and whatever names them by file and line
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "line" and isinstance(v, int) and v > 0:
                o[k] = v + 7
            else:
                shift(v)
    elif isinstance(o, list):
        for v in o:
            shift(v)
m = json.load(open(sys.argv[1]))
shift(m)
json.dump(m, open(sys.argv[2], "w"))
m = json.load(open(sys.argv[1]))
fn = {f["name"]: f["id"] for f in m["functions"]}
# pay_charge (payments) calling ship_dispatch (shipping): a new crossing
m["calls"].append({"caller": fn["pay_charge"], "callee": fn["ship_dispatch"], "count": 1, "line": 1})
m["calls"].sort(key=lambda c: (m["functions"].index(next(f for f in m["functions"] if f["id"] == c["caller"])),
                               m["functions"].index(next(f for f in m["functions"] if f["id"] == c["callee"]))))
json.dump(m, open(sys.argv[3], "w"))
PY
"$SEAM" check --target "$TARGET" --model "$T/shifted.json" --baseline "$T/base" -q >/dev/null 2>&1
[ $? -eq 0 ] && ok "a line shift is not new" || ko "a line shift is not new"
"$SEAM" check --target "$TARGET" --model "$T/planted.json" --baseline "$T/base" >"$T/text2" 2>&1
[ $? -eq 1 ] && ok "a planted crossing fails the gate" || ko "a planted crossing fails the gate"
grep -q '^seam check: .* 1 new;' "$T/text2" && grep -q '^new payments -> shipping: call pay_charge -> ship_dispatch' "$T/text2" &&
    ok "and is the one new violation" || ko "and is the one new violation"
"$SEAM" check --target "$TARGET" --model "$T/planted.json" --baseline "$T/base" --json 2>/dev/null |
    python3 -c 'import json,sys; j=json.load(sys.stdin); n=[v for v in j["violations"] if v["new"]]; assert len(n)==1 and n[0]["function"]=="pay_charge", n' &&
    ok "--json marks it new" || ko "--json marks it new"

# globs and unplaced files and tables
python3 - "$T/glob.json" <<'PY'
import json, sys
json.dump({"services": [
    {"name": "first", "kind": "service", "files": ["src/customers.c"], "tables": []},
    {"name": "orders", "kind": "service", "files": ["src/order*.[ch]", "src/cart.*"], "tables": ["orders", "order_lines", "carts", "cart_items"]},
    {"name": "everything", "kind": "service", "files": ["src/[a-m]*.c"], "tables": ["customers"]},
    {"name": "late", "kind": "service", "files": ["src/cart.c"], "tables": []}]},
    open(sys.argv[1], "w"))
PY
"$SEAM" check --target "$T/glob.json" --model "$M" >"$T/text3" 2>&1
grep -q '^unplaced file src/util/' "$T/text3" && grep -q '^unplaced table products$' "$T/text3" &&
    ok "unplaced files and tables listed" || ko "unplaced files and tables listed"
grep -q '^new everything -> orders: call ' "$T/text3" && ok "globs place files" || ko "globs place files"
# the first service listing a file wins, path or glob: customers.c is first's, cart.c orders'
grep -q '^new first -> [a-z]*: call acct_create ' "$T/text3" && ! grep -q '^new everything -> [a-z]*: call acct_create ' "$T/text3" &&
    ! grep -q '^new late\|-> late:' "$T/text3" && grep -q '^service late: 0 outbound, 0 inbound$' "$T/text3" && ok "the first service listing a file, path or glob, owns it" ||
    ko "the first service listing a file, path or glob, owns it"
python3 - "$M" "$T/noservices.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
# a model whose services list one file twice: no partition to compare
m["services"][1]["files"] = sorted(set(m["services"][1]["files"]) | {m["services"][0]["files"][0]})
json.dump(m, open(sys.argv[2], "w"))
PY
"$SEAM" check --target "$TARGET" --model "$T/noservices.json" >"$T/text4" 2>&1
grep -q "^MoJoFM of the code's services against the target: not computed (" "$T/text4" &&
    ok "a MoJoFM that cannot be computed says why" || ko "a MoJoFM that cannot be computed says why"
grep -q 'src/util/.*(src/util' "$T/text3" && ko "an unplaced file is no violation" || ok "an unplaced file is no violation"

# the source tree itself, as a CI job checks it: a copy of the fixture with its compile database
mkdir -p "$T/shop"
cp -R "$SRCDIR/fixtures/shop/src" "$T/shop/src"
sed "s|\"directory\": \"[^\"]*\"|\"directory\": \"$T/shop\"|" "$CDB/compile_commands.json" \
    >"$T/shop/compile_commands.json"
check_src() { "$SEAM" check --target "$TARGET" "$T/shop" --db "$DB" --cache "$T/cache" "$@"; }
check_src --json >"$T/src.json" 2>"$T/src.err"
[ $? -eq 1 ] && ok "SRC: crossings fail the gate" || ko "SRC: crossings fail the gate"
"$SEAM" check --target "$TARGET" --model "$M" --json >"$T/model.json" 2>/dev/null
python3 - "$T/src.json" "$T/model.json" <<'PY' && ok "SRC: the same violations as its model" ||
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["total"] > 20 and a == b, (a["total"], b["total"])
PY
    ko "SRC: the same violations as its model"
grep -q '^seam: SQL: [0-9]* sites, [0-9]* resolved' "$T/src.err" && ok "SRC: the SQL coverage said" ||
    ko "SRC: the SQL coverage said"
check_src --baseline "$T/srcbase" --update-baseline >/dev/null 2>&1
check_src --baseline "$T/srcbase" >/dev/null 2>&1
[ $? -eq 0 ] && ok "SRC: baseline written, nothing new" || ko "SRC: baseline written, nothing new"
# lines moved: three lines above every function of a file
python3 - "$T/shop/src/customers.c" <<'PY'
import sys
p = sys.argv[1]
open(p, "w").write("/* moved */\n\n\n" + open(p).read())
PY
check_src --baseline "$T/srcbase" >"$T/moved" 2>&1
[ $? -eq 0 ] && ok "SRC: moved lines are not new" || { ko "SRC: moved lines are not new"; cat "$T/moved"; }
# a call across planted in the code: payments calling shipping
python3 - "$T/shop/src/payments.c" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('#include "payments.h"\n', '#include "payments.h"\n#include "shipments.h"\n', 1)
s = s.replace("    *payment_id = db_last_id();\n", "    *payment_id = db_last_id();\n    ship_dispatch(order_id, currency);\n", 1)
open(p, "w").write(s)
PY
check_src --baseline "$T/srcbase" >"$T/planted-src" 2>&1
[ $? -eq 1 ] && grep -q '^new payments -> shipping: call pay_charge -> ship_dispatch (src/payments.c:[0-9]*)$' "$T/planted-src" &&
    grep -q '^seam check: .* 1 new;' "$T/planted-src" && ok "SRC: a planted call is the one new violation" ||
    { ko "SRC: a planted call is the one new violation"; cat "$T/planted-src"; }
"$SEAM" check --target "$TARGET" "$T/nowhere" --db "$DB" --no-cache -q >/dev/null 2>"$T/e3"
[ $? -eq 1 ] && [ "$(wc -l <"$T/e3")" -eq 1 ] && ok "SRC missing: one line, exit 1" || ko "SRC missing: one line, exit 1"
"$SEAM" check --target "$TARGET" --model "$M" "$T/shop" >/dev/null 2>&1
[ $? -eq 2 ] && ok "--model and SRC: exit 2" || ko "--model and SRC: exit 2"
"$SEAM" check --target "$TARGET" --model "$M" --db "$DB" >/dev/null 2>&1
[ $? -eq 2 ] && ok "--model with analyze's inputs: exit 2" || ko "--model with analyze's inputs: exit 2"
"$SEAM" check --target "$TARGET" >/dev/null 2>&1
[ $? -eq 2 ] && ok "neither --model nor SRC: exit 2" || ko "neither --model nor SRC: exit 2"

# errors
"$SEAM" check --model "$M" >/dev/null 2>"$T/e1"; [ $? -eq 2 ] && ok "no --target: exit 2" || ko "no --target: exit 2"
"$SEAM" check --target "$TARGET" --model "$M" --update-baseline >/dev/null 2>&1
[ $? -eq 2 ] && ok "--update-baseline without --baseline: exit 2" || ko "--update-baseline without --baseline"
printf 'not json' >"$T/bad.json"
"$SEAM" check --target "$T/bad.json" --model "$M" >/dev/null 2>"$T/e2"
[ $? -eq 1 ] && [ "$(wc -l <"$T/e2")" -eq 1 ] && ok "a bad target: one line, exit 1" || ko "a bad target: one line, exit 1"
exit $fail
