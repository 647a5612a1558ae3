# A symlink given as -o: what it names is replaced, the link stays a link.
mkdir real
echo old >real/schema.json
ln -s real/schema.json link.json
expect 0 'seam: * tables, *' seam inspect-db "$SHOP_DB" -o link.json
test -L link.json
grep -q '"tables"' real/schema.json
