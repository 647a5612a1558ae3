# --db an empty file: not a database (SQLite would call it an empty one).
: >empty.db
expect 1 "seam: *empty.db*empty*" seam inspect-db empty.db
test ! -s empty.db
