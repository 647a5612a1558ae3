#!/usr/bin/env python3
"""split_check.py - what the split-plan tests read from a model.json and its split/.

Used by test_split_pg.sh, test_split_sqlite.sh and test_plan_cli.sh; each
subcommand prints what it finds and exits 1 (with a FAIL line per problem)
when a check fails.

  files MODEL SPLIT      step ids unique, each depends_on an earlier step's id;
                         split/ holds exactly one file per step with SQL, named
                         NNN-<stage>-<service>-<kind>.sql with NNN its step's
                         order (steps numbered 1..n, stages non-decreasing), each
                         one transaction (first statement BEGIN, last COMMIT),
                         and README.md, which names each file
  fks MODEL              one drop_foreign_key step per foreign key between two
                         services' tables, none for the others
  notes MODEL WORD       every step without SQL has a sql_note; those of
                         stage 1 and of drop_foreign_key steps name WORD
  stage-files SPLIT N    the numbered files of stage N (schema 1, ties 2,
                         database 3), in order, one path a line
  schemas MODEL          "service schema table" lines: the schema stage 1 moves
                         each owned table to (from the create_schema steps)
  extract MODEL          the extract_database steps' commands (see cmd_extract)
  roles MODEL            the roles the create_schema steps make, one a line
  service-tables MODEL   "service table" lines: who owns each table
  statements MODEL       the distinct SQL statements of the code, one JSON string
                         a line, placeholders bound (see bind)
  explain-script         reads statements (JSON lines) on stdin, writes a psql
                         script that EXPLAINs each and echoes "OK i" / "FAIL i"
  owner-step MODEL TABLE the service named by the step that gives TABLE an
                         owner (move_table, or own_tables for SQLite)
"""
import json
import os
import re
import shlex
import sys

STAGES = {1: "schema", 2: "ties", 3: "database"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def steps(model):
    return model["split_plan"]["steps"]


def owners(model):
    """table -> owning service: the first service (model order) listing it; shared
    libraries own nothing (planner.c: ctx_init)."""
    own = {}
    for sv in model["services"]:
        if sv.get("kind", "service") != "service":
            continue
        for t in sv.get("tables", []):
            own.setdefault(t.lower(), sv["name"])
    return own


def file_part(text):
    """split_files.c file_part: letters, digits, '_' and '-' kept, the rest '_'."""
    text = text or "none"
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def file_name(st):
    return "%03d-%s-%s-%s.sql" % (st["order"], STAGES[st["stage"]], file_part(st["service"]),
                                  file_part(st["kind"]))


def sql_statements(text):
    """The statements of a split file, comments dropped (naive: no ';' in literals)."""
    body = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def cmd_files(model_path, split):
    m = load(model_path)
    bad = []
    st = steps(m)
    if [s["order"] for s in st] != list(range(1, len(st) + 1)):
        bad.append("steps are not numbered 1..%d in order" % len(st))
    if any(a["stage"] > b["stage"] for a, b in zip(st, st[1:])):
        bad.append("stages go backwards")
    order_of = {s["id"]: s["order"] for s in st}
    if len(order_of) != len(st):
        bad.append("step ids are not unique")
    for s in st:
        for d in s.get("depends_on", []):
            if order_of.get(d, s["order"]) >= s["order"]:
                bad.append("step %d (%s) depends on %s, no earlier step" % (s["order"], s["id"], d))
    want = {file_name(s): s for s in st if s.get("sql")}
    have = set(os.listdir(split))
    # seam's own files (split_files.c numbered): NNN-....sql; anything else is the user's
    numbered = {f for f in have if re.match(r"^[0-9]{3}-.*\.sql$", f)}
    pat = re.compile(r"^[0-9]{3}-(schema|ties|database)-[A-Za-z0-9_-]+-[A-Za-z0-9_-]+\.sql$")
    for f in sorted(numbered):
        if not pat.match(f):
            bad.append("file name %s is not NNN-<stage>-<service>-<kind>.sql" % f)
        if f not in want:
            bad.append("file %s is no step's" % f)
    for f, s in sorted(want.items()):
        if f not in have:
            bad.append("step %d (%s) has SQL but no file %s" % (s["order"], s["id"], f))
            continue
        with open(os.path.join(split, f), encoding="utf-8") as fh:
            text = fh.read()
        if s["sql"] not in text:
            bad.append("%s does not hold its step's SQL" % f)
        stmts = sql_statements(text)
        if not stmts or stmts[0].upper() != "BEGIN" or stmts[-1].upper() != "COMMIT":
            bad.append("%s is not one transaction (BEGIN ... COMMIT)" % f)
        elif any(x.upper() in ("BEGIN", "COMMIT", "ROLLBACK") for x in stmts[1:-1]):
            bad.append("%s has more than one transaction" % f)
    # NNN is the order: sorting the names sorts the steps
    orders = [want[f]["order"] for f in sorted(numbered) if f in want]
    if orders != sorted(orders):
        bad.append("file names do not sort in plan order")
    if "README.md" not in have:
        bad.append("no README.md")
    else:
        with open(os.path.join(split, "README.md"), encoding="utf-8") as fh:
            readme = fh.read()
        for f in sorted(want):
            if "`%s`" % f not in readme:
                bad.append("README.md does not name %s" % f)
    return report(bad, "%d files for %d steps with SQL of %d" % (len(numbered), len(want), len(st)))


def cmd_fks(model_path):
    m = load(model_path)
    own = owners(m)
    want = []
    for fk in m["schema"].get("foreign_keys", []):
        a, b = own.get(fk["from_table"].lower()), own.get(fk["to_table"].lower())
        if a and b and a != b:
            obj = ("%s.%s" % (fk["from_table"], fk["name"]) if fk.get("name")
                   else "%s->%s" % (fk["from_table"], fk["to_table"]))
            want.append("drop_foreign_key:%s:%s" % (a, obj))
    got = [s["id"] for s in steps(m) if s["kind"] == "drop_foreign_key"]
    bad = []
    if sorted(want) != sorted(got):
        bad.append("drop_foreign_key steps %s, want %s" % (sorted(set(got) - set(want)),
                                                           sorted(set(want) - set(got))))
    if len(got) != len(set(got)):
        bad.append("a foreign key is dropped twice")
    if not want:
        bad.append("the fixture has no foreign key between services: nothing is tested")
    return report(bad, "%d foreign keys between services, %d of %d in all" %
                  (len(want), len(got), len(m["schema"].get("foreign_keys", []))))


def cmd_notes(model_path, word):
    bad = []
    for s in steps(load(model_path)):
        if s.get("sql"):
            continue
        note = s.get("sql_note") or ""
        if not note:
            bad.append("step %d (%s) has neither SQL nor a sql_note" % (s["order"], s["id"]))
        elif ((s["stage"] == 1 and s["kind"] != "decide_owner") or
              s["kind"] == "drop_foreign_key") and word not in note:
            bad.append("step %d (%s): sql_note does not name %s: %s" % (s["order"], s["id"],
                                                                       word, note))
    return report(bad, "steps without SQL carry a note")


def cmd_stage_files(split, stage):
    name = STAGES[int(stage)]
    for f in sorted(os.listdir(split)):
        if re.match(r"^[0-9]{3}-%s-.*\.sql$" % name, f):
            print(os.path.join(split, f))
    return 0


def cmd_schemas(model_path):
    m = load(model_path)
    schema_of = {}
    for s in steps(m):
        if s["kind"] == "create_schema":
            mo = re.search(r'CREATE SCHEMA "((?:[^"]|"")*)"', s.get("sql") or "")
            if mo:
                schema_of[s["service"]] = mo.group(1).replace('""', '"')
    own = owners(m)
    for t in sorted(own):
        print(own[t], schema_of.get(own[t], "?"), t)
    return 0


def cmd_roles(model_path):
    for s in steps(load(model_path)):
        for r in re.findall(r'CREATE ROLE "((?:[^"]|"")*)"', s.get("sql") or ""):
            print(r.replace('""', '"'))
    return 0


def cmd_extract(model_path):
    """Stage 3, in plan order: "service|pg_dump --schema argument|DROP SCHEMA statement|pump"
    from each extract_database step's note (pump: 1 when the service has a data_pump step)."""
    st = steps(load(model_path))
    pumps = {s["service"] for s in st if s["kind"] == "data_pump"}
    for s in st:
        if s["kind"] != "extract_database":
            continue
        note = s.get("sql_note") or ""
        dump = re.search(r"pg_dump --schema=(\S+)", note)
        drop = re.search(r"(DROP SCHEMA .*? CASCADE)", note)
        # the note's argument as a shell reads it ('"order"': the name, case kept)
        print("%s|%s|%s|%d" % (s["service"], shlex.split(dump.group(1))[0] if dump else "",
                               drop.group(1) if drop else "", s["service"] in pumps))
    return 0


def cmd_service_tables(model_path):
    own = owners(load(model_path))
    for t in sorted(own):
        print(own[t], t)
    return 0


# Placeholders, bound to sample values: ?, ?NNN, $N, :name, %d, %ld, %lu, %u -> 1; %s and
# %N$s -> 'x'. Only outside '...' literals; '::' casts are left alone. A statement whose
# bound form does not EXPLAIN on the original database (SQLite-only functions, an integer
# where PostgreSQL wants a boolean or a date) is simply not counted.
PLACEHOLDER = re.compile(r"\?\d*|\$\d+|(?<![:\w]):[A-Za-z_]\w*|%(?:\d+\$)?l{0,2}[dus]")


def bind(sql):
    parts = re.split(r"('(?:[^']|'')*')", sql)
    for i in range(0, len(parts), 2):
        parts[i] = PLACEHOLDER.sub(
            lambda mo: "'x'" if mo.group(0).startswith("%") and mo.group(0).endswith("s")
            else "1", parts[i])
    return "".join(parts)


def cmd_statements(model_path):
    seen = set()
    for site in load(model_path).get("sql_sites", []):
        # a site may hold variants (a statement built one of several ways), joined by ";\n"
        for v in (site.get("sql") or "").split(";\n"):
            v = v.strip().rstrip(";").strip()
            if v:
                seen.add(bind(v))
    for q in sorted(seen):
        print(json.dumps(q))
    return 0


def cmd_explain_script():
    print("\\o /dev/null")
    for i, line in enumerate(sys.stdin):
        print("EXPLAIN " + json.loads(line) + ";")
        print("\\if :ERROR\n\\echo FAIL %d\n\\else\n\\echo OK %d\n\\endif" % (i, i))
    return 0


def cmd_owner_step(model_path, table):
    for s in steps(load(model_path)):
        if s["kind"] == "move_table" and s["id"].split(":", 2)[2] == table:
            print(s["service"])
        elif s["kind"] == "own_tables" and table in re.split(r", | ", s["detail"]):
            print(s["service"])
    return 0


def report(bad, ok):
    for b in bad:
        print("FAIL: " + b)
    if not bad:
        print("ok: " + ok)
    return 1 if bad else 0


def main(argv):
    cmds = {"files": cmd_files, "fks": cmd_fks, "notes": cmd_notes,
            "stage-files": cmd_stage_files, "schemas": cmd_schemas,
            "service-tables": cmd_service_tables, "roles": cmd_roles, "extract": cmd_extract, "statements": cmd_statements,
            "explain-script": cmd_explain_script, "owner-step": cmd_owner_step}
    if len(argv) < 2 or argv[1] not in cmds:
        print(__doc__, file=sys.stderr)
        return 2
    return cmds[argv[1]](*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
