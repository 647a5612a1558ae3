#!/usr/bin/env bash
# bench/check.sh - how long seam check takes on a monolith of N files.
#
# Generates a synthetic monolith with bench/gen-monolith (its planted services,
# expected-services.json, as the target), analyzes it once (cold, then warm: the
# cache of the first run), then times, three times each, and prints the median
# with its peak memory:
#   - `seam check --target ... --model model.json` (the model seam analyze wrote);
#   - `seam check --target ... SRC --schema-sql ...` on the warm cache: the CI
#     gate on a source tree, nothing changed since the analysis;
#   - the same after one .c file changed (a line appended).
#
# Usage: bench/check.sh [-n FILES] [-j JOBS] [--dir DIR]
#   -n FILES   .c files to generate (default 2000)
#   -j JOBS    parser jobs for seam analyze (default: the number of cores)
#   --dir DIR  where the monolith and the outputs go (default: a new temporary
#              directory, removed at the end)
# Environment: SEAM (default build/cli/seam), GEN_MONOLITH (default
# build/bench/gen-monolith).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SEAM=${SEAM:-$root/build/cli/seam}
GEN=${GEN_MONOLITH:-$root/build/bench/gen-monolith}
n=2000 jobs=$(nproc) dir=
while [ $# -gt 0 ]; do
  case $1 in
    -n) n=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$SEAM" ] && [ -x "$GEN" ] || { echo "check.sh: build seam and gen-monolith first" >&2; exit 1; }
keep=1
if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/seam-check-bench.XXXXXX); keep=0; fi
trap '[ "$keep" = 1 ] || rm -rf "$dir"' EXIT
[ -f "$dir/mono/compile_commands.json" ] || "$GEN" -n "$n" -o "$dir/mono" >/dev/null
t() { /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>&1 || true; tail -n 1 "$dir/time"; }
read -r cold _ < <(t "$SEAM" analyze "$dir/mono" --schema-sql "$dir/mono/schema.sql" -o "$dir/out" -q -j "$jobs")
read -r warm_analyze _ < <(t "$SEAM" analyze "$dir/mono" --schema-sql "$dir/mono/schema.sql" -o "$dir/out" -q -j "$jobs")
median() { sort -n | sed -n 2p; }
runs=()
for _ in 1 2 3; do
  runs+=("$(t "$SEAM" check --target "$dir/mono/expected-services.json" --model "$dir/out/model.json" -q)")
done
model=$(printf '%s\n' "${runs[@]}" | median)
src() { t "$SEAM" check --target "$dir/mono/expected-services.json" "$dir/mono" \
          --schema-sql "$dir/mono/schema.sql" --cache "$dir/out/seam-cache.sqlite" -q -j "$jobs"; }
runs=()
for _ in 1 2 3; do runs+=("$(src)"); done
warm=$(printf '%s\n' "${runs[@]}" | median)
one=$(find "$dir/mono" -name '*.c' | sort | sed -n 1p)
runs=()
for i in 1 2 3; do
  echo "int seam_bench_check_$i;" >>"$one"
  runs+=("$(src)")
done
changed=$(printf '%s\n' "${runs[@]}" | median)
first=$("$SEAM" check --target "$dir/mono/expected-services.json" --model "$dir/out/model.json" -q | head -n 1 || true)
echo "files $n, jobs $jobs: analyze cold ${cold} s, warm ${warm_analyze} s"
echo "seam check --model (median of 3): ${model% *} s, peak ${model#* } KB"
echo "seam check SRC, warm cache, nothing changed (median of 3): ${warm% *} s, peak ${warm#* } KB"
echo "seam check SRC, one .c file changed (median of 3): ${changed% *} s, peak ${changed#* } KB"
echo "$first"
