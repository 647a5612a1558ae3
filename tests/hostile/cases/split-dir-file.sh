# OUT/split a regular file: refused with one line, the file unchanged.
seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o model -q --no-cache --no-git
mkdir out
echo precious >out/split
expect 1 "seam: split plan: 'out/split' is not a directory" seam plan model/model.json -o out
test "$(wc -l <stderr)" -eq 1
test "$(cat out/split)" = precious
