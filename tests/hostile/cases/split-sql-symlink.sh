# A symlink where seam writes a numbered split file, or a stale numbered one: refused with one
# line, its target unchanged.
seam analyze "$SHOP_SRC" -p "$SHOP_BUILD" --db "$SHOP_DB" -o model -q --no-cache --no-git
first=$(cd model/split && ls | grep -m 1 '^[0-9][0-9][0-9]-.*\.sql$')
test -n "$first"
mkdir -p out/split
echo precious >victim.sql
ln -s ../../victim.sql "out/split/$first"
expect 1 "seam: split plan: 'out/split/$first' is not a regular file: seam does not replace it" seam plan model/model.json -o out
test "$(wc -l <stderr)" -eq 1
test -L "out/split/$first"
test "$(cat victim.sql)" = precious
# a numbered symlink no step writes is neither followed nor removed, and stops the run:
# applying split/ in order would run it
rm "out/split/$first"
ln -s ../../victim.sql out/split/000-stale.sql
expect 1 "seam: split plan: 'out/split/000-stale.sql' is not a regular file: seam does not remove it*" seam plan model/model.json -o out
test "$(wc -l <stderr)" -eq 1
test -L out/split/000-stale.sql
test "$(cat victim.sql)" = precious
