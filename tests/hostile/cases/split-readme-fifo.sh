# A FIFO at OUT/split/README.md: one line at once (never opened), the FIFO stays.
seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o model -q --no-cache --no-git
mkdir -p out/split
mkfifo out/split/README.md
expect 1 "seam: split plan: 'out/split/README.md' is not a regular file: seam does not replace it" seam plan model/model.json -o out
test "$(wc -l <stderr)" -eq 1
test -p out/split/README.md
