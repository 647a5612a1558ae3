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
    int *below = calloc((size_t)n + 1, sizeof *below);
    if (!g->entry)
        g->entry = calloc((size_t)n + 1, sizeof *g->entry);
    if (!fan_in || !fan_out || !writes || !touches || !below || !g->entry) {
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
    /*
     * Leaf-ward: a library uses other libraries (the allocator calls the
     * logger), not the code that uses it. A module used by half of the others
     * that itself uses more than two modules no such count makes a library is
     * the core of the program (bash's execute_cmd.c, libxml2's tree.c), not
     * a utility: it stays with the code.
     */
    for (int i = 0; i < g->nlinks; i++) {
        const dc_call_pair *c = &g->links[i];
        if (fan_in[c->to] < need || writes[c->to])
            below[c->from]++;
    }
    for (int m = 0; m < n; m++) {
        char *reason = NULL;
        if (constrained(g, m) || g->shared[m])
            continue;
        if (fan_in[m] >= need && !writes[m] && below[m] <= 2) {
            reason = seam_printf("called from %d of %d other modules, calls %d that are no "
                                 "library, writes no table",
                                 fan_in[m], n - 1, below[m]);
        } else if (fan_in[m] == 0 && !touches[m] && fan_out[m] >= 3) {
            /* set aside while clustering (it would pull every domain it drives together),
             * then placed with the service it uses most (dc_shared_place_entries) */
            reason = seam_printf("entry point: calls %d of %d other modules, called by none, "
                                 "touches no table",
                                 fan_out[m], n - 1);
            g->entry[m] = 1;
        } else {
            continue;
        }
        if (!reason) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
            goto done;
        }
        g->shared[m] = 1;
        g->shared_reason[m] = reason;
        g->nshared++;
    }
done:
    free(fan_in);
    free(fan_out);
    free(writes);
    free(touches);
    free(below);
    return rc;
}

int dc_shared_isolated(dc_graph *g, seam_err *err)
{
    char *touches = calloc((size_t)g->nmodules + 1, 1);
    if (!touches)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
    for (int i = 0; i < g->naccess; i++)
        touches[g->access[i].module] = 1;
    int rc = SEAM_OK;
    for (int m = 0; m < g->nmodules; m++) {
        if (g->shared[m] || g->entry[m] || touches[m] || constrained(g, m) || g->strength[m] > 0)
            continue;
        g->shared_reason[m] = seam_strdup("isolated: no tie of any kind to a service module, "
                                          "touches no table");
        if (!g->shared_reason[m]) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
            break;
        }
        g->shared[m] = 1;
        g->nshared++;
    }
    free(touches);
    return rc;
}

int dc_shared_place_entries(dc_graph *g, int *membership, int force, seam_err *err)
{
    int n = g->nmodules;
    double *to = calloc((size_t)dc_nnodes(g) * 2 + 1, sizeof *to);
    if (!to)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
    for (int m = 0; m < n; m++) {
        if (!g->entry[m] || !g->shared[m])
            continue;
        /* uses (calls and references, as links count them) into each cluster of service
         * modules: one that gets more than half of them is the service it drives; none is a gateway, a service
         * of its own (entry[m] stays set: merge.c leaves it alone), unless a number of
         * services was asked for (force): then the one it calls most */
        int best = -1;
        double all = 0;
        for (int i = 0; i < g->nlinks; i++) {
            const dc_call_pair *c = &g->links[i];
            if (c->from != m || g->shared[c->to] || g->entry[c->to])
                continue;
            int k = membership[c->to];
            to[k] += (double)c->count;
            all += (double)c->count;
            if (best < 0 || to[k] > to[best] || (to[k] == to[best] && k < best))
                best = k;
        }
        int drives = best >= 0 && (force || 2 * to[best] > all);
        for (int i = 0; i < g->nlinks; i++)
            if (g->links[i].from == m)
                to[membership[g->links[i].to]] = 0;
        free(g->shared_reason[m]);
        g->shared_reason[m] = NULL;
        g->shared[m] = 0;
        g->nshared--;
        if (drives) {
            membership[m] = best;
            g->entry[m] = 0;
        }
    }
    free(to);
    return SEAM_OK;
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
        /* the clusters its users are in, and the most users any one of them holds */
        int clusters = 0, most = 0, run = 0;
        for (int k = 0; k < nu; k++) {
            run = k > 0 && u[k] == u[k - 1] ? run + 1 : 1;
            clusters += run == 1;
            most = run > most ? run : most;
        }
        /* Widely used: no one cluster holds most of its users, whatever the number of
         * clusters (a leaf mostly used by one other cluster belongs there instead). */
        if (clusters >= 2 && 2 * most <= nu)
            mark[m] = 1;
        if (!mark[m])
            continue;
        g->shared_reason[m] =
            seam_printf("used by %d modules in %d clusters, at most %d in any one, uses only "
                        "shared modules, writes no table",
                        nu, clusters, most);
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
