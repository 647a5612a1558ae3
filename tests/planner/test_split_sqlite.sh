#!/usr/bin/env bash
# The fixture's split plan applied to a copy of its SQLite database.
#
# seam analyze plans the split of fixtures/shop against build/fixtures/shop/
# shop.db; every split/NNN-*.sql file (for SQLite: the view across services
# dropped, the reporting service's data-pump copies made) is applied to a
# copy of shop.db, in order, with sqlite3 -bail: each must apply. Checked:
#   - split/ has one file per step with SQL, numbered by the step's order,
#     each one transaction; one drop_foreign_key step per foreign key between
#     two services' tables (split_check.py files, fks);
#   - every step without SQL has a sql_note; those of stage 1 (own_tables)
#     and the drop_foreign_key steps say it is SQLite;
#   - before: customer_order_summary reads two services' tables (the check
#     can fail); after: no view reads the tables of two services, each copy
#     the data pump or a split_table step made has its source's rows, the file passes
#     integrity_check, and shop.db itself is unchanged.
# Skips (77) without sqlite3 (scripts/deps installs it), python3 or shop.db.
# usage: test_split_sqlite.sh SEAM SOURCE_DIR BINARY_DIR
set -euo pipefail
export LC_ALL=C
SEAM=$1 SRC=$2 BIN=$3
SHOP=$SRC/fixtures/shop CDB=$BIN/fixtures/shop DB=$BIN/fixtures/shop/shop.db
CHECK="python3 $(dirname "$0")/split_check.py"
for tool in sqlite3 python3; do
  command -v $tool >/dev/null || { echo "skipped: $tool is not installed (scripts/deps)"; exit 77; }
done
[ -f "$DB" ] && [ -f "$CDB/compile_commands.json" ] ||
  { echo "skipped: $DB or its compile database is not built"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/seam-split-sqlite.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...: the command succeeds
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; fail=1; fi
}

sum_before=$(cksum <"$DB")
"$SEAM" analyze "$SHOP" -p "$CDB" --db "$DB" --no-git --no-cache -q -o "$T/out" >"$T/said" 2>&1 ||
  { cat "$T/said"; echo "FAILED: seam analyze"; exit 1; }
M=$T/out/model.json SPLIT=$T/out/split
check "split/ holds one file per step with SQL, numbered by order" $CHECK files "$M" "$SPLIT"
check "one drop_foreign_key step per foreign key between services" $CHECK fks "$M"
check "steps without SQL carry a sql_note; stage 1's and the keys' name SQLite" \
  $CHECK notes "$M" SQLite

# views that read the tables of two services (by the names in their SQL: SQLite keeps it)
cross_views() {
  sqlite3 -json "$T/copy.db" "SELECT name, sql FROM sqlite_schema WHERE type = 'view'" >"$T/views"
  $CHECK service-tables "$M" >"$T/owners"
  python3 - "$T/views" "$T/owners" <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read().strip()
views = json.loads(text) if text else []
owner = dict(reversed(line.split()) for line in open(sys.argv[2]))
for v in views:
    words = {w.lower() for w in re.findall(r"\w+", v["sql"])}
    if len({owner[t] for t in owner if t in words}) > 1:
        print(v["name"])
EOF
}
cp "$DB" "$T/copy.db"
check "before: customer_order_summary reads two services' tables" \
  test "$(cross_views)" = customer_order_summary
n=0
for f in "$SPLIT"/[0-9][0-9][0-9]-*.sql; do
  [ -e "$f" ] || continue
  if ! sqlite3 -bail "$T/copy.db" <"$f" >"$T/apply.log" 2>&1; then
    echo "FAILED: $(basename "$f") does not apply:"; cat "$T/apply.log"; exit 1
  fi
  n=$((n + 1))
done
check "$n split files apply" test "$n" -gt 0
check "after: no view reads two services' tables ($(cross_views | paste -sd' '))" test -z "$(cross_views)"
# each copy a data pump or a table split makes: CREATE TABLE "copy" AS SELECT ... FROM "source"
copies() {
  python3 - "$M" <<'EOF'
import json, re, sys
for s in json.load(open(sys.argv[1]))["split_plan"]["steps"]:
    if s["kind"] in ("data_pump", "split_table"):
        for copy, src in re.findall(r'CREATE TABLE "([^"]+)" AS SELECT .*? FROM "([^"]+)"', s.get("sql") or ""):
            print(copy, src)
EOF
}
same_rows() {
  local copy src bad=0 k=0
  while read -r copy src; do
    k=$((k + 1))
    [ "$(sqlite3 "$T/copy.db" "SELECT count(*) FROM \"$copy\"")" = \
      "$(sqlite3 "$T/copy.db" "SELECT count(*) FROM \"$src\"")" ] || { echo "  $copy"; bad=1; }
  done < <(copies)
  [ "$k" -gt 0 ] || { echo "  no data-pump copies"; bad=1; }
  return $bad
}
check "each copy (data pump, split table) holds its source's rows" same_rows
check "integrity_check ok" test "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" = ok
check "shop.db unchanged" test "$(cksum <"$DB")" = "$sum_before"

[ "$fail" -eq 0 ] || exit 1
echo "passed"
