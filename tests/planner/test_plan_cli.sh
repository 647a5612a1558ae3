#!/usr/bin/env bash
# seam plan MODEL.json [-o OUT_DIR]: the split planned again from a model.json.
#   - usage errors exit 2 with the usage (no MODEL.json, unknown option, an
#     extra argument, -o without its argument); --help exits 0 and names
#     OUT_DIR/split; a missing, truncated or non-object model.json is one
#     line on stderr, exit 1, and writes nothing;
#   - the fixture's model.json (seam analyze on shop.db) planned again gives
#     the same model.json and split/ as analyze wrote;
#   - a table moved by hand from one service's "tables" to another's: the
#     step that gives it an owner (own_tables for SQLite; move_table in the
#     same model with its dialect set to postgresql) names the new owner and
#     no step of the old owner's does; the foreign-key steps follow the new
#     owners (split_check.py fks); split/ matches the new plan;
#   - two runs give byte-identical model.json and split/ (diff -r), in place
#     too (OUT_DIR/model.json is MODEL.json);
#   - a bigger plan's numbered files are removed by a smaller one's, and a
#     file the user put in split/ (not NNN-*.sql) is kept.
# usage: test_plan_cli.sh SEAM SOURCE_DIR BINARY_DIR
set -euo pipefail
export LC_ALL=C
SEAM=$1 SRC=$2 BIN=$3
SHOP=$SRC/fixtures/shop CDB=$BIN/fixtures/shop DB=$BIN/fixtures/shop/shop.db
CHECK="python3 $(dirname "$0")/split_check.py"
command -v python3 >/dev/null || { echo "skipped: python3 is needed to edit model.json"; exit 77; }
[ -f "$DB" ] && [ -f "$CDB/compile_commands.json" ] ||
  { echo "skipped: $DB or its compile database is not built"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/seam-plan-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAILED: $1"; fail=1; }
check() { # check DESCRIPTION COMMAND...: the command succeeds
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
# expect STATUS DESCRIPTION ARGS...: seam plan ARGS exits STATUS (stdout, stderr in $T)
expect() {
  local want=$1 what=$2 got=0; shift 2
  "$SEAM" plan "$@" >"$T/stdout" 2>"$T/stderr" </dev/null || got=$?
  if [ "$got" -eq "$want" ]; then ok "$what: exit $got"; else bad "$what: exit $got, want $want"; cat "$T/stderr"; fi
}
lines() { wc -l <"$T/stderr"; }

# ---- usage and input errors
expect 2 "no MODEL.json"
check "no MODEL.json: named, usage shown" grep -q "missing MODEL.json" "$T/stderr"
grep -q '^Usage: seam plan' "$T/stderr" || bad "no MODEL.json: no usage"
expect 2 "unknown option" --frob "$T/m.json"
check "unknown option named" grep -q "unknown option '--frob'" "$T/stderr"
expect 2 "extra argument" a.json b.json
check "extra argument named" grep -q "unexpected argument 'b.json'" "$T/stderr"
expect 2 "-o without its argument" a.json -o
expect 0 "--help" --help
check "--help names OUT_DIR/split" grep -q "OUT_DIR/split" "$T/stdout"
check "--help writes nothing to stderr" test ! -s "$T/stderr"
expect 1 "missing model.json" "$T/nope.json" -o "$T/o"
check "missing model.json: one line naming it" test "$(lines)" -eq 1 -a -n "$(grep nope.json "$T/stderr")"
printf '{"tool": {"name": "seam"' >"$T/cut.json"
expect 1 "truncated model.json" "$T/cut.json" -o "$T/o"
check "truncated model.json: one line naming it" test "$(lines)" -eq 1 -a -n "$(grep cut.json "$T/stderr")"
printf '[1, 2]' >"$T/array.json"
expect 1 "model.json not an object" "$T/array.json" -o "$T/o"
check "not an object: one line" test "$(lines)" -eq 1
check "a failed plan writes nothing" test ! -e "$T/o"

# ---- the fixture's model, planned again
"$SEAM" analyze "$SHOP" -p "$CDB" --db "$DB" --no-git --no-cache -q -o "$T/an" >"$T/said" 2>&1 ||
  { cat "$T/said"; echo "FAILED: seam analyze"; exit 1; }
expect 0 "plan the fixture's model.json" "$T/an/model.json" -o "$T/same"
check "seam plan says how many steps" grep -q "^seam: split plan: [0-9]* steps, [0-9]* with SQL" "$T/stdout"
check "planned again: model.json as analyze wrote it" cmp "$T/an/model.json" "$T/same/model.json"
check "planned again: split/ as analyze wrote it" diff -r "$T/an/split" "$T/same/split"

# edit: move a table to another service; dialect: the same model as PostgreSQL's
edit() { # edit IN OUT TABLE FROM TO [DIALECT]
  python3 - "$@" <<'EOF'
import json, sys
src, dst, table, old, new = sys.argv[1:6]
m = json.load(open(src))
svc = {s["name"]: s for s in m["services"]}
assert table in svc[old]["tables"], (table, old)
svc[old]["tables"].remove(table)
svc[new]["tables"].append(table)
if len(sys.argv) > 6:
    m["schema"]["dialect"] = sys.argv[6]
json.dump(m, open(dst, "w"), indent=1)
EOF
}
svc_of() { $CHECK service-tables "$T/an/model.json" | awk -v t="$1" '$2 == t { print $1 }'; }
TABLE=sessions OLD=$(svc_of sessions) NEW=$(svc_of notification_queue)
[ -n "$OLD" ] && [ -n "$NEW" ] && [ "$OLD" != "$NEW" ] ||
  { echo "FAILED: sessions and notification_queue are not two services' ($OLD, $NEW)"; exit 1; }
check "before the move, $OLD's step gives $TABLE its owner" \
  test "$($CHECK owner-step "$T/an/model.json" $TABLE)" = "$OLD"
for dialect in sqlite postgresql; do
  edit "$T/an/model.json" "$T/moved-$dialect.json" $TABLE "$OLD" "$NEW" $dialect
  expect 0 "$dialect: plan after moving $TABLE from $OLD to $NEW" "$T/moved-$dialect.json" -o "$T/$dialect"
  M=$T/$dialect/model.json
  check "$dialect: after it, only $NEW's ($($CHECK owner-step "$M" $TABLE | paste -sd' '))" \
    test "$($CHECK owner-step "$M" $TABLE)" = "$NEW"
  check "$dialect: the foreign-key steps follow the new owners" $CHECK fks "$M"
  check "$dialect: split/ is the new plan's" $CHECK files "$M" "$T/$dialect/split"
  # the same again, into another directory and in place: the same bytes
  "$SEAM" plan "$T/moved-$dialect.json" -o "$T/$dialect-again" >/dev/null
  check "$dialect: two runs, the same model.json" cmp "$M" "$T/$dialect-again/model.json"
  check "$dialect: two runs, the same split/" diff -r "$T/$dialect/split" "$T/$dialect-again/split"
  mkdir -p "$T/$dialect-inplace" && cp "$T/moved-$dialect.json" "$T/$dialect-inplace/model.json"
  "$SEAM" plan "$T/$dialect-inplace/model.json" -o "$T/$dialect-inplace" >/dev/null
  "$SEAM" plan "$T/$dialect-inplace/model.json" -o "$T/$dialect-inplace" >/dev/null
  check "$dialect: planned in place twice, the same model.json" cmp "$M" "$T/$dialect-inplace/model.json"
  check "$dialect: planned in place twice, the same split/" \
    diff -r "$T/$dialect/split" "$T/$dialect-inplace/split"
done
grep -q '"kind":[[:space:]]*"move_table"' "$T/postgresql/model.json" || bad "postgresql: no move_table step"
grep -q '"kind":[[:space:]]*"own_tables"' "$T/sqlite/model.json" || bad "sqlite: no own_tables step"

# ---- stale files: the PostgreSQL plan's many files, then the SQLite plan's few
D=$T/shrink
"$SEAM" plan "$T/moved-postgresql.json" -o "$D" >/dev/null
big=$(ls "$D/split" | grep -c '^[0-9][0-9][0-9]-.*\.sql$' || true)
echo "mine" >"$D/split/notes.txt"
echo "mine" >"$D/split/000-mine.md"
"$SEAM" plan "$T/moved-sqlite.json" -o "$D" >/dev/null
small=$(ls "$D/split" | grep -c '^[0-9][0-9][0-9]-.*\.sql$' || true)
check "a smaller plan ($small files) removes the bigger one's ($big)" test "$small" -lt "$big"
check "only the smaller plan's numbered files are left" $CHECK files "$D/model.json" "$D/split"
check "split/ is the smaller plan's, byte for byte, but for the user's files" \
  diff -r -x notes.txt -x 000-mine.md "$T/sqlite/split" "$D/split"
check "the user's files are kept" test "$(cat "$D/split/notes.txt" "$D/split/000-mine.md")" = "mine
mine"

[ "$fail" -eq 0 ] || exit 1
echo "passed"
