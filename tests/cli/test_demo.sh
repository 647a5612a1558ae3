#!/usr/bin/env bash
# scripts/demo, the README's first command, end to end: deps (a no-op when
# everything is installed), the build (incremental, on this very build tree,
# which is already built when ctest runs), `seam analyze` on fixtures/shop with
# its SQLite database. SEAM_BUILD_DIR and SEAM_OUT point it at this tree and at
# a temporary directory so that the suite never writes into the repository.
# Exit 77 (skipped) when scripts/deps would have to install packages and
# cannot: not root and no sudo.
set -u
root=$1   # the repository
build=$2  # this build tree
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
ko() { fail=$((fail+1)); echo "FAIL: $*"; }

build_type() { sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt"; }
type_before=$(build_type)
# The repository's own seam-out must be left as it was (absent, or unchanged).
stamp_before=$(stat -c %Y "$root/seam-out/model.json" 2>/dev/null || echo absent)

out=$tmp/out
# From another directory: the script must not depend on where it is run from.
(cd "$tmp" && SEAM_BUILD_DIR=$build SEAM_OUT=$out "$root/scripts/demo") \
  >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "need root to install" "$tmp/stderr"; then
  cat "$tmp/stderr"; echo "skipped: scripts/deps cannot install the missing packages"; exit 77
fi
[ "$rc" -eq 0 ] && ok || { ko "scripts/demo exited $rc"; cat "$tmp/stdout" "$tmp/stderr"; }

[ -s "$out/model.json" ] && ok || ko "no $out/model.json"
[ -s "$out/report.html" ] && ok || ko "no $out/report.html"
grep -qi "<html" "$out/report.html" && ok || ko "report.html is not HTML"
# The service map as Graphviz DOT, every proposed service a node of it.
grep -q '^digraph services {' "$out/services.dot" && ok || ko "no $out/services.dot"
python3 - "$out/model.json" "$out/services.dot" <<'PY' && ok || ko "services.dot lacks a service"
import json, sys
dot = open(sys.argv[2]).read()
missing = [s["name"] for s in json.load(open(sys.argv[1]))["services"] if s["name"] not in dot]
assert not missing, missing
PY
# The model: the fixture, its SQLite schema, and services proposed for it.
if python3 - "$out/model.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
services = [s for s in m["services"] if s["kind"] == "service"]
problems = []
if m["source"]["name"] != "shop":
    problems.append("source.name %r" % m["source"]["name"])
if m["schema"]["dialect"] != "sqlite":
    problems.append("schema.dialect %r" % m["schema"]["dialect"])
if len(m["schema"]["tables"]) < 20:
    problems.append("%d tables" % len(m["schema"]["tables"]))
if len(services) < 2:
    problems.append("%d services of kind service" % len(services))
if not all(s["files"] for s in services):
    problems.append("a service without files")
for p in problems:
    print("model.json: " + p)
sys.exit(1 if problems else 0)
PY
then ok; else ko "model.json is not the analysis of the shop fixture"; fi

# stdout names the report, twice: seam's own line and the script's; its last two lines name
# the report and the split plan, which exists.
grep -qxF "seam: report: $out/report.html" "$tmp/stdout" && ok || ko "stdout lacks seam's report line"
[ "$(tail -n 2 "$tmp/stdout" | head -n 1)" = "Open the report: $out/report.html" ] &&
  [ "$(tail -n 1 "$tmp/stdout")" = "The split plan, step by step: $out/split/README.md" ] && ok ||
  { ko "the last lines of stdout do not name the report and the plan:"; tail -n 3 "$tmp/stdout"; }
[ -s "$out/split/README.md" ] && ok || ko "no $out/split/README.md"

[ "$(stat -c %Y "$root/seam-out/model.json" 2>/dev/null || echo absent)" = "$stamp_before" ] && ok ||
  ko "scripts/demo wrote $root/seam-out despite SEAM_OUT"
[ "$(build_type)" = "$type_before" ] && ok ||
  ko "scripts/demo reconfigured the build tree: CMAKE_BUILD_TYPE '$type_before' -> '$(build_type)'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
