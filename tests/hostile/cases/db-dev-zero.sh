# --db /dev/zero: refused, not read as an empty (or endless) database.
expect 1 "seam: *'/dev/zero'*character device*" seam inspect-db /dev/zero
