/*
 * ties_calls.c - stage 2: the calls between services become an interface.
 *
 * Each service that other services' code calls gets one "expose_interface"
 * step: the functions they call (the service's interface in the model: the
 * candidate API behind a gateway, in strangler order), each listed with its
 * definition as the code to change (an in-process call becomes a remote one,
 * or a message), and who calls it.
 */
#include "planner_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#define INTERFACE_NAMED 40 /* interface functions a rationale names, with their callers */

/* A call into a function: (callee, the caller's service), sorted. */
typedef struct use {
    int callee, service;
} use;

static int use_cmp(const void *a, const void *b)
{
    const use *x = a, *y = b;
    if (x->callee != y->callee)
        return (x->callee > y->callee) - (x->callee < y->callee);
    return (x->service > y->service) - (x->service < y->service);
}

/* The services other than s calling function f, as "a, b" (NULL: out of memory). */
static char *callers_of(const pl_ctx *c, const use *u, int n, int s, int f)
{
    /* the first use of f: a binary search over the sorted uses */
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (u[mid].callee < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    char *out = seam_strdup("");
    for (int k = lo; out && k < n && u[k].callee == f; k++)
        if (u[k].service != s && (k == lo || u[k].service != u[k - 1].service))
            out = pl_join(out, *out ? ", " : "", seam_strdup(c->m->services[u[k].service].name));
    return out;
}

int pl_ties_calls(pl_ctx *c)
{
    const seam_model *m = c->m;
    int rc = SEAM_OK, n = 0;
    /* who calls what, sorted once: a service's callers are then a binary search away */
    use *u = malloc((size_t)(m->ncalls + 1) * sizeof *u);
    if (!u)
        return SEAM_ENOMEM;
    for (int k = 0; k < m->ncalls; k++) {
        int from = m->calls[k].caller, to = m->calls[k].callee;
        if (from >= 0 && from < m->nfunctions && to >= 0 && to < m->nfunctions &&
            c->fn_service[from] >= 0)
            u[n++] = (use){to, c->fn_service[from]};
    }
    seam_sort(u, (size_t)n, sizeof *u, use_cmp);
    for (int i = 0; i < c->nstrangler && rc == SEAM_OK; i++) {
        int s = c->strangler[i];
        const seam_service *sv = &m->services[s];
        const pl_depend *d = &c->dep[s];
        if (d->ninterface == 0)
            continue;
        int st = pl_step_add(c, SEAM_PLAN_STAGE_TIES, "expose_interface", sv->name, NULL,
                             seam_printf("service %s exposes the %d function%s other services "
                                         "call as its API",
                                         sv->name, d->ninterface, d->ninterface == 1 ? "" : "s"));
        if (st < 0) {
            free(u);
            return SEAM_ENOMEM;
        }
        char *list = seam_strdup("");
        for (int k = 0; list && k < d->ninterface; k++) {
            int f = d->interface[k];
            if (f < 0 || f >= m->nfunctions)
                continue;
            /* the rationale names the first ones; the code sites list them all */
            if (k < INTERFACE_NAMED) {
                char *who = callers_of(c, u, n, s, f);
                list = pl_join(list, *list ? "; " : "",
                               who ? seam_printf("%s (called by %s)", m->functions[f].name,
                                                 *who ? who : "reference only")
                                   : NULL);
                free(who);
            } else if (k == INTERFACE_NAMED) {
                list = pl_join(
                    list, "",
                    seam_printf("; and %d more (the code sites)", d->ninterface - INTERFACE_NAMED));
            }
            /* the definition: where the call becomes a request */
            if (pl_step_function(c, st, f) != SEAM_OK) {
                free(list);
                free(u);
                return SEAM_ENOMEM;
            }
        }
        rc = pl_step_why(c, st,
                         list ? seam_printf("Once apart, a call into %s is a request to it. "
                                            "Its API, behind a gateway: %s.",
                                            sv->name, list)
                              : NULL);
        free(list);
        if (rc == SEAM_OK)
            rc = pl_step_note(c, st, seam_strdup("A code change: no SQL."));
    }
    free(u);
    return rc;
}
