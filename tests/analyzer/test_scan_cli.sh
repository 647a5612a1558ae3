#!/usr/bin/env bash
# test_scan_cli.sh - `seam scan` and `seam merge` as a user runs them.
#
# Usage: test_scan_cli.sh SEAM SOURCE_DIR BINARY_DIR
# Checks: --help; one-line errors with exit 1 for a missing or malformed
# compile database, exit 2 for bad options; a scan of the shop fixture and
# its warm re-run (nothing parsed, same bytes); three shards merged equal the
# unsharded code.json byte for byte; -j 7 and -j 1 write the same bytes; the
# progress line with its ETA on a terminal (script(1) required); the
# no-compile-database warning; --exclude in its documented forms (tests,
# '*/tests', vendor, '*/third_party', '*_test.c'); --sql-fn NAME:ARG and a
# wrapper of that function; a TU that cannot be parsed is skipped with a
# warning; non-UTF-8 bytes in paths (a file name too) and literals come out
# as U+FFFD in valid UTF-8 JSON; parse errors and their first diagnostics
# reach code.json and report.html.
set -u
seam=$1 src=$2 bin=$3
shop=$src/fixtures/shop
shop_build=$bin/fixtures/shop
tmp=$(mktemp -d "${TMPDIR:-/tmp}/seam-scan-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $what" >&2
  fi
}

# One line on stderr, exit status $1, message containing $2; runs "${@:3}".
one_line_error() {
  local want=$1 text=$2 status
  shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  status=$?
  [ "$status" = "$want" ] || { echo "  status $status, want $want" >&2; return 1; }
  if [ "$want" = 1 ]; then
    [ "$(wc -l < "$tmp/err")" = 1 ] || { echo "  stderr: $(cat "$tmp/err")" >&2; return 1; }
  fi
  grep -q -- "$text" "$tmp/err" || { echo "  stderr: $(cat "$tmp/err")" >&2; return 1; }
}

[ -f "$shop_build/compile_commands.json" ] || { echo "skipped: no fixture compile database"; exit 77; }

# ---- help and usage ----
check "scan --help" sh -c '"$0" scan --help | grep -q -- "--shard I/N"' "$seam"
check "merge --help" sh -c '"$0" merge --help | grep -q "seam merge"' "$seam"
check "seam --help lists scan" sh -c '"$0" --help | grep -q "scan SRC"' "$seam"
check "bad --shard" one_line_error 2 "not I/N" "$seam" scan "$shop" --shard 5/4
check "bad --sql-fn" one_line_error 2 "NAME:ARG" "$seam" scan "$shop" --sql-fn db -o "$tmp/x.json"
check "bad --table-fn" one_line_error 2 "--table-fn 'db:0': expected NAME:ARG" "$seam" scan "$shop" --table-fn db:0 -o "$tmp/x.json"
check "merge without files" one_line_error 2 "no shard files" "$seam" merge

# ---- compile database errors ----
mkdir -p "$tmp/nodb" "$tmp/baddb"
check "missing compile database" one_line_error 1 "$tmp/nodb/compile_commands.json" \
  "$seam" scan "$shop" -p "$tmp/nodb" -o "$tmp/x.json"
printf '[{"directory": "/tmp", "file": ' > "$tmp/baddb/compile_commands.json"
check "malformed compile database" one_line_error 1 "malformed compile database" \
  "$seam" scan "$shop" -p "$tmp/baddb" -o "$tmp/x.json"

# ---- the fixture, cold and warm ----
out=$tmp/shop
mkdir -p "$out"
check "cold scan" sh -c '"$0" scan "$1" -p "$2" -o "$3/code.json" -j 2 > "$3/cold.log"' \
  "$seam" "$shop" "$shop_build" "$out"
cp "$out/code.json" "$tmp/cold.json"
check "cold parsed everything" grep -q "(25 parsed, 0 from the cache)" "$out/cold.log"
check "warm scan" sh -c '"$0" scan "$1" -p "$2" -o "$3/code.json" -j 2 > "$3/warm.log"' \
  "$seam" "$shop" "$shop_build" "$out"
check "warm: up to date" grep -q "code.json is up to date (25 translation units, none changed)" "$out/warm.log"
check "warm left the output alone" cmp -s "$tmp/cold.json" "$out/code.json"
rm "$out/code.json"
check "output gone: rebuilt from the cache" sh -c '"$0" scan "$1" -p "$2" -o "$3/code.json" -j 2 > "$3/warm2.log"' \
  "$seam" "$shop" "$shop_build" "$out"
check "rebuilt parsed nothing" grep -q "(0 parsed, 25 from the cache)" "$out/warm2.log"
check "rebuilt the same bytes" cmp -s "$tmp/cold.json" "$out/code.json"
check "cache next to the output" test -s "$out/seam-cache.sqlite"

# ---- the progress line: on a terminal only ----
# script(1) gives the scan a terminal; without it the check cannot run, and
# that is a failure, not a pass.
check "script(1) is installed" sh -c "command -v script > /dev/null"
check "progress on a terminal" sh -c 'script -qec "\"$0\" scan \"$1\" -p \"$2\" -o \"$3/tty.json\" --no-cache -j 2" /dev/null | tr "\r" "\n" | grep -q "^seam: 25/25 files (0 cached), 0 errors"' \
  "$seam" "$shop" "$shop_build" "$tmp"
# One thread: after the first TU there are parse times to extrapolate from.
check "progress shows an ETA" sh -c 'script -qec "\"$0\" scan \"$1\" -p \"$2\" -o \"$3/eta.json\" --no-cache -j 1" /dev/null | tr "\r" "\n" | grep -q "^seam: [0-9]*/25 files (0 cached), [0-9]* errors\{0,1\}, ETA [0-9]"' \
  "$seam" "$shop" "$shop_build" "$tmp"
check "no progress without a terminal" sh -c '"$0" scan "$1" -p "$2" -o "$3/notty.json" --no-cache -j 2 > /dev/null 2> "$3/notty.err" && ! grep -q "files (" "$3/notty.err"' \
  "$seam" "$shop" "$shop_build" "$tmp"

# ---- any number of threads: the same bytes ----
check "scan -j 7" sh -c '"$0" scan "$1" -p "$2" -o "$3/j7.json" --no-cache -j 7 -q > /dev/null' \
  "$seam" "$shop" "$shop_build" "$tmp"
check "scan -j 1" sh -c '"$0" scan "$1" -p "$2" -o "$3/j1.json" --no-cache -j 1 -q > /dev/null' \
  "$seam" "$shop" "$shop_build" "$tmp"
check "-j 7 and -j 1 write the same bytes" cmp "$tmp/j7.json" "$tmp/j1.json"
check "... the bytes of the cached -j 2 run" cmp "$tmp/cold.json" "$tmp/j1.json"

# ---- shards ----
for i in 1 2 3; do
  check "shard $i" sh -c '"$0" scan "$1" -p "$2" --shard "$4/3" -o "$3/code-$4.json" --no-cache -q >/dev/null' \
    "$seam" "$shop" "$shop_build" "$tmp" "$i"
done
check "merge" sh -c '"$0" merge "$1"/code-3.json "$1"/code-1.json "$1"/code-2.json -o "$1/merged.json" >/dev/null' \
  "$seam" "$tmp"
check "merged equals unsharded" cmp -s "$tmp/cold.json" "$tmp/merged.json"
check "merge of a missing shard" one_line_error 1 "shard 2/3 is missing" \
  "$seam" merge "$tmp/code-1.json" "$tmp/code-3.json" -o "$tmp/m.json"
check "merge of a code.json" one_line_error 1 "not a shard file" \
  "$seam" merge "$tmp/cold.json" -o "$tmp/m.json"

# ---- no compile database ----
check "no compile database" sh -c '"$0" scan "$1" -o "$2/approx.json" --no-cache --cflags "-I/usr/include/postgresql" -q > /dev/null 2> "$2/approx.err"' \
  "$seam" "$shop" "$tmp"
check "approximate warning" grep -q "warning: no compile_commands.json.*approximate" "$tmp/approx.err"

# ---- --exclude, in the forms scan --help and docs/analyzer.md give ----
ex=$tmp/excl
mkdir -p "$ex/tests" "$ex/lib/tests" "$ex/lib/third_party" "$ex/vendor" "$ex/testsuite"
printf '#include "vendor/v.h"\nint main(void) { return v(); }\n' > "$ex/main.c"
printf 'static inline int v(void) { return 0; }\n' > "$ex/vendor/v.h"
printf 'int vendored(void) { return 1; }\n' > "$ex/vendor/v.c"
printf 'int top_test(void) { return 1; }\n' > "$ex/tests/test_main.c"
printf 'int lib_test(void) { return 1; }\n' > "$ex/lib/tests/t.c"
printf 'int util(void) { return 1; }\n' > "$ex/lib/util.c"
printf 'int util_test(void) { return 1; }\n' > "$ex/lib/util_test.c"
printf 'int tp(void) { return 1; }\n' > "$ex/lib/third_party/z.c"
printf 'int tp_ext(void) { return 1; }\n' > "$ex/lib/third_party_ext.c"
printf 'int suite(void) { return 1; }\n' > "$ex/testsuite/x.c"
# Which files, TUs and functions a scan with the given --exclude options kept.
excluded_scan() { # excluded_scan OUT EXPECTED_FILES [--exclude GLOB]...
  local out=$1 want=$2
  shift 2
  "$seam" scan "$ex" -o "$tmp/$out" --no-cache -q "$@" > /dev/null 2>&1 || return 1
  python3 - "$tmp/$out" "$want" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
want = sys.argv[2].split()
files = [f["path"] for f in d["files"]]
tus = [t["file"] for t in d["translation_units"]]
assert files == want, files
assert tus == [f for f in want if f.endswith(".c")], tus
# What is defined in an excluded file is not a fact either.
assert all(f["file"] in want for f in d["functions"]), d["functions"]
EOF
}
all_files="lib/tests/t.c lib/third_party/z.c lib/third_party_ext.c lib/util.c lib/util_test.c main.c tests/test_main.c testsuite/x.c vendor/v.c vendor/v.h"
check "nothing excluded by default" excluded_scan ex0.json "$all_files"
# "tests": the top-level tests/ only (not lib/tests, not testsuite).
check "--exclude tests" excluded_scan ex1.json \
  "lib/tests/t.c lib/third_party/z.c lib/third_party_ext.c lib/util.c lib/util_test.c main.c testsuite/x.c vendor/v.c vendor/v.h" \
  --exclude tests
# "*/tests": a tests/ directory below another one.
check "--exclude '*/tests'" excluded_scan ex2.json \
  "lib/third_party/z.c lib/third_party_ext.c lib/util.c lib/util_test.c main.c tests/test_main.c testsuite/x.c vendor/v.c vendor/v.h" \
  --exclude '*/tests'
# All the forms at once; a header under vendor/ is excluded too, and
# third_party_ext.c is not third_party/.
check "--exclude vendor '*/third_party' '*_test.c' tests '*/tests'" excluded_scan ex3.json \
  "lib/third_party_ext.c lib/util.c main.c testsuite/x.c" \
  --exclude vendor --exclude '*/third_party' --exclude '*_test.c' --exclude tests --exclude '*/tests'

# ---- --sql-fn NAME:ARG: a database call seam does not know, and a wrapper of it ----
sf=$tmp/sqlfn
mkdir -p "$sf"
cat > "$sf/legacy.c" <<'EOF'
int legacy_query(void *h, int flags, const char *sql);
int legacy_run(const char *q) { return legacy_query(0, 2, q); }
int orders_close(void) { return legacy_run("UPDATE orders SET closed = 1"); }
int orders_peek(void) { return legacy_query(0, 0, "SELECT id FROM orders"); }
EOF
sql_fn_sites() { # sql_fn_sites OUT HOW_AND_VIA_JSON [options]...
  local out=$1 want=$2
  shift 2
  "$seam" scan "$sf" -o "$tmp/$out" --no-cache -q "$@" > /dev/null 2>&1 || return 1
  python3 - "$tmp/$out" "$want" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
fn = {f["id"]: f["name"] for f in d["functions"]}
got = {s["sql"]: [fn[s["function"]], s["via"], s["how"], s["confidence"], s["tables"]]
       for s in d["sql_sites"]}
assert got == json.loads(sys.argv[2]), got
EOF
}
check "--sql-fn legacy_query:3: through the wrapper and directly" sql_fn_sites sqlfn.json \
  '{"UPDATE orders SET closed = 1": ["orders_close", "legacy_run", "argument", "high", [{"name": "orders", "access": "write"}]],
    "SELECT id FROM orders": ["orders_peek", "legacy_query", "argument", "high", [{"name": "orders", "access": "read"}]]}' \
  --sql-fn legacy_query:3
check "without --sql-fn: keyword guesses only" sql_fn_sites nosqlfn.json \
  '{"UPDATE orders SET closed = 1": ["orders_close", null, "keyword", "low", [{"name": "orders", "access": "write"}]],
    "SELECT id FROM orders": ["orders_peek", null, "keyword", "low", [{"name": "orders", "access": "read"}]]}'
check "--sql-fn with the wrong argument: no wrapper" sql_fn_sites wrongarg.json \
  '{"UPDATE orders SET closed = 1": ["orders_close", null, "keyword", "low", [{"name": "orders", "access": "write"}]],
    "SELECT id FROM orders": ["orders_peek", null, "keyword", "low", [{"name": "orders", "access": "read"}]]}' \
  --sql-fn legacy_query:2

# ---- robustness: unparsable TU, parse errors, non-UTF-8 bytes ----
p=$tmp/$'proj\xff'
mkdir -p "$p/src"
printf '#include "nothere.h"\nint broken(void) { return 1 +; }\n' > "$p/src/broken.c"
printf '#include <sqlite3.h>\nint ok(sqlite3 *db) { return sqlite3_exec(db, "SELECT \xff FROM t", 0, 0, 0); }\n' > "$p/src/ok.c"
# A file name that is not UTF-8 either.
printf '#include <sqlite3.h>\nint bad_name(sqlite3 *db) { return sqlite3_exec(db, "DELETE FROM u", 0, 0, 0); }\n' > "$p/src/b"$'\xff'".c"
python3 - "$p" <<'EOF'
import json, os, sys
p = os.fsdecode(sys.argv[1].encode("utf-8", "surrogateescape"))
root = sys.argv[1]
files = ["src/broken.c", "src/ok.c", "src/ghost.c", os.fsdecode(b"src/b\xff.c")]
entries = [{"directory": root, "file": f, "arguments": ["cc", "-c", f]} for f in files]
with open(os.path.join(root, "compile_commands.json"), "w", encoding="utf-8", errors="surrogateescape") as fp:
    json.dump(entries, fp, ensure_ascii=False)
EOF
check "scan with broken and missing TUs" sh -c '"$0" scan "$1" -o "$2/robust.json" --no-cache -q > "$2/robust.out" 2> "$2/robust.err"' \
  "$seam" "$p" "$tmp"
check "skipped TU warned" grep -q "warning: src/ghost.c: the file cannot be read.*skipped" "$tmp/robust.err"
check "robust JSON is valid UTF-8" python3 - "$tmp/robust.json" <<'EOF'
import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8", "strict"))
tus = {t["file"]: t for t in d["translation_units"]}
assert tus["src/ghost.c"]["parsed"] is False, tus
assert tus["src/broken.c"]["errors"] >= 2, tus
assert any("nothere.h" in x for x in tus["src/broken.c"]["diagnostics"]), tus
assert d["source"]["name"] == "proj\ufffd", d["source"]
assert any(s["sql"] == "SELECT \ufffd FROM t" for s in d["sql_sites"]), d["sql_sites"]
# The 0xFF byte of src/b\xff.c is U+FFFD wherever the path appears.
bad = "src/b\ufffd.c"
assert tus[bad]["parsed"] is True and tus[bad]["errors"] == 0, tus
assert bad in [f["path"] for f in d["files"]], d["files"]
fn = [f for f in d["functions"] if f["name"] == "bad_name"]
assert len(fn) == 1 and fn[0]["file"] == bad, fn
site = [s for s in d["sql_sites"] if s["sql"] == "DELETE FROM u"]
assert len(site) == 1 and site[0]["file"] == bad, site
EOF
check "analyze shows diagnostics in the report" sh -c '"$0" analyze "$1" -o "$2/robust-out" -q > /dev/null 2>&1 && grep -q "nothere.h" "$2/robust-out/report.html" && grep -q "ghost.c" "$2/robust-out/report.html"' \
  "$seam" "$p" "$tmp"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
