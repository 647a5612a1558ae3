# A DDL file whose syntax error quotes text over several lines (an unclosed string): still one line of error.
printf "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (n TEXT DEFAULT 'open\n  quote, INTEGER);\n" >bad.sql
expect 1 "seam: bad.sql:*" seam inspect-db --schema-sql bad.sql --dialect sqlite
test "$(wc -l <stderr)" -eq 1
