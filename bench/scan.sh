#!/usr/bin/env bash
# bench/scan.sh - how fast is seam's analyzer, against clang itself?
#
# On a synthetic monolith from bench/gen-monolith (or one reused), or on a
# real code base of seam's recovery corpus (--code-base), measures, in one
# run and with the same number of jobs:
#   1. clang -fsyntax-only over every entry of its compile database
#      (xargs -P JOBS, one clang per translation unit): the baseline;
#   2. the cold `seam scan` (no cache);
#   3. the warm re-run, nothing changed;
# and with --incremental also:
#   4. one .c file changed (a line appended): the re-run, and how many TUs it parsed;
#   5. one header changed, the one whose TU count is nearest 50 (from the
#      cache's dependency lists): the re-run, and how many TUs it parsed;
#   6. a cold scan of the changed tree, no cache: its code.json must be the
#      warm run's byte for byte; the cache's size against code.json's;
#   7. the same tree scanned as two shards (--shard 1/2, 2/2) and merged:
#      the shards' size against code.json's, the merge's peak memory, and
#      the merged code.json the same bytes again;
#   8. `seam analyze` cold (no cache, no database) against the clang baseline.
# A real code base is copied into a temporary directory first (its compile
# database rewritten to the copy), so that the corpus itself is never changed.
# Wall time and peak resident memory come from /usr/bin/time. Targets:
# cold <= 1.3 x clang, warm <= 1% of cold; one .c file <= 3% of cold on the
# PostgreSQL backend (<= 8% on a code base of about 100 TUs); a header of 50
# TUs about 50 TUs; cold peak <= 500 MB; cache and shards <= 1.5 x code.json;
# merge peak <= 500 MB; analyze cold <= 1.0 x clang. Prints a table and a
# Markdown row for docs/benchmarks.md.
#
# Usage: bench/scan.sh [-n FILES] [-j JOBS] [-d DOMAINS] [--seed S] [--dir DIR] [--keep]
#                      [--code-base NAME [--corpus DIR]] [--incremental]
#   -n FILES   .c files to generate (default 2000)
#   -j JOBS    parallel jobs for clang and seam (default: the number of cores)
#   -d DOMAINS planted domains (default 20)
#   --seed S   generator seed (default 1)
#   --dir DIR  reuse the monolith in DIR when it has compile_commands.json,
#              else generate into DIR (new or empty) and keep it
#   --code-base NAME  a real code base instead: postgresql (the PostgreSQL 15
#              backend, src/backend, about 800 TUs) or sqlite (SQLite 3.40's
#              sources, about 100 TUs), from the Debian source packages that
#              bench/recovery-corpus.sh fetches and prepares (compile database
#              made by bench/make-compdb.py) into --corpus DIR (default
#              /tmp/seam-recovery); fetched there when missing
#   --incremental  also measure 4-8 above
#   --keep     keep the temporary directory (printed at the end)
# Environment: SEAM (default build/cli/seam), GEN_MONOLITH (default
# build/bench/gen-monolith), CLANG (default clang-14, matching libclang 14).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
files=2000 jobs=$(nproc) domains=20 seed=1 dir="" keep=0 codebase="" corpus=/tmp/seam-recovery
incremental=0

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
    --code-base) codebase=${2:?--code-base needs a name}; shift 2 ;;
    --corpus) corpus=${2:?--corpus needs a directory}; shift 2 ;;
    --incremental) incremental=1; shift ;;
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

# ---- the code: a real code base copied, or the monolith ----
# cdb: the directory of compile_commands.json (seam's -p); src: what seam scans.
if [ -n "$codebase" ]; then
  case $codebase in
    postgresql) pkg=postgresql-15 sub=src/backend ;;
    sqlite) pkg=sqlite3 sub=. ;;
    *) die "unknown --code-base '$codebase' (postgresql or sqlite)" ;;
  esac
  if [ ! -f "$corpus/$pkg/src/compile_commands.json" ]; then
    echo "scan.sh: fetching and preparing $pkg into $corpus (bench/recovery-corpus.sh)"
    "$root/bench/recovery-corpus.sh" --dir "$corpus" "$pkg" >&2 || die "could not prepare $pkg"
  fi
  orig=$(cd "$corpus/$pkg/src" && pwd)
  cp -a "$orig" "$work/tree"
  cdb=$work/tree
  # Every absolute path of the original tree (directories, files, -I) now names the copy.
  python3 - "$orig" "$cdb" <<'PY'
import sys
orig, copy = sys.argv[1:3]
p = copy + "/compile_commands.json"
text = open(p).read().replace(orig + "/", copy + "/").replace('"' + orig + '"', '"' + copy + '"')
open(p, "w").write(text)
PY
  src=$(cd "$cdb/$sub" && pwd)
  echo "scan.sh: $codebase: $src (a copy of $orig)"
elif [ -n "$dir" ] && [ -f "$dir/compile_commands.json" ]; then
  src=$(cd "$dir" && pwd)
  echo "scan.sh: reusing $src"
else
  [ -x "$gen" ] || die "no gen-monolith at $gen (build target gen-monolith, or set GEN_MONOLITH)"
  src=${dir:-$work/src}
  "$timer" -f '%e' -o "$work/time.gen" "$gen" -n "$files" -d "$domains" --seed "$seed" -o "$src"
  src=$(cd "$src" && pwd)
  echo "scan.sh: generated in $(cat "$work/time.gen") s"
fi
cdb=${cdb:-$src}
read -r ntu nlines < <(python3 - "$src" "$cdb" <<'EOF'
import json, os, sys
src = sys.argv[1]
tus = [e for e in json.load(open(os.path.join(sys.argv[2], "compile_commands.json")))
       if os.path.join(e["directory"], e["file"]).startswith(src + "/")]
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
python3 - "$cdb/compile_commands.json" "$clang" "$src" > "$work/commands" <<'EOF'
import json, os, shlex, sys
for e in json.load(open(sys.argv[1])):
    if not os.path.join(e["directory"], e["file"]).startswith(sys.argv[3] + "/"):
        continue
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
  cmd=("$seam" scan "$src" -p "$cdb" -o "$out/code.json" -j "$jobs")
else
  mode="seam analyze (no --db; this seam has no scan command yet)"
  cmd=("$seam" analyze "$src" -p "$cdb" -o "$out" -j "$jobs" -q)
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

# ---- 4-8. incremental, sizes, shards, analyze ----
inc_file="" inc_file_s="" inc_file_parsed="" inc_hdr="" inc_hdr_tus="" inc_hdr_s="" inc_hdr_parsed=""
same_cold="" cache_ratio="" shard_ratio="" merge_kb="" same_merged="" analyze_s="" analyze_kb=""
if [ "$incremental" = 1 ]; then
  [ "$mode" = "seam scan" ] || die "--incremental needs seam scan"
  parsed_of() { sed -n 's/.*translation units (\([0-9]*\) parsed.*/\1/p' "$1" | tail -n 1; }
  rerun() { # NAME: the cached scan again, its time and how many TUs it parsed
    "$timer" -f '%e %M %x' -o "$work/time.$1" "${cmd[@]}" > "$work/seam.$1.log" 2>&1 || true
    read -r t _ rc < <(tail -n 1 "$work/time.$1")
    [ "$rc" = 0 ] || die "seam scan failed ($1): $(tail -3 "$work/seam.$1.log")"
    echo "$t $(parsed_of "$work/seam.$1.log")"
  }
  # 4. the first .c file of the compile database under SRC
  inc_file=$(python3 - "$cdb/compile_commands.json" "$src" <<'PY'
import json, os, sys
files = sorted(os.path.join(e["directory"], e["file"]) for e in json.load(open(sys.argv[1])))
print(next(f for f in files if f.startswith(sys.argv[2] + "/") and f.endswith(".c")))
PY
)
  echo "scan.sh: one .c file changed: ${inc_file#"$src"/} ..."
  echo "int seam_bench_one_file;" >> "$inc_file"
  read -r inc_file_s inc_file_parsed < <(rerun file)
  # 5. the header read by the number of TUs nearest 50, from the cache's deps
  read -r inc_hdr inc_hdr_tus < <(python3 - "$out/seam-cache.sqlite" "$cdb" <<'PY'
import collections, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
paths = dict(db.execute("SELECT id, path FROM file"))
count = collections.Counter()
# a TU's deps: the digest of its files, then their numbers in the file table
for (deps,) in db.execute("SELECT deps FROM tu"):
    for number in deps.split()[1:]:
        path = paths[int(number)]
        if path.startswith(sys.argv[2] + "/") and path.endswith(".h"):
            count[path] += 1
path, n = min(count.items(), key=lambda kv: (abs(kv[1] - 50), kv[0]))
print(path, n)
PY
)
  echo "scan.sh: one header changed: ${inc_hdr#"$cdb"/}, read by $inc_hdr_tus TUs ..."
  echo "/* seam bench */" >> "$inc_hdr"
  read -r inc_hdr_s inc_hdr_parsed < <(rerun header)
  # 6. cold, no cache, the changed tree: the same bytes
  echo "scan.sh: cold scan of the changed tree (no cache) ..."
  "$seam" scan "$src" -p "$cdb" -o "$work/cold-again.json" -j "$jobs" --no-cache -q > /dev/null 2>&1 ||
    die "the cold scan of the changed tree failed"
  cmp -s "$work/cold-again.json" "$out/code.json" && same_cold=yes || same_cold=NO
  code_bytes=$(stat -c %s "$out/code.json")
  cache_ratio=$(python3 -c "import sys; print('%.2f' % (int(sys.argv[1]) / int(sys.argv[2])))" \
    "$(stat -c %s "$out/seam-cache.sqlite")" "$code_bytes")
  # 7. two shards, merged
  echo "scan.sh: two shards and seam merge ..."
  for i in 1 2; do
    "$seam" scan "$src" -p "$cdb" --shard "$i/2" -o "$work/shard-$i.json" -j "$jobs" --no-cache -q \
      > /dev/null 2>&1 || die "seam scan --shard $i/2 failed"
  done
  shard_ratio=$(python3 -c "import sys; print('%.2f' % ((int(sys.argv[1]) + int(sys.argv[2])) / int(sys.argv[3])))" \
    "$(stat -c %s "$work/shard-1.json")" "$(stat -c %s "$work/shard-2.json")" "$code_bytes")
  "$timer" -f '%e %M %x' -o "$work/time.merge" "$seam" merge "$work/shard-1.json" "$work/shard-2.json" \
    -o "$work/merged.json" > /dev/null 2>&1 || true
  read -r _ merge_kb rc < <(tail -n 1 "$work/time.merge")
  [ "$rc" = 0 ] || die "seam merge failed"
  cmp -s "$work/merged.json" "$out/code.json" && same_merged=yes || same_merged=NO
  # 8. seam analyze, cold
  echo "scan.sh: seam analyze, cold ..."
  "$timer" -f '%e %M %x' -o "$work/time.analyze" "$seam" analyze "$src" -p "$cdb" -o "$work/analyze" \
    -j "$jobs" -q --no-cache --no-git > /dev/null 2>&1 || true
  read -r analyze_s analyze_kb rc < <(tail -n 1 "$work/time.analyze")
  [ "$rc" = 0 ] || die "seam analyze failed"
fi

load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
echo "scan.sh: 1-minute load average $load_before before, $load_after after ($(nproc) cores)"

# ---- report ----
# shellcheck disable=SC2154 # cold_s, cold_kb, warm_s, warm_kb are read in the loop above
python3 - "$clang_s" "$clang_kb" "$cold_s" "$cold_kb" "$warm_s" "$warm_kb" "$start_s" \
  "$ntu" "$nlines" "$jobs" "$mode" "$clang_diags" "${codebase:-gen-monolith}" \
  "$inc_file_s" "$inc_file_parsed" "$inc_hdr_tus" "$inc_hdr_s" "$inc_hdr_parsed" "$same_cold" \
  "$cache_ratio" "$shard_ratio" "$merge_kb" "$same_merged" "$analyze_s" "$analyze_kb" <<'EOF'
import datetime, sys
clang_s, clang_kb, cold_s, cold_kb, warm_s, warm_kb, start20 = map(float, sys.argv[1:8])
ntu, nlines, jobs, mode, diags = sys.argv[8:13]
(code, file_s, file_parsed, hdr_tus, hdr_s, hdr_parsed, same_cold, cache_ratio, shard_ratio,
 merge_kb, same_merged, analyze_s, analyze_kb) = sys.argv[13:26]
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
print("%-36s %8.2f %14.0f  %.1f%% of cold (target <= 1%%): %s; cold peak <= 500 MB: %s" % (
    command + ", warm", warm_s, mb(warm_kb), 100 * warm_x, verdict(warm_x <= 0.01),
    verdict(mb(cold_kb) <= 500)))
if file_s:
    file_x, hdr_x = float(file_s) / cold_s, float(hdr_s) / cold_s
    limit = 0.03 if ntu >= 500 else 0.08
    print("%-36s %8.2f %14s  %.1f%% of cold (target <= %.0f%%): %s; %s TUs parsed" % (
        "one .c file changed", float(file_s), "", 100 * file_x, 100 * limit,
        verdict(file_x <= limit), file_parsed))
    print("%-36s %8.2f %14s  %.1f%% of cold; %s TUs parsed of the %s that read it" % (
        "one header changed", float(hdr_s), "", 100 * hdr_x, hdr_parsed, hdr_tus))
    print("cold scan of the changed tree = the warm code.json: %s" % same_cold)
    print("cache / code.json: %sx (target <= 1.5x): %s; two shards / code.json: %sx "
          "(target <= 1.5x): %s" % (cache_ratio, verdict(float(cache_ratio) <= 1.5), shard_ratio,
                                    verdict(float(shard_ratio) <= 1.5)))
    print("seam merge peak: %.0f MB (target <= 500 MB): %s; merged = code.json: %s" % (
        mb(float(merge_kb)), verdict(mb(float(merge_kb)) <= 500), same_merged))
    print("seam analyze, cold: %.2f s, %.0f MB: %.2fx clang (target <= 1.0x): %s" % (
        float(analyze_s), mb(float(analyze_kb)), float(analyze_s) / clang_s,
        verdict(float(analyze_s) / clang_s <= 1.0)))
if command != "seam scan":
    print("note: %s; its times include SQL resolution and decomposition" % mode)
print()
print("| date | code | TUs | lines | jobs | command | clang -fsyntax-only (net of start-up) | cold "
      "| warm | cold / clang (<= 1.3x) | warm / cold (<= 1%) | peak RSS clang / cold / warm |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
print("| %s | %s | %d | %d | %d | `%s` | %.1f s (%.1f s) | %.1f s | %.2f s | %.2fx %s | %.1f%% %s "
      "| %.0f / %.0f / %.0f MB |" % (
          datetime.date.today().isoformat(), code, ntu, nlines, jobs, command, clang_s, net_s,
          cold_s, warm_s, cold_x, verdict(cold_x <= 1.3), 100 * warm_x, verdict(warm_x <= 0.01),
          mb(clang_kb), mb(cold_kb), mb(warm_kb)))
EOF
