#!/usr/bin/env bash
# run.sh SEAM CASE SOURCE_DIR BINARY_DIR - runs one hostile-input case.
#
# A case (cases/NAME.sh) is a bash script that sets up an attack in its own
# empty directory (the working directory) and runs seam on it with
#
#   expect CODE 'FIRST-LINE' seam ARGS...
#
# which runs the command under a time limit (SEAM_CASE_SECONDS, default 30;
# standard input is /dev/null), then requires exit status CODE (or one of
# several: '0|1') and a first
# line of standard error matching the glob FIRST-LINE ('' when none is
# wanted, '*' for any). A hang or a crash fails the case by itself. What
# follows are plain shell checks (test, cmp, grep ...): the first one that
# fails fails the case. Each case says in its first comment what it attacks.
#
# Helpers: $SHOP_SRC and $SHOP_BUILD (the fixture and its compile database),
# $SHOP_DB (its SQLite database); tiny_project DIR makes a one-file C project
# with a compile_commands.json; no_control FILE checks that FILE holds no
# control character but newline and tab (nothing that drives a terminal);
# absent GREP-ARGS... fails the case when grep finds them. (A check written
# `! grep ...` would never fail one: bash runs no ERR trap for a negated
# command.)
set -u
seam_bin=$1 case_file=$2 src_dir=$3 bin_dir=$4
limit=${SEAM_CASE_SECONDS:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/seam-hostile.XXXXXX")
cleanup() {
  # A case may leave read-only or odd files; the directory goes whatever they are.
  chmod -R u+rwX "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

export SHOP_SRC=$src_dir/fixtures/shop
export SHOP_BUILD=$bin_dir/fixtures/shop
export SHOP_DB=$bin_dir/fixtures/shop/shop.db
export SEAM=$seam_bin

seam() { "$SEAM" "$@"; }

expect() {
  local want=$1 first=$2 got line
  shift 2
  if [ "$1" = seam ]; then shift; set -- "$SEAM" "$@"; fi
  # In an if, a failing command is an answer to check, not a failed case.
  if timeout -s KILL "$limit" "$@" </dev/null >stdout 2>stderr; then got=0; else got=$?; fi
  line=$(head -n 1 stderr)
  if [ "$got" -eq 137 ]; then
    echo "FAIL: no answer within $limit s: $*"; exit 1
  fi
  if [ "$got" -gt 128 ]; then
    echo "FAIL: killed by signal $((got - 128)): $*"; head -n 20 stderr; exit 1
  fi
  if [[ "|$want|" != *"|$got|"* ]]; then
    echo "FAIL: exit $got, want $want: $*"; head -n 20 stderr; exit 1
  fi
  # shellcheck disable=SC2053
  if [ -z "$first" ] && [ -n "$line" ] || [ -n "$first" ] && [[ $line != $first ]]; then
    echo "FAIL: first line of stderr: '$line', want '$first'"; exit 1
  fi
  echo "ok: exit $got: ${line:-(nothing on stderr)}"
}

tiny_project() {
  mkdir -p "$1"
  local dir; dir=$(cd "$1" && pwd)
  printf 'int answer(void) { return 42; }\n' >"$dir/main.c"
  printf '[{"directory": "%s", "file": "main.c", "arguments": ["cc", "-c", "main.c"]}]\n' \
    "$dir" >"$dir/compile_commands.json"
}

absent() {
  if grep -q "$@"; then
    echo "FAIL: found: grep $*"; exit 1
  fi
}

no_control() {
  ! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$1"
}

cd "$work" || exit 1
trap 'echo "FAIL: $case_file:$LINENO: $BASH_COMMAND"; exit 1' ERR
set -E
# shellcheck disable=SC1090
. "$case_file"
echo "passed: $(basename "$case_file")"
