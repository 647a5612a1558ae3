#!/usr/bin/env bash
# bench/scan.sh - how fast is seam's analyzer, against clang itself?
#
# Generates a synthetic monolith with bench/gen-monolith (or reuses one), then
# measures, in one run and with the same number of jobs:
#   1. clang -fsyntax-only over every entry of its compile database
#      (xargs -P JOBS, one clang per translation unit): the baseline;
#   2. the cold seam run: `seam scan` when this seam has it, else `seam analyze`
#      without --db, with an empty output directory (no cache);
#   3. the warm re-run: the same command again on the same output directory.
# Wall time and peak resident memory come from /usr/bin/time. Targets:
# cold <= 1.3 x clang, warm <= 5% of cold. Prints a table and a Markdown row
# for docs/benchmarks.md.
#
# Usage: bench/scan.sh [-n FILES] [-j JOBS] [-d DOMAINS] [--seed S] [--dir DIR] [--keep]
#   -n FILES   .c files to generate (default 2000)
#   -j JOBS    parallel jobs for clang and seam (default: the number of cores)
#   -d DOMAINS planted domains (default 20)
#   --seed S   generator seed (default 1)
#   --dir DIR  reuse the monolith in DIR when it has compile_commands.json,
#              else generate into DIR (new or empty) and keep it
#   --keep     keep the temporary directory (printed at the end)
# Environment: SEAM (default build/cli/seam), GEN_MONOLITH (default
# build/bench/gen-monolith), CLANG (default clang-14, matching libclang 14).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
files=2000 jobs=$(nproc) domains=20 seed=1 dir="" keep=0

die() { echo "scan.sh: $*" >&2; exit 1; }
usage() { sed -n '/^# Usage:/,/^set -e/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    -n) files=${2:?-n needs a number}; shift 2 ;;
    -j) jobs=${2:?-j needs a number}; shift 2 ;;
    -d) domains=${2:?-d needs a number}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --dir) dir=${2:?--dir needs a directory}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    *) echo "scan.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
case "$files$jobs$domains$seed" in *[!0-9]*) die "-n, -j, -d and --seed take numbers" ;; esac
[ "$jobs" -ge 1 ] || die "-j must be at least 1"

seam=${SEAM:-$root/build/cli/seam}
gen=${GEN_MONOLITH:-$root/build/bench/gen-monolith}
clang=${CLANG:-clang-14}
timer=/usr/bin/time
[ -x "$seam" ] || die "no seam binary at $seam (build it, or set SEAM)"
[ -x "$timer" ] || die "$timer is missing: install the 'time' package (scripts/deps lists it)"
command -v "$clang" >/dev/null || die "$clang not found (set CLANG)"
command -v python3 >/dev/null || die "python3 not found"

work=$(mktemp -d "${TMPDIR:-/tmp}/seam-scan.XXXXXX")
cleanup() { if [ "$keep" = 1 ]; then echo "scan.sh: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

# ---- the monolith ----
if [ -n "$dir" ] && [ -f "$dir/compile_commands.json" ]; then
  src=$(cd "$dir" && pwd)
  echo "scan.sh: reusing $src"
else
  [ -x "$gen" ] || die "no gen-monolith at $gen (build target gen-monolith, or set GEN_MONOLITH)"
  src=${dir:-$work/src}
  "$timer" -f '%e' -o "$work/time.gen" "$gen" -n "$files" -d "$domains" --seed "$seed" -o "$src"
  src=$(cd "$src" && pwd)
  echo "scan.sh: generated in $(cat "$work/time.gen") s"
fi
read -r ntu nlines < <(python3 - "$src" <<'EOF'
import json, os, sys
src = sys.argv[1]
tus = json.load(open(os.path.join(src, "compile_commands.json")))
lines = 0
for d, dirs, names in os.walk(src):
    dirs[:] = [x for x in dirs if x != ".git"]
    for n in names:
        if n.endswith((".c", ".h")):
            with open(os.path.join(d, n), "rb") as f:
                lines += f.read().count(b"\n")
print(len(tus), lines)
EOF
)

# ---- 1. the clang baseline: each compile command as clang tools run it ----
python3 - "$src/compile_commands.json" "$clang" > "$work/commands" <<'EOF'
import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    args = e.get("arguments") or shlex.split(e["command"])
    out, skip = [sys.argv[2]], False
    for a in args[1:]:
        if skip:
            skip = False
        elif a == "-o":
            skip = True
        elif a != "-c":
            out.append(a)
    out.append("-fsyntax-only")
    sys.stdout.write("cd %s && %s\0" % (shlex.quote(e["directory"]), shlex.join(out)))
EOF
echo "scan.sh: $ntu translation units, $nlines lines, $jobs jobs"
# Other work on the machine skews every figure: say how busy it was.
load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
echo "scan.sh: clang baseline ($clang -fsyntax-only, xargs -P $jobs) ..."
"$timer" -f '%e %M %x' -o "$work/time.clang" \
  xargs -0 -P "$jobs" -n 1 sh -c < "$work/commands" 2> "$work/clang.log" || true
read -r clang_s clang_kb clang_rc < <(tail -n 1 "$work/time.clang")
clang_diags=$(grep -cE ': (warning|error):' "$work/clang.log" || true)
[ "$clang_rc" = 0 ] || die "clang failed on the monolith (status $clang_rc): $(head -3 "$work/clang.log")"
# Most of a small TU's time in the baseline is starting the clang process (loading LLVM's
# shared libraries), which an in-process analyzer pays once: estimate it on an empty file,
# so that the report can also show the baseline net of it.
# shellcheck disable=SC2016 # $0 is expanded by the inner sh
"$timer" -f '%e' -o "$work/time.start" \
  sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do "$0" -fsyntax-only -x c /dev/null; done' "$clang"
start_s=$(tail -n 1 "$work/time.start")

# ---- 2 and 3. seam, cold then warm ----
out=$work/seam-out
if "$seam" scan --help >/dev/null 2>&1; then
  mode="seam scan"
  cmd=("$seam" scan "$src" -p "$src" -o "$out/code.json" -j "$jobs")
else
  mode="seam analyze (no --db; this seam has no scan command yet)"
  cmd=("$seam" analyze "$src" -p "$src" -o "$out" -j "$jobs" -q)
fi
rm -rf "$out"
mkdir -p "$out"
for run in cold warm; do
  echo "scan.sh: ${mode%% (*}, $run ..."
  "$timer" -f '%e %M %x' -o "$work/time.$run" "${cmd[@]}" > "$work/seam.$run.log" 2>&1 || true
  # time(1) puts "Command exited with non-zero status N" first when it did: the figures are last.
  read -r "${run}_s" "${run}_kb" rc < <(tail -n 1 "$work/time.$run")
  [ "$rc" = 0 ] || die "$mode failed ($run, status $rc): $(tail -3 "$work/seam.$run.log")"
done

load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
echo "scan.sh: 1-minute load average $load_before before, $load_after after ($(nproc) cores)"

# ---- report ----
# shellcheck disable=SC2154 # cold_s, cold_kb, warm_s, warm_kb are read in the loop above
python3 - "$clang_s" "$clang_kb" "$cold_s" "$cold_kb" "$warm_s" "$warm_kb" "$start_s" \
  "$ntu" "$nlines" "$jobs" "$mode" "$clang_diags" <<'EOF'
import datetime, sys
clang_s, clang_kb, cold_s, cold_kb, warm_s, warm_kb, start20 = map(float, sys.argv[1:8])
ntu, nlines, jobs, mode, diags = sys.argv[8:13]
ntu, nlines, jobs = int(ntu), int(nlines), int(jobs)
command = mode.split(" (")[0]
start = start20 / 20
net_s = max(clang_s - ntu * start / jobs, 0.01)
cold_x, warm_x = cold_s / clang_s, warm_s / cold_s
verdict = lambda good: "met" if good else "MISSED"
mb = lambda kb: kb / 1024

print()
print("%-36s %8s %14s  %s" % ("", "wall (s)", "peak RSS (MB)", ""))
print("%-36s %8.2f %14.0f  %s" % ("clang -fsyntax-only (baseline)", clang_s, mb(clang_kb),
                                   "RSS: the largest clang process; %s diagnostics" % diags))
print("%-36s %8.2f %14s  %s" % ("  the same, net of process start-up", net_s, "",
                                 "%.0f ms to start each of %d clang processes" % (1000 * start, ntu)))
print("%-36s %8.2f %14.0f  %.2fx clang (target <= 1.30x): %s; %.2fx the net figure" % (
    command + ", cold", cold_s, mb(cold_kb), cold_x, verdict(cold_x <= 1.3), cold_s / net_s))
print("%-36s %8.2f %14.0f  %.1f%% of cold (target <= 5%%): %s" % (
    command + ", warm", warm_s, mb(warm_kb), 100 * warm_x, verdict(warm_x <= 0.05)))
if command != "seam scan":
    print("note: %s; its times include SQL resolution and decomposition" % mode)
print()
print("| date | TUs | lines | jobs | command | clang -fsyntax-only (net of start-up) | cold | warm "
      "| cold / clang (<= 1.3x) | warm / cold (<= 5%) | peak RSS clang / cold / warm |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
print("| %s | %d | %d | %d | `%s` | %.1f s (%.1f s) | %.1f s | %.1f s | %.2fx %s | %.0f%% %s "
      "| %.0f / %.0f / %.0f MB |" % (
          datetime.date.today().isoformat(), ntu, nlines, jobs, command, clang_s, net_s, cold_s,
          warm_s, cold_x, verdict(cold_x <= 1.3), 100 * warm_x, verdict(warm_x <= 0.05),
          mb(clang_kb), mb(cold_kb), mb(warm_kb)))
EOF
