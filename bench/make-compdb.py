#!/usr/bin/env python3
# bench/make-compdb.py - a compile_commands.json from `make -n`, without building.
#
# Runs `make -n -k -w` in a configured source tree (the current directory,
# or the one given) and turns each compiler call it prints into a compile
# database entry, written to compile_commands.json at the top of the tree.
# Meant for the development corpus (bench/corpus.sh's PREPARE step) on
# automake-style trees: recursive makes run even under -n, and -k goes on
# past the link steps whose libraries a dry run never builds, so every
# object of the configured build is listed with the flags that build
# would use (per-directory -I, per-target -D), and sources the
# configuration leaves out (other platforms' code) are not.
#
# A printed line is a compiler call when, after joining backslash
# continuations and cutting it into shell commands at ; && || | ( ),
# a command starts with the compiler (cc, gcc, clang, or $CC; after a
# libtool wrapper's --mode=compile options, the
# wrapper perhaps run by a shell), has -c and names one .c file. Backquoted text is dropped first: automake writes the
# source as `test -f 'x.c' || echo './'`x.c, which leaves x.c. Dependency
# output options (-MD -MF ...) are dropped, since a parser must not write
# .d files into the tree; the object (-o) becomes the entry's "output", as
# CMake and bear write it, since its name says which target the file builds
# (automake's libfoo_a-x.o, seam's build_target components). Entries are
# sorted and exact repeats dropped, so the same tree gives the same bytes.
#
# Usage: bench/make-compdb.py [DIR]
# Exit 0 when at least one compiler call was found, 1 otherwise.
import json
import os
import re
import shlex
import subprocess
import sys

top = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
cc_env = os.environ.get("CC", "")
compilers = {"cc", "gcc", "clang"} | ({os.path.basename(cc_env.split()[0])} if cc_env.strip() else set())

# -k: a dry run cannot produce the libraries the link steps ask for; the
# error is expected, so make's exit status is not checked.
run = subprocess.run(["make", "-n", "-k", "-w"], cwd=top, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True, errors="replace")
lines = run.stdout.splitlines()

# Join backslash-continued lines; track make's current directory.
logical, buf = [], ""
for l in lines:
    if l.endswith("\\"):
        buf += l[:-1] + " "
        continue
    logical.append(buf + l)
    buf = ""
if buf:
    logical.append(buf)

entering = re.compile(r"^make(?:\[\d+\])?: Entering directory '(.*)'$")
leaving = re.compile(r"^make(?:\[\d+\])?: Leaving directory '(.*)'$")
drop_with_arg = {"-MT", "-MF", "-MQ", "-o"}
drop_alone = {"-MD", "-MMD", "-MP", "-M", "-MM"}

stack, entries, seen = [top], [], set()
for l in logical:
    m = entering.match(l)
    if m:
        stack.append(m.group(1))
        continue
    m = leaving.match(l)
    if m:
        if len(stack) > 1:
            stack.pop()
        continue
    cwd = stack[-1]
    text = re.sub(r"`[^`]*`", "", l)
    try:
        lex = shlex.shlex(text, posix=True, punctuation_chars=";&|()")
        lex.whitespace_split = True
        toks = list(lex)
    except ValueError:
        continue  # unbalanced quotes: not a command we can read
    cmd = []
    for t in toks + [";"]:
        if t and set(t) <= set(";&|()"):
            # A libtool wrapper (libtool, jlibtool; `/bin/bash ../libtool`)
            # in compile mode: the compiler call follows its own options.
            if cmd and any("libtool" in os.path.basename(a) for a in cmd[:2]) and "--mode=compile" in cmd:
                cmd = next((cmd[i:] for i, a in enumerate(cmd) if os.path.basename(a) in compilers), [])
            if cmd and os.path.basename(cmd[0]) in compilers and "-c" in cmd:
                srcs = [a for a in cmd[1:] if a.endswith(".c") and not a.startswith("-")]
                if len(srcs) == 1:
                    args, skip, output = [cmd[0]], None, None
                    for a in cmd[1:]:
                        if skip:
                            if skip == "-o":
                                output = a
                            skip = None
                        elif a in drop_with_arg:
                            skip = a
                        elif a.startswith("-o") and len(a) > 2:
                            output = a[2:]
                        elif a not in drop_alone:
                            args.append(a)
                    f = os.path.normpath(os.path.join(cwd, srcs[0]))
                    key = (f, cwd, tuple(args), output)
                    if f.startswith(top + os.sep) and os.path.isfile(f) and key not in seen:
                        seen.add(key)
                        e = {"directory": cwd, "arguments": args, "file": f}
                        if output:
                            e["output"] = output
                        entries.append(e)
            cmd = []
        else:
            cmd.append(t)

entries.sort(key=lambda e: (e["file"], e["directory"], e["arguments"], e.get("output", "")))
if not entries:
    print("make-compdb.py: no compiler call in `make -n` output under %s" % top, file=sys.stderr)
    sys.exit(1)
with open(os.path.join(top, "compile_commands.json.part"), "w") as out:
    json.dump(entries, out, indent=1)
    out.write("\n")
os.replace(os.path.join(top, "compile_commands.json.part"), os.path.join(top, "compile_commands.json"))
print("make-compdb.py: %d entries (%d files) in %s/compile_commands.json" % (
    len(entries), len({e["file"] for e in entries}), top))
