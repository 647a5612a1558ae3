# Valid C nested deeper than libclang's parse stack: each such file is one parse error, the run goes on.
tiny_project proj
python3 - "$PWD/proj" <<'PY'
import json, os, sys
d = sys.argv[1]
files = {
    "sum.c": "int sum(void) { return " + "+".join(["1"] * 50000) + "; }\n",
    "elif.c": "int f(int x) {\n" + "".join(f"{'else ' if i else ''}if (x == {i}) return {i};\n" for i in range(10000)) + "return -1; }\n",
    "ternary.c": "int t(int x) { return " + "".join(f"x == {i} ? {i} : " for i in range(20000)) + "0; }\n",
    "comma.c": "int c(int x) { return (" + ",".join(["x"] * 50000) + "); }\n",
    "assign.c": "int a(void) { int x; x = " + "x = " * 50000 + "1; return x; }\n",
}
for name, text in files.items():
    open(os.path.join(d, name), "w").write(text)
entries = [{"directory": d, "file": f, "arguments": ["cc", "-c", f]} for f in ["main.c"] + sorted(files)]
json.dump(entries, open(os.path.join(d, "compile_commands.json"), "w"))
PY
expect 0 '*' seam analyze proj -o out -q --no-cache --no-git
grep -q '"answer"' out/model.json
test -s out/report.html
