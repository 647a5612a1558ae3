/*
 * depends.c - who depends on whom, recomputed from the model's facts and
 * the services' files and tables alone.
 *
 * The plan is redone from a model.json a user may have edited (a file moved
 * to another service, a table given to another owner) without touching the
 * decomposer's derived lists (functions, interface, inbound, tables_read).
 * So the planner derives them again here: a function belongs to the service
 * listing its file; service A depends on service B when A's code calls or
 * references B's functions or its SQL touches B's tables; B's interface is
 * its functions other services call or reference.
 */
#include "planner_internal.h"
#include "sort.h"

#include <stdlib.h>

typedef struct pair {
    int a, b;
} pair;

static int pair_cmp(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->b != q->b)
        return (p->b > q->b) - (p->b < q->b);
    return (p->a > q->a) - (p->a < q->a);
}

/* Appends (a, b) to *v; a dependency of service a on service b. */
static int pair_add(pair **v, int *n, int *cap, int a, int b)
{
    if (seam_array_reserve(v, cap, *n + 1, sizeof **v) < 0)
        return SEAM_ENOMEM;
    (*v)[(*n)++] = (pair){a, b};
    return SEAM_OK;
}

static int is_service(const pl_ctx *c, int s)
{
    return s >= 0 && c->m->services[s].kind == SEAM_SERVICE_KIND_SERVICE;
}

/* A use of function `to` by function `from`: a dependency and an interface entry. */
static int use(pl_ctx *c, pair **v, int *n, int *cap, int from, int to, int count)
{
    const seam_model *m = c->m;
    if (from < 0 || to < 0 || from >= m->nfunctions || to >= m->nfunctions)
        return SEAM_OK;
    int a = c->fn_service[from], b = c->fn_service[to];
    if (!is_service(c, a) || !is_service(c, b) || a == b)
        return SEAM_OK;
    pl_depend *d = &c->dep[b];
    d->uses += count;
    if (seam_array_reserve(&d->interface, &d->capinterface, d->ninterface + 1,
                           sizeof *d->interface) < 0)
        return SEAM_ENOMEM;
    d->interface[d->ninterface++] = to;
    return pair_add(v, n, cap, a, b);
}

int pl_depends_compute(pl_ctx *c)
{
    const seam_model *m = c->m;
    int *file_service = malloc((size_t)(m->nfiles + 1) * sizeof *file_service);
    if (!file_service)
        return SEAM_ENOMEM;
    for (int f = 0; f < m->nfiles; f++)
        file_service[f] = -1;
    for (int s = 0; s < m->nservices; s++)
        for (int k = 0; k < m->services[s].nfiles; k++) {
            int f = seam_model_find_file(m, m->services[s].files[k]);
            if (f >= 0 && file_service[f] < 0)
                file_service[f] = s;
        }
    for (int f = 0; f < m->nfunctions; f++) {
        int file = m->functions[f].file;
        c->fn_service[f] = file >= 0 && file < m->nfiles ? file_service[file] : -1;
    }
    free(file_service);

    pair *v = NULL;
    int n = 0, cap = 0, rc = SEAM_OK;
    for (int i = 0; i < m->ncalls && rc == SEAM_OK; i++)
        rc = use(c, &v, &n, &cap, m->calls[i].caller, m->calls[i].callee, m->calls[i].count);
    for (int i = 0; i < m->nfunc_refs && rc == SEAM_OK; i++)
        rc = use(c, &v, &n, &cap, m->func_refs[i].function, m->func_refs[i].target,
                 m->func_refs[i].count);
    /* SQL: a site of service a touching a table of service b; (a, k): it touches name k */
    pair *reads = NULL;
    int nreads = 0, capreads = 0;
    for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        int a = s->function >= 0 && s->function < m->nfunctions ? c->fn_service[s->function] : -1;
        if (!is_service(c, a))
            continue;
        for (int t = 0; t < s->ntables && rc == SEAM_OK; t++) {
            int tt = pl_name_index(c, s->tables[t].table);
            int b = tt >= 0 ? c->names[tt].owner : -1;
            if (b < 0 || b == a)
                continue;
            c->dep[b].uses++;
            rc = pair_add(&v, &n, &cap, a, b);
            if (rc == SEAM_OK)
                rc = pair_add(&reads, &nreads, &capreads, a, tt);
        }
    }
    if (rc == SEAM_OK) {
        /* distinct (depending, depended-on) pairs: each counts once for the depended-on */
        seam_sort(v, (size_t)n, sizeof *v, pair_cmp);
        for (int i = 0; i < n; i++)
            if (i == 0 || v[i].a != v[i - 1].a || v[i].b != v[i - 1].b)
                c->dep[v[i].b].inbound++;
        /* distinct (service, other's table) pairs: what it reads; who reads a table */
        seam_sort(reads, (size_t)nreads, sizeof *reads, pair_cmp);
        for (int i = 0; i < nreads; i++) {
            if (i > 0 && reads[i].a == reads[i - 1].a && reads[i].b == reads[i - 1].b)
                continue;
            c->dep[reads[i].a].reads++;
            if (i == 0 || reads[i].b != reads[i - 1].b)
                c->dep[c->names[reads[i].b].owner].shared++;
        }
        for (int s = 0; s < m->nservices; s++)
            c->dep[s].ninterface = seam_sort_unique_int(c->dep[s].interface, c->dep[s].ninterface);
    }
    free(v);
    free(reads);
    return rc;
}
