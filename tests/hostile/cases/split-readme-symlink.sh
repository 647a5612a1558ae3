# A symlink at OUT/split/README.md: refused with one line, its target unchanged.
seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o model -q --no-cache --no-git
mkdir -p out/split
echo precious >victim.md
ln -s ../../victim.md out/split/README.md
expect 1 "seam: split plan: 'out/split/README.md' is not a regular file: seam does not replace it" seam plan model/model.json -o out
test "$(wc -l <stderr)" -eq 1
test -L out/split/README.md
test "$(cat victim.md)" = precious
