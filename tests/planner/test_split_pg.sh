#!/usr/bin/env bash
# The fixture's split plan applied in a real PostgreSQL 15.
#
# fixtures/shop/schema.pg.sql is loaded into a fresh database, plus what the
# fixture lacks: two triggers (one on orders writing notification_queue,
# another service's table; one on order_lines touching orders, the same
# service's) and a view across services reading customers.last_notified_at,
# the column the notify service writes (so split off by a split_table step),
# and seam analyze plans the split against it. A copy of the
# database (CREATE DATABASE ... TEMPLATE) gets every split/NNN-*.sql file,
# in order, with psql -v ON_ERROR_STOP=1: each must apply. Checked:
#   - split/ has one file per step with SQL, numbered by the step's order,
#     each one transaction (split_check.py files); one drop_foreign_key step
#     per foreign key between two services' tables, none for the others;
#   - after stage 1 (*-schema-*.sql): each owned table lives in its service's
#     schema, and every statement of the code (model.json sql_sites, bound
#     to sample values: split_check.py bind) that EXPLAINs on the original
#     database still EXPLAINs on the copy, through the views left under the
#     old names; at least MIN_STATEMENTS of them (117 of 181 when written);
#   - after stage 2 (*-ties-*.sql): no foreign key between two schemas, no
#     view reading (through other views too) the tables of two services'
#     schemas, no trigger on a service's table whose function names another
#     service's table; the same-service trigger is still there. The checks
#     run once before stage 2 as well, to see each one can fail.
# Skips (77) without SEAM_TEST_PGPORT (scripts/test starts a server), psql or
# python3. Databases (and the plan's roles, when this run made them) are
# dropped on exit.
# usage: test_split_pg.sh SEAM SOURCE_DIR BINARY_DIR
set -euo pipefail
export LC_ALL=C
SEAM=$1 SRC=$2 BIN=$3
SHOP=$SRC/fixtures/shop CDB=$BIN/fixtures/shop
CHECK="python3 $(dirname "$0")/split_check.py"
MIN_STATEMENTS=90

if [ -z "${SEAM_TEST_PGPORT:-}" ] || [ -z "${SEAM_TEST_PGHOST:-}" ]; then
  echo "skipped: SEAM_TEST_PGPORT is unset: run under scripts/test for PostgreSQL"; exit 77
fi
for tool in psql pg_dump pg_restore python3; do
  command -v $tool >/dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done
[ -f "$CDB/compile_commands.json" ] || { echo "skipped: $CDB/compile_commands.json not built"; exit 77; }

DB=seam_split_pg_$$ COPY=seam_split_pg_$$_copy
T=$(mktemp -d "${TMPDIR:-/tmp}/seam-split-pg.XXXXXX")
pg() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 \
         -h "$SEAM_TEST_PGHOST" -p "$SEAM_TEST_PGPORT" -U postgres "$@"; }
q() { local db=$1; shift; pg -d "$db" -A -t -F '|' -c "$@"; }
roles_before=
cleanup() {
  local x
  for x in $(cat "$T/extracted" 2>/dev/null); do
    pg -d postgres -c "DROP DATABASE IF EXISTS $x WITH (FORCE)" >/dev/null 2>&1 || true
  done
  pg -d postgres -c "DROP DATABASE IF EXISTS $COPY WITH (FORCE)" \
     -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  # the roles the plan's create_schema steps made, unless they were there before
  if [ -f "$T/out/model.json" ]; then
    for role in $($CHECK roles "$T/out/model.json"); do
      case " $roles_before " in *" $role "*) ;; *)
        pg -d postgres -c "DROP ROLE IF EXISTS \"$role\"" >/dev/null 2>&1 || true ;;
      esac
    done
  fi
  rm -rf "$T"
}
trap cleanup EXIT
fail=0
check() { # check DESCRIPTION COMMAND...: the command succeeds
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; fail=1; fi
}

roles_before=$(q postgres "SELECT string_agg(rolname, ' ') FROM pg_roles")
pg -d postgres -c "CREATE DATABASE $DB" >/dev/null
pg -d "$DB" -f "$SHOP/schema.pg.sql" >/dev/null
pg -d "$DB" >/dev/null <<'EOF'
CREATE FUNCTION seam_test_queue_on_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO notification_queue (template_id, customer_id, channel, recipient, payload, status)
  VALUES (1, NEW.customer_id, 'email', 'x', '{}', 'queued');
  RETURN NEW;
END $$;
CREATE TRIGGER seam_test_order_placed AFTER INSERT ON orders
  FOR EACH ROW EXECUTE FUNCTION seam_test_queue_on_order();
CREATE FUNCTION seam_test_touch_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE orders SET subtotal_cents = subtotal_cents WHERE id = NEW.order_id;
  RETURN NEW;
END $$;
CREATE TRIGGER seam_test_line_added AFTER INSERT ON order_lines
  FOR EACH ROW EXECUTE FUNCTION seam_test_touch_order();
CREATE VIEW seam_test_last_contact AS
  SELECT c.id, c.last_notified_at, max(o.placed_at) AS last_order_at
    FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id;
EOF

"$SEAM" analyze "$SHOP" -p "$CDB" --no-git --no-cache -q -o "$T/out" \
  --db "host=$SEAM_TEST_PGHOST port=$SEAM_TEST_PGPORT user=postgres dbname=$DB" >"$T/said" 2>&1 ||
  { cat "$T/said"; echo "FAILED: seam analyze"; exit 1; }
M=$T/out/model.json SPLIT=$T/out/split
check "split/ holds one file per step with SQL, numbered by order" $CHECK files "$M" "$SPLIT"
check "one drop_foreign_key step per foreign key between services" $CHECK fks "$M"
# the fixture's own check that services own tables the order and notify way round
svc_of() { $CHECK service-tables "$M" | awk -v t="$1" '$2 == t { print $1 }'; }
[ "$(svc_of orders)" = "$(svc_of order_lines)" ] && [ "$(svc_of orders)" != "$(svc_of notification_queue)" ] ||
  { echo "FAILED: orders, order_lines, notification_queue: the trigger checks assume another ownership"; exit 1; }

pg -d postgres -c "CREATE DATABASE $COPY TEMPLATE $DB" >/dev/null
apply() { # apply FILE...: each in order; the first that fails is named
  local f
  for f in "$@"; do
    if ! pg -d "${TARGET:-$COPY}" -f "$f" >"$T/apply.log" 2>&1; then
      echo "FAILED: $(basename "$f") does not apply:"; cat "$T/apply.log"; exit 1
    fi
  done
}
mapfile -t stage1 < <($CHECK stage-files "$SPLIT" 1)
mapfile -t stage2 < <($CHECK stage-files "$SPLIT" 2)
mapfile -t stage3 < <($CHECK stage-files "$SPLIT" 3)
[ "${#stage1[@]}" -gt 0 ] && [ "${#stage2[@]}" -gt 0 ] ||
  { echo "FAILED: no stage-1 or no stage-2 files"; exit 1; }
all=$(ls "$SPLIT" | grep -c '^[0-9][0-9][0-9]-' || true)
[ "$all" -eq $((${#stage1[@]} + ${#stage2[@]} + ${#stage3[@]})) ] ||
  { echo "FAILED: numbered files of no stage"; exit 1; }
apply "${stage1[@]}"
echo "ok: ${#stage1[@]} stage-1 files apply"

# Each owned table is in its service's schema; its old name is a view.
moved() {
  local svc schema table where bad=0
  while read -r svc schema table; do
    where=$(q "$COPY" "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE c.relname = '$table' AND c.relkind = 'r'")
    [ "$where" = "$schema" ] || { echo "  table $table of $svc is in '$where', want '$schema'"; bad=1; }
    [ "$(q "$COPY" "SELECT relkind FROM pg_class WHERE oid = 'public.$table'::regclass")" = v ] ||
      { echo "  public.$table is no view"; bad=1; }
  done < <($CHECK schemas "$M")
  return $bad
}
check "after stage 1 each table is in its service's schema, a view under its old name" moved

# The code's statements EXPLAIN on the copy wherever they EXPLAIN on the original.
$CHECK statements "$M" >"$T/statements"
$CHECK explain-script <"$T/statements" >"$T/explain.sql"
pg -d "$DB" -v ON_ERROR_STOP=0 -f "$T/explain.sql" >"$T/before" 2>/dev/null
pg -d "$COPY" -v ON_ERROR_STOP=0 -f "$T/explain.sql" >"$T/after" 2>/dev/null
works=$(grep -c '^OK' "$T/before" || true) total=$(wc -l <"$T/statements")
broken=$(join <(grep '^OK' "$T/before" | awk '{print $2}' | sort) \
              <(grep '^FAIL' "$T/after" | awk '{print $2}' | sort) || true)
for i in $broken; do echo "  broken by stage 1: $(sed -n "$((i + 1))p" "$T/statements")"; done
check "the $works of $total statements that EXPLAIN before still EXPLAIN after stage 1" test -z "$broken"
check "at least $MIN_STATEMENTS statements EXPLAIN ($works)" test "$works" -ge "$MIN_STATEMENTS"

# What stage 2 cuts, counted on the copy.
schemas=$($CHECK schemas "$M" | awk '{print "'\''" $2 "'\''"}' | sort -u | paste -sd, -)
cross_fks() {
  q "${TARGET:-$COPY}" "SELECT count(*) FROM pg_constraint c
               JOIN pg_class r1 ON r1.oid = c.conrelid JOIN pg_namespace n1 ON n1.oid = r1.relnamespace
               JOIN pg_class r2 ON r2.oid = c.confrelid JOIN pg_namespace n2 ON n2.oid = r2.relnamespace
              WHERE c.contype = 'f' AND n1.nspname <> n2.nspname"
}
# views (and materialized views) with the service schemas of the tables they read, through
# other views too (the old names of stage 1 are views)
cross_views() {
  q "$COPY" "WITH RECURSIVE uses(reader, rel) AS (
      SELECT DISTINCT rw.ev_class, d.refobjid FROM pg_rewrite rw
        JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
                        AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> rw.ev_class
    ), reach(reader, rel) AS (
      SELECT reader, rel FROM uses
      UNION SELECT r.reader, u.rel FROM reach r JOIN uses u ON u.reader = r.rel
    )
    SELECT v.oid::regclass FROM reach r
      JOIN pg_class v ON v.oid = r.reader AND v.relkind IN ('v', 'm')
      JOIN pg_class t ON t.oid = r.rel AND t.relkind IN ('r', 'p')
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname IN ($schemas)
     GROUP BY v.oid HAVING count(DISTINCT n.nspname) > 1 ORDER BY 1"
}
# triggers on a service's table whose function names a table another service owns
cross_triggers() {
  q "$COPY" "SELECT tg.tgname, n.nspname, p.prosrc FROM pg_trigger tg
               JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_proc p ON p.oid = tg.tgfoid
              WHERE NOT tg.tgisinternal AND n.nspname IN ($schemas)" >"$T/triggers"
  $CHECK schemas "$M" >"$T/owners"
  python3 - "$T/triggers" "$T/owners" <<'EOF'
import re, sys
schema_tables = {}
for line in open(sys.argv[2]):
    svc, schema, table = line.split()
    schema_tables.setdefault(schema, set()).add(table)
text = open(sys.argv[1]).read()
# "name|schema|body..." records; a body spans lines
for rec in re.split(r"\n(?=[^|\n]+\|[^|\n]+\|)", text.strip()):
    if not rec:
        continue
    name, schema, body = rec.split("|", 2)
    for other, tables in sorted(schema_tables.items()):
        if other != schema and any(re.search(r"\b%s\b" % re.escape(t), body, re.I) for t in tables):
            print(name)
            break
EOF
}
fks_before=$(cross_fks) views_before=$(cross_views) triggers_before=$(cross_triggers)
want_fks=$(python3 -c 'import json, sys
print(sum(s["kind"] == "drop_foreign_key" for s in json.load(open(sys.argv[1]))["split_plan"]["steps"]))' "$M")
check "before stage 2: the $want_fks keys between services cross schemas ($fks_before)" \
  test "$fks_before" -eq "$want_fks" -a "$want_fks" -gt 0
check "before stage 2: customer_order_summary and seam_test_last_contact read two services' schemas ($(echo $views_before))" \
  test "$(echo $views_before)" = "customer_order_summary seam_test_last_contact"
check "before stage 2: seam_test_order_placed crosses services ($triggers_before)" \
  test "$triggers_before" = seam_test_order_placed

apply "${stage2[@]}"
echo "ok: ${#stage2[@]} stage-2 files apply"
check "after stage 2: no foreign key between schemas ($(cross_fks))" test "$(cross_fks)" -eq 0
check "after stage 2: no view reads two services' schemas ($(cross_views | paste -sd' '))" \
  test -z "$(cross_views)"
check "after stage 2: no trigger crosses services ($(cross_triggers | paste -sd' '))" \
  test -z "$(cross_triggers)"
check "after stage 2: the same-service trigger is kept" \
  test "$(q "$COPY" "SELECT count(*) FROM pg_trigger WHERE tgname = 'seam_test_line_added'")" -eq 1
# each service's role reaches its tables, its split-off columns and its data pump's copies
# (the join finds them: more than 20 tables and copies live in service schemas)
check "after stage 2: the service schemas hold tables and copies" \
  test "$(q "$COPY" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_roles r ON r.rolname = n.nspname || '_svc' WHERE c.relkind IN ('r', 'm')")" -gt 20
check "after stage 2: every table and copy in a service schema is its role's" \
  test "$(q "$COPY" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_roles r ON r.rolname = n.nspname || '_svc' WHERE c.relkind IN ('r', 'm')
    AND NOT has_table_privilege(r.rolname, c.oid, 'SELECT')")" -eq 0
if [ "${#stage3[@]}" -gt 0 ]; then apply "${stage3[@]}"; fi
echo "ok: ${#stage3[@]} stage-3 files apply"

# Stage 3 as the extract_database notes say, service by service in plan order: pg_dump
# --schema=S of the copy restored into a new database (named here, not S_db: the server is
# shared), which then holds the service's tables; then the note's DROP SCHEMA in the copy.
# Known gaps of the plan, printed, not failed (the service's own tables must still arrive):
# a service with a data pump: its copies are materialized views over other services'
# schemas, which the new database lacks; and a trigger's function, which stage 1 leaves in
# public (the one of this test's same-service trigger on order_lines).
k=0
while IFS='|' read -r svc dump drop pump; do
  k=$((k + 1)) new=${COPY}_s$k
  echo "$new" >>"$T/extracted"
  if [ -z "$dump" ] || [ -z "$drop" ]; then echo "FAILED: $svc: no pg_dump or DROP SCHEMA in its note"; fail=1; continue; fi
  pg -d postgres -c "CREATE DATABASE $new" >/dev/null
  flags=--exit-on-error; [ "$pump" = 1 ] && flags=
  if ! pg_dump -h "$SEAM_TEST_PGHOST" -p "$SEAM_TEST_PGPORT" -U postgres --schema="$dump" \
         --format=custom "$COPY" 2>"$T/dump.log" |
       pg_restore -h "$SEAM_TEST_PGHOST" -p "$SEAM_TEST_PGPORT" -U postgres $flags \
         --dbname="$new" >"$T/restore.log" 2>&1; then
    if [ "$pump" = 1 ]; then
      echo "known gap: $svc: its data pump's copies do not restore: $(grep -c 'does not exist' "$T/restore.log") errors"
    elif ! grep 'ERROR:' "$T/restore.log" | grep -qv 'function public[.]seam_test_touch_order() does not exist'; then
      # stage 1 moves a table, not its triggers' functions: the dump of the schema holds the
      # trigger, its function stays in public (a known gap of the plan, printed)
      echo "known gap: $svc: trigger seam_test_line_added's function is not in schema $dump"
    else
      echo "FAILED: $svc: pg_dump --schema=$dump | pg_restore:"; cat "$T/dump.log" "$T/restore.log"; fail=1
    fi
  fi
  missing=$($CHECK schemas "$M" | while read -r s schema table; do
    [ "$s" = "$svc" ] || continue
    [ "$(q "$new" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = '$schema' AND c.relname = '$table' AND c.relkind = 'r'")" = 1 ] ||
      echo "$table"
  done)
  check "stage 3: $svc's tables in a database of its own${missing:+ (missing: $missing)}" test -z "$missing"
  check "stage 3: $svc: $drop" pg -d "$COPY" -c "$drop"
done < <($CHECK extract "$M")
check "stage 3: every service extracted ($k)" test "$k" -gt 0
check "stage 3: no service schema left in the monolith's database" \
  test "$(q "$COPY" "SELECT count(*) FROM pg_namespace WHERE nspname IN ($schemas)")" -eq 0

# A re-planned split applies as well: sessions moved by hand (model.json) to the service of
# notification_queue, seam plan, and all its files on another copy of the database.
python3 - "$M" "$T/moved.json" <<'EOF2'
import json, sys
m = json.load(open(sys.argv[1]))
owner = {t: s for s in m["services"] for t in s.get("tables", [])}
owner["sessions"]["tables"].remove("sessions")
owner["notification_queue"]["tables"].append("sessions")
json.dump(m, open(sys.argv[2], "w"))
EOF2
"$SEAM" plan "$T/moved.json" -o "$T/moved" >"$T/said" 2>&1 || { cat "$T/said"; echo "FAILED: seam plan"; exit 1; }
check "re-planned: split/ holds one file per step with SQL" $CHECK files "$T/moved/model.json" "$T/moved/split"
TARGET=${COPY}_moved
echo "$TARGET" >>"$T/extracted"
pg -d postgres -c "CREATE DATABASE $TARGET TEMPLATE $DB" >/dev/null
apply "$T/moved/split"/[0-9][0-9][0-9]-*.sql
echo "ok: the re-planned split applies"
want=$($CHECK schemas "$T/moved/model.json" | awk '$3 == "sessions" { print $2 }')
check "re-planned: sessions is in schema $want" test "$(q "$TARGET" "SELECT n.nspname FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'sessions' AND c.relkind = 'r'")" = "$want"
check "re-planned: no foreign key between schemas" test "$(cross_fks)" -eq 0
unset TARGET

[ "$fail" -eq 0 ] || exit 1
echo "passed"
