# -o /dev/null: written to as a device, never replaced by a regular file (as root a rename would).
expect 0 'seam: * tables, * foreign keys, * views, * indexes -> /dev/null' seam inspect-db "$SHOP_DB" -o /dev/null
test -c /dev/null
