/*
 * agreement.c - how much the code's own coupling agrees with a grouping of
 * modules: the measure that weighs the evidence a code base declares about
 * itself (its directories and build components, components.c; its naming
 * conventions, naming_edges.c) against what its code does.
 *
 * The coupling is the base kinds (calls, references, globals, types, table
 * access, keys, history), already weighed. A group's agreement is the share
 * of its modules' coupling that stays inside the group:
 *
 *   agreement = 2 * w(base edges with both ends in the group)
 *               / sum of the group's modules' base strengths
 *
 * 1 for a group the code keeps to itself, near 0 for one whose modules each
 * talk to modules outside it (a technical layer across domains; a word that
 * every domain uses in its names). A module may be in many groups (one per
 * function-name prefix it uses); an edge counts for every group holding both
 * its ends.
 *
 * Tables count too, as far as the group holds them: modules that never call
 * each other but keep the same tables (the modules of one domain, each with
 * its own entry into the data) belong together as surely as callers. A
 * module's access to a table is in its strength; of the access weight S the
 * group's modules give table t, the share f = S / (all access weight t gets)
 * counts as inside (f * S, as if t were a member to that degree) when two
 * or more of its modules use t: a table the group alone uses is all inside,
 * one every module uses hardly at all, one of a single member not at all.
 */
#include "decomposer_internal.h"

#include <stdlib.h>

/* A module's access weight to table t, counted for group k. */
typedef struct trip {
    int k, t;
    double w;
} trip;

/* (group, table) order of the triples */
static int trip_cmp(const void *x, const void *y)
{
    const trip *a = x, *b = y;
    if (a->k != b->k)
        return (a->k > b->k) - (a->k < b->k);
    return (a->t > b->t) - (a->t < b->t);
}

int dc_agreement_memberships(int nm, int *const *mods, const int *sizes, int ngroups,
                             const unsigned char *keep, int **first_out, int **in_out)
{
    long total = 0;
    for (int k = 0; k < ngroups; k++)
        total += keep && !keep[k] ? 0 : sizes[k];
    int *first = calloc((size_t)nm + 2, sizeof *first);
    int *in = malloc(((size_t)total + 1) * sizeof *in);
    if (!first || !in) {
        free(first), free(in);
        return SEAM_ENOMEM;
    }
    /* counted at m + 2, summed, then filled through m + 1: first[m] ends where m's start */
    for (int k = 0; k < ngroups; k++)
        for (int i = 0; (!keep || keep[k]) && i < sizes[k]; i++)
            first[mods[k][i] + 2]++;
    for (int m = 0; m < nm; m++)
        first[m + 2] += first[m + 1];
    for (int k = 0; k < ngroups; k++)
        for (int i = 0; (!keep || keep[k]) && i < sizes[k]; i++)
            in[first[mods[k][i] + 1]++] = k;
    *first_out = first;
    *in_out = in;
    return SEAM_OK;
}

int dc_agreement_compute(const dc_graph *g, const dc_kedge *base, int n, int *const *mods,
                         const int *sizes, int ngroups, double *agreement, double *mean,
                         seam_err *err)
{
    int nm = g->nmodules, rc = SEAM_OK;
    double *strength = calloc((size_t)nm + 1, sizeof *strength);
    double *inside = calloc((size_t)ngroups + 1, sizeof *inside);
    /* first[m] .. first[m + 1]: the groups holding module m, ascending */
    int *first = NULL, *in = NULL;
    if (!strength || !inside ||
        dc_agreement_memberships(nm, mods, sizes, ngroups, NULL, &first, &in) != SEAM_OK) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing groups");
        goto done;
    }
    /* (group, table, access weight) for every access edge and group of its module */
    double *table_all = calloc((size_t)g->ntables + 1, sizeof *table_all);
    int ntrip = 0, captrip = 0;
    trip *trips = NULL;
    if (!table_all) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing groups");
        goto done;
    }
    for (int i = 0; i < n; i++) {
        const dc_kedge *e = &base[i];
        if (e->a >= nm || e->b < nm || e->kind != DECOMPOSER_ACCESS)
            continue;
        strength[e->a] += e->w;
        table_all[e->b - nm] += e->w;
        for (int x = first[e->a]; x < first[e->a + 1]; x++) {
            if (seam_array_reserve(&trips, &captrip, ntrip + 1, sizeof *trips) < 0) {
                free(trips);
                free(table_all);
                rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing groups");
                goto done;
            }
            trips[ntrip++] = (trip){in[x], e->b - nm, e->w};
        }
    }
    /* base is sorted by (a, b): the triples of one (group, table) need their own order */
    if (ntrip > 1)
        qsort(trips, (size_t)ntrip, sizeof *trips, trip_cmp);
    for (int i = 0; i < ntrip;) {
        int j = i;
        double sum = 0;
        while (j < ntrip && trips[j].k == trips[i].k && trips[j].t == trips[i].t)
            sum += trips[j++].w;
        /* a table only one of the group's modules uses ties it to nothing in the group */
        if (j - i >= 2 && table_all[trips[i].t] > 0)
            inside[trips[i].k] += 0.5 * sum * (sum / table_all[trips[i].t]);
        i = j;
    }
    free(trips);
    free(table_all);
    for (int i = 0; i < n; i++) {
        const dc_kedge *e = &base[i];
        if (e->b >= nm)
            continue;
        strength[e->a] += e->w;
        strength[e->b] += e->w;
        /* the groups both ends are in: a merge of two ascending lists */
        int x = first[e->a], xe = first[e->a + 1], y = first[e->b], ye = first[e->b + 1];
        while (x < xe && y < ye) {
            if (in[x] < in[y])
                x++;
            else if (in[x] > in[y])
                y++;
            else
                inside[in[x]] += e->w, x++, y++;
        }
    }
    double sum = 0;
    int tied = 0;
    for (int m = 0; m < nm; m++)
        if (strength[m] > 0)
            sum += strength[m], tied++;
    *mean = tied ? sum / tied : 0;
    for (int k = 0; k < ngroups; k++) {
        double all = 0;
        for (int i = 0; i < sizes[k]; i++)
            all += strength[mods[k][i]];
        agreement[k] = all > 0 ? 2.0 * inside[k] / all : 0;
        if (agreement[k] > 1)
            agreement[k] = 1; /* rounding */
    }
done:
    free(strength);
    free(inside);
    free(first);
    free(in);
    return rc;
}
