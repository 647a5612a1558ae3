/*
 * shared.c - modules set aside as shared libraries.
 *
 * A logging module, string helpers or the db wrapper that every module
 * calls would otherwise glue all domains into one cluster; a service
 * boundary should not run through them, they get linked into every service.
 * "Uses" below are calls and function references together (a reference is
 * a call made later: a dispatch table, a callback). N is the number of
 * modules; "half" is ceil((N-1)/2) of the other modules, and never fewer
 * than 3 (below that, a callee is a neighbour, not a library).
 *
 * Before clustering, three rules, in this order:
 *
 *   library      used by at least half of the other modules, and writes no
 *                table (reading is allowed: a config module reading its
 *                settings, a db wrapper running its own "SELECT 1")
 *   entry point  used by no module, touches no table, and uses at least 3
 *                other modules: main.c and its kin dispatch to every domain;
 *                clustering them would drag one domain towards the others.
 *                Set aside (not left to clustering) so that they belong to
 *                no service: an entry point becomes the API gateway.
 *   isolated     after the two rules above, uses no non-shared module, is
 *                used by none, and touches no table (a header of shared
 *                types, a leftover helper only calling the logger): nothing
 *                ties it to any one service.
 *
 * After a first clustering, one more (dc_shared_spread):
 *
 *   spread       writes no table, uses no module outside the shared
 *                libraries (a leaf: a clock, an allocator, a checksum), and
 *                is used by modules of at least 3 other clusters, which hold
 *                more than half of its users: a utility that Leiden had to
 *                put somewhere, used by a third of the code rather than half.
 *                The graph is weighed and clustered again without it.
 *
 * A module named by a constraint (constraints.c) is never set aside: the
 * architect has placed it.
 *
 * Each set-aside module gets a one-line reason, e.g. "called from 12 of 19
 * other modules, writes no table".
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <stdlib.h>

static int threshold(int nmodules)
{
    int half = nmodules / 2; /* == ceil((nmodules - 1) / 2) */
    return half < 3 ? 3 : half;
}

static int constrained(const dc_graph *g, int m)
{
    return g->cons.constrained && g->cons.constrained[m];
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
    /* Link pairs are distinct (from, to), so counting them counts distinct modules. */
    for (int i = 0; i < g->nlinks; i++) {
        fan_in[g->links[i].to]++;
        fan_out[g->links[i].from]++;
    }
    for (int i = 0; i < g->naccess; i++) {
        touches[g->access[i].module] = 1;
        if (g->access[i].writes)
            writes[g->access[i].module] = 1;
    }
    int need = threshold(n);
    for (int m = 0; m < n; m++) {
        char *reason = NULL;
        if (constrained(g, m))
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
    for (int i = 0; i < g->nlinks; i++) {
        const dc_call_pair *c = &g->links[i];
        if (!g->shared[c->from] && !g->shared[c->to])
            linked[c->from] = linked[c->to] = 1;
    }
    for (int m = 0; m < n; m++) {
        if (g->shared[m] || linked[m] || touches[m] || constrained(g, m))
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

int dc_shared_spread(dc_graph *g, const int *membership, int *added, seam_err *err)
{
    int n = g->nmodules, rc = SEAM_OK;
    char *writes = calloc((size_t)n + 1, 1), *leaf = malloc((size_t)n + 1);
    /* users[first[m] .. first[m + 1]): clusters of the modules using m. */
    int *first = calloc((size_t)n + 2, sizeof *first);
    int *users = malloc(((size_t)g->nlinks + 1) * sizeof *users);
    char *mark = calloc((size_t)n + 1, 1);
    *added = 0;
    if (!writes || !leaf || !first || !users || !mark) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory finding shared modules");
        goto done;
    }
    for (int i = 0; i < g->naccess; i++)
        if (g->access[i].writes)
            writes[g->access[i].module] = 1;
    for (int m = 0; m < n; m++)
        leaf[m] = 1;
    for (int i = 0; i < g->nlinks; i++) {
        const dc_call_pair *l = &g->links[i];
        if (!g->shared[l->to])
            leaf[l->from] = 0;
        if (!g->shared[l->from])
            first[l->to + 2]++;
    }
    for (int m = 0; m < n; m++)
        first[m + 2] += first[m + 1];
    for (int i = 0; i < g->nlinks; i++) {
        const dc_call_pair *l = &g->links[i];
        if (!g->shared[l->from])
            users[first[l->to + 1]++] = membership[l->from];
    }
    /* Decide on the first clustering as a whole, then mark: no module's verdict depends on
     * another's within one pass. */
    for (int m = 0; m < n; m++) {
        if (g->shared[m] || writes[m] || !leaf[m] || constrained(g, m))
            continue;
        int *u = users + first[m], nu = first[m + 1] - first[m];
        if (nu < 3)
            continue;
        seam_sort(u, (size_t)nu, sizeof *u, seam_cmp_int);
        int outside = 0, clusters = 0;
        for (int k = 0; k < nu; k++) {
            if (u[k] == membership[m])
                continue;
            outside++;
            if (k == 0 || u[k] != u[k - 1])
                clusters++;
        }
        if (clusters >= 3 && 2 * outside > nu)
            mark[m] = 1;
        if (!mark[m])
            continue;
        g->shared_reason[m] =
            seam_printf("used by %d modules in %d other clusters (%d of %d users outside its "
                        "own), uses only shared modules, writes no table",
                        nu, clusters, outside, nu);
        if (!g->shared_reason[m]) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
            goto done;
        }
    }
    for (int m = 0; m < n; m++)
        if (mark[m]) {
            g->shared[m] = 1;
            g->nshared++;
            (*added)++;
        }
done:
    free(writes);
    free(leaf);
    free(first);
    free(users);
    free(mark);
    return rc;
}
