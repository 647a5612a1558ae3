#!/usr/bin/env bash
# bench/report.sh - report.html at scale: its size, and how fast a real
# browser shows it.
#
# For each model, renders report.html with `seam report` (timed), checks its
# size against the budget, then opens it five times in headless Chromium
# (network unreachable, a fresh profile each time) and takes the median of
# two figures, both from navigation start: first contentful paint, and all
# scripts done (a probe appended after report.js records performance.now()).
# Without MODEL.json arguments it generates the 2,000-file gen-monolith and
# analyzes it first.
#
# Budget (exit 1 when a model exceeds it): report.html at most 3 MB (3,000,000
# bytes), first paint and scripts done each under 1.5 s.
#
# Usage: bench/report.sh [--dir DIR] [MODEL.json...]
#   --dir DIR  where the monolith and the outputs go (default: a new temporary
#              directory, removed at the end)
# Environment: SEAM (default build/cli/seam), GEN_MONOLITH (default
# build/bench/gen-monolith), CHROMIUM (default: chromium on PATH).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SEAM=${SEAM:-$root/build/cli/seam}
GEN=${GEN_MONOLITH:-$root/build/bench/gen-monolith}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
dir= models=()
while [ $# -gt 0 ]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "report.sh: unknown option '$1'" >&2; exit 2 ;;
    *) models+=("$1"); shift ;;
  esac
done
[ -x "$SEAM" ] || { echo "report.sh: build seam first ($SEAM)" >&2; exit 1; }
[ -n "$CHROMIUM" ] || { echo "report.sh: chromium is not installed" >&2; exit 1; }
keep=1
if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/seam-report-bench.XXXXXX); keep=0; fi
trap '[ "$keep" = 1 ] || rm -rf "$dir"' EXIT
if [ ${#models[@]} -eq 0 ]; then
  [ -x "$GEN" ] || { echo "report.sh: build gen-monolith first ($GEN)" >&2; exit 1; }
  [ -f "$dir/mono/compile_commands.json" ] || "$GEN" -n 2000 -o "$dir/mono" >/dev/null
  [ -f "$dir/out/model.json" ] ||
    "$SEAM" analyze "$dir/mono" --schema-sql "$dir/mono/schema.sql" -o "$dir/out" -q -j "$(nproc)"
  models=("$dir/out/model.json")
fi

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
fail=0
k=0
for model in "${models[@]}"; do
  k=$((k + 1))
  out="$dir/r$k"
  mkdir -p "$out"
  /usr/bin/time -f "%e" -o "$out/time" "$SEAM" report "$model" -o "$out/report.html" >/dev/null
  size=$(stat -c %s "$out/report.html")
  # The probe runs after report.js (the page's last script) has run.
  { sed '/^<\/body>$/,$d' "$out/report.html"
    cat <<'PROBE'
<script>
var scriptsDone = performance.now();
window.addEventListener('load', function () {
  var fcp = performance.getEntriesByName('first-contentful-paint')[0];
  document.body.setAttribute('data-bench', 'paint=' + (fcp ? fcp.startTime.toFixed(0) : -1) +
    ' scripts=' + scriptsDone.toFixed(0));
});
</script>
</body>
</html>
PROBE
  } >"$out/bench.html"
  : >"$out/paint"
  : >"$out/scripts"
  for _ in 1 2 3 4 5; do
    line=$(timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --host-resolver-rules="MAP * ~NOTFOUND" --window-size=1280,900 \
      --user-data-dir="$(mktemp -d "$out/profile.XXXXXX")" \
      --dump-dom "file://$out/bench.html" 2>/dev/null | sed -n 's/.*data-bench="\([^"]*\)".*/\1/p' | head -n 1)
    [ -n "$line" ] || { echo "report.sh: chromium gave no figures for $model" >&2; exit 1; }
    set -- $line
    echo "${1#paint=}" >>"$out/paint"
    echo "${2#scripts=}" >>"$out/scripts"
  done
  paint=$(median <"$out/paint")
  scripts=$(median <"$out/scripts")
  verdict=ok
  if [ "$size" -gt 3000000 ] || [ "$paint" -lt 0 ] || [ "$paint" -ge 1500 ] || [ "$scripts" -ge 1500 ]; then
    verdict="OVER BUDGET"
    fail=1
  fi
  printf '%s: report.html %d bytes (%s MB), seam report %s s; first paint %d ms, scripts done %d ms (median of 5): %s\n' \
    "$model" "$size" "$(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1000000 }')" "$(tail -n 1 "$out/time")" \
    "$paint" "$scripts" "$verdict"
done
exit "$fail"
