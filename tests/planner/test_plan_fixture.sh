#!/bin/sh
# The split plan of the bundled fixture (its SQLite database), as seam analyze writes it:
#   - one drop_foreign_key step per foreign key between two services' tables, none for others;
#   - every SQL site of a service that reads another service's table is listed by a
#     replace_read or data_pump step (each cross-service read and join site);
#   - the cross-domain checkout transaction (order_checkout: orders, then inventory through
#     the reserve_line callback, payments) is a saga with a compensation per service;
#   - the reporting module gets a data pump over the tables it reads;
#   - customers, written by accounts (its profile) and notifications (last_notified_at only),
#     splits by column: notifications' column moves to a table of its own;
#   - the view joining two services' tables is replaced;
#   - each step with SQL has its numbered file in split/, in plan order; stages ascend.
# usage: test_plan_fixture.sh SEAM BUILD_DIR SOURCE_DIR
set -u
SEAM=$1 BUILD=$2 SRCDIR=$3
CDB=$BUILD/fixtures/shop
DB=$CDB/shop.db
if [ ! -f "$DB" ] || [ ! -f "$CDB/compile_commands.json" ]; then
    echo "skipped: $DB or its compile database is not built (build target fixture_shop_db)"
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skipped: python3 is needed to read model.json"
    exit 77
fi
T=$(mktemp -d /tmp/seam-test-plan-XXXXXX)
trap 'rm -rf "$T"' EXIT
if ! "$SEAM" analyze "$SRCDIR/fixtures/shop" -p "$CDB" --db "$DB" -o "$T/out" -q >"$T/log" 2>&1; then
    cat "$T/log"
    echo "FAIL: seam analyze"
    exit 1
fi
python3 - "$T/out" <<'PY'
import json, os, sys
out = sys.argv[1]
m = json.load(open(os.path.join(out, "model.json")))
steps = m["split_plan"]["steps"]
fails = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)

owner = {}
for s in m["services"]:
    if s.get("kind", "service") == "service":
        for t in s["tables"]:
            owner.setdefault(t, s["name"])
service_of_file = {f: s["name"] for s in m["services"] for f in s["files"]
                   if s.get("kind", "service") == "service"}
fn_file = {f["id"]: f["file"] for f in m["functions"]}
by_kind = {}
for st in steps:
    by_kind.setdefault(st["kind"], []).append(st)

# foreign keys
cross = [fk for fk in m["schema"]["foreign_keys"]
         if owner.get(fk["from_table"]) and owner.get(fk["to_table"])
         and owner[fk["from_table"]] != owner[fk["to_table"]]]
drops = by_kind.get("drop_foreign_key", [])
check(len(cross) > 10 and len(drops) == len(cross),
      "one drop_foreign_key per cross-service key (%d keys, %d steps)" % (len(cross), len(drops)))
named = {st["id"].split(":", 2)[2] for st in drops}
check(all("%s.%s" % (fk["from_table"], fk["name"]) in named or
          "%s->%s" % (fk["from_table"], fk["to_table"]) in named for fk in cross),
      "each cross-service key has its own step")

# cross-service reads and joins
listed = {(c["file"], c["line"]) for st in steps if st["kind"] in ("replace_read", "data_pump")
          for c in st["code_sites"]}
missing = []
for s in m["sql_sites"]:
    svc = service_of_file.get(fn_file.get(s["function"]) or "")
    if not svc:
        continue
    if any(owner.get(t["name"]) not in (None, svc) and t["access"] == "read" for t in s["tables"]):
        if (s["file"], s["line"]) not in listed:
            missing.append("%s:%d" % (s["file"], s["line"]))
check(not missing, "every cross-service read site listed (missing: %s)" % ", ".join(missing[:5]))

# the checkout saga
saga = [st for st in by_kind.get("saga", []) if st["id"].endswith(":order_checkout")]
check(len(saga) == 1, "order_checkout's transaction is a saga")
if saga:
    r = saga[0]["rationale"]
    check(r.count("compensation:") >= 3 and "correlation id" in r, "with compensations and a correlation id")
    o, i, p = owner["orders"], owner["reservations"], owner["payments"]
    check(r.find("1. %s " % o) >= 0 and r.find(". %s (reserve_line)" % i) > r.find("1. %s " % o)
          and r.find(". %s (" % p) > r.find("(reserve_line)"),
          "in write order: orders, inventory (reserve_line), payments")

# the reporting module's data pump
rep = service_of_file.get("src/reports.c")
pump = [st for st in by_kind.get("data_pump", []) if st["service"] == rep]
check(len(pump) == 1 and pump[0]["effort"]["tables"] >= 15 and pump[0]["sql"]
      and "CREATE TABLE" in pump[0]["sql"], "the reporting module reads copies (data_pump)")

# customers split by column
split = [st for st in by_kind.get("split_table", []) if st["id"].endswith(":customers")]
check(len(split) == 1 and split[0]["service"] == service_of_file.get("src/notify.c")
      and '"last_notified_at"' in (split[0]["sql"] or "")
      and not any(c in (split[0]["sql"] or "") for c in ('"email"', '"full_name"')),
      "customers splits by column: last_notified_at to notifications")

# the cross-service view
check(any(st["id"].endswith(":customer_order_summary") for st in by_kind.get("replace_view", [])),
      "customer_order_summary is replaced")

# files and order
files = sorted(f for f in os.listdir(os.path.join(out, "split")) if f.endswith(".sql"))
want = sorted("%03d-" % st["order"] for st in steps if st["sql"])
check([f[:4] for f in files] == want, "a numbered file per step with SQL (%d)" % len(files))
check(all(a["stage"] <= b["stage"] for a, b in zip(steps, steps[1:])), "stages ascend")
check(os.path.exists(os.path.join(out, "split", "README.md")), "split/README.md written")
sys.exit(1 if fails else 0)
PY
