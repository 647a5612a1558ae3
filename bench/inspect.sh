#!/usr/bin/env bash
# bench/inspect.sh [BUILD_DIR] [-- gen-schema options]
#
# Times `seam inspect-db` on a large PostgreSQL schema: starts a throwaway
# server (scripts/pg-server), loads bench/gen-schema's output (5,000 tables,
# 10,000 foreign keys, 500 views by default), ANALYZEs,
# then runs the inspection once to warm the caches and RUNS times (default 5)
# under /usr/bin/time -v. Prints each run's wall time and peak RSS, the
# median, what was read, and how many statements seam sent (from the
# server's log). Target: under 2 s. Stops the server on exit. Not a ctest.
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
echo "inspect.sh: loaded in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

"$seam" inspect-db -q "$db" -o "$tmp/warm.json"
walls=()
for i in $(seq 1 "$runs"); do
  offset=$(stat -c %s "$SEAM_TEST_PGLOG")
  /usr/bin/time -v "$seam" inspect-db -q "$db" -o "$tmp/schema.json" 2>"$tmp/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
         for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
  stmts=$(tail -c +"$((offset + 1))" "$SEAM_TEST_PGLOG" | grep -cE '\] seam LOG:  (statement|execute)')
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
echo "median wall time: $median s (target: under 2 s)"
