# #include "/dev/stdin" in the analyzed code, with a standard input that never ends: the run does not wait on it.
tiny_project proj
printf '#include "/dev/stdin"\nint other(void) { return 1; }\n' >proj/other.c
python3 - "$PWD/proj" <<'PY'
import json, sys
d = sys.argv[1]
json.dump([{"directory": d, "file": f, "arguments": ["cc", "-c", f]} for f in ["main.c", "other.c"]],
          open(d + "/compile_commands.json", "w"))
PY
expect 0 '*' bash -c 'exec "$0" analyze proj -o out -q --no-cache --no-git < <(sleep 40)' "$SEAM"
grep -q '"answer"' out/model.json
