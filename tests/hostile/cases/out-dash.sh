# -o -: standard output, as other tools read it; no file named "-" appears.
expect 0 'seam: * tables, *' seam inspect-db "$SHOP_DB" -o -
grep -q '"tables"' stdout
test ! -e ./-
