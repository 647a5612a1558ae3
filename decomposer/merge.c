/*
 * merge.c - fewer services on request: merge the closest clusters.
 *
 * When no resolution gives exactly the K services `--services K` asks for,
 * the smallest partition with more than K module clusters is taken and its
 * clusters are merged two at a time, always the pair whose merge raises
 * modularity most (Newman's greedy step: gain = w_cd / m - s_c s_d / (2 m^2),
 * w_cd the edge weight between the clusters, s their strengths, m the total
 * weight), ties to the lower cluster numbers. Only clusters holding modules
 * are merged; clusters of tables alone are left as they are.
 */
#include "decomposer_internal.h"

#include <stdlib.h>
#include <string.h>

#define MERGE_MAX_CLUSTERS 20000 /* a dense C x C matrix: 3.2 GB beyond this */

int dc_merge_to(const dc_graph *g, int *membership, int k, seam_err *err)
{
    int nn = dc_nnodes(g), c = 0, rc = SEAM_OK;
    int *label = malloc((size_t)(2 * nn + 1) * sizeof *label);
    if (!label)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory merging services");
    for (int i = 0; i < 2 * nn; i++)
        label[i] = -1;
    /* Compact cluster numbers in node order. */
    for (int i = 0; i < nn; i++) {
        if (label[membership[i]] < 0)
            label[membership[i]] = c++;
        membership[i] = label[membership[i]];
    }
    free(label);
    if (c > MERGE_MAX_CLUSTERS)
        return seam_err_set(err, SEAM_ENOMEM,
                            "decomposer: %d clusters are too many to merge down to %d", c, k);
    double *w = calloc((size_t)c * (size_t)c + 1, sizeof *w);
    double *s = calloc((size_t)c + 1, sizeof *s);
    char *has_module = calloc((size_t)c + 1, 1);
    char *alive = calloc((size_t)c + 1, 1);
    if (!w || !s || !has_module || !alive) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory merging services");
        goto done;
    }
    double m = 0;
    for (int i = 0; i < g->nedges; i++) {
        int a = membership[g->edges[i].a], b = membership[g->edges[i].b];
        m += g->edges[i].w;
        if (a != b) {
            w[(size_t)a * c + b] += g->edges[i].w;
            w[(size_t)b * c + a] += g->edges[i].w;
        }
    }
    for (int i = 0; i < nn; i++)
        s[membership[i]] += g->strength[i];
    int count = 0;
    for (int i = 0; i < g->nmodules; i++)
        if (!g->shared[i] && !has_module[membership[i]]) {
            has_module[membership[i]] = 1;
            count++;
        }
    for (int i = 0; i < c; i++)
        alive[i] = has_module[i];
    while (count > k && m > 0) {
        int bc = -1, bd = -1;
        double best = 0;
        for (int x = 0; x < c; x++) {
            if (!alive[x])
                continue;
            for (int y = x + 1; y < c; y++) {
                if (!alive[y])
                    continue;
                double gain = w[(size_t)x * c + y] / m - s[x] * s[y] / (2.0 * m * m);
                if (bc < 0 || gain > best + 1e-15) {
                    best = gain;
                    bc = x;
                    bd = y;
                }
            }
        }
        if (bc < 0)
            break;
        /* d into c: weights, strength, and every node. */
        for (int z = 0; z < c; z++) {
            if (z == bc || z == bd)
                continue;
            w[(size_t)bc * c + z] += w[(size_t)bd * c + z];
            w[(size_t)z * c + bc] = w[(size_t)bc * c + z];
        }
        s[bc] += s[bd];
        alive[bd] = 0;
        for (int i = 0; i < nn; i++)
            if (membership[i] == bd)
                membership[i] = bc;
        count--;
    }
done:
    free(w);
    free(s);
    free(has_module);
    free(alive);
    return rc;
}

/*
 * A service of one module is no service: a module Leiden left alone (its ties
 * split between neighbours, none strong enough to outweigh the pairs it would
 * add to a cluster) joins, with the tables of its cluster, the cluster it is
 * most tied to (edge weight), ties to the lower cluster number. Modules named
 * by a constraint stay where the constraints put them, and a module tied to
 * nothing stays alone. Lone modules are taken in module order; a cluster that
 * received one is no longer a candidate.
 */
int dc_merge_lone_modules(const dc_graph *g, int *membership, seam_err *err)
{
    int nn = dc_nnodes(g), rc = SEAM_OK;
    int *modules = calloc((size_t)(2 * nn) + 1, sizeof *modules);
    double *tie = calloc((size_t)(2 * nn) + 1, sizeof *tie);
    int *first = calloc((size_t)nn + 2, sizeof *first), *adj = NULL;
    if (!modules || !tie || !first) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory joining lone modules");
        goto done;
    }
    for (int m = 0; m < g->nmodules; m++)
        if (!g->shared[m])
            modules[membership[m]]++;
    /* Node -> edges, to sum a cluster's ties without scanning every edge per module. */
    adj = calloc(2 * (size_t)g->nedges + 1, sizeof *adj);
    if (!adj) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory joining lone modules");
        goto done;
    }
    for (int i = 0; i < g->nedges; i++) {
        first[g->edges[i].a + 2]++;
        first[g->edges[i].b + 2]++;
    }
    for (int x = 0; x < nn; x++)
        first[x + 2] += first[x + 1];
    for (int i = 0; i < g->nedges; i++) {
        adj[first[g->edges[i].a + 1]++] = i;
        adj[first[g->edges[i].b + 1]++] = i;
    }
    for (int m = 0; m < g->nmodules; m++) {
        int c = membership[m];
        /* an entry point driving no one service most is a gateway: a service of its own */
        if (g->shared[m] || modules[c] != 1 || (g->entry && g->entry[m]) ||
            (g->cons.constrained && (g->cons.constrained[m] || g->cons.pin[m])))
            continue;
        /* The cluster's nodes: m and the tables Leiden put with it. */
        int best = -1;
        /* x runs over m, then the tables (nodes nmodules..nn-1) of the cluster. */
        for (int x = m; x < nn; x = x == m ? g->nmodules : x + 1) {
            if (membership[x] != c)
                continue;
            for (int k = first[x]; k < first[x + 1]; k++) {
                const dc_edge *e = &g->edges[adj[k]];
                int other = membership[e->a == x ? e->b : e->a];
                if (other != c && modules[other] > 0)
                    tie[other] += e->w;
            }
        }
        /* x runs over m, then the tables (nodes nmodules..nn-1) of the cluster. */
        for (int x = m; x < nn; x = x == m ? g->nmodules : x + 1) {
            if (membership[x] != c)
                continue;
            for (int k = first[x]; k < first[x + 1]; k++) {
                const dc_edge *e = &g->edges[adj[k]];
                int other = membership[e->a == x ? e->b : e->a];
                if (tie[other] > 0 && (best < 0 || tie[other] > tie[best] ||
                                       (tie[other] == tie[best] && other < best)))
                    best = other;
            }
        }
        /* Reset the touched ties for the next lone module. */
        /* x runs over m, then the tables (nodes nmodules..nn-1) of the cluster. */
        for (int x = m; x < nn; x = x == m ? g->nmodules : x + 1) {
            if (membership[x] != c)
                continue;
            for (int k = first[x]; k < first[x + 1]; k++) {
                const dc_edge *e = &g->edges[adj[k]];
                tie[membership[e->a == x ? e->b : e->a]] = 0;
            }
        }
        if (best < 0 || modules[best] == 1)
            continue; /* tied to nothing, or only to another lone module: leave it */
        for (int x = m; x < nn; x = x == m ? g->nmodules : x + 1)
            if (membership[x] == c)
                membership[x] = best;
        modules[best]++;
        modules[c] = 0;
    }
done:
    free(modules);
    free(tie);
    free(first);
    free(adj);
    return rc;
}
