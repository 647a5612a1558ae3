# A FIFO where seam writes a numbered split file (seam analyze): one line at once, not a hang.
mkdir -p out/split
seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o model -q --no-cache --no-git
first=$(cd model/split && ls | grep -m 1 '^[0-9][0-9][0-9]-.*\.sql$')
test -n "$first"
mkfifo "out/split/$first"
expect 1 "seam: split plan: 'out/split/$first' is not a regular file: seam does not replace it" seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o out -q --no-cache --no-git
test "$(wc -l <stderr)" -eq 1
test -p "out/split/$first"
