# Service, table and key names from a hostile model.json, re-planned with seam plan: every
# file stays inside OUT/split, the SQL quotes each name (a quote, a semicolon, a dollar-quote
# tag, a newline end nothing), the README and SQL comments keep each name on its line, and a
# name of 10,000 bytes gives a short file name. Then a model whose service has no name is a
# one-line error.
python3 - <<'PY'
import json
evil = 'x"; DROP TABLE t; --\n$seam$ \'; ../../../escape'
long = "s" * 10000
model = {
    "files": [{"path": "a.c"}, {"path": "b.c"}],
    "functions": [{"id": "c:@F@fa", "name": "fa", "file": "a.c", "line": 1},
                  {"id": "c:@F@fb", "name": "fb", "file": "b.c", "line": 1}],
    "calls": [{"caller": "c:@F@fa", "callee": "c:@F@fb", "count": 1, "line": 3}],
    "sql_sites": [{"function": "c:@F@fa", "file": "a.c", "line": 2, "sql": "select",
                   "tables": [{"name": evil, "access": "write"},
                              {"name": "t2", "access": "write"}]}],
    "schema": {"dialect": "postgresql",
               "tables": [{"name": "t2"}, {"name": evil}],
               "foreign_keys": [{"name": evil, "from_table": evil, "from_columns": ["a"],
                                 "to_table": "t2", "to_columns": ["b"]}]},
    "services": [{"name": evil, "kind": "service", "files": ["a.c"], "tables": [evil]},
                 {"name": long, "kind": "service", "files": ["b.c"], "tables": ["t2"]}],
}
json.dump(model, open("model.json", "w"))
model["services"][0]["name"] = None
json.dump(model, open("nameless.json", "w"))
PY
expect 0 '' seam plan model.json -o out
test -s out/split/README.md
# nothing outside out/ (the working directory holds only what the case made)
test "$(ls | sort | tr '\n' ' ')" = "model.json nameless.json out stderr stdout "
test "$(ls out | sort | tr '\n' ' ')" = "model.json split "
# file names: short, no path separators beyond split/
for f in out/split/*; do test "${#f}" -lt 120; done
# the key's drop and the schemas quote the name: the doubled quote, never a bare one
grep -q 'DROP CONSTRAINT "x""; DROP TABLE t; --' out/split/*drop_foreign_key.sql
absent '^DROP TABLE t' out/split/*.sql
# the header comment keeps each name on its line: the name's newline became a space, so
# line 2 is still the header's and no README line starts inside a name
for f in out/split/*.sql; do
  sed -n 1p "$f" | grep -q '^-- seam split plan, step '
  sed -n 2p "$f" | grep -q '^-- One transaction\.'
done
absent '^\$seam\$' out/split/README.md
no_control out/split/README.md
expect 1 'seam: planner: service 0 has no name' seam plan nameless.json -o out2
