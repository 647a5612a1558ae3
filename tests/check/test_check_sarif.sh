#!/bin/sh
# seam check --sarif on the fixture: the file passes the OASIS SARIF 2.1.0 reference
# validator (Microsoft's SARIF multitool, installed by scripts/deps --test) with no error;
# a rule per kind; a crossing planted after a baseline is the one result with baselineState
# "new" and level "error", at its file and line; accepted ones are notes.
# usage: test_check_sarif.sh SEAM BUILD_DIR SOURCE_DIR
set -u
SEAM=$1 BUILD=$2 SRCDIR=$3
CDB=$BUILD/fixtures/shop
DB=$CDB/shop.db
TOOL=$SRCDIR/tests/check/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -f "$DB" ] || [ ! -f "$CDB/compile_commands.json" ]; then
    echo "skipped: $DB or its compile database is not built (build target fixture_shop_db)"
    exit 77
fi
if [ ! -x "$TOOL" ] || ! command -v python3 >/dev/null; then
    echo "skipped: the SARIF validator is not installed (scripts/deps --test), or no python3"
    exit 77
fi
T=$(mktemp -d /tmp/seam-test-sarif-XXXXXX)
trap 'rm -rf "$T"' EXIT
"$SEAM" analyze "$SRCDIR/fixtures/shop" -p "$CDB" --db "$DB" -o "$T/out" -q >/dev/null 2>&1 ||
    { echo "FAIL seam analyze"; exit 1; }
TARGET=$SRCDIR/fixtures/shop/expected-services.json
"$SEAM" check --target "$TARGET" --model "$T/out/model.json" --baseline "$T/base" --update-baseline \
    >/dev/null 2>&1 || { echo "FAIL baseline"; exit 1; }
python3 - "$T/out/model.json" "$T/planted.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
fn = {f["name"]: f["id"] for f in m["functions"]}
order = {f["id"]: i for i, f in enumerate(m["functions"])}
m["calls"].append({"caller": fn["pay_charge"], "callee": fn["ship_dispatch"], "count": 1, "line": 3})
m["calls"].sort(key=lambda c: (order[c["caller"]], order[c["callee"]]))
json.dump(m, open(sys.argv[2], "w"))
PY
"$SEAM" check --target "$TARGET" --model "$T/planted.json" --baseline "$T/base" -q \
    --sarif "$T/check.sarif" >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL the planted crossing did not fail the gate"; exit 1; }
# the reference validator: its own log lists what it found, by level
"$TOOL" validate "$T/check.sarif" -o "$T/validation.sarif" >"$T/log" 2>&1 ||
    { cat "$T/log"; echo "FAIL the validator did not run"; exit 1; }
python3 - "$T/check.sarif" "$T/validation.sarif" <<'PY'
import json, sys
fails = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)
v = json.load(open(sys.argv[2]))
errors = [r for run in v["runs"] for r in run.get("results", []) if r.get("level", "warning") == "error"]
check(not errors, "the SARIF 2.1.0 validator finds no error (%s)" % [r["message"] for r in errors][:3])
s = json.load(open(sys.argv[1]))
run = s["runs"][0]
rules = {r["id"] for r in run["tool"]["driver"]["rules"]}
check({"seam/call", "seam/sql_read", "seam/foreign_key", "seam/view"} <= rules, "a rule per kind")
new = [r for r in run["results"] if r["baselineState"] == "new"]
check(len(new) == 1 and new[0]["level"] == "error" and new[0]["ruleId"] == "seam/call",
      "the planted crossing is the one new result, an error")
if new:
    loc = new[0]["locations"][0]["physicalLocation"]
    check(loc["artifactLocation"]["uri"] == "src/payments.c" and loc["region"]["startLine"] == 3,
          "at its file and line")
check(all(r["level"] == "note" for r in run["results"] if r["baselineState"] == "unchanged")
      and len(run["results"]) > 20, "the accepted ones are notes")
sys.exit(1 if fails else 0)
PY
