#!/usr/bin/env bash
# bench/recovery-all.sh - seam's recovery yardstick: bench/recovery.sh on every
# code base with a known architecture, one table for all (docs/quality.md).
#
# Code bases (each scored by `seam eval` against its truth, beside the
# directories-as-services and Louvain-on-calls baselines):
#   fixture       fixtures/shop against its architect's expected-services.json
#                 (with seam's own history, and --no-git)
#   gen-plain     bench/gen-monolith --names plain (2,000 files, 20 domains, layer
#                 layout, 2,000 commits) against its planted truth (with the
#                 history, and --no-git)
#   bash          bash 5.2.15 against the published bash 4.2 ground truth
#                 (bench/recovery/bash-4.2-GT.json), --unit file --no-git
#   postgresql    the PostgreSQL 15 backend (src/backend) against its top-level
#                 subsystem directories (bench/recovery/postgresql-15-backend.json)
#   sqlite        SQLite 3.40.1 against its architecture page's file lists
#                 (bench/recovery/sqlite-3.40-arch.json)
#   lua           Lua 5.4.4 against its makefile's and manual's module groups
#                 (bench/recovery/lua-5.4-modules.json)
# The real code bases come from bench/recovery-corpus.sh --dir DIR (run it
# first); they have no history (Debian tarballs), so they run with --no-git
# and --unit file (their truths list files).
#
# Usage: bench/recovery-all.sh [--dir DIR] [--build BUILD] [--out OUT]
#                              [--knockouts] [--timeout S] [NAME...]
#   --dir DIR     the prepared recovery corpus (default /tmp/seam-recovery)
#   --build BUILD seam's build directory (default build): BUILD/cli/seam,
#                 BUILD/bench/baseline-louvain, BUILD/bench/gen-monolith,
#                 BUILD/fixtures/shop/shop.db
#   --out OUT     where each run's files go (default: a new /tmp/seam-recovery-all-*)
#   --knockouts   also the runs with one edge kind switched off (slower)
#   --timeout S   give up a code base's runs after S seconds (default 3600),
#                 reported as a failure: the other code bases still run
#   NAME...       only these code bases (default: all of the above)
# Exit 0 when every run worked, 1 otherwise (one line per failure says which).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=/tmp/seam-recovery build=$root/build out='' knock=--no-knockouts tmo=3600
usage() { sed -n '2,/^# Exit/p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "recovery-all.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; dir=$2; shift 2 ;;
    --build) [ $# -ge 2 ] || die "--build needs a directory"; build=$(realpath -m "$2"); shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
    --knockouts) knock=; shift ;;
    --timeout) [ $# -ge 2 ] && [ "$2" -gt 0 ] 2>/dev/null || die "--timeout needs a number of seconds"; tmo=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) break ;;
  esac
done
names="$*"
[ -n "$names" ] || names="fixture gen-plain bash postgresql sqlite lua"
for n in $names; do
  case $n in fixture|gen-plain|bash|postgresql|sqlite|lua) ;; *) die "unknown code base '$n' (see --help)" ;; esac
done
export SEAM=$build/cli/seam BASELINE_LOUVAIN=$build/bench/baseline-louvain
for tool in "$SEAM" "$BASELINE_LOUVAIN"; do
  [ -x "$tool" ] || die "$tool is not built (scripts/build, or --build)"
done
[ -n "$out" ] || out=$(mktemp -d /tmp/seam-recovery-all-XXXXXX)
mkdir -p "$out" || die "cannot create $out"
rec=$root/bench/recovery.sh
truths=$root/bench/recovery
failed=0 table=''

# measure NAME RECOVERY-ARGS...: one recovery.sh run, its rows kept for the table.
measure() {
  local name=$1
  shift
  echo "recovery-all.sh: $name ..." >&2
  local start rows
  start=$(date +%s)
  # timeout signals recovery.sh's whole process group, seam included.
  timeout "$tmo" "$rec" --out "$out/$name" --label "$name" $knock "$@" > "$out/$name.txt" 2> "$out/$name.err"
  local rc=$?
  if [ "$rc" = 0 ]; then
    echo "recovery-all.sh: $name: $(( $(date +%s) - start )) s" >&2
  elif [ "$rc" = 124 ]; then
    echo "recovery-all.sh: $name timed out after $tmo s (see $out/$name.err)" >&2
    failed=1
  else
    echo "recovery-all.sh: $name failed (see $out/$name.err)" >&2
    failed=1
  fi
  rows=$(grep "^| $name |" "$out/$name.txt")
  [ -z "$rows" ] || table="$table$rows
"
}

# corpus PKG: the prepared source tree of a corpus package, or a failure.
corpus() {
  local src=$dir/$1/src
  if [ -s "$src/compile_commands.json" ]; then
    echo "$src"
  else
    echo "recovery-all.sh: $1 is not prepared in $dir (run bench/recovery-corpus.sh --dir $dir $1)" >&2
    return 1
  fi
}

for n in $names; do
  case $n in
    fixture)
      db=$build/fixtures/shop/shop.db
      if [ -f "$db" ]; then
        measure fixture --src "$root/fixtures/shop" -p "$build/fixtures/shop" --db "$db" \
          --truth "$root/fixtures/shop/expected-services.json"
      else
        echo "recovery-all.sh: fixture: $db is not built" >&2; failed=1
      fi ;;
    gen-plain)
      gm=$out/gen-plain-src
      rm -rf "$gm"
      if "$build/bench/gen-monolith" --git 2000 --names plain -o "$gm" > "$out/gen-plain-gen.log" 2>&1 &&
         sqlite3 "$gm/shop.db" < "$gm/schema.sql"; then
        measure gen-plain --src "$gm" -p "$gm" --db "$gm/shop.db" --truth "$gm/expected-services.json"
      else
        echo "recovery-all.sh: gen-plain: gen-monolith or sqlite3 failed (see $out/gen-plain-gen.log)" >&2; failed=1
      fi ;;
    bash)
      # third-party research data, not in the repository: see bench/recovery/README.md
      if [ ! -f "$truths/bash-4.2-GT.json" ]; then
        echo "recovery-all.sh: bash: skipped: $truths/bash-4.2-GT.json is absent (bench/recovery/README.md says where it comes from)" >&2
      else
        src=$(corpus bash) && measure bash --src "$src" -p "$src" --unit file --no-git \
          --truth "$truths/bash-4.2-GT.json" || failed=1
      fi ;;
    postgresql)
      src=$(corpus postgresql-15) && measure postgresql --src "$src/src/backend" -p "$src" --unit file \
        --no-git --truth "$truths/postgresql-15-backend.json" || failed=1 ;;
    sqlite)
      src=$(corpus sqlite3) && measure sqlite --src "$src" -p "$src" --unit file --no-git \
        --truth "$truths/sqlite-3.40-arch.json" || failed=1 ;;
    lua)
      src=$(corpus lua5.4) && measure lua --src "$src" -p "$src" --unit file --no-git \
        --truth "$truths/lua-5.4-modules.json" || failed=1 ;;
  esac
done

echo "| code base | run | MoJoFM | ARI | services |"
echo "|---|---|---|---|---|"
printf '%s' "$table"
echo
echo "runs in $out"
[ "$failed" = 0 ] || die "some runs failed (see above)"
