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
 *
 * The other way round, a declared component that calls out more than it is
 * called into sits above what it calls (bash's builtins over the shell's
 * core, a server's commands over its storage): its calls into a module
 * outside it that never calls back are a client's use of a lower layer,
 * not a sign the two belong together. Such a call edge counts
 * UPPER_CALL_SHARE of its weight (dc_layering_weigh_calls); the callee
 * stays with its own peers rather than being pulled up into the component
 * that uses it.
 */
#include "decomposer_internal.h"

#include <math.h>
#include <stdlib.h>

/* What a call from an upper component down into a module outside it counts. */
#define UPPER_CALL_SHARE 0.25
/* A declared component called into less than this (calling out more) is above its callees. */
#define UPPER_INWARD 0.5

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
    /* first[m] .. first[m + 1]: the groups holding module m, ascending */
    int *first = NULL, *in = NULL;
    double *incoming = calloc((size_t)ngroups + 1, sizeof *incoming);
    double *outgoing = calloc((size_t)ngroups + 1, sizeof *outgoing);
    if (!incoming || !outgoing ||
        dc_agreement_memberships(nm, mods, sizes, ngroups, NULL, &first, &in) != SEAM_OK) {
        free(first), free(in), free(incoming), free(outgoing);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing groups");
    }
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
        inward[k] = incoming[k] + outgoing[k] > 0 ? incoming[k] / (incoming[k] + outgoing[k]) : 0;
    free(first);
    free(in);
    free(incoming);
    free(outgoing);
    return SEAM_OK;
}

/* Whether module from calls module to (g->calls is sorted by (from, to)). */
static int calls(const dc_graph *g, int from, int to)
{
    int lo = 0, hi = g->ncalls - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        const dc_call_pair *c = &g->calls[mid];
        int d = c->from != from ? (c->from > from) - (c->from < from) : (c->to > to) - (c->to < to);
        if (d == 0)
            return 1;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The declared components' modules (shared ones left out), two or more per group. */
static int declared_groups(const dc_graph *g, int ***mods, int **sizes, int *n)
{
    const seam_model *m = g->model;
    *mods = calloc((size_t)m->ncomponents + 1, sizeof **mods);
    *sizes = calloc((size_t)m->ncomponents + 1, sizeof **sizes);
    *n = 0;
    if (!*mods || !*sizes)
        return SEAM_ENOMEM;
    for (int c = 0; c < m->ncomponents; c++) {
        const seam_component *comp = &m->components[c];
        int *v = malloc((size_t)(comp->nfiles + 1) * sizeof *v), k = 0;
        if (!v)
            return SEAM_ENOMEM;
        for (int i = 0; i < comp->nfiles; i++) {
            int f = seam_model_find_file(m, comp->files[i]);
            if (f >= 0 && g->file_module[f] >= 0 && !g->shared[g->file_module[f]])
                v[k++] = g->file_module[f];
        }
        if (k > 1)
            qsort(v, (size_t)k, sizeof *v, int_cmp);
        int u = 0;
        for (int i = 0; i < k; i++)
            if (u == 0 || v[u - 1] != v[i])
                v[u++] = v[i];
        if (u < 2) {
            free(v);
            continue;
        }
        (*mods)[*n] = v;
        (*sizes)[(*n)++] = u;
    }
    return 0;
}

/* Whether a call from up to low goes down out of an upper component: one of up's upper
 * groups (in[first[up]] .. in[first[up + 1] - 1], ascending) is none of low's. */
static int down_out_of_upper(const int *first, const int *in, int up, int low)
{
    for (int x = first[up]; x < first[up + 1]; x++)
        if (!holds(in, first[low], first[low + 1], in[x]))
            return 1;
    return 0;
}

int dc_layering_weigh_calls(const dc_graph *g, dc_kedge *v, int n, seam_err *err)
{
    int **mods = NULL, *sizes = NULL, ngroups = 0, rc = SEAM_OK, nm = g->nmodules;
    double *inward = NULL;
    unsigned char *upper = NULL;
    int *first = NULL, *in = NULL;
    if (declared_groups(g, &mods, &sizes, &ngroups) < 0 ||
        !(inward = calloc((size_t)ngroups + 1, sizeof *inward)) ||
        !(upper = calloc((size_t)ngroups + 1, 1))) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing calls");
        goto done;
    }
    if (ngroups == 0 || (rc = dc_layering_inward(g, mods, sizes, ngroups, inward, err)))
        goto done;
    /* each module's upper groups, ascending: first[m] .. first[m + 1] in in[] */
    for (int k = 0; k < ngroups; k++)
        upper[k] = inward[k] < UPPER_INWARD;
    if (dc_agreement_memberships(nm, mods, sizes, ngroups, upper, &first, &in) != SEAM_OK) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing calls");
        goto done;
    }
    for (int i = 0; i < n; i++) {
        int a = v[i].a, b = v[i].b;
        if (v[i].kind != DECOMPOSER_CALL || a >= nm || b >= nm)
            continue;
        int ab = calls(g, a, b), ba = calls(g, b, a);
        /* a call both ways is no layering: the two work together */
        if ((ab && !ba && down_out_of_upper(first, in, a, b)) ||
            (ba && !ab && down_out_of_upper(first, in, b, a)))
            v[i].w *= UPPER_CALL_SHARE;
    }
done:
    for (int k = 0; mods && k < ngroups; k++)
        free(mods[k]);
    free(mods);
    free(sizes);
    free(inward);
    free(upper);
    free(first);
    free(in);
    return rc;
}
