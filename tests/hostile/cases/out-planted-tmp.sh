# A symlink planted at OUT/model.json.tmp (the name an older writer used) is never followed.
tiny_project proj
mkdir out
echo precious >victim
ln -s ../victim out/model.json.tmp
ln -s ../victim out/report.html.tmp
expect 0 '' seam analyze proj -o out -q --no-cache --no-git
test "$(cat victim)" = precious
test -L out/model.json.tmp
grep -q '"files"' out/model.json
