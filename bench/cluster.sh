#!/bin/sh
# cluster.sh - time seam's decomposer on a large planted-partition graph.
#
#   bench/cluster.sh [-n MODULES] [-m EDGES] [-k GROUPS] [--p-in P] [--seed S]
#   CLUSTER_BENCH=build/bench/cluster-bench CLUSTER_TARGET=10
#
# Runs cluster-bench (bench/cluster_bench.c: a seam_model of MODULES modules
# and EDGES distinct call pairs, GROUPS planted groups, a call inside its
# group with probability P), which times decomposer_run end to end (facts,
# shared libraries, weights, the Leiden resolution sweep, ownership, the
# explanations, metrics, plan) and scores it against the planted groups with
# MoJoFM. Peak memory from /usr/bin/time. Defaults: 100,000 modules,
# 1,000,000 edges, 1,000 groups, P 0.9 (the target: under 10 s).
# Prints the figures and a Markdown row for docs/benchmarks.md, then exits 1
# when decomposer_run took longer than CLUSTER_TARGET seconds (default 10, the
# target), or when the bench failed or its time cannot be read; else 0.
set -u
BENCH=${CLUSTER_BENCH:-build/bench/cluster-bench}
TARGET=${CLUSTER_TARGET:-10}
[ -x "$BENCH" ] || { echo "cluster.sh: $BENCH is not built (target cluster-bench)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "cluster.sh: /usr/bin/time is needed (package time)" >&2; exit 1; }
OUT=$(mktemp /tmp/seam-cluster-XXXXXX)
trap 'rm -f "$OUT" "$OUT.time"' EXIT
/usr/bin/time -f '%M %e' -o "$OUT.time" "$BENCH" "$@" >"$OUT" || { cat "$OUT"; exit 1; }
cat "$OUT"
rss_kb=$(cut -d' ' -f1 "$OUT.time")
wall=$(cut -d' ' -f2 "$OUT.time")
run=$(sed -n 's/^decomposer_run \([0-9.]*\) s.*/\1/p' "$OUT")
edges=$(sed -n 's/^modules [0-9]*  edges \([0-9]*\).*/\1/p' "$OUT")
modules=$(sed -n 's/^modules \([0-9]*\) .*/\1/p' "$OUT")
fm=$(sed -n 's/.*MoJoFM \([0-9.]*\).*/\1/p' "$OUT")
services=$(sed -n 's/^services \([0-9]*\) .*/\1/p' "$OUT")
echo "peak RSS $((rss_kb / 1024)) MiB, process wall time $wall s"
echo
echo "| modules | edges | decomposer_run | whole process | peak RSS | services | MoJoFM vs planted |"
echo "|---|---|---|---|---|---|---|"
echo "| $modules | $edges | $run s | $wall s | $((rss_kb / 1024)) MiB | $services | $fm |"
echo
# The target is on decomposer_run (the clustering end to end), not on building the model.
if [ -z "$run" ]; then
    echo "cluster.sh: no decomposer_run time in the bench's output" >&2
    exit 1
fi
if awk -v t="$run" -v max="$TARGET" 'BEGIN { exit !(t + 0 > max + 0) }'; then
    echo "FAILED: decomposer_run $run s, over the $TARGET s target"
    exit 1
fi
echo "ok: decomposer_run $run s, within the $TARGET s target"
