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

#include <stdlib.h>
#include <string.h>

/* The services other than s calling function f, as "a, b" (NULL: out of memory). */
static char *callers_of(const pl_ctx *c, int s, int f)
{
    const seam_model *m = c->m;
    unsigned char *seen = calloc((size_t)m->nservices + 1, 1);
    char *out = seen ? seam_strdup("") : NULL;
    for (int k = 0; out && k < m->ncalls; k++) {
        if (m->calls[k].callee != f || m->calls[k].caller < 0)
            continue;
        int o = c->fn_service[m->calls[k].caller];
        if (o < 0 || o == s || seen[o])
            continue;
        seen[o] = 1;
    }
    for (int o = 0; out && o < m->nservices; o++)
        if (seen[o])
            out = pl_join(out, *out ? ", " : "", seam_strdup(m->services[o].name));
    free(seen);
    return out;
}

int pl_ties_calls(pl_ctx *c)
{
    const seam_model *m = c->m;
    int rc = SEAM_OK;
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
        if (st < 0)
            return SEAM_ENOMEM;
        char *list = seam_strdup("");
        for (int k = 0; list && k < d->ninterface; k++) {
            int f = d->interface[k];
            if (f < 0 || f >= m->nfunctions)
                continue;
            char *who = callers_of(c, s, f);
            list = pl_join(list, *list ? "; " : "",
                           who ? seam_printf("%s (called by %s)", m->functions[f].name,
                                             *who ? who : "reference only")
                               : NULL);
            free(who);
            /* the definition: where the call becomes a request */
            seam_plan_step *step = &c->m->plan[st];
            seam_plan_site *v = realloc(step->code_sites,
                                        (size_t)(step->ncode_sites + 1) * sizeof *v);
            if (!v) {
                free(list);
                return SEAM_ENOMEM;
            }
            step->code_sites = v;
            v[step->ncode_sites++] =
                (seam_plan_site){m->functions[f].file, m->functions[f].line, f, NULL};
            step->effort_sites = step->ncode_sites;
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
    return rc;
}
