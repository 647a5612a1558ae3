/*
 * shared.c - modules set aside as shared libraries before clustering.
 *
 * A logging module, string helpers or the db wrapper that every module
 * calls would otherwise glue all domains into one cluster; a service
 * boundary should not run through them, they get linked into every service.
 * N is the number of modules; "half" is ceil((N-1)/2) of the other modules,
 * and never fewer than 3 (below that, a callee is a neighbour, not a library).
 * Three rules, applied in this order:
 *
 *   library      called from at least half of the other modules, and writes
 *                no table (reading is allowed: a config module reading its
 *                settings, a db wrapper running its own "SELECT 1")
 *   entry point  called by no module, touches no table, and calls at least 3
 *                other modules: main.c and its kin dispatch to every domain;
 *                clustering them would drag one domain towards the others.
 *                Set aside (not left to clustering) so that they belong to
 *                no service: an entry point becomes the API gateway.
 *   isolated     after the two rules above, calls no non-shared module, is
 *                called by none, and touches no table (a header of shared
 *                types, a leftover helper only calling the logger): nothing
 *                ties it to any one service.
 *
 * A module named by a constraint (constraints.c) is never set aside: the
 * architect has placed it.
 *
 * Each set-aside module gets a one-line reason, e.g. "called from 12 of 19
 * other modules, writes no table".
 */
#include "dc.h"

#include <stdlib.h>

static int threshold(int nmodules)
{
    int half = nmodules / 2; /* == ceil((nmodules - 1) / 2) */
    return half < 3 ? 3 : half;
}

int dc_shared_detect(dc_graph *g, seam_err *err)
{
    int n = g->nmodules, rc = SEAM_OK;
    int *fan_in = calloc((size_t)n + 1, sizeof *fan_in);
    int *fan_out = calloc((size_t)n + 1, sizeof *fan_out);
    int *writes = calloc((size_t)n + 1, sizeof *writes);
    int *touches = calloc((size_t)n + 1, sizeof *touches);
    int *linked = calloc((size_t)n + 1, sizeof *linked);
    if (!fan_in || !fan_out || !writes || !touches || !linked) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory finding shared modules");
        goto done;
    }
    /* Call pairs are distinct (from, to), so counting them counts distinct modules. */
    for (int i = 0; i < g->ncalls; i++) {
        fan_in[g->calls[i].to]++;
        fan_out[g->calls[i].from]++;
    }
    for (int i = 0; i < g->naccess; i++) {
        touches[g->access[i].module] = 1;
        if (g->access[i].writes)
            writes[g->access[i].module] = 1;
    }
    int need = threshold(n);
    for (int m = 0; m < n; m++) {
        char *reason = NULL;
        if (g->cons.constrained && g->cons.constrained[m])
            continue;
        if (fan_in[m] >= need && !writes[m])
            reason = seam_printf("called from %d of %d other modules, writes no table", fan_in[m],
                                 n - 1);
        else if (fan_in[m] == 0 && !touches[m] && fan_out[m] >= 3)
            reason = seam_printf("entry point: calls %d of %d other modules, called by none, "
                                 "touches no table",
                                 fan_out[m], n - 1);
        else
            continue;
        if (!reason) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
            goto done;
        }
        g->shared[m] = 1;
        g->shared_reason[m] = reason;
        g->nshared++;
    }
    for (int i = 0; i < g->ncalls; i++) {
        const dc_call_pair *c = &g->calls[i];
        if (!g->shared[c->from] && !g->shared[c->to])
            linked[c->from] = linked[c->to] = 1;
    }
    for (int m = 0; m < n; m++) {
        if (g->shared[m] || linked[m] || touches[m] ||
            (g->cons.constrained && g->cons.constrained[m]))
            continue;
        g->shared_reason[m] =
            seam_strdup("isolated: no calls to or from service modules, touches no table");
        if (!g->shared_reason[m]) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
            goto done;
        }
        g->shared[m] = 1;
        g->nshared++;
    }
done:
    free(fan_in);
    free(fan_out);
    free(writes);
    free(touches);
    free(linked);
    return rc;
}
