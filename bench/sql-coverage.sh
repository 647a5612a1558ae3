#!/usr/bin/env bash
# bench/sql-coverage.sh - how much of the SQL of real C code does seam find?
#
# Runs seam on each package of the development corpus (fetched by
# bench/corpus.sh into DIR) and compares the tables it finds with the
# hand-checked truth list bench/corpus/PKG.tables. Each package is run twice
# when packages.txt gives it --sql-fn flags: once with NO flags (what a user
# gets out of the box), once with those flags (what the documented workaround
# gets). With a bench/corpus/PKG.schema (a path under the package's source)
# the run is `seam analyze --schema-sql`, else `seam scan`. Only the package's
# DB code (the SCAN paths of packages.txt) is analyzed: everything else under
# the source tree is --exclude'd (as is a SCAN path written !PATH), so headers
# elsewhere are still found. When bench/corpus.sh's PREPARE step left a
# compile_commands.json at the top of the source tree, seam reads it (the
# flags of the package's configured build; --cflags is then unused); else
# it runs in its no-compile-database mode with the CFLAGS of packages.txt.
#
# Per package and run it prints:
#   sites     SQL sites in model.json (every confidence)
#   resolved  sites with >= 1 table, reading only system objects, or a
#             table-name helper's statement whose callers name its table (as
#             model.json's coverage counts them), and their share
#   tables    distinct table names found (lower case, schema prefix dropped)
#   recall    truth tables found / truth tables
#   precision found names in the truth / found names
#   dbcalls   calls to the package's DB entry points (DB_CALLS of
#             packages.txt, from model.json's calls) and the share of them
#             "resolved": per caller and callee, at most as many as the
#             caller has SQL sites with >= 1 table
#   via       the same share, where a caller that is itself a wrapper or a
#             table-name helper also counts the resolved sites sent through
#             it (its own call's tables are known at each of its calls)
#   TUs       translation units parsed
#   errTUs    translation units with at least one parse error
#   errors    parse errors (model.json's source.parse_errors; libclang
#             stops a TU after 20, so a broken setup shows as ~20 x TUs)
# and a total line (sums; recall and precision over all packages' tables),
# then one line per package saying how it was parsed (compile database or
# not) and naming the first parse error most TUs share (a missing header
# there means the corpus is not prepared: see bench/corpus.sh).
#
# Usage: bench/sql-coverage.sh [--dir DIR] [--build BUILD] [-j N] [PKG...]
#   --dir DIR      the corpus (default /tmp/seam-corpus); outputs go to DIR/PKG/out
#   --build BUILD  seam's build directory (default build); seam is BUILD/cli/seam
#   -j N           parser processes (default 2)
#   PKG...         only these packages (default: every line of packages.txt)
# Exit 0 when every run ran (whatever the figures), 1 otherwise.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
list=$root/bench/corpus/packages.txt
dir=/tmp/seam-corpus build=$root/build jobs=2

usage() { sed -n '/^# Usage:/,/^set -e/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=${2:?--dir needs a directory}; shift 2 ;;
    --build) build=${2:?--build needs a directory}; shift 2 ;;
    -j) jobs=${2:?-j needs a number}; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "sql-coverage.sh: unknown option '$1'" >&2; usage ;;
    *) break ;;
  esac
done
seam=$(cd "$build" && pwd)/cli/seam
[ -x "$seam" ] || { echo "sql-coverage.sh: no seam binary at $seam (build it, or give --build)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "sql-coverage.sh: python3 not found" >&2; exit 1; }

pkgs=$(grep -v '^[[:space:]]*#' "$list" | grep -v '^[[:space:]]*$' | cut -d'|' -f1 | tr -d ' ')
[ $# -gt 0 ] && pkgs="$*"

field() { echo "$1" | cut -d'|' -f"$2" | sed 's/^ *//; s/ *$//'; }

failed=0
results=()
for pkg in $pkgs; do
  line=$(grep -v '^[[:space:]]*#' "$list" | awk -F'|' -v p="$pkg" '{n=$1; gsub(/ /,"",n)} n==p' | head -1)
  [ -n "$line" ] || { echo "sql-coverage.sh: $pkg: not in $list" >&2; failed=1; continue; }
  src=$dir/$pkg/src
  [ -e "$dir/$pkg/.unpacked" ] || { echo "sql-coverage.sh: $pkg: not in $dir (run bench/corpus.sh --dir $dir $pkg)" >&2; failed=1; continue; }
  scan=$(field "$line" 3)
  cflags=$(field "$line" 6)
  sqlfn=$(field "$line" 7)
  cflags=${cflags//\$SRC/$src}

  # Everything off the SCAN paths is excluded: for each directory on the way
  # to a SCAN path, its other entries (files and directories) are left out.
  mapfile -t excludes < <(python3 - "$src" $scan <<'EOF'
import os, sys
src = sys.argv[1]
keep = [p.strip("/") for p in sys.argv[2:] if not p.startswith("!")]
drop = [p[1:].strip("/") for p in sys.argv[2:] if p.startswith("!")]
for p in drop:
    print("--exclude"); print(p)
def walk(rel):
    for e in sorted(os.listdir(os.path.join(src, rel))):
        p = os.path.join(rel, e) if rel else e
        if any(k == p or k.startswith(p + "/") for k in keep):
            if p not in keep:
                walk(p)
        elif not any(p.startswith(k + "/") for k in keep):
            print("--exclude"); print(p)
walk("")
EOF
)
  schema=""
  [ -f "$root/bench/corpus/$pkg.schema" ] && schema=$src/$(grep -v '^#' "$root/bench/corpus/$pkg.schema" | head -1)
  out=$dir/$pkg/out
  mkdir -p "$out"
  for run in none flags; do
    # Without --sql-fn flags the "flags" run is the same run: reuse it.
    if [ "$run" = flags ] && [ -z "$sqlfn" ]; then
      [ -n "${model:-}" ] && results+=("$pkg|flags|$model|$root/bench/corpus/$pkg.tables|$(field "$line" 8)|0")
      continue
    fi
    model=""
    args=(-j "$jobs" -q --cache "$out/cache.sqlite" "${excludes[@]}")
    [ -n "$cflags" ] && args+=(--cflags "$cflags")
    # NAME:ARG is a --sql-fn; table=NAME:ARG a --table-fn.
    if [ "$run" = flags ]; then
      for f in $sqlfn; do
        case "$f" in table=*) args+=(--table-fn "${f#table=}") ;; *) args+=(--sql-fn "$f") ;; esac
      done
    fi
    if [ -n "$schema" ]; then
      cmd=("$seam" analyze "$src" --schema-sql "$schema" -o "$out/$run" "${args[@]}")
      model=$out/$run/model.json
    else
      mkdir -p "$out/$run"
      cmd=("$seam" scan "$src" -o "$out/$run/model.json" "${args[@]}")
      model=$out/$run/model.json
    fi
    start=$(date +%s)
    if ! "${cmd[@]}" > "$out/$run.log" 2>&1; then
      echo "sql-coverage.sh: $pkg ($run): seam failed: $(grep -v '^seam: warning' "$out/$run.log" | tail -1)" >&2
      failed=1; continue
    fi
    secs=$(( $(date +%s) - start ))
    results+=("$pkg|$run|$model|$root/bench/corpus/$pkg.tables|$(field "$line" 8)|$secs")
  done
done

[ ${#results[@]} -gt 0 ] || exit 1
python3 - "${results[@]}" <<'EOF'
import json, sys

def norm(name):
    name = name.lower()
    return name.split(".", 1)[1] if name.startswith(("public.", "main.")) else name

rows, tot, firsts = [], {}, {}
print("%-11s %-5s %6s %15s %7s %7s %9s %15s %7s %5s %6s %6s %5s" % (
    "package", "flags", "sites", "resolved", "tables", "recall", "precision", "dbcalls res.",
    "via", "TUs", "errTUs", "errors", "secs"))
for arg in sys.argv[1:]:
    pkg, run, model, truth_file, dbcalls, secs = arg.split("|")
    m = json.load(open(model))
    truth = set()
    for l in open(truth_file):
        l = l.split("#", 1)[0].strip().lower()
        if l:
            truth.add(l)
    sites = m.get("sql_sites", [])
    # Resolved as model.json's coverage counts it: the site names a table, or
    # reads the database's own objects only (a system read, listed apart).
    system = {(x.get("file"), x.get("line")) for r in m.get("system_reads", [])
              for x in r.get("sites", []) if isinstance(x, dict)}
    system_idx = {i for r in m.get("system_reads", []) for i in r.get("sites", [])
                  if isinstance(i, int)}
    # A table-name helper's statement: resolved where a caller's site that names a
    # table says it is sent from (sent_at).
    sent = {(s["sent_at"].get("file"), s["sent_at"].get("line")) for s in sites
            if s.get("tables") and isinstance(s.get("sent_at"), dict)}
    resolved = [s for i, s in enumerate(sites)
                if s.get("tables") or i in system_idx or (s.get("file"), s.get("line")) in system
                or (s.get("file"), s.get("line")) in sent]
    found = {norm(t["name"]) for s in sites for t in s.get("tables", [])}
    hit = found & truth
    # Database calls: call edges into the DB entry points, per call expression.
    entry = set(dbcalls.split())
    names = {f["id"]: f["name"] for f in m.get("functions", [])}
    with_tables = {}
    for s in resolved:
        if s.get("function"):
            with_tables[s["function"]] = with_tables.get(s["function"], 0) + 1
    # A wrapper's or a table-name helper's own call is resolved where it is
    # called: count, for such a caller, the resolved sites sent through it.
    through = {}
    for s in resolved:
        if s.get("via"):
            through[s["via"]] = through.get(s["via"], 0) + 1
    ncalls = nres = nvia = 0
    for c in m.get("calls", []):
        if names.get(c["callee"]) in entry and names.get(c["caller"]) not in entry:
            ncalls += c["count"]
            own = with_tables.get(c["caller"], 0)
            nres += min(c["count"], own)
            nvia += min(c["count"], own + through.get(names.get(c["caller"]), 0))
    # Parse errors: how well the corpus is prepared (config.h, headers of
    # the DB client libraries); a TU cut short hides its SQL.
    tus = m.get("translation_units", [])
    errtus = [u for u in tus if u.get("errors", 0) > 0]
    nerr = m.get("source", {}).get("parse_errors", 0)
    if pkg not in firsts:
        first = {}
        for u in errtus:
            if u.get("diagnostics"):
                # "path:line:col: message" -> "message (path)"
                d = u["diagnostics"][0].split(":", 3)
                key = "%s (%s)" % (d[3].strip(), d[0]) if len(d) == 4 else u["diagnostics"][0]
                first[key] = first.get(key, 0) + 1
        top = sorted(first.items(), key=lambda kv: (-kv[1], kv[0]))[:1]
        nocdb = any("no compile_commands.json" in w for w in m.get("source", {}).get("warnings", []))
        firsts[pkg] = (nerr, len(errtus), len(tus), top,
                       "no compile database, --cflags" if nocdb else "compile database")
    pct = lambda a, b: "%5.1f%%" % (100.0 * a / b) if b else "    - "
    print("%-11s %-5s %6d %6d (%s) %7d %7s %9s %6d (%s) %7s %5d %6d %6d %5s" % (
        pkg, run, len(sites), len(resolved), pct(len(resolved), len(sites)), len(found),
        pct(len(hit), len(truth)), pct(len(hit), len(found)), ncalls, pct(nres, ncalls),
        pct(nvia, ncalls), len(tus), len(errtus), nerr, secs))
    t = tot.setdefault(run, [0] * 12)
    for i, v in enumerate([len(sites), len(resolved), len(found), len(hit), len(truth), ncalls, nres,
                           len(tus), len(errtus), nerr, int(secs), nvia]):
        t[i] += v
for run, t in sorted(tot.items()):
    pct = lambda a, b: "%5.1f%%" % (100.0 * a / b) if b else "    - "
    print("%-11s %-5s %6d %6d (%s) %7d %7s %9s %6d (%s) %7s %5d %6d %6d %5d" % (
        "TOTAL", run, t[0], t[1], pct(t[1], t[0]), t[2], pct(t[3], t[4]), pct(t[3], t[2]), t[5],
        pct(t[6], t[5]), pct(t[11], t[5]), t[7], t[8], t[9], t[10]))
for pkg, (nerr, nerrtus, ntus, top, mode) in firsts.items():
    if top:
        print("%s (%s): %d parse errors in %d of %d TUs; most common first error, in %d TUs: %s" % (
            pkg, mode, nerr, nerrtus, ntus, top[0][1], top[0][0]))
    else:
        print("%s (%s): no parse errors in %d TUs" % (pkg, mode, ntus))
EOF
exit $failed
