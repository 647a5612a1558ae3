#!/usr/bin/env python3
"""check_gen.py - ctest bench_gen_monolith_small: gen-monolith on a tiny monolith.

Generates 30 files in 3 domains with a 25-commit history and checks that:
every file compiles warning-free (cc -fsyntax-only -Werror with its compile
command); the truth lists every source file and every table exactly once; the
schema loads into sqlite3 with consistent foreign keys; the same seed gives
the same bytes (and commit ids) while another seed does not; the repository
is clean and has the asked history; `seam analyze` with --db finds SQL sites,
through the planted domain wrappers, resolved to tables of the schema.
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

FILES, DOMAINS, COMMITS = 30, 3, 25
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def generate(gen, out, seed):
    r = run([gen, "-n", str(FILES), "-d", str(DOMAINS), "--seed", str(seed),
             "--git", str(COMMITS), "-o", out])
    if r.returncode != 0:
        sys.exit("gen-monolith failed (%d): %s" % (r.returncode, r.stderr.strip()))


def tree(root):
    """relative path -> bytes, .git left out, the absolute root masked."""
    files = {}
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x != ".git"]
        for n in names:
            p = os.path.join(d, n)
            data = open(p, "rb").read().replace(os.path.realpath(root).encode(), b"<DIR>")
            files[os.path.relpath(p, root)] = data
    return files


def git(repo, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return run(["git", "-C", repo] + list(args), env=env).stdout


def check_compiles(root, cc):
    entries = json.load(open(os.path.join(root, "compile_commands.json")))
    c_files = sorted(p for p in tree(root) if p.endswith(".c"))
    check(sorted(e["file"] for e in entries) == c_files,
          "compile_commands.json has one entry per .c file")
    for e in entries:
        check(e["directory"] == os.path.realpath(root), "absolute directory in " + e["file"])
        args, out = [cc], e["arguments"][1:]
        skip = False
        for a in out:
            if skip:
                skip = False
            elif a == "-o":
                skip = True
            elif a != "-c":
                args.append(a)
        r = run(args + ["-fsyntax-only", "-Werror"], cwd=e["directory"])
        check(r.returncode == 0 and r.stderr == "",
              "%s compiles warning-free: %s" % (e["file"], r.stderr.strip()[:400]))


def check_truth(root, db_path, sqlite3_cli):
    truth = json.load(open(os.path.join(root, "expected-services.json")))["services"]
    sources = sorted(p for p in tree(root) if p.endswith((".c", ".h")))
    listed = sorted(f for s in truth for f in s["files"])
    check(listed == sources, "the truth lists every .c/.h exactly once")
    check(len(truth) == DOMAINS + 1, "one service per domain plus the shared library")
    kinds = sorted(s["kind"] for s in truth)
    check(kinds == ["service"] * DOMAINS + ["shared_library"], "service kinds: %s" % kinds)
    check([s["name"] for s in truth] == sorted(s["name"] for s in truth), "services sorted by name")

    r = run([sqlite3_cli, db_path], input=open(os.path.join(root, "schema.sql")).read())
    check(r.returncode == 0 and r.stderr == "", "schema.sql loads into sqlite3: " + r.stderr)
    con = sqlite3.connect(db_path)
    tables = sorted(t for (t,) in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table'"))
    owned = sorted(t for s in truth for t in s["tables"])
    check(owned == tables, "every table has exactly one owner in the truth")
    for t in tables:
        for fk in con.execute("SELECT \"table\", \"to\" FROM pragma_foreign_key_list(?)", (t,)):
            cols = [c[1] for c in con.execute("SELECT * FROM pragma_table_info(?)", (fk[0],))]
            check(fk[0] in tables and fk[1] in cols, "foreign key %s -> %s(%s)" % (t, fk[0], fk[1]))
    con.close()
    return truth, tables


def check_git(root):
    check(git(root, "status", "--porcelain") == "", "the work tree is clean after generation")
    commits = git(root, "rev-list", "HEAD").split()
    check(len(commits) == COMMITS, "%d commits in the history (got %d)" % (COMMITS, len(commits)))
    first = git(root, "show", "--name-only", "--format=", commits[-1]).split()
    check(len(first) == len(git(root, "ls-files").split()), "the first commit imports every file")
    sizes = [len(git(root, "show", "--name-only", "--format=", c).split()) for c in commits[:-1]]
    check(sizes and sorted(sizes)[len(sizes) // 2] <= 8, "most commits touch a few files: %s" % sizes)


def check_analyze(root, seam, db_path, truth, tables, work):
    out = os.path.join(work, "seam-out")
    r = run([seam, "analyze", root, "-p", root, "--db", db_path, "-o", out, "-q", "-j", "2"])
    check(r.returncode == 0, "seam analyze succeeds: " + r.stderr.strip()[:400])
    if r.returncode != 0:
        return
    model = json.load(open(os.path.join(out, "model.json")))
    sites = model.get("sql_sites", [])
    # Every SQL statement of the generated code starts a literal right after "(" or ", ";
    # the continuation pieces of a long one start their own line.
    planted = sum(len(re.findall(r'[(,] ?"(?:SELECT|INSERT|UPDATE|DELETE) ', data.decode()))
                  for p, data in tree(root).items() if p.endswith(".c"))
    check(planted > 0 and len(sites) == planted,
          "every planted SQL literal is a site: %d sites, %d planted" % (len(sites), planted))
    wrappers = {s["name"] + "_" + w for s in truth if s["kind"] == "service" for w in ("exec", "query")}
    vias = {s["via"] for s in sites}
    check(wrappers <= vias, "SQL found through every domain wrapper: missing %s" % (wrappers - vias))
    resolved = [s for s in sites if s["tables"]]
    check(len(resolved) >= 0.9 * len(sites), "%d of %d sites resolved" % (len(resolved), len(sites)))
    seen = {t["name"] for s in sites for t in s["tables"]}
    check(seen <= set(tables), "sites name only schema tables: %s" % (seen - set(tables)))


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--gen", "--seam", "--cc", "--sqlite3", "--work"):
        ap.add_argument(opt, required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    one, two, other = (os.path.join(a.work, n) for n in ("one", "two", "other"))
    generate(a.gen, one, 7)
    generate(a.gen, two, 7)
    generate(a.gen, other, 8)

    check(tree(one) == tree(two), "the same seed gives the same bytes")
    check(git(one, "rev-parse", "HEAD") == git(two, "rev-parse", "HEAD"),
          "the same seed gives the same commits")
    check(tree(one) != tree(other), "another seed gives another monolith")
    r = run([a.gen, "-n", "5", "-d", "3", "-o", os.path.join(a.work, "bad")])
    check(r.returncode == 2 and "too few files" in r.stderr, "too few files is a usage error")
    r = run([a.gen, "-n", str(FILES), "-d", str(DOMAINS), "-o", one])
    check(r.returncode == 1 and "not empty" in r.stderr, "a non-empty output directory is refused")

    check_compiles(one, a.cc)
    db_path = os.path.join(a.work, "one.db")
    truth, tables = check_truth(one, db_path, a.sqlite3)
    check_git(one)
    check_analyze(one, a.seam, db_path, truth, tables, a.work)

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("gen-monolith: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
