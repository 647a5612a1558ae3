# check.sh - sourced by the report's shell tests: a work directory removed on
# exit ($work, named after $1) and check, which runs a command and records a
# failure in $fail without stopping the test.
work=$(mktemp -d "${TMPDIR:-/tmp}/seam-$1.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
