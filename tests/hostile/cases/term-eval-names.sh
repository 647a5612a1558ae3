# Service and file names from a hostile model, printed by eval's moves, cannot drive the terminal.
python3 - <<'PY'
import json
evil = "pay\x1b]0;pwned\x07\x1b[2J\nseam: error: forged"
json.dump({"services": [{"name": "a", "kind": "service", "files": ["x.c", "y.c"]}]},
          open("truth.json", "w"))
json.dump({"services": [{"name": evil, "kind": "service", "files": ["x.c"]},
                        {"name": "b", "kind": "service", "files": ["y\x9b2J.c"]}]},
          open("model.json", "w"))
PY
expect 0 '' seam eval --truth truth.json model.json
grep -q 'pay' stdout
no_control stdout
absent '^seam: error: forged' stdout
