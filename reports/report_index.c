/*
 * report_index.c - mapping files, functions and SQL sites to services.
 *
 * The decomposer records a service as lists of file paths and table names.
 * The HTML report needs the inverse (which service does this call or SQL
 * site belong to?) and the service-to-service call matrix, computed here
 * once from the model.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void report_index_free(report_index *ix)
{
    free(ix->file_service);
    free(ix->function_service);
    free(ix->site_service);
    free(ix->service_functions);
    free(ix->service_sites);
    free(ix->deps);
    memset(ix, 0, sizeof *ix);
}

int report_table_owner(const seam_model *m, const char *table)
{
    if (!table)
        return -1;
    for (int s = 0; s < m->nservices; s++)
        for (int t = 0; t < m->services[s].ntables; t++)
            if (m->services[s].tables[t] && strcasecmp(m->services[s].tables[t], table) == 0)
                return s;
    return -1;
}

static int *new_ints(int n, int fill)
{
    int *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (v)
        for (int i = 0; i < n; i++)
            v[i] = fill;
    return v;
}

static int dep_cmp(const void *pa, const void *pb)
{
    const report_dep *a = pa, *b = pb;
    if (a->calls != b->calls)
        return a->calls > b->calls ? -1 : 1;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->to < b->to ? -1 : a->to > b->to;
}

static int svc_of(const int *map, int n, int i)
{
    return i >= 0 && i < n ? map[i] : -1;
}

/* Aggregates calls between services into a dense matrix, then keeps the
 * non-empty off-diagonal cells. Services are few (tens), so an S x S
 * matrix is the simplest correct structure. */
static int build_deps(const seam_model *m, report_index *ix)
{
    int ns = m->nservices;
    if (ns == 0)
        return SEAM_OK;
    size_t cells = (size_t)ns * (size_t)ns;
    int *calls = calloc(cells, sizeof *calls);
    int *edges = calloc(cells, sizeof *edges);
    if (!calls || !edges) {
        free(calls);
        free(edges);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < m->ncalls; i++) {
        int a = svc_of(ix->function_service, m->nfunctions, m->calls[i].caller);
        int b = svc_of(ix->function_service, m->nfunctions, m->calls[i].callee);
        if (a < 0 || b < 0 || a == b)
            continue;
        calls[(size_t)a * ns + b] += m->calls[i].count;
        edges[(size_t)a * ns + b]++;
    }
    int n = 0;
    for (size_t c = 0; c < cells; c++)
        n += edges[c] > 0;
    ix->deps = malloc((size_t)(n ? n : 1) * sizeof *ix->deps);
    if (!ix->deps) {
        free(calls);
        free(edges);
        return SEAM_ENOMEM;
    }
    for (size_t c = 0; c < cells; c++)
        if (edges[c] > 0)
            ix->deps[ix->ndeps++] = (report_dep){(int)(c / ns), (int)(c % ns), calls[c], edges[c]};
    qsort(ix->deps, (size_t)ix->ndeps, sizeof *ix->deps, dep_cmp);
    free(calls);
    free(edges);
    return SEAM_OK;
}

int report_index_build(const seam_model *m, report_index *ix)
{
    memset(ix, 0, sizeof *ix);
    ix->file_service = new_ints(m->nfiles, -1);
    ix->function_service = new_ints(m->nfunctions, -1);
    ix->site_service = new_ints(m->nsql_sites, -1);
    ix->service_functions = new_ints(m->nservices, 0);
    ix->service_sites = new_ints(m->nservices, 0);
    if (!ix->file_service || !ix->function_service || !ix->site_service || !ix->service_functions ||
        !ix->service_sites)
        goto oom;

    /* A file listed by two services (should not happen) stays with the first. */
    for (int s = 0; s < m->nservices; s++)
        for (int f = 0; f < m->services[s].nfiles; f++) {
            if (!m->services[s].files[f])
                continue;
            int fi = seam_model_find_file(m, m->services[s].files[f]);
            if (fi >= 0 && ix->file_service[fi] < 0)
                ix->file_service[fi] = s;
        }
    for (int i = 0; i < m->nfunctions; i++) {
        int s = svc_of(ix->file_service, m->nfiles, m->functions[i].file);
        ix->function_service[i] = s;
        if (s >= 0)
            ix->service_functions[s]++;
    }
    for (int i = 0; i < m->nsql_sites; i++) {
        int s = svc_of(ix->file_service, m->nfiles, m->sql_sites[i].file);
        ix->site_service[i] = s;
        if (s >= 0)
            ix->service_sites[s]++;
    }
    if (build_deps(m, ix))
        goto oom;
    return SEAM_OK;
oom:
    report_index_free(ix);
    return SEAM_ENOMEM;
}
