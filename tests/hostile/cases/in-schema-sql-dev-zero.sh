# --schema-sql /dev/zero: refused before a byte is read (it never ends).
expect 1 "seam: cannot read DDL file '/dev/zero': it is a character device, not a regular file" seam inspect-db --schema-sql /dev/zero
