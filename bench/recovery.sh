#!/bin/sh
# recovery.sh - how close seam's services come to a published or planted truth,
# against baselines, all measured by the same `seam eval` (docs/quality.md).
#
#   bench/recovery.sh --src SRC --truth TRUTH.json [-p BUILD_DIR] [--db DB]
#                     [--unit module|file|dir] [--no-git] [--existing] [--out DIR]
#                     [--label NAME] [--no-knockouts] [--exclude GLOB]...
#   SEAM=build/cli/seam BASELINE_LOUVAIN=build/bench/baseline-louvain
#
# TRUTH.json is either seam's shape ({"services": [{"name", "kind", "files"}]},
# other keys such as "source" ignored,
# as fixtures/shop/expected-services.json and gen-monolith write it) or the
# ARCADE/SARIF "clustering" shape of published ground truths ({"structure":
# [{"@type": "group", "name", "nested": [{"@type": "item", "name": FILE}]}]}),
# converted here. Only the files the truth lists are compared. A file that a
# published truth lists in several groups (bash 4.2's lists the history files
# under both libreadline and libhistory) goes to the smallest of them, the most
# specific claim, since seam eval needs one place per file. --existing drops
# truth files that do not exist under SRC (a truth recovered from another
# release of the same code base) and says how many it dropped.
#
# --exclude GLOB is passed to seam scan (a file left out stays in the truth,
# so it counts against every run).
#
# Runs, each scored with `seam eval --truth`:
#   seam             seam scan + (inspect-db) + decompose, default settings
#   seam --no-git    the same without the history (only when the run above reads it)
#   seam -KIND       the same with one edge kind switched off (--weights {"KIND": 0});
#                    --no-knockouts leaves these out
#   directories      every directory one service (the layout as the architecture)
#   louvain calls    Louvain on the call graph alone (bench/baseline_louvain.c)
# and prints a Markdown table of MoJoFM, adjusted Rand index and service counts.
# Exit 0 when everything ran, 1 when a step failed; 2 on a usage error.
set -u
SEAM=${SEAM:-build/cli/seam}
LOUVAIN=${BASELINE_LOUVAIN:-build/bench/baseline-louvain}
SRC= TRUTH= BUILD= DB= UNIT=module NOGIT= EXISTING= OUT= LABEL= KNOCKOUTS=1 EXCLUDE=
while [ $# -gt 0 ]; do
    case $1 in
    --src) SRC=$2; shift 2 ;;
    --truth) TRUTH=$2; shift 2 ;;
    -p) BUILD=$2; shift 2 ;;
    --db) DB=$2; shift 2 ;;
    --unit) UNIT=$2; shift 2 ;;
    --no-git) NOGIT=--no-git; shift ;;
    --existing) EXISTING=1; shift ;;
    --out) OUT=$2; shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --no-knockouts) KNOCKOUTS=; shift ;;
    --exclude) EXCLUDE="$EXCLUDE --exclude $2"; shift 2 ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "recovery.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
if [ -z "$SRC" ] || [ -z "$TRUTH" ]; then
    echo "usage: bench/recovery.sh --src SRC --truth TRUTH.json [-p BUILD_DIR] [--db DB] ..." >&2
    exit 2
fi
for tool in "$SEAM" "$LOUVAIN"; do
    [ -x "$tool" ] || { echo "recovery.sh: $tool is not built" >&2; exit 1; }
done
command -v python3 >/dev/null || { echo "recovery.sh: python3 is needed" >&2; exit 1; }
if [ -z "$OUT" ]; then
    OUT=$(mktemp -d /tmp/seam-recovery-XXXXXX)
else
    mkdir -p "$OUT"
fi
LABEL=${LABEL:-$(basename "$SRC")}

# The truth in seam's shape; and the directory baseline built from its files.
python3 - "$TRUTH" "$OUT/truth.json" "$OUT/directories.json" "$SRC" "$EXISTING" <<'EOF' || exit 1
import json, os, sys
# A missing file, broken JSON or another shape: one line, not a traceback.
try:
    with open(sys.argv[1]) as f:
        doc = json.load(f)
except (OSError, ValueError) as e:
    sys.exit("recovery.sh: cannot read truth %s: %s" % (sys.argv[1], e))
if not isinstance(doc, dict) or ("services" not in doc and "structure" not in doc):
    sys.exit("recovery.sh: %s has neither \"services\" (seam) nor \"structure\" (ARCADE)"
             % sys.argv[1])
if "services" in doc:
    # Only the services: a truth file may also say where it comes from ("source").
    truth = {"services": doc["services"]}
else:
    def items(node):
        for n in node.get("nested", []):
            if n.get("@type") == "item":
                yield n["name"]
            else:
                yield from items(n)
    groups = [(g["name"], sorted(set(items(g)))) for g in doc["structure"]]
    # One place per file: the smallest group claiming it (ties: the first listed).
    home = {}
    for i, (name, files) in enumerate(groups):
        for f in files:
            if f not in home or len(files) < len(groups[home[f]][1]):
                home[f] = i
    truth = {"services": [{"name": name, "kind": "service",
                           "files": [f for f in files if home[f] == i]}
                          for i, (name, files) in enumerate(groups)]}
if sys.argv[5]:
    dropped = 0
    for s in truth["services"]:
        kept = [f for f in s["files"] if os.path.exists(os.path.join(sys.argv[4], f))]
        dropped += len(s["files"]) - len(kept)
        s["files"] = kept
    print("recovery.sh: --existing dropped %d truth files absent from %s" % (dropped, sys.argv[4]),
          file=sys.stderr)
truth["services"] = [s for s in truth["services"] if s["files"]]
print("recovery.sh: truth: %d files in %d groups" % (sum(len(s["files"]) for s in truth["services"]),
      len(truth["services"])), file=sys.stderr)
json.dump(truth, open(sys.argv[2], "w"), indent=1)
dirs = {}
for s in truth["services"]:
    for f in s["files"]:
        dirs.setdefault(os.path.dirname(f) or ".", []).append(f)
json.dump({"services": [{"name": d, "kind": "service", "files": sorted(fs)}
                        for d, fs in sorted(dirs.items())]},
          open(sys.argv[3], "w"), indent=1)
EOF

fail=0
run() { # run LOG COMMAND...: quiet unless it fails
    log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        echo "recovery.sh: failed: $*" >&2
        tail -5 "$log" >&2
        fail=1
        return 1
    fi
}

t0=$(date +%s)
if [ -n "$BUILD" ]; then
    # shellcheck disable=SC2086
    run "$OUT/scan.log" "$SEAM" scan "$SRC" -p "$BUILD" -o "$OUT/code.json" -q --no-cache $EXCLUDE || exit 1
else
    # shellcheck disable=SC2086
    run "$OUT/scan.log" "$SEAM" scan "$SRC" -o "$OUT/code.json" -q --no-cache $EXCLUDE || exit 1
fi
SCHEMA=
if [ -n "$DB" ]; then
    run "$OUT/inspect.log" "$SEAM" inspect-db "$DB" -o "$OUT/schema.json" || exit 1
    SCHEMA=$OUT/schema.json
fi
t1=$(date +%s)
GIT="--src $SRC"
[ -n "$NOGIT" ] && GIT=--no-git

rows=
score() { # score NAME MODEL.json: one table row
    if ! "$SEAM" eval -q --truth "$OUT/truth.json" "$2" >"$OUT/eval-$1.txt" 2>&1; then
        echo "recovery.sh: seam eval failed on $2" >&2
        cat "$OUT/eval-$1.txt" >&2
        fail=1
        return
    fi
    fm=$(sed -n 's/^MoJoFM //p' "$OUT/eval-$1.txt")
    ari=$(sed -n 's/^adjusted Rand index //p' "$OUT/eval-$1.txt")
    n=$(python3 -c "import json,sys; print(sum(1 for s in json.load(open(sys.argv[1]))['services'] if s.get('kind','service') == 'service'))" "$2")
    rows="$rows| $LABEL | $1 | $fm | $ari | $n |
"
}

decompose() { # decompose NAME [extra args]
    name=$1
    shift
    # shellcheck disable=SC2086
    run "$OUT/decompose-$name.log" "$SEAM" decompose "$OUT/code.json" $SCHEMA $GIT --unit "$UNIT" \
        -o "$OUT/$name.json" "$@" && score "$name" "$OUT/$name.json"
}

decompose seam
t2=$(date +%s)
if [ -z "$NOGIT" ]; then
    GIT=--no-git
    decompose seam-no-git
    GIT="--src $SRC"
fi
if [ -n "$KNOCKOUTS" ]; then
    for kind in call ref global type access fk implied_fk cochange naming; do
        echo "{\"$kind\": 0}" >"$OUT/w-$kind.json"
        decompose "seam-$kind" --weights "$OUT/w-$kind.json"
    done
fi
score directories "$OUT/directories.json"
run "$OUT/louvain.log" "$LOUVAIN" "$OUT/code.json" --unit "$UNIT" -o "$OUT/louvain.json" &&
    score "louvain-calls" "$OUT/louvain.json"

echo "| code base | run | MoJoFM | ARI | services |"
echo "|---|---|---|---|---|"
printf '%s' "$rows"
echo
echo "scan $((t1 - t0)) s, seam decompose $((t2 - t1)) s; results in $OUT"
exit $fail
