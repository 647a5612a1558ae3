#!/usr/bin/env bash
# The seam command's exit statuses and messages: 0 ok, 1 run-time failure
# with one line naming what was wrong, 2 usage error with usage on stderr.
set -u
seam=$1
fixture=$2      # fixtures/shop (source)
fixture_build=$3  # build/fixtures/shop (compile database, shop.db)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0

# expect STATUS DESCRIPTION -- command...
expect() {
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" -eq "$want" ]; then pass=$((pass+1)); else
    fail=$((fail+1)); echo "FAIL: $what: exit $got, want $want"; cat "$tmp/err"; fi
}
# stderr_has PATTERN DESCRIPTION: the last command's stderr matches
stderr_has() {
  if grep -qE -- "$1" "$tmp/err"; then pass=$((pass+1)); else
    fail=$((fail+1)); echo "FAIL: $2: stderr lacks /$1/:"; cat "$tmp/err"; fi
}
one_line() {
  local n; n=$(wc -l <"$tmp/err")
  if [ "$n" -eq 1 ]; then pass=$((pass+1)); else
    fail=$((fail+1)); echo "FAIL: $1: $n lines on stderr, want 1:"; cat "$tmp/err"; fi
}

expect 2 "no arguments" -- "$seam"
stderr_has "^Usage: seam" "no arguments prints usage"
expect 0 "--help" -- "$seam" --help
grep -q "analyze SRC" "$tmp/out" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: --help lacks commands"; }
expect 0 "--version" -- "$seam" --version
grep -qE "^seam [0-9]+\.[0-9]+\.[0-9]+$" "$tmp/out" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: --version output"; }
expect 0 "analyze --help" -- "$seam" analyze --help
grep -q -- "--db DB" "$tmp/out" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: analyze --help lacks --db"; }
expect 2 "unknown command" -- "$seam" frobnicate
stderr_has "unknown command 'frobnicate'" "unknown command named"
expect 2 "unknown option" -- "$seam" analyze --frob "$fixture"
stderr_has "unknown option '--frob'" "unknown option named"
expect 2 "missing option argument" -- "$seam" analyze "$fixture" -p
stderr_has "needs an argument" "missing argument named"
expect 2 "missing SRC" -- "$seam" analyze
stderr_has "missing SRC" "missing SRC named"
expect 2 "bad -j" -- "$seam" analyze -j zero "$fixture"
expect 1 "SRC missing" -- "$seam" analyze "$tmp/nope" -o "$tmp/o"
one_line "SRC missing"; stderr_has "$tmp/nope" "SRC missing names the path"
mkdir -p "$tmp/empty"
expect 1 "no compile database" -- "$seam" analyze "$tmp/empty" -o "$tmp/o"
one_line "no compile database"; stderr_has "compile_commands.json" "compile database named"
echo '[{"directory": ' >"$tmp/empty/compile_commands.json"
expect 1 "malformed compile database" -- "$seam" analyze "$tmp/empty" -o "$tmp/o"
one_line "malformed compile database"; stderr_has "compile_commands.json" "malformed compile database named"
expect 1 "missing SQLite database" -- "$seam" analyze "$fixture" -p "$fixture_build" --db "$tmp/missing.db" -o "$tmp/o"
one_line "missing SQLite database"; stderr_has "missing.db" "missing database named"
[ ! -e "$tmp/missing.db" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: a missing SQLite database was created"; }
expect 1 "unreachable PostgreSQL" -- "$seam" analyze "$fixture" -p "$fixture_build" --db "host=127.0.0.1 port=1 dbname=shop user=u password=s3cr3t-pw connect_timeout=5" -o "$tmp/o"
one_line "unreachable PostgreSQL"; stderr_has "127.0.0.1" "unreachable database named"
if grep -q "s3cr3t-pw" "$tmp/err" "$tmp/out"; then fail=$((fail+1)); echo "FAIL: password printed"; else pass=$((pass+1)); fi
expect 1 "unreachable PostgreSQL URI" -- "$seam" analyze "$fixture" -p "$fixture_build" --db "postgresql://u:s3cr3t-pw@127.0.0.1:1/shop?connect_timeout=5" -o "$tmp/o"
one_line "unreachable PostgreSQL URI"
if grep -q "s3cr3t-pw" "$tmp/err" "$tmp/out"; then fail=$((fail+1)); echo "FAIL: password printed (URI)"; else pass=$((pass+1)); fi
[ ! -e "$tmp/o/model.json" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: a failed run left model.json"; }
touch "$tmp/afile"
expect 1 "output is a file" -- "$seam" analyze "$fixture" -p "$fixture_build" --db "$fixture_build/shop.db" -o "$tmp/afile" -q
one_line "output is a file"; stderr_has "afile" "output path named"
expect 0 "a good run" -- "$seam" analyze "$fixture" -p "$fixture_build" --db "$fixture_build/shop.db" -o "$tmp/good" -q
[ -s "$tmp/good/model.json" ] && [ -s "$tmp/good/report.html" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: good run wrote no output"; }
# libclang is opened by the commands that parse C, when they do: the binary does not link it,
# so inspect-db, plan, report and the rest never map LLVM (and the good run above parsed).
if command -v ldd >/dev/null; then
  ldd "$seam" | grep -qiE 'libclang|libLLVM' && { fail=$((fail+1)); echo "FAIL: seam links libclang at start-up"; } ||
    pass=$((pass+1))
fi
# Not a terminal: no progress line on stderr.
[ ! -s "$tmp/err" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: stderr not empty when not a terminal:"; cat "$tmp/err"; }

# Without -o: ./seam-out of the working directory, the cache inside it
# (OUT_DIR/seam-cache.sqlite, a SQLite file).
mkdir -p "$tmp/cwd"
(cd "$tmp/cwd" && "$seam" analyze "$fixture" -p "$fixture_build" --db "$fixture_build/shop.db" -q) \
  >"$tmp/out" 2>"$tmp/err"; got=$?
[ "$got" -eq 0 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: run without -o: exit $got"; cat "$tmp/err"; }
for f in model.json report.html seam-cache.sqlite; do
  [ -s "$tmp/cwd/seam-out/$f" ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: no -o: no seam-out/$f"; }
done
[ "$(head -c 15 "$tmp/cwd/seam-out/seam-cache.sqlite" 2>/dev/null)" = "SQLite format 3" ] &&
  pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: seam-out/seam-cache.sqlite is not a SQLite file"; }
grep -qxF "seam: report: seam-out/report.html" "$tmp/out" && pass=$((pass+1)) ||
  { fail=$((fail+1)); echo "FAIL: no -o: stdout does not name seam-out/report.html:"; cat "$tmp/out"; }
# --cache FILE: the cache goes there, and not into OUT_DIR.
expect 0 "--cache FILE" -- "$seam" analyze "$fixture" -p "$fixture_build" --db "$fixture_build/shop.db" \
  -o "$tmp/cached" --cache "$tmp/elsewhere.cache" -q
[ "$(head -c 15 "$tmp/elsewhere.cache" 2>/dev/null)" = "SQLite format 3" ] && pass=$((pass+1)) ||
  { fail=$((fail+1)); echo "FAIL: --cache FILE wrote no SQLite cache there"; }
[ -s "$tmp/cached/model.json" ] && [ ! -e "$tmp/cached/seam-cache.sqlite" ] && pass=$((pass+1)) ||
  { fail=$((fail+1)); echo "FAIL: --cache FILE: model.json missing or a cache also in OUT_DIR"; }
# --no-cache: no cache file anywhere in OUT_DIR.
expect 0 "--no-cache" -- "$seam" analyze "$fixture" -p "$fixture_build" --db "$fixture_build/shop.db" \
  -o "$tmp/nocache" --no-cache -q
[ -s "$tmp/nocache/model.json" ] && [ ! -e "$tmp/nocache/seam-cache.sqlite" ] && pass=$((pass+1)) ||
  { fail=$((fail+1)); echo "FAIL: --no-cache: model.json missing or a cache written"; }

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
