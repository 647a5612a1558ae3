#!/usr/bin/env python3
# bench/recovery/compdb-add.py - adds generated sources to a compile database.
#
# A build that generates .c files and deletes them after compiling (bash's
# builtins, written from .def files by mkbuiltins) leaves them out of a
# database recorded by bear, which drops entries whose file is gone. Once
# the files are written again, this adds one entry for each file matching
# GLOB (relative to the tree) that the database lacks, with the arguments of
# LIKE (a file of the same directory the database has), the source name
# replaced.
#
# Usage: bench/recovery/compdb-add.py TREE LIKE GLOB
#   e.g. compdb-add.py . builtins/common.c 'builtins/*.c'
# Exit 0 on success, 1 when the database or LIKE's entry is missing.
import glob
import json
import os
import sys

if len(sys.argv) != 4 or sys.argv[1] in ("-h", "--help"):
    print("usage: bench/recovery/compdb-add.py TREE LIKE GLOB", file=sys.stderr)
    sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 1)
tree = os.path.realpath(sys.argv[1])
db = os.path.join(tree, "compile_commands.json")
try:
    with open(db) as f:
        entries = json.load(f)
except (OSError, ValueError) as e:
    sys.exit("compdb-add.py: cannot read %s: %s" % (db, e))


def path(e):
    return os.path.realpath(os.path.join(e.get("directory", tree), e["file"]))


like = os.path.realpath(os.path.join(tree, sys.argv[2]))
model = next((e for e in entries if path(e) == like), None)
if model is None or "arguments" not in model:
    sys.exit("compdb-add.py: %s has no entry with arguments for %s" % (db, sys.argv[2]))
have = {path(e) for e in entries}
added = 0
for f in sorted(glob.glob(os.path.join(tree, sys.argv[3]))):
    f = os.path.realpath(f)
    if f in have:
        continue
    rel = os.path.relpath(f, model["directory"])
    args = [rel if a == os.path.relpath(like, model["directory"]) or os.path.realpath(
        os.path.join(model["directory"], a)) == like else a for a in model["arguments"]]
    entries.append({"arguments": args, "directory": model["directory"], "file": f})
    added += 1
with open(db + ".part", "w") as out:
    json.dump(entries, out, indent=1)
    out.write("\n")
os.replace(db + ".part", db)
print("compdb-add.py: %d entries added to %s" % (added, db))
