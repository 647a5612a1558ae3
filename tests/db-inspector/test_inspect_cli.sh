#!/usr/bin/env bash
# `seam inspect-db`: exit statuses (0 ok, 1 one line naming what failed, 2
# usage), JSON on stdout or atomically into -o FILE (nothing half-written),
# byte-identical runs, --schema-sql, and no password in any output. With
# SEAM_TEST_PGPORT set (scripts/test) a PostgreSQL database is read too, and one of its own
# as a role without grants (what it may not read is reported as skipped, exit 0).
set -u
seam=$1
src=$2   # the source tree (fixtures/shop/schema.sql)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

# expect STATUS DESCRIPTION -- command...
expect() {
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; cat "$tmp/err"; fi
}
stderr_has() { grep -qE -- "$1" "$tmp/err" && ok || { bad "$2: stderr lacks /$1/:"; cat "$tmp/err"; }; }
one_line() {
  local n; n=$(wc -l <"$tmp/err")
  [ "$n" -eq 1 ] && ok || { bad "$1: $n lines on stderr, want 1:"; cat "$tmp/err"; }
}
valid_json() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" && ok || bad "$2: not JSON"; }

sqlite3_db() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read()); c.commit()' "$1" "$2"; }
sqlite3_db "$tmp/shop.db" "$src/fixtures/shop/schema.sql" || bad "cannot build shop.db"

# usage
expect 0 "seam --help" -- "$seam" --help
grep -q "inspect-db DB" "$tmp/out" && ok || bad "seam --help lacks inspect-db"
expect 0 "inspect-db --help" -- "$seam" inspect-db --help
grep -q -- "--schema-sql FILE" "$tmp/out" && ok || bad "inspect-db --help lacks --schema-sql"
expect 2 "no DB" -- "$seam" inspect-db
stderr_has "^Usage: seam inspect-db" "no DB prints usage"
expect 2 "DB and --schema-sql" -- "$seam" inspect-db "$tmp/shop.db" --schema-sql x.sql
stderr_has "not both" "both sources named"
expect 2 "--dialect alone" -- "$seam" inspect-db "$tmp/shop.db" --dialect sqlite
expect 2 "unknown option" -- "$seam" inspect-db --frob "$tmp/shop.db"
stderr_has "unknown option '--frob'" "unknown option named"
expect 2 "missing argument" -- "$seam" inspect-db "$tmp/shop.db" -o
stderr_has "needs an argument" "missing argument named"
expect 2 "unknown dialect" -- "$seam" inspect-db --schema-sql "$src/fixtures/shop/schema.sql" --dialect oracle
stderr_has "unknown dialect 'oracle'" "dialect named"
expect 2 "--schema on SQLite" -- "$seam" inspect-db "$tmp/shop.db" --schema sales
stderr_has "PostgreSQL only" "--schema explained"

# success: stdout and -o give the same bytes, run after run
mtime0=$(stat -c %Y.%s "$tmp/shop.db"); sum0=$(md5sum <"$tmp/shop.db")
expect 0 "SQLite to stdout" -- "$seam" inspect-db "$tmp/shop.db"
cp "$tmp/out" "$tmp/stdout.json"; valid_json "$tmp/stdout.json" "stdout"
[ ! -s "$tmp/err" ] && ok || { bad "SQLite inspection printed on stderr:"; cat "$tmp/err"; }
expect 0 "SQLite to -o" -- "$seam" inspect-db "$tmp/shop.db" -o "$tmp/schema.json"
cmp -s "$tmp/stdout.json" "$tmp/schema.json" && ok || bad "-o and stdout differ"
stderr_has "^seam: 24 tables, 31 foreign keys, 1 views, 25 indexes -> " "summary line"
expect 0 "again" -- "$seam" inspect-db "$tmp/shop.db" -o "$tmp/again.json" -q
cmp -s "$tmp/schema.json" "$tmp/again.json" && ok || bad "two runs differ"
[ ! -s "$tmp/err" ] && ok || bad "-q printed something"
[ "$(stat -c %Y.%s "$tmp/shop.db")" = "$mtime0" ] && [ "$(md5sum <"$tmp/shop.db")" = "$sum0" ] && ok ||
  bad "the SQLite file changed"
ls "$tmp"/*.tmp >/dev/null 2>&1 && bad "a .tmp file was left" || ok
python3 - "$tmp/schema.json" <<'EOF' && ok || bad "schema.json's shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d)[:4] == ["dialect", "source", "tables", "foreign_keys"], list(d)
assert d["dialect"] == "sqlite" and len(d["tables"]) == 24 and d["schemas"] == ["main"]
assert all("on_delete" in fk for fk in d["foreign_keys"])
EOF

# --schema-sql: the DDL the database came from gives the same JSON but for "source"
expect 0 "--schema-sql" -- "$seam" inspect-db --schema-sql "$src/fixtures/shop/schema.sql" -o "$tmp/ddl.json"
python3 - "$tmp/schema.json" "$tmp/ddl.json" <<'EOF' && ok || bad "--schema-sql differs from the database"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
a.pop("source"); b.pop("source")
assert a == b
EOF

# failures: one line, exit 1, an existing output untouched, nothing created
echo old >"$tmp/keep.json"
expect 1 "missing SQLite file" -- "$seam" inspect-db "$tmp/missing.db" -o "$tmp/keep.json"
one_line "missing SQLite file"; stderr_has "missing.db.*no such file" "missing file named"
[ "$(cat "$tmp/keep.json")" = old ] && ok || bad "output overwritten on failure"
[ ! -e "$tmp/missing.db" ] && ok || bad "a missing SQLite file was created"
head -c 8192 /dev/urandom >"$tmp/random.db"
expect 1 "encrypted (random bytes)" -- "$seam" inspect-db "$tmp/random.db" -o "$tmp/new.json"
one_line "encrypted"; stderr_has "file is not a database" "not a database"
[ ! -e "$tmp/new.json" ] && ok || bad "output written on failure"
printf 'CREATE TABLE a (id int);\n\nCREATE TABEL b (id int);\n' >"$tmp/typo.sql"
expect 1 "DDL syntax error" -- "$seam" inspect-db --schema-sql "$tmp/typo.sql"
one_line "DDL syntax error"; stderr_has "typo.sql:3: syntax error at or near \"TABEL\"" "file:line"
[ ! -s "$tmp/out" ] && ok || bad "something on stdout after a failure"
expect 1 "refused PostgreSQL" -- "$seam" inspect-db "host=127.0.0.1 port=1 dbname=x user=u password=s3cr3t-pw"
one_line "refused PostgreSQL"; stderr_has "password=\*\*\*" "password redacted"
stderr_has "^seam: cannot connect to PostgreSQL '.*': .*Connection refused$" "refusal's reason"
grep -q "s3cr3t-pw" "$tmp/err" "$tmp/out" && bad "password printed" || ok

# a live PostgreSQL database, when the suite has a server
if [ -n "${SEAM_TEST_PGPORT:-}" ]; then
  db="host=${SEAM_TEST_PGHOST:-127.0.0.1} port=$SEAM_TEST_PGPORT user=postgres dbname=postgres password=n0t-used-pw"
  expect 0 "PostgreSQL" -- "$seam" inspect-db "$db" -o "$tmp/pg.json"
  valid_json "$tmp/pg.json" "PostgreSQL"
  stderr_has "^seam: warning: role postgres can write to this database \(superuser" "superuser warned"
  grep -q "n0t-used-pw" "$tmp/err" "$tmp/out" "$tmp/pg.json" && bad "password printed or written" || ok
  grep -q 'password=\*\*\*' "$tmp/pg.json" && ok || bad "source not redacted in schema.json"
  expect 0 "PostgreSQL quiet" -- "$seam" inspect-db "$db" -q -o "$tmp/pg2.json"
  [ ! -s "$tmp/err" ] && ok || bad "-q printed the warning"
  cmp -s "$tmp/pg.json" "$tmp/pg2.json" && ok || bad "two PostgreSQL runs differ"
  # a system schema is never read, and a schema that is not there is no empty result: both fail
  expect 1 "--schema pg_catalog" -- "$seam" inspect-db "$db" -q --schema pg_catalog -o "$tmp/sys.json"
  stderr_has "^seam: cannot read schema 'pg_catalog' from PostgreSQL '.*': it is a system schema, never read$" \
    "--schema pg_catalog refused"
  [ ! -e "$tmp/sys.json" ] && ok || bad "--schema pg_catalog wrote its output"
  expect 1 "--schema typo" -- "$seam" inspect-db "$db" -q --schema no_such_schema -o "$tmp/typo.json"
  stderr_has "^seam: no schema 'no_such_schema' in PostgreSQL '.*'; schemas there: .*public" \
    "--schema typo names the schemas there"

  # A role without grants, in a database of this test's own where pg_description is revoked
  # (catalog privileges are per database): exit 0, and stderr says what was left out.
  scratch=seam_cli_$$ ro=seam_cli_ro_$$
  pg() {
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 \
      -h "${SEAM_TEST_PGHOST:-127.0.0.1}" -p "$SEAM_TEST_PGPORT" -U postgres "$@"
  }
  trap 'pg -d postgres -c "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" \
          -c "DROP ROLE IF EXISTS $ro"; rm -rf "$tmp"' EXIT
  if pg -d postgres -c "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" -c "CREATE DATABASE $scratch" \
       -c "DROP ROLE IF EXISTS $ro" -c "CREATE ROLE $ro LOGIN" &&
     pg -d "$scratch" -c "CREATE TABLE noted (id int PRIMARY KEY); COMMENT ON TABLE noted IS 'hidden';
                          REVOKE SELECT ON pg_catalog.pg_description FROM PUBLIC"; then
    ok
    rodb="host=${SEAM_TEST_PGHOST:-127.0.0.1} port=$SEAM_TEST_PGPORT user=$ro dbname=$scratch"
    expect 0 "no-grant role, pg_description revoked" -- "$seam" inspect-db "$rodb" -o "$tmp/ro.json"
    stderr_has "^seam: skipped: comments: skipped, no SELECT privilege on pg_catalog.pg_description$" \
      "the skipped comments"
    grep -q "warning" "$tmp/err" && { bad "a role without grants was warned about:"; cat "$tmp/err"; } || ok
    python3 - "$tmp/ro.json" <<'EOF' && ok || bad "ro.json: the table without its comment, the skip listed"
import json, sys
d = json.load(open(sys.argv[1]))
assert [t["name"] for t in d["tables"]] == ["noted"], d["tables"]
assert d["tables"][0].get("comment") is None, d["tables"][0]
assert any(l.startswith("comments: skipped") for l in d["skipped"]), d["skipped"]
EOF
    expect 0 "the same, quiet" -- "$seam" inspect-db "$rodb" -q -o "$tmp/ro2.json"
    [ ! -s "$tmp/err" ] && ok || bad "-q printed the skip"
  else
    bad "cannot set up database $scratch and role $ro"
  fi
else
  echo "skipped PostgreSQL part: SEAM_TEST_PGPORT is unset"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
