# A symlink to nothing as -o: refused, and nothing is created where it points.
ln -s elsewhere/x.json link.json
mkdir elsewhere
expect 1 "seam: cannot write 'link.json': it is a symbolic link to nothing*" seam inspect-db "$SHOP_DB" -o link.json
test -L link.json
test ! -e elsewhere/x.json
