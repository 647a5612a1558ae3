# OUT/split a FIFO: refused with one line at once (never opened), the FIFO stays.
seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o model -q --no-cache --no-git
mkdir out
mkfifo out/split
expect 1 "seam: split plan: 'out/split' is not a directory" seam plan model/model.json -o out
test "$(wc -l <stderr)" -eq 1
test -p out/split
