#!/usr/bin/env bash
# bench/corpus.sh - fetch seam's development corpus: real C code that talks SQL.
#
# Reads bench/corpus/packages.txt (one Debian source package a line), finds
# each package in Debian bookworm's Sources index, downloads its .dsc and
# upstream tarball(s) from the pool, checks every file's SHA-256 against the
# index, and unpacks the upstream source into DIR/PKG/src.
#
# Then it prepares each tree as a user's build would see it: the Debian
# packages of the line's DEPS field that are not installed yet are installed
# with apt-get (needs root; the list is printed first; without root a
# warning names them), and the line's PREPARE command (the package's own
# configure step with its PostgreSQL/MySQL options, then a
# compile_commands.json: CMake's, or bench/make-compdb.py's from `make -n`)
# runs once in the source tree, with $BENCH set to this bench/ directory;
# its output goes to DIR/PKG/prepare.log. A failed PREPARE is a warning,
# since seam still parses the tree without it (with many more parse errors:
# bench/sql-coverage.sh shows them). Nothing is compiled.
#
# Idempotent: a package already unpacked (DIR/PKG/.unpacked) is not fetched
# again, a file already downloaded with the right hash is not fetched again,
# and PREPARE runs again only when DIR/PKG/.prepared does not hold the same
# command (the line changed, or it failed last time). Nothing is written
# outside DIR except the installed packages.
#
# Usage: bench/corpus.sh [--dir DIR] [--list FILE] [PKG...]
#   --dir DIR    where sources go (default /tmp/seam-corpus); never the repository
#   --list FILE  the package list (default bench/corpus/packages.txt; same format)
#   PKG...     only these packages (default: every line of packages.txt)
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
# DEBIAN_SUITE (default bookworm).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
list=$root/bench/corpus/packages.txt
dir=/tmp/seam-corpus
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_SUITE:-bookworm}

usage() { sed -n '/^# Usage:/,/^set -e/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=${2:?--dir needs a directory}; shift 2 ;;
    --list) list=${2:?--list needs a file}; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "corpus.sh: unknown option '$1'" >&2; usage ;;
    *) break ;;
  esac
done
[ -r "$list" ] || { echo "corpus.sh: cannot read package list $list" >&2; exit 1; }
command -v curl >/dev/null || { echo "corpus.sh: curl not found" >&2; exit 1; }
command -v python3 >/dev/null || { echo "corpus.sh: python3 not found" >&2; exit 1; }

# Sources must never land in the repository (they are large and not ours).
dir=$(realpath -m "$dir")
case "$dir/" in "$root"/*) echo "corpus.sh: --dir $dir is inside the repository; use a directory outside it" >&2; exit 2 ;; esac
mkdir -p "$dir"

# The Sources index is fetched once per DIR; it carries every file's SHA-256.
index=$dir/Sources
if [ ! -s "$index" ]; then
  curl -fs -o "$index.xz.part" "$mirror/dists/$suite/main/source/Sources.xz" \
    || { echo "corpus.sh: cannot download $mirror/dists/$suite/main/source/Sources.xz" >&2; exit 1; }
  xz -dc "$index.xz.part" > "$index.part" && mv "$index.part" "$index" && rm -f "$index.xz.part"
fi

# Package lines: NAME|VERSION|SCAN|LAYER|SCHEMA|CFLAGS|SQL_FN|DB_CALLS|PREPARE|DEPS
pkgs=$(grep -v '^[[:space:]]*#' "$list" | grep -v '^[[:space:]]*$' | cut -d'|' -f1 | tr -d ' ')
[ $# -gt 0 ] && pkgs="$*"

# Build dependencies of the packages asked for, once for all of them: only
# the missing ones are installed, so a prepared machine installs nothing.
deps=""
for pkg in $pkgs; do
  deps="$deps $(grep -v '^[[:space:]]*#' "$list" | awk -F'|' -v p="$pkg" '{n=$1; gsub(/ /,"",n)} n==p {print $10}' | head -1)"
done
missing=""
for d in $(echo $deps | tr ' ' '\n' | sort -u); do
  dpkg-query -W -f='${Status}\n' "$d" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $d"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "corpus.sh: installing build dependencies:$missing"
    # A machine whose package lists were never fetched knows no candidate:
    # update once and try again.
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing > "$dir/apt.log" 2>&1; then
      apt-get update -q >> "$dir/apt.log" 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >> "$dir/apt.log" 2>&1 \
        || echo "corpus.sh: warning: apt-get could not install$missing (see $dir/apt.log); PREPARE may fail" >&2
    fi
  else
    echo "corpus.sh: warning: missing build dependencies:$missing (install them as root); PREPARE may fail" >&2
  fi
fi

# Download PKG VERSION into PDIR/dl (hash-checked) and unpack its upstream
# source into PDIR/src; PDIR/.unpacked marks success. Returns 1 on failure.
fetch() {
  local pkg=$1 version=$2 pdir=$3 files pooldir ok sum size name f got tarball top
  mkdir -p "$pdir/dl"

  # Directory and "sha256 size name" lines of exactly this package version.
  files=$(python3 - "$index" "$pkg" "$version" <<'EOF'
import re, sys
index, pkg, version = sys.argv[1:]
for blk in open(index, encoding="utf-8", errors="replace").read().split("\n\n"):
    if not re.match(r"Package: %s\n" % re.escape(pkg), blk):
        continue
    if re.search(r"^Version: (.*)$", blk, re.M).group(1) != version:
        continue
    print(re.search(r"^Directory: (.*)$", blk, re.M).group(1))
    sums = re.search(r"^Checksums-Sha256:\n((?: .*\n?)+)", blk, re.M).group(1)
    for l in sums.splitlines():
        print(l.strip())
    break
EOF
)
  [ -n "$files" ] || { echo "corpus.sh: $pkg $version: not in $suite's Sources index" >&2; return 1; }
  pooldir=$(echo "$files" | head -1)
  ok=1
  while read -r sum size name; do
    # The upstream tarballs and the .dsc; the Debian packaging and signatures are not needed.
    case "$name" in *.debian.tar.*|*.asc|*.diff.gz) continue ;; esac
    f=$pdir/dl/$name
    if [ -f "$f" ] && [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$sum" ]; then continue; fi
    if ! curl -fs -o "$f.part" "$mirror/$pooldir/$name"; then
      echo "corpus.sh: $pkg: cannot download $mirror/$pooldir/$name" >&2; ok=0; break
    fi
    got=$(sha256sum "$f.part" | cut -d' ' -f1)
    if [ "$got" != "$sum" ]; then
      echo "corpus.sh: $pkg: $name has SHA-256 $got, the Sources index says $sum" >&2; rm -f "$f.part"; ok=0; break
    fi
    mv "$f.part" "$f"
  done <<< "$(echo "$files" | tail -n +2)"
  [ "$ok" = 1 ] || return 1

  # The main upstream tarball (not the extra -component ones) is the source tree.
  tarball=$(ls "$pdir"/dl/*.orig.tar.* | grep -v '\.orig-' | grep -v '\.asc$' | head -1)
  rm -rf "$pdir/src" "$pdir/unpack"
  mkdir -p "$pdir/unpack"
  tar -xf "$tarball" -C "$pdir/unpack" || { echo "corpus.sh: $pkg: cannot unpack $tarball" >&2; return 1; }
  top=$(ls "$pdir/unpack")
  if [ "$(echo "$top" | wc -l)" = 1 ] && [ -d "$pdir/unpack/$top" ]; then
    mv "$pdir/unpack/$top" "$pdir/src" && rmdir "$pdir/unpack"
  else
    mv "$pdir/unpack" "$pdir/src"
  fi

  touch "$pdir/.unpacked"
  echo "corpus.sh: $pkg $version: $pdir/src"
}

failed=0
for pkg in $pkgs; do
  line=$(grep -v '^[[:space:]]*#' "$list" | awk -F'|' -v p="$pkg" '{n=$1; gsub(/ /,"",n)} n==p' | head -1)
  [ -n "$line" ] || { echo "corpus.sh: $pkg: not in $list" >&2; failed=1; continue; }
  version=$(echo "$line" | cut -d'|' -f2 | xargs)
  prepare=$(echo "$line" | cut -d'|' -f9 | sed 's/^ *//; s/ *$//')
  pdir=$dir/$pkg
  if [ -e "$pdir/.unpacked" ]; then
    echo "corpus.sh: $pkg: already in $pdir"
  else
    fetch "$pkg" "$version" "$pdir" || { failed=1; continue; }
  fi

  if [ -n "$prepare" ] && [ "$(cat "$pdir/.prepared" 2>/dev/null)" != "$prepare" ]; then
    rm -f "$pdir/.prepared"
    echo "corpus.sh: $pkg: preparing: $prepare"
    start=$(date +%s)
    if (cd "$pdir/src" && BENCH=$root/bench sh -c "$prepare") > "$pdir/prepare.log" 2>&1; then
      echo "$prepare" > "$pdir/.prepared"
      echo "corpus.sh: $pkg: prepared in $(( $(date +%s) - start )) s"
    else
      echo "corpus.sh: $pkg: warning: '$prepare' failed (see $pdir/prepare.log); seam will parse without its output" >&2
    fi
  fi
done
exit $failed

