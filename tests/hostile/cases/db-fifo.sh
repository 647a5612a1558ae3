# --db naming a FIFO: refused at once, not opened (SQLite would wait on it forever).
mkfifo db.sqlite
expect 1 "seam: *db.sqlite*FIFO*" seam inspect-db db.sqlite
test -p db.sqlite
