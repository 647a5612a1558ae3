# -o a directory for a file output: refused with one line.
mkdir here
expect 1 "seam: cannot write 'here': it is a directory" seam inspect-db "$SHOP_DB" -o here
test -d here
