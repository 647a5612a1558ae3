# A symlink where the cache goes: refused, and the file it names is not written.
tiny_project proj
mkdir out
echo precious >victim
ln -s ../victim out/seam-cache.sqlite
expect 1 "seam: cannot use cache 'out/seam-cache.sqlite': it is a symbolic link*" seam analyze proj -o out --no-git
test "$(cat victim)" = precious
test -L out/seam-cache.sqlite
