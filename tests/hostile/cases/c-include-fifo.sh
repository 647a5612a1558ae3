# A header that is a FIFO nobody writes: that TU times out as one parse error, the run finishes.
tiny_project proj
mkfifo proj/stuck.h
printf '#include "stuck.h"\nint other(void) { return 1; }\n' >proj/other.c
python3 - "$PWD/proj" <<'PY'
import json, sys
d = sys.argv[1]
json.dump([{"directory": d, "file": f, "arguments": ["cc", "-c", f]} for f in ["main.c", "other.c"]],
          open(d + "/compile_commands.json", "w"))
PY
expect 0 '*' seam analyze proj -o out -q --no-cache --no-git --tu-timeout 3
grep -q '"answer"' out/model.json
grep -q 'other.c' out/model.json
