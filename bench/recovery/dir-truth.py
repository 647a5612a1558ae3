#!/usr/bin/env python3
# bench/recovery/dir-truth.py - a reference decomposition from a directory
# layout: every .c file that a tree's compile_commands.json compiles under
# SRC/SUBDIR goes to the group of its first directory below SUBDIR
# (src/backend/access/heap/heapam.c -> "access"); files directly in SUBDIR
# form the group ".". Paths in the output are relative to SRC/SUBDIR, as
# bench/recovery.sh --src SRC/SUBDIR compares them. Writes seam's truth shape
# ({"services": [{"name", "kind", "files"}]}) to standard output.
#
# Usage: bench/recovery/dir-truth.py SRC SUBDIR
# Exit 0 on success, 1 when the compile database is missing or lists nothing there.
import json
import os
import sys

if len(sys.argv) != 3 or sys.argv[1] in ("-h", "--help"):
    print("usage: bench/recovery/dir-truth.py SRC SUBDIR", file=sys.stderr)
    sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 1)
src = os.path.realpath(sys.argv[1])
top = os.path.join(src, sys.argv[2])
try:
    with open(os.path.join(src, "compile_commands.json")) as f:
        entries = json.load(f)
except (OSError, ValueError) as e:
    sys.exit("dir-truth.py: cannot read %s/compile_commands.json: %s" % (src, e))
groups = {}
for e in entries:
    path = os.path.realpath(os.path.join(e.get("directory", src), e["file"]))
    rel = os.path.relpath(path, top)
    if rel.startswith("..") or not rel.endswith(".c"):
        continue
    groups.setdefault(rel.split("/")[0] if "/" in rel else ".", set()).add(rel)
if not groups:
    sys.exit("dir-truth.py: no compiled .c file under %s" % top)
json.dump({"services": [{"name": g, "kind": "service", "files": sorted(fs)}
                        for g, fs in sorted(groups.items())]}, sys.stdout, indent=1)
print()
