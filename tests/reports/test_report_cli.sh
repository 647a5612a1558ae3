#!/usr/bin/env bash
# test_report_cli.sh - `seam report`: exit codes, one-line errors, the page
# and services.dot written beside it, symlinks and special paths handled as
# seam_file_write says (util/file.h).
#
# Usage: test_report_cli.sh SEAM REPORT_SAMPLE
set -euo pipefail
seam=$1
sample=$2
. "$(dirname "$0")/check.sh" report-cli
status() { set +e; "$@" >"$work/out" 2>"$work/err"; echo $?; set -e; }

"$sample" "$work"   # model.json, report.html and services.dot of the hostile sample
check "--help exits 0 and names the command" bash -c "'$seam' report --help | grep -q '^Usage: seam report MODEL.json'"
check "no model: usage error, exit 2" test "$(status "$seam" report)" = 2
check "unknown option: exit 2" test "$(status "$seam" report --bogus "$work/model.json")" = 2
check "two models: exit 2" test "$(status "$seam" report "$work/model.json" "$work/model.json")" = 2
check "missing model: exit 1" test "$(status "$seam" report "$work/none.json")" = 1
check "missing model: one line on stderr" test "$(wc -l <"$work/err")" = 1

mkdir "$work/a"
check "renders: exit 0" test "$(status "$seam" report "$work/model.json" -o "$work/a/page.html")" = 0
check "the page is the one report_write_html wrote" cmp -s "$work/report.html" "$work/a/page.html"
check "services.dot beside it, the same as report_write_dot's" cmp -s "$work/services.dot" "$work/a/services.dot"
cp "$work/model.json" "$work/a/model.json"
check "default: report.html beside the model" test "$(status "$seam" report "$work/a/model.json")" = 0
check "default output written" cmp -s "$work/report.html" "$work/a/report.html"

# A symbolic link at the output is followed and stays a link (seam_file_write);
# a dangling one and a directory are refused.
echo old >"$work/target.html"
ln -s "$work/target.html" "$work/link.html"
check "a symlink as -o: exit 0" test "$(status "$seam" report "$work/model.json" -o "$work/link.html")" = 0
check "the page written to the link's target" cmp -s "$work/report.html" "$work/target.html"
check "the symlink still a symlink" test -L "$work/link.html"
ln -s "$work/nowhere.html" "$work/dangling.html"
check "a dangling symlink as -o: exit 1" test "$(status "$seam" report "$work/model.json" -o "$work/dangling.html")" = 1
check "the dangling symlink left dangling" bash -c "test -L '$work/dangling.html' && ! test -e '$work/nowhere.html'"
mkdir "$work/dir.html"
check "a directory as -o: exit 1, one line" bash -c "test \"\$(set +e; '$seam' report '$work/model.json' -o '$work/dir.html' 2>&1 >/dev/null | wc -l)\" = 1 && test -d '$work/dir.html'"
# '-' is standard output: the page there, no services.dot anywhere.
mkdir "$work/b"
check "-o -: the page on standard output" bash -c "cd '$work/b' && '$seam' report '$work/model.json' -o - | cmp -s - '$work/report.html' && ! test -e services.dot"
exit "$fail"
