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
#include "dc.h"

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
