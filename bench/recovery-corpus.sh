#!/usr/bin/env bash
# bench/recovery-corpus.sh - fetch and prepare seam's recovery corpus: real C
# code bases whose architecture is documented, against which
# bench/recovery-all.sh measures seam's services (docs/quality.md).
#
# The packages are the lines of bench/recovery/packages.txt (bash, the
# PostgreSQL 15 server, SQLite, Lua 5.4: Debian bookworm source packages).
# bench/corpus.sh --list does the work: it downloads each package from the
# Debian archive (DEBIAN_MIRROR, DEBIAN_SUITE as there), checks every file's
# SHA-256 against the suite's Sources index, unpacks the upstream source into
# DIR/PKG/src and runs the line's PREPARE once (configure, generated sources,
# compile_commands.json from bench/make-compdb.py; bash is built).
#
# Then, per package:
#   - the compile database must exist and list translation units;
#   - postgresql-15: the directory truth is derived again from the tree
#     (bench/recovery/dir-truth.py, src/backend's top-level directories) and
#     compared with the committed bench/recovery/postgresql-15-backend.json;
#   - sqlite3: the architecture page (arch.html) is taken out of the
#     package's documentation tarball into DIR/sqlite3/arch.html, the
#     source of bench/recovery/sqlite-3.40-arch.json.
#
# Usage: bench/recovery-corpus.sh [--dir DIR] [PKG...]
#   --dir DIR  where sources go (default /tmp/seam-recovery); never the repository
#   PKG...     only these packages (default: every line of the list)
# Exit 0 when every package is ready, 1 otherwise (one line says why).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
list=$root/bench/recovery/packages.txt
dir=/tmp/seam-recovery
usage() { sed -n '2,/^# Exit/p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "recovery-corpus.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; dir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) break ;;
  esac
done
pkgs="$*"
[ -n "$pkgs" ] || pkgs=$(grep -v '^[[:space:]]*#' "$list" | grep -v '^[[:space:]]*$' | cut -d'|' -f1 | tr -d ' ' | tr '\n' ' ')

"$root/bench/corpus.sh" --dir "$dir" --list "$list" $pkgs || die "bench/corpus.sh failed (its messages are above)"

failed=0
for pkg in $pkgs; do
  src=$dir/$pkg/src
  n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$src/compile_commands.json" 2>/dev/null || echo 0)
  if [ "$n" -eq 0 ]; then
    echo "recovery-corpus.sh: $pkg: no compile database in $src (see $dir/$pkg/prepare.log)" >&2
    failed=1
    continue
  fi
  echo "recovery-corpus.sh: $pkg: $n translation units in $src/compile_commands.json"
  case $pkg in
    postgresql-15)
      if python3 "$root/bench/recovery/dir-truth.py" "$src" src/backend > "$dir/$pkg/truth.json"; then
        if cmp -s "$dir/$pkg/truth.json" "$root/bench/recovery/postgresql-15-backend.json"; then
          echo "recovery-corpus.sh: $pkg: src/backend's layout matches bench/recovery/postgresql-15-backend.json"
        else
          echo "recovery-corpus.sh: $pkg: warning: src/backend's layout differs from bench/recovery/postgresql-15-backend.json (new: $dir/$pkg/truth.json)" >&2
        fi
      else
        failed=1
      fi ;;
    sqlite3)
      www=$(ls "$dir/$pkg"/dl/*.orig-www.tar.* 2>/dev/null | head -1)
      if [ -n "$www" ] && tar -xOf "$www" --wildcards '*/arch.html' > "$dir/$pkg/arch.html" 2>/dev/null; then
        echo "recovery-corpus.sh: $pkg: the architecture page is $dir/$pkg/arch.html"
      else
        echo "recovery-corpus.sh: $pkg: warning: no arch.html in the documentation tarball" >&2
      fi ;;
  esac
done
[ "$failed" = 0 ] || die "some packages are not ready (see above)"
exit 0
