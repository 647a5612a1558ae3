#!/usr/bin/env bash
# bench/inspect.sh [BUILD_DIR] [-- gen-schema options]
#
# Times `seam inspect-db` on a large PostgreSQL schema: starts a throwaway
# server (scripts/pg-server), loads bench/gen-schema's output (5,000 tables,
# 10,000 foreign keys, 500 views by default), ANALYZEs,
# then runs the inspection once to warm the caches and RUNS times (default 5)
# under /usr/bin/time -v. Prints each run's wall time and peak RSS, the
# median, what was read, how many statements seam sent, and the median
# server-side duration of each statement (parse, bind and execute, from the
# server's log with log_min_duration_statement=0). Target: under 2 s. Stops
# the server on exit. Not a ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
seam=$build/cli/seam
runs=${RUNS:-5}
[ -x "$seam" ] || { echo "inspect.sh: $seam is missing: build seam first" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/seam-bench-inspect.XXXXXX")
chmod 755 "$tmp" # the server runs as postgres
cleanup() { "$root/scripts/pg-server" stop "$tmp/pg" || true; rm -rf "$tmp"; }
trap cleanup EXIT
eval "$("$root/scripts/pg-server" start "$tmp/pg")"
export PGHOST=$SEAM_TEST_PGHOST PGPORT=$SEAM_TEST_PGPORT PGUSER=postgres
db="host=$PGHOST port=$PGPORT user=postgres dbname=bench"

echo "inspect.sh: generating and loading the schema ($*)"
"$root/bench/gen-schema" "$@" >"$tmp/schema.sql"
psql -q -X -d postgres -c "CREATE DATABASE bench"
start=$(date +%s.%N)
psql -q -X -v ON_ERROR_STOP=1 -d bench -f "$tmp/schema.sql" >/dev/null
psql -q -X -d bench -c "ANALYZE" >/dev/null
# every statement's duration in the log, for the per-statement figures below
psql -q -X -d postgres -c "ALTER SYSTEM SET log_min_duration_statement = 0" \
  -c "SELECT pg_catalog.pg_reload_conf()" >/dev/null
echo "inspect.sh: loaded in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

"$seam" inspect-db -q "$db" -o "$tmp/warm.json"
walls=()
for i in $(seq 1 "$runs"); do
  offset=$(stat -c %s "$SEAM_TEST_PGLOG")
  /usr/bin/time -v "$seam" inspect-db -q "$db" -o "$tmp/schema.json" 2>"$tmp/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
         for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
  tail -c +"$((offset + 1))" "$SEAM_TEST_PGLOG" >"$tmp/run$i.log"
  stmts=$(grep -cE '\] seam LOG:  (statement|execute)' "$tmp/run$i.log")
  walls+=("$wall")
  printf 'run %d: %s s wall, %s KB peak RSS, %s statements\n' "$i" "$wall" "$rss" "$stmts"
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
python3 - "$tmp/schema.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print("read: %d tables, %d columns, %d foreign keys, %d views, %d indexes, %d triggers, %d sequences"
      % (len(d["tables"]), sum(len(t["columns"]) for t in d["tables"]), len(d["foreign_keys"]),
         len(d["views"]), len(d["indexes"]), len(d["triggers"]), len(d["sequences"])))
EOF
python3 - "$tmp"/run*.log <<'EOF'
import re, statistics, sys
# A statement's parse and bind durations come before its "execute" line, its
# execution's after; simple-protocol statements log one duration after.
names = [("current_user", "probe"), ("quote_ident", "pg_stat_statements' schema"),
         ("locked AS", "expressions"), ("mem AS", "tables and columns"), (" rel AS", "keys"),
         ("i.indexrelid", "indexes"), ("SELECT v.oid", "views"), ("tg.oid", "triggers"),
         ("pg_sequence s", "sequences"), ("pg_stat_user_tables", "statistics"),
         ("pg_stat_statements s", "pg_stat_statements")]
runs = []
for path in sys.argv[1:]:
    stmts, pending = [], 0.0
    for line in open(path, errors="replace"):
        if "] seam " not in line:
            continue
        m = re.search(r"LOG:  (?:statement|execute <unnamed>): (.*)", line)
        if m:
            sql = m.group(1)
            name = next((n for k, n in names if k in sql), sql.split(" seam_")[0][:30])
            stmts.append([name, pending])
            pending = 0.0
            continue
        m = re.search(r"LOG:  duration: ([\d.]+) ms(  (?:parse|bind) )?", line)
        if m and m.group(2):
            pending += float(m.group(1))
        elif m and stmts:
            stmts[-1][1] += float(m.group(1))
    runs.append(stmts)
print("server-side duration of each statement (median of the runs):")
for i, (name, _) in enumerate(runs[0]):
    ms = [r[i][1] for r in runs if len(r) > i]
    print("  %-28s %7.1f ms" % (name, statistics.median(ms)))
print("  %-28s %7.1f ms" % ("all", statistics.median(sum(d for _, d in r) for r in runs)))
EOF
echo "median wall time: $median s (target: under 2 s)"
