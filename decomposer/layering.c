/*
 * layering.c - how far a group of modules sits below the code that calls it:
 * the share of the calls crossing its boundary that come in.
 *
 * A library of independent utilities (bash's lib/sh and lib/malloc,
 * PostgreSQL's utils/adt) is a component by the layering, not by cohesion:
 * its modules seldom call one another, so their coupling hardly stays
 * inside (agreement.c), yet everything above calls into them and they call
 * little back out. The inward share says so:
 *
 *   inward = in / (in + out)
 *
 * over the calls between a member and a module outside the group, each
 * directed module pair counting log2(1 + call expressions) as a call edge
 * does (graph.c): in for an outside caller, out for an outside callee.
 * Shared library modules are left out (they are set aside, and every module
 * calls them). 1 for a group only called, 0 for one only calling out, 0
 * for one no call crosses.
 */
#include "decomposer_internal.h"

#include <math.h>
#include <stdlib.h>

/* Whether ascending list [x, xe) holds k. */
static int holds(const int *in, int x, int xe, int k)
{
    for (; x < xe && in[x] <= k; x++)
        if (in[x] == k)
            return 1;
    return 0;
}

int dc_layering_inward(const dc_graph *g, int *const *mods, const int *sizes, int ngroups,
                       double *inward, seam_err *err)
{
    int nm = g->nmodules;
    long total = 0;
    for (int k = 0; k < ngroups; k++)
        total += sizes[k];
    /* first[m] .. first[m + 1]: the groups holding module m, ascending (as agreement.c) */
    int *first = calloc((size_t)nm + 2, sizeof *first);
    int *in = malloc(((size_t)total + 1) * sizeof *in);
    double *incoming = calloc((size_t)ngroups + 1, sizeof *incoming);
    double *outgoing = calloc((size_t)ngroups + 1, sizeof *outgoing);
    if (!first || !in || !incoming || !outgoing) {
        free(first), free(in), free(incoming), free(outgoing);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing groups");
    }
    for (int k = 0; k < ngroups; k++)
        for (int i = 0; i < sizes[k]; i++)
            first[mods[k][i] + 2]++;
    for (int m = 0; m < nm; m++)
        first[m + 2] += first[m + 1];
    for (int k = 0; k < ngroups; k++)
        for (int i = 0; i < sizes[k]; i++)
            in[first[mods[k][i] + 1]++] = k;
    for (int i = 0; i < g->ncalls; i++) {
        const dc_call_pair *c = &g->calls[i];
        if (g->shared[c->from] || g->shared[c->to])
            continue;
        double w = log2(1.0 + (double)c->count);
        /* a group holding the callee and not the caller is called; the other way, it calls */
        for (int x = first[c->to]; x < first[c->to + 1]; x++)
            if (!holds(in, first[c->from], first[c->from + 1], in[x]))
                incoming[in[x]] += w;
        for (int x = first[c->from]; x < first[c->from + 1]; x++)
            if (!holds(in, first[c->to], first[c->to + 1], in[x]))
                outgoing[in[x]] += w;
    }
    for (int k = 0; k < ngroups; k++)
        inward[k] = incoming[k] + outgoing[k] > 0
                        ? incoming[k] / (incoming[k] + outgoing[k])
                        : 0;
    free(first);
    free(in);
    free(incoming);
    free(outgoing);
    return SEAM_OK;
}
