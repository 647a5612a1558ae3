# --schema-sql FIFO with no writer: refused at once (opening it would wait forever).
mkfifo ddl.sql
expect 1 "seam: cannot read DDL file 'ddl.sql': it is a FIFO, not a regular file" seam inspect-db --schema-sql ddl.sql
