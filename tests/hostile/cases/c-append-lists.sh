# A list built by many appends to one variable (objects = lappend(objects, x), over and
# over, the list's type a struct pointer and lappend returning its argument), and a text
# passed through a chain of formatters as long: every append's argument is any of the
# others through the variable, so a walk over their paths is exponential. The run ends in
# time, and the statement sent through the chain is still a site.
tiny_project proj
python3 - "$PWD/proj" <<'PY'
import json, os, sys
d = sys.argv[1]
head = ("typedef struct List List;\n"
        "List *lappend(List *l, int x);\n"
        "List *lappend(List *l, int x) { (void)x; return l; }\n"
        "typedef struct sqlite3 sqlite3;\n"
        "int sqlite3_exec(sqlite3 *, const char *, void *, void *, char **);\n"
        "const char *pass(const char *s) { return s; }\n")
appends = "".join(f"    objects = lappend(objects, {i});\n" for i in range(60))
chain = "".join(f"    q = pass(q);\n" for i in range(60))
body = ("List *build(List *objects) {\n" + appends + "    return objects;\n}\n"
        "void run(sqlite3 *db) {\n    const char *q = \"select * from listed\";\n" + chain +
        "    sqlite3_exec(db, q, 0, 0, 0);\n}\n")
open(os.path.join(d, "lists.c"), "w").write(head + body)
entries = [{"directory": d, "file": f, "arguments": ["cc", "-c", f]} for f in ["main.c", "lists.c"]]
json.dump(entries, open(os.path.join(d, "compile_commands.json"), "w"))
PY
expect 0 '*' seam scan proj -o code.json -q --no-cache
grep -q '"listed"' code.json
