#!/usr/bin/env bash
# bench/compdb.sh - how long does a huge, hostile compile database take to load?
#
# Writes a project of five small .c files and a compile_commands.json of N
# entries, the way an attacker (or a broken generator) would: half of them
# name the five files again and again with the same arguments, the other
# half name files that do not exist. Then times `seam scan` on it (no cache)
# with /usr/bin/time -v and prints wall time, peak RSS and how many lines
# seam wrote on stderr (warnings about entries must stay bounded).
#
# Usage: bench/compdb.sh [-n ENTRIES] [-j JOBS] [--dir DIR] [--keep]
#   -n ENTRIES  compile database entries (default 100000)
#   -j JOBS     parser processes (default 2)
#   --dir DIR   write the project into DIR (kept) instead of a temporary directory
#   --keep      keep the temporary directory (printed at the end)
# Environment: SEAM (default build/cli/seam).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=100000 jobs=2 dir="" keep=0

die() { echo "compdb.sh: $*" >&2; exit 1; }
usage() { sed -n '/^# Usage:/,/^set -e/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    -n) n=${2:?-n needs a number}; shift 2 ;;
    -j) jobs=${2:?-j needs a number}; shift 2 ;;
    --dir) dir=${2:?--dir needs a directory}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    *) usage ;;
  esac
done

seam=${SEAM:-$root/build/cli/seam}
[ -x "$seam" ] || die "no seam binary at $seam (build first, or set SEAM)"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed (apt-get install time)"
command -v python3 >/dev/null || die "python3 is needed"

if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  [ "$keep" = 1 ] || trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir/src"

python3 - "$dir" "$n" <<'PY'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
for k in range(5):
    with open(os.path.join(d, "src", f"f{k}.c"), "w") as fp:
        fp.write(f"int f{k}(int x) {{ return x + {k}; }}\n")
with open(os.path.join(d, "compile_commands.json"), "w") as fp:
    fp.write("[\n")
    for i in range(n):
        f = f"src/f{i % 5}.c" if i % 2 == 0 else f"src/missing_{i}.c"
        e = {"directory": d, "file": f, "arguments": ["cc", "-O2", "-Isrc", "-c", f, "-o", f + ".o"]}
        fp.write(json.dumps(e) + (",\n" if i + 1 < n else "\n"))
    fp.write("]\n")
PY

out="$dir/out"
rm -rf "$out"
mkdir -p "$out"
set +e
/usr/bin/time -v "$seam" scan "$dir" -p "$dir" -o "$out/code.json" -j "$jobs" --no-cache \
  >"$out/stdout" 2>"$out/stderr"
status=$?
set -e
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/stderr")
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/stderr")
lines=$(grep -c '^seam' "$out/stderr" || true)
echo "entries:      $n"
echo "exit status:  $status"
echo "wall time:    $wall"
echo "peak RSS:     $((rss / 1024)) MB"
echo "stderr lines: $lines (seam's own)"
grep '^seam' "$out/stderr" | head -14 | cut -c1-160
[ "$keep" = 1 ] && echo "kept: $dir"
exit 0
