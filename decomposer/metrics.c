/*
 * metrics.c - how good the proposed cut is, in numbers a reviewer can check.
 * The formulas, with their sources, are in docs/metrics.md.
 *
 * Calls are counted in call expressions (seam_call.count), including calls
 * inside one module. A call into or out of a shared library counts as
 * neither internal nor cross-service: the library is linked into every
 * service, so such a call never crosses a network boundary, and counting it
 * as internal would flatter whichever service the caller sits in.
 * Shared tables are tables that SQL in modules of more than one service
 * touches (shared libraries' SQL is not counted: they belong to no service).
 *
 * The structural measures work on modules (the clustered unit) and on the
 * module pairs with calls between them, as Mono2Micro's do on classes:
 *   scoh(s)   = mu_s / N_s^2          mu_s: ordered module pairs inside s
 *                                     with a call from one to the other
 *   scop(s,t) = sigma_st / (2 N_s N_t) sigma_st: such pairs between s and t
 *   SM        = mean scoh - mean over service pairs of scop
 * A service's cohesion is its scoh, its coupling the mean of its scop with
 * each other service. MQ is Bunch's TurboMQ on the weighted coupling graph:
 * the sum over services of 2 i_s / (2 i_s + e_s), i_s the weight inside s
 * and e_s the weight of edges leaving it.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

static int service_of_function(const dc_graph *g, const dc_partition *p, int fn)
{
    return p->module_service[g->file_module[g->model->functions[fn].file]];
}

static int fk_service(const dc_graph *g, const dc_partition *p, const char *table)
{
    int t = dc_facts_find_table(g, table);
    return t < 0 ? -1 : p->table_service[t];
}

static int node_service(const dc_graph *g, const dc_partition *p, int node)
{
    return node < g->nmodules ? p->module_service[node] : p->table_service[node - g->nmodules];
}

/* Counts of calls, foreign keys, shared tables and joins. Returns 0 or SEAM_ENOMEM. */
static int count_basics(const dc_graph *g, const dc_partition *p, seam_metrics *out)
{
    const seam_model *m = g->model;
    out->modularity = p->modularity;
    out->services = p->nservices;
    for (int i = 0; i < m->ncalls; i++) {
        int a = service_of_function(g, p, m->calls[i].caller);
        int b = service_of_function(g, p, m->calls[i].callee);
        if (a < 0 || b < 0 || m->calls[i].count <= 0)
            continue;
        if (a == b)
            out->internal_calls += m->calls[i].count;
        else
            out->cross_service_calls += m->calls[i].count;
    }
    for (int i = 0; i < m->schema.nforeign_keys; i++) {
        int a = fk_service(g, p, m->schema.foreign_keys[i].from_table);
        int b = fk_service(g, p, m->schema.foreign_keys[i].to_table);
        if (a >= 0 && b >= 0 && a != b)
            out->cross_service_fks++;
    }
    /* access is sorted by module, so the services of one table come from a scan per table;
     * a per-table "first service seen" array does it in one pass. */
    int *first = malloc(((size_t)g->ntables + 1) * sizeof *first);
    char *shared = calloc((size_t)g->ntables + 1, 1);
    if (!first || !shared) {
        free(first);
        free(shared);
        return SEAM_ENOMEM;
    }
    for (int t = 0; t < g->ntables; t++)
        first[t] = -1;
    for (int i = 0; i < g->naccess; i++) {
        int s = p->module_service[g->access[i].module], t = g->access[i].table;
        if (s < 0)
            continue;
        if (first[t] < 0)
            first[t] = s;
        else if (first[t] != s)
            shared[t] = 1;
    }
    for (int t = 0; t < g->ntables; t++)
        out->shared_tables += shared[t];
    free(first);
    free(shared);
    out->sql_joins = g->njoins;
    for (int i = 0; i < g->njoins; i++) {
        int a = p->table_service[g->joins[i].ta], b = p->table_service[g->joins[i].tb];
        /* An unowned table (-1) sits in no service: no join with it crosses services. */
        if (a >= 0 && b >= 0 && a != b)
            out->cross_service_joins++;
    }
    out->implied_fks = g->nimplied;
    out->commits_read = g->commits_read;
    out->commits_used = g->commits_used;
    return SEAM_OK;
}

/* TurboMQ over every service (table-only ones too) on the weighted graph into *mq. Returns 0
 * or SEAM_ENOMEM. */
static int turbo_mq(const dc_graph *g, const dc_partition *p, double *mq)
{
    double *in = calloc((size_t)p->nservices + 1, sizeof *in);
    double *ext = calloc((size_t)p->nservices + 1, sizeof *ext);
    if (!in || !ext) {
        free(in);
        free(ext);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < g->nedges; i++) {
        int a = node_service(g, p, g->edges[i].a), b = node_service(g, p, g->edges[i].b);
        if (a >= 0 && a == b)
            in[a] += g->edges[i].w;
        else {
            if (a >= 0)
                ext[a] += g->edges[i].w;
            if (b >= 0)
                ext[b] += g->edges[i].w;
        }
    }
    *mq = 0;
    for (int s = 0; s < p->nservices; s++)
        if (in[s] > 0)
            *mq += 2 * in[s] / (2 * in[s] + ext[s]);
    free(in);
    free(ext);
    return SEAM_OK;
}

/*
 * Structural cohesion and coupling per service (into model services through
 * index) and SM into *sm. Only services made of modules take part (K of them).
 * Returns 0 or SEAM_ENOMEM.
 */
static int structural(const dc_graph *g, const dc_partition *p, seam_model *model,
                      const int *index, double *sm)
{
    int ns = p->nservices, rc = SEAM_OK;
    int *size = calloc((size_t)ns + 1, sizeof *size);
    double *cop = calloc((size_t)ns + 1, sizeof *cop);
    seam_int_pair *v = calloc((size_t)g->ncalls + 1, sizeof *v);
    *sm = 0;
    if (!size || !cop || !v) {
        rc = SEAM_ENOMEM;
        goto done;
    }
    for (int m = 0; m < g->nmodules; m++)
        if (p->module_service[m] >= 0)
            size[p->module_service[m]]++;
    int k = 0;
    for (int s = 0; s < ns; s++)
        k += size[s] > 0;
    if (k == 0)
        goto done;
    /* g->calls are distinct ordered module pairs: mu and sigma count them directly. */
    double coh_sum = 0, cop_sum = 0;
    int nv = 0;
    for (int i = 0; i < g->ncalls; i++) {
        int a = p->module_service[g->calls[i].from], b = p->module_service[g->calls[i].to];
        if (a < 0 || b < 0)
            continue;
        if (a == b) {
            model->services[index[a]].cohesion += 1.0 / ((double)size[a] * size[a]);
        } else {
            v[nv].a = a < b ? a : b;
            v[nv++].b = a < b ? b : a;
        }
    }
    for (int s = 0; s < ns; s++)
        coh_sum += model->services[index[s]].cohesion;
    /* sigma per unordered service pair: runs of the sorted pairs. */
    seam_sort(v, (size_t)nv, sizeof *v, seam_cmp_int_pair);
    for (int i = 0; i < nv;) {
        int j = i;
        while (j < nv && v[j].a == v[i].a && v[j].b == v[i].b)
            j++;
        double scop = (double)(j - i) / (2.0 * size[v[i].a] * size[v[i].b]);
        cop_sum += scop;
        cop[v[i].a] += scop;
        cop[v[i].b] += scop;
        i = j;
    }
    for (int s = 0; s < ns; s++)
        if (size[s] > 0 && k > 1)
            model->services[index[s]].coupling = cop[s] / (k - 1);
    *sm = coh_sum / k - (k > 1 ? cop_sum / (k * (k - 1) / 2.0) : 0);
done:
    free(size);
    free(cop);
    free(v);
    return rc;
}

int dc_metrics_compute(const dc_graph *g, const dc_partition *p, const dc_cluster_info *info,
                       seam_model *model, const int *index, seam_err *err)
{
    seam_metrics *out = &model->metrics;
    memset(out, 0, sizeof *out);
    int rc = count_basics(g, p, out);
    if (rc == SEAM_OK)
        rc = turbo_mq(g, p, &out->mq);
    if (rc == SEAM_OK)
        rc = structural(g, p, model, index, &out->sm);
    long calls = (long)out->cross_service_calls + out->internal_calls;
    out->icp = calls ? (double)out->cross_service_calls / (double)calls : 0;
    /* IFN and NED over the services made of modules. */
    int *size = calloc((size_t)p->nservices + 1, sizeof *size);
    int *sizes = calloc((size_t)p->nservices + 1, sizeof *sizes);
    if (!size || !sizes)
        rc = SEAM_ENOMEM;
    if (rc == SEAM_OK) {
        for (int m = 0; m < g->nmodules; m++)
            if (p->module_service[m] >= 0)
                size[p->module_service[m]]++;
        int k = 0;
        long interface = 0;
        for (int s = 0; s < p->nservices; s++)
            if (size[s] > 0) {
                sizes[k++] = size[s];
                interface += model->services[index[s]].ninterface;
            }
        out->ifn = k ? (double)interface / k : 0;
        rc = dc_cluster_ned(sizes, k, &out->ned);
    }
    free(size);
    free(sizes);
    if (rc)
        return seam_err_set(err, rc, "decomposer: out of memory computing metrics");
    out->resolution = info->resolution;
    out->objective = info->objective;
    out->dead_functions = model->ndead_functions;
    return SEAM_OK;
}
