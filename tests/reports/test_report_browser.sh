#!/usr/bin/env bash
# test_report_browser.sh - report.html opened in a real headless Chromium.
#
# Usage: test_report_browser.sh REPORT_SAMPLE_BINARY [SCREENSHOT_OUT]
# Writes the hostile sample report, loads it with the network unreachable,
# and checks the rendered DOM (service names present as text, no script
# element injected by a hostile name), that the decomposer's sections are laid
# out visibly, and that a full-page screenshot is a real, non-trivial PNG.
# Exits 77 when chromium is not installed.
set -euo pipefail
sample=$1
shot_out=${2:-}

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "skipped: chromium not installed (apt package chromium)"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/seam-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

"$sample" "$work"
report="$work/report.html"

# Nothing in the report may point at the network.
check "no http(s) URL in report.html" bash -c "! grep -Eiq 'https?://' '$report'"
check "no src= or <link> in report.html" bash -c "! grep -Eiq '(src=|<link)' '$report'"

# Every resolver lookup fails, so any network fetch would not load; the
# flags keep Chromium from phoning home on its own.
run_chromium() {
  timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" "$@" 2>>"$work/chromium.log"
}

run_chromium --dump-dom "file://$report" >"$work/dom.html" || true
check "chromium dumped the DOM" test -s "$work/dom.html"
for name in billing catalog util; do
  check "service '$name' rendered as a card heading" grep -q "<h3>$name<span" "$work/dom.html"
done
check "hostile table name rendered as text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$work/dom.html"
check "no <script> element in the rendered DOM" bash -c "! grep -qi '<script' '$work/dom.html'"
check "all sections rendered" bash -c "grep -q 'id=\"summary\"' '$work/dom.html' &&
  grep -q 'id=\"dependencies\"' '$work/dom.html' && grep -q 'id=\"plan\"' '$work/dom.html' &&
  grep -q 'id=\"sql\"' '$work/dom.html' && grep -q 'id=\"shared-tables\"' '$work/dom.html'"

# Visibility needs layout, which --dump-dom alone does not report: a copy of
# the page (the report itself stays script-free) gets a probe that records
# what is rendered - has a box, and its text is in innerText, which leaves
# out display:none and closed <details> - on <body>, where the dump shows it.
{
  sed '/^<\/body>$/,$d' "$report"
  cat <<'EOF'
<script>
function shown(e, text) {
  return !!e && e.getBoundingClientRect().height > 0 && e.innerText.indexOf(text) >= 0;
}
var joins = Array.prototype.filter.call(document.querySelectorAll('#summary .card'),
  function (c) { return c.textContent.indexOf('Cross-service joins') >= 0; });
document.body.setAttribute('data-probe', [
  'joins=' + (joins.length === 1 && shown(joins[0], '2\nCross-service joins')),
  'implied=' + shown(document.getElementById('implied'), 'invoice_line (bundle_id)'),
  'dead=' + shown(document.getElementById('dead'), '1 function'),
  'why=' + shown(document.getElementById('why'), 'Why each module is where it is'),
  // The hostile shared table as text; '<\/' keeps this script element open.
  'shared=' + (shown(document.getElementById('shared-tables'), 'invoice\tbilling\tbilling\tcatalog') &&
    shown(document.getElementById('shared-tables'), '<script>alert(1)<\/script>\tcatalog'))].join(' '));
</script>
</body>
</html>
EOF
} >"$work/probe.html"
run_chromium --dump-dom "file://$work/probe.html" >"$work/probe-dom.html" || true
probe=$(sed -n 's/.*data-probe="\([^"]*\)".*/\1/p' "$work/probe-dom.html" | head -n 1)
echo "probe: ${probe:-none}"
for part in joins implied dead why shared; do
  check "decomposer section '$part' visible" bash -c "case ' $probe ' in *' $part=true '*) ;; *) false ;; esac"
done

(cd "$work" && run_chromium --screenshot="$work/out.png" --window-size=1280,2000 \
  "file://$report" >/dev/null) || true
check "screenshot written" test -f "$work/out.png"
size=$(stat -c %s "$work/out.png" 2>/dev/null || echo 0)
check "screenshot is a PNG" bash -c "head -c 8 '$work/out.png' | od -An -tx1 | tr -d ' \n' | grep -q '^89504e470d0a1a0a$'"
# A blank or error page compresses to a few KB; the report is far richer.
check "screenshot is non-trivial ($size bytes > 40000)" test "$size" -gt 40000
if [ -n "$shot_out" ] && [ -f "$work/out.png" ]; then
  cp "$work/out.png" "$shot_out"
  echo "screenshot: $shot_out"
fi

if [ "$fail" -ne 0 ]; then
  echo "chromium log (last lines):"
  tail -n 20 "$work/chromium.log" || true
  exit 1
fi
echo "all browser checks passed"
