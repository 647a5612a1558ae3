#!/usr/bin/env bash
# bench/views.sh [BUILD_DIR] [N...]
#
# Times `seam inspect-db` on SQLite databases holding one table and a chain
# of N views (v1 reads t, v2 reads v1, ...; each created before the one it
# reads, so that the order of creation is no help, or with ORDER=forward
# after it), for each N given
# (default 500 1000 2000 4000). Prints, per N, the median wall time and
# peak RSS of RUNS runs (default 3) under /usr/bin/time -v, and checks that
# the last view reads t. Reading each view's tables used to cost O(N^3) over
# such a chain; it is linear now (db-inspector/inspect_sqlite_objects.c).
# Needs the sqlite3 shell. Not a ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
[ $# -gt 0 ] && shift
sizes=${*:-500 1000 2000 4000}
seam=$build/cli/seam
runs=${RUNS:-3}
[ -x "$seam" ] || { echo "views.sh: $seam is missing: build seam first" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "views.sh: the sqlite3 shell is missing" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/seam-bench-views.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

printf '%8s %12s %12s\n' views "median s" "peak RSS KB"
for n in $sizes; do
  db=$tmp/chain$n.db
  {
    echo "BEGIN; CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);"
    if [ "${ORDER:-}" = forward ]; then
      echo "CREATE VIEW v1 AS SELECT * FROM t;"
      for i in $(seq 2 "$n"); do echo "CREATE VIEW v$i AS SELECT * FROM v$((i - 1));"; done
    else
      for i in $(seq "$n" -1 2); do echo "CREATE VIEW v$i AS SELECT * FROM v$((i - 1));"; done
      echo "CREATE VIEW v1 AS SELECT * FROM t;"
    fi
    echo "COMMIT;"
  } | sqlite3 "$db"
  walls=() rss=0
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -v "$seam" inspect-db -q "$db" -o "$tmp/schema.json" 2>"$tmp/time.txt"
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
               for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tmp/time.txt")")
    r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  python3 - "$tmp/schema.json" "v$n" <<'PY'
import json, sys
views = {v["name"]: v["tables"] for v in json.load(open(sys.argv[1]))["views"]}
if views.get(sys.argv[2]) != ["t"]:
    sys.exit("views.sh: %s reads %r, not ['t']" % (sys.argv[2], views.get(sys.argv[2])))
PY
  printf '%8s %12s %12s\n' "$n" "$median" "$rss"
done
