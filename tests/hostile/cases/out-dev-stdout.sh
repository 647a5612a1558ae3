# -o /dev/stdout: the schema goes to standard output; /dev/stdout stays a symlink.
expect 0 'seam: * tables, *' seam inspect-db "$SHOP_DB" -o /dev/stdout
test -L /dev/stdout
grep -q '"tables"' stdout
