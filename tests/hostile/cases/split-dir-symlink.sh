# OUT/split a symlink to a directory: refused with one line, nothing written through it.
mkdir out victim
echo precious >victim/keep.sql
ln -s ../victim out/split
expect 1 "seam: split plan: 'out/split' is not a directory" seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o out -q --no-cache --no-git
test "$(wc -l <stderr)" -eq 1
test -L out/split
test "$(ls victim)" = keep.sql
test "$(cat victim/keep.sql)" = precious
# seam plan the same
expect 1 "seam: split plan: 'out/split' is not a directory" seam plan out/model.json -o out
test -L out/split
test "$(ls victim)" = keep.sql
