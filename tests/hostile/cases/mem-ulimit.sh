# Under a 400 MB address-space limit: a result or one line, never a libclang abort (not under ASan, which needs more to start).
if ldd "$SEAM" | grep -q libasan; then echo "skipped: ASan reserves more address space than the limit"; exit 77; fi
expect '0|1' '*' bash -c 'ulimit -v 400000; exec "$0" analyze "$1" -p "$2" -o out -q --no-cache --no-git' "$SEAM" "$SHOP_SRC" "$SHOP_BUILD"
test "$(wc -l <stderr)" -le 2
absent 'FATAL' stderr
