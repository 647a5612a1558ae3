# SQL built in buffers, hostile in size: thousands of branches doubling each buffer's variants,
# appends growing one text without end, more buffers than the walk follows, blocks nested 200
# deep, an else-if chain 8000 deep (past the walk's nesting bound), a format filled from a table
# of ten thousand names, a literal of 3000 marks each standing for a 100 kB global, 100 loops
# writing a 1024-name array from a 15 kB format. The run ends in time, the statements that reach
# the database are still sites, and no text outgrows its bounds.
tiny_project proj
python3 - "$PWD/proj" <<'PY'
import json, os, sys
d = sys.argv[1]
head = ("#include <stdio.h>\n#include <string.h>\n"
        "typedef struct sqlite3 sqlite3;\n"
        "int sqlite3_exec(sqlite3 *, const char *, void *, void *, char **);\n"
        "void app(char **buf, const char *fmt, ...);\n")
branches = "".join(f"    if (x == {i}) app(&q, \" and c{i} = {i}\"); else app(&q, \" or c{i} = 0\");\n"
                   for i in range(3000))
grow = "".join(f"    app(&g, \" and g{i} = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\");\n" for i in range(4000))
many = "".join(f"    char *b{i} = NULL; app(&b{i}, \"select {i} from t{i}\"); sqlite3_exec(db, b{i}, 0, 0, 0);\n"
               for i in range(1200))
nest = "    " + "{ " * 200 + "app(&n, \"select 1 from nested\");" + " }" * 200 + "\n"
elif_ = "".join(f"    {'else ' if i else ''}if (x == {i}) app(&e, \" and e{i} = 1\");\n" for i in range(8000))
names = "static const char *names[] = {" + ",".join(f"\"n{i}\"" for i in range(10000)) + "};\n"
big = "const char *big = \"select " + "x" * 100000 + "\";\n"
marks = ("void mk(sqlite3 *db) {\n    sqlite3_exec(db, \"" + "%{g:c:@big}" * 3000 + "\", 0, 0, 0);\n}\n")
raw = "static const char *raw[1024] = {" + ",".join(f"\"r{i}\"" for i in range(1024)) + "};\nchar names2[1024][64];\n"
fmt = "static const char *f = \"select " + "y" * 15000 + " %s\";\n"
loops = "".join(f"    for (int i = 0; i < 1024; i++) sprintf(names2[i], f, raw[i]);\n" for _ in range(100))
files = {
    "branches.c": head + "void f(sqlite3 *db, int x) {\n    char *q = NULL;\n"
                  "    app(&q, \"select * from wide where 1=1\");\n" + branches +
                  "    sqlite3_exec(db, q, 0, 0, 0);\n}\n",
    "grow.c": head + "void g(sqlite3 *db) {\n    char *g = NULL;\n    app(&g, \"select * from long_t where 1=1\");\n"
              + grow + "    sqlite3_exec(db, g, 0, 0, 0);\n}\n",
    "many.c": head + "void m(sqlite3 *db) {\n" + many + "}\n",
    "nest.c": head + "void n_(sqlite3 *db) {\n    char *n = NULL;\n" + nest + "    sqlite3_exec(db, n, 0, 0, 0);\n}\n",
    "elif.c": head + "void e_(sqlite3 *db, int x) {\n    char *e = NULL;\n    app(&e, \"select * from chain\");\n"
              + elif_ + "    sqlite3_exec(db, e, 0, 0, 0);\n}\n",
    "big.c": head + big,
    "marks.c": head + marks,
    "elems.c": head + raw + fmt + "void fill(void) {\n" + loops + "}\n",
    "names.c": head + names + "void t(sqlite3 *db, int i) {\n    char q[64];\n"
               "    snprintf(q, sizeof q, \"select * from %s\", names[i]);\n    sqlite3_exec(db, q, 0, 0, 0);\n}\n",
}
for name, text in files.items():
    open(os.path.join(d, name), "w").write(text)
entries = [{"directory": d, "file": f, "arguments": ["cc", "-c", f]} for f in ["main.c"] + sorted(files)]
json.dump(entries, open(os.path.join(d, "compile_commands.json"), "w"))
PY
expect 0 '*' seam scan proj -o code.json -q --no-cache
python3 - code.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
sites = m["sql_sites"]
def site_in(fn):
    return [s for s in sites if s.get("function") and fn in s["function"] and s.get("via") == "sqlite3_exec"]
for fn in ("@F@f", "@F@g", "@F@n_", "@F@t"):
    assert len(site_in(fn)) == 1, (fn, len(site_in(fn)))
assert len(site_in("@F@m")) >= 1000, len(site_in("@F@m"))
# bounds: a site's text holds at most 64 variants of at most 16 KiB each, and values put in
# for marks stop at 1 MiB
assert all(len(s["sql"]) <= max(64 * (16384 + 2), 3000 * 11 + (1 << 20) + 200000)
           for s in sites), max(len(s["sql"]) for s in sites)
PY
