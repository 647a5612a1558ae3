# A compile database entry whose file name carries terminal escapes: the warning naming it is escaped.
tiny_project proj
name=$(printf 'gone\033]0;pwned\007\033[2J\nseam: error: forged.c')
python3 - "$PWD/proj" "$name" <<'PY'
import json, sys
d, name = sys.argv[1], sys.argv[2]
json.dump([{"directory": d, "file": "main.c", "arguments": ["cc", "-c", "main.c"]},
           {"directory": d, "file": name, "arguments": ["cc", "-c", name]}],
          open(d + "/compile_commands.json", "w"))
PY
expect 0 '*' seam analyze proj -o out -q --no-cache --no-git
grep -q 'gone' stderr
no_control stderr
absent '^seam: error: forged' stderr
