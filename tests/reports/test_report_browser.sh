#!/usr/bin/env bash
# test_report_browser.sh - report.html opened in a real headless Chromium.
#
# Usage: test_report_browser.sh REPORT_SAMPLE SEAM SOURCE_DIR BUILD_DIR [SCREENSHOT_OUT]
# Writes the hostile sample report and the fixture's (seam analyze on
# fixtures/shop), loads them with the network unreachable and checks the
# rendered DOM: service names as text, no script but the page's own two, the
# SVG map with every service, the matrix cells equal to model.json's counts,
# a function found by the search box, the listings built when opened, the
# fixture's cycle flagged, hostile names inert in the map and services.dot,
# no horizontal overflow at 1024 px, and a real screenshot.
# Exits 77 when chromium is not installed.
set -euo pipefail
sample=$1
seam=$2
src=$3
build=$4
shot_out=${5:-}

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "skipped: chromium not installed (apt package chromium)"
  exit 77
fi

. "$(dirname "$0")/check.sh" browser

"$sample" "$work"
report="$work/report.html"

# Nothing in the report may point at the network.
check "no http(s) URL in report.html" bash -c "! grep -Eiq 'https?://' '$report'"
check "no src= or <link> in report.html" bash -c "! grep -Eiq '(src=|<link)' '$report'"
# The DOT file keeps the hostile table name as a line of a quoted label
# (DOT strings hold any text but a quote or backslash, escaped), never as an
# HTML-like label (label=<...>), which Graphviz would read as markup.
check "services.dot: hostile name inside a quoted label" grep -qF '\n\n<script>alert(1)</script>\n' "$work/services.dot"
check "services.dot: no HTML-like label" bash -c "! grep -q 'label=<' '$work/services.dot'"

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
  check "service '$name' drawn in the SVG map" \
    python3 -c "import re,sys; d=open(sys.argv[1]).read(); m=d[d.index('id=\"map\"'):]; m=m[:m.index('</svg>')]; sys.exit(0 if re.search('<text[^>]*>'+sys.argv[2]+'</text>', m) else 1)" \
    "$work/dom.html" "$name"
done
check "hostile table name rendered as text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$work/dom.html"
check "hostile table name is text in the SVG map" \
  python3 -c "import sys; d=open(sys.argv[1]).read(); m=d[d.index('id=\"map\"'):]; m=m[:m.index('</svg>')]; sys.exit(0 if '&lt;script&gt;alert(1)&lt;/script&gt;' in m else 1)" "$work/dom.html"
check "only the page's own two script elements" \
  bash -c "test \"\$(grep -o '<script' '$work/dom.html' | wc -l)\" -eq 2 && ! grep -q '<script>alert' '$work/dom.html'"
check "all sections rendered" bash -c "grep -q 'id=\"summary\"' '$work/dom.html' &&
  grep -q 'id=\"risks\"' '$work/dom.html' && grep -q 'id=\"map\"' '$work/dom.html' &&
  grep -q 'id=\"dependencies\"' '$work/dom.html' && grep -q 'id=\"plan\"' '$work/dom.html' &&
  grep -q 'id=\"sql\"' '$work/dom.html' && grep -q 'id=\"shared-tables\"' '$work/dom.html'"

# The matrix against model.json: every cell's calls and SQL sites equal the
# decomposer's dependency of the row's service on the column's, every pair
# of real services is checked (an empty cell must be a 0 there), and the
# calls add up to the headline's cross-service calls.
matrix_matches() { # matrix_matches DOM MODEL
  python3 - "$1" "$2" <<'PY'
import json, re, sys, html
dom, model = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
sec = dom[dom.index('<section id="dependencies">'):]
sec = sec[:sec.index('</section>')]
cols = [html.unescape(t) for t in re.findall(r'<th class="n" title="([^"]*)">', sec)]
real = [s['name'] for s in model['services'] if s['kind'] == 'service']
if sorted(cols) != sorted(real):
    sys.exit('columns %r, services %r' % (cols, real))
want = {}
for s in model['services']:
    for d in s.get('outbound', []):
        want[(s['name'], d['service'])] = (d.get('calls', 0), d.get('sql_sites', 0))
total = 0
for row in re.findall(r'<tr><th>\d+ .*?</tr>', sec, re.S):
    name = html.unescape(re.search(r'</span>([^<]*)', row).group(1))
    cells = re.findall(r'<td( [^>]*)?>', row)
    if len(cells) != len(cols):
        sys.exit('row %s: %d cells for %d columns' % (name, len(cells), len(cols)))
    for col, attrs in zip(cols, cells):
        if col == name:
            continue
        m = re.search(r'data-calls="(\d+)" data-sql="(\d+)"', attrs or '')
        got = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        exp = want.get((name, col), (0, 0))
        if got != exp:
            sys.exit('%s -> %s: matrix %r, model %r' % (name, col, got, exp))
        total += got[0]
if total != model['metrics']['cross_service_calls']:
    sys.exit('matrix calls %d, headline %d' % (total, model['metrics']['cross_service_calls']))
PY
}
check "matrix cells equal model.json's dependencies" matrix_matches "$work/dom.html" "$work/model.json"

# What needs layout or the page's script, which --dump-dom alone does not
# show: a copy of the page gets a probe, run after report.js, that records
# on <body> (where the dump shows it) what is rendered - has a box, and its
# text is in innerText, which leaves out display:none and closed <details> -
# after opening every listing and typing into the search box.
probe_page() { # probe_page REPORT OUT
  {
    sed '/^<\/body>$/,$d' "$1"
    cat <<'EOF2'
<script>
function shown(e, text) {
  return !!e && e.getBoundingClientRect().height > 0 && e.innerText.indexOf(text) >= 0;
}
var joins = Array.prototype.filter.call(document.querySelectorAll('#summary .card'),
  function (c) { return c.textContent.indexOf('Cross-service joins') >= 0; });
// The toggle event that builds a listing comes as a task of its own, after
// this script; dispatched here, it runs now (report.js builds rows once).
Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) {
  d.open = true;
  d.dispatchEvent(new Event('toggle'));
});
var q = document.getElementById('seam-q');
q.value = 'product_f';
q.dispatchEvent(new Event('input'));
var hits = document.getElementById('seam-hits');
// Sorting: the shared tables by name, then reversed by a second click.
var sharedTable = document.querySelector('#shared-tables table');
var firstCell = function () { return sharedTable.tBodies[0].rows[0].cells[0].textContent; };
sharedTable.tHead.rows[0].cells[0].click();
var sortedUp = firstCell();
sharedTable.tHead.rows[0].cells[0].click();
var sortedDown = firstCell();
var sqlRows = document.querySelectorAll('#sql tbody tr').length;
var whyRows = document.querySelectorAll('#why tbody tr').length;
var root = document.documentElement;
document.body.setAttribute('data-probe', [
  'ready=' + (root.getAttribute('data-ready') === '1'),
  'joins=' + (joins.length === 1 && shown(joins[0], '2\nCross-service joins')),
  'implied=' + shown(document.getElementById('implied'), 'invoice_line (bundle_id)'),
  'dead=' + shown(document.getElementById('dead'), '1 function'),
  'why=' + (shown(document.getElementById('why'), 'billing/invoice.c\tbilling\ttable invoice 2.4142: access 1.41 + naming 1.00') &&
    shown(document.getElementById('why'), 'table <script>alert(1)<\/script>')),
  'sql=' + (shown(document.getElementById('sql'), "p.name <> 'a&b'") &&
    shown(document.getElementById('sql'), 'catalog/product.c:34')),
  'search=' + (!hits.hidden && shown(hits, 'product_find') && shown(hits, 'catalog/product.c')),
  'cycle=' + (shown(document.getElementById('risks'), 'Cycle:') &&
    document.querySelectorAll('#dependencies td.cyc').length > 0),
  'map=' + shown(document.getElementById('map'), ''),
  'sort=' + (sortedUp === '<script>alert(1)<\/script>' && sortedDown === 'invoice'),
  'mm=' + (function (c) {
    if (!c) return false;
    c.dispatchEvent(new Event('draw')); // drawn when scrolled into view, or now
    if (c.width === 0) return false;
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, red = 0;
    for (var i = 0; i < d.length; i += 4) red += d[i] === 0xb4 && d[i + 1] === 0x23;
    return red > 0; // a call across services drawn in red
  })(document.getElementById('seam-mm')),
  // Every plan step opened onto its details; the fixture's changes code.
  'plan=' + (document.querySelectorAll('#plan details.step').length > 0 &&
    Array.prototype.every.call(document.querySelectorAll('#plan details.step'),
      function (d) { return d.children.length > 2; }) &&
    document.getElementById('plan').textContent.indexOf('Code to change (') >= 0),
  'overflow=' + (root.scrollWidth > root.clientWidth),
  // The hostile shared table as text; '<\/' keeps this script element open.
  'shared=' + (shown(document.getElementById('shared-tables'), 'invoice\tbilling\tbilling\tcatalog') &&
    shown(document.getElementById('shared-tables'), '<script>alert(1)<\/script>\tcatalog'))].join(' '));
</script>
</body>
</html>
EOF2
  } >"$2"
}
probe_of() { sed -n 's/.*data-probe="\([^"]*\)".*/\1/p' "$1" | head -n 1; }
has() { case " $1 " in *" $2 "*) ;; *) false ;; esac; }

probe_page "$report" "$work/probe.html"
run_chromium --window-size=1024,800 --dump-dom "file://$work/probe.html" >"$work/probe-dom.html" || true
probe=$(probe_of "$work/probe-dom.html")
echo "probe: ${probe:-none}"
for part in ready joins implied dead why sql search cycle map sort shared; do
  check "sample: '$part' rendered" has "$probe" "$part=true"
done
check "sample: no horizontal overflow at 1024 px, every listing open" has "$probe" "overflow=false"

# The fixture: a real analysis, whose services form a cycle.
"$seam" analyze "$src/fixtures/shop" -p "$build/fixtures/shop" --db "$build/fixtures/shop/shop.db" \
  -o "$work/fx" -q >"$work/analyze.log" 2>&1 || { echo "FAIL: seam analyze on the fixture"; cat "$work/analyze.log"; exit 1; }
# seam report renders the same page from model.json, and the map as services.dot.
"$seam" report "$work/fx/model.json" -o "$work/fx/again.html" >/dev/null
check "fixture: seam report gives analyze's page byte for byte" cmp -s "$work/fx/report.html" "$work/fx/again.html"
check "fixture: services.dot written beside it" grep -q '^digraph services {' "$work/fx/services.dot"
run_chromium --dump-dom "file://$work/fx/report.html" >"$work/fx-dom.html" || true
check "fixture: matrix cells equal model.json's dependencies" matrix_matches "$work/fx-dom.html" "$work/fx/model.json"
probe_page "$work/fx/report.html" "$work/fx-probe.html"
run_chromium --window-size=1024,800 --dump-dom "file://$work/fx-probe.html" >"$work/fx-probe-dom.html" || true
probe=$(probe_of "$work/fx-probe-dom.html")
echo "fixture probe: ${probe:-none}"
check "fixture: the cycle between services flagged" has "$probe" "cycle=true"
check "fixture: the map drawn" has "$probe" "map=true"
check "fixture: plan steps open onto their code sites" has "$probe" "plan=true"
check "fixture: the module matrix drawn, calls across services in red" has "$probe" "mm=true"
# Its marks, one per pair of modules with calls, against model.json.
module_pairs_match() { # module_pairs_match DOM MODEL
  python3 - "$1" "$2" <<'PY'
import json, re, sys
dom, m = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
got = re.search(r'id="seam-mm"[^>]*data-marks="(\d+)"|data-marks="(\d+)"[^>]*id="seam-mm"', dom)
if not got:
    sys.exit('no data-marks on the canvas')
got = int(got.group(1) or got.group(2))
module = {f: i for i, md in enumerate(m['modules']) for f in md['files']}
file_of = {f['id']: f['file'] for f in m['functions']}
pairs = set()
for c in m['calls']:
    a, b = module.get(file_of.get(c['caller'])), module.get(file_of.get(c['callee']))
    if a is not None and b is not None and a != b:
        pairs.add((a, b))
if got != len(pairs):
    sys.exit('canvas marks %d, model.json module pairs %d' % (got, len(pairs)))
PY
}
check "fixture: module matrix marks equal model.json's module pairs" module_pairs_match "$work/fx-probe-dom.html" "$work/fx/model.json"
check "fixture: no horizontal overflow at 1024 px, every listing open" has "$probe" "overflow=false"

(cd "$work" && run_chromium --screenshot="$work/out.png" --window-size=1280,2400 \
  "file://$work/fx/report.html" >/dev/null) || true
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
