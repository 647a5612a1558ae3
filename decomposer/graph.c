/*
 * graph.c - the weighted, undirected coupling graph that Leiden clusters.
 *
 * Nodes: modules (0..nmodules-1) then tables. Shared library modules keep
 * their node ids but get no edges: they were set aside before clustering.
 *
 * EDGE WEIGHTS. Each kind of evidence first gets a raw weight per node pair
 * (docs/decomposition.md gives the rationale of each):
 *
 *   call        module-module  log2(1 + c), c = call expressions between the
 *                              two modules, both directions summed; a quarter
 *                              of it for a one-way call down out of a declared
 *                              component above its callees (layering.c)
 *   ref, global, type          function references, shared globals, shared
 *               module-module  types (symbols.c)
 *   access      module-table   log2(1 + 2*w + r), w = SQL sites of the module
 *                              writing the table, r = sites only reading it;
 *                              times 1 + log10(1 + p), p = production calls of
 *                              those sites (pg_stat_statements), when known
 *   fk          table-table    number of declared foreign keys between the
 *                              two tables, either direction
 *   implied_fk  table-table    number of implied foreign keys (joins.c)
 *   cochange    module-module  sum over commits changing both of
 *                              1 / (modules the commit changed - 1) (cochange.c)
 *   naming      module-module  cosine similarity of the modules' function-name
 *                              prefix profiles (naming_edges.c)
 *   component   module-module  modules of one declared component or directory, as
 *                              much as the kinds above agree (components.c; its
 *                              weight is set there, not normalised below)
 *
 * The logarithms keep one chatty pair (a loop calling a helper 200 times)
 * from outweighing many modest ones. So that no kind dominates just because
 * its raw numbers run larger, every kind is normalised to a mean weight of 1
 * over its own edges and scaled by its factor (decomposer_options.weights):
 *
 *   weight = factor(kind) * raw / mean(raw of that kind)
 *
 * Then the kinds on one pair are summed into the edge Leiden sees. The
 * per-kind edges are kept (g->kedges) to explain each module's place.
 * dc_graph_free releases the whole graph, facts (facts.c) included.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sums raw values (and weights) of the same (a, b, kind); v must be sorted. */
static int merge_same(dc_kedge *v, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k && v[k - 1].a == v[i].a && v[k - 1].b == v[i].b && v[k - 1].kind == v[i].kind) {
            v[k - 1].raw += v[i].raw;
            v[k - 1].w += v[i].w;
        } else {
            v[k++] = v[i];
        }
    }
    return k;
}

static int call_edges(const dc_graph *g, dc_kedges *l)
{
    /* Counts per unordered pair are summed first (merge_same), the log taken after. */
    for (int i = 0; i < g->ncalls; i++) {
        const dc_call_pair *c = &g->calls[i];
        if (dc_kedges_push(l, c->from, c->to, DECOMPOSER_CALL, (double)c->count))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

/*
 * Production weight: a module that runs its statements on a table 10,000 times
 * a minute is bound to it more than one running them nightly. The logarithm
 * keeps it a factor (1 for no calls, 2 for 9, 5 for 9,999) rather than letting
 * a hot path drown every other kind of evidence. Without statistics every
 * site's calls are 0 and the factor is exactly 1: the graph is unchanged.
 */
static double production_factor(long long calls)
{
    return 1.0 + log10(1.0 + (double)(calls > 0 ? calls : 0));
}

static int access_edges(const dc_graph *g, dc_kedges *l)
{
    for (int i = 0; i < g->naccess; i++) {
        const dc_access *a = &g->access[i];
        if (dc_kedges_push(l, a->module, g->nmodules + a->table, DECOMPOSER_ACCESS,
                           log2(1.0 + 2.0 * a->writes + a->reads) * production_factor(a->calls)))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

static int fk_edges(const dc_graph *g, dc_kedges *l)
{
    const seam_schema *s = &g->model->schema;
    for (int i = 0; i < s->nforeign_keys; i++) {
        int from = dc_facts_find_table(g, s->foreign_keys[i].from_table);
        int to = dc_facts_find_table(g, s->foreign_keys[i].to_table);
        if (from < 0 || to < 0 || from == to)
            continue;
        if (dc_kedges_push(l, g->nmodules + from, g->nmodules + to, DECOMPOSER_FK, 1.0))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

/* Drops edges touching shared modules and kinds switched off; returns the new count. */
static int keep_clustered(const dc_graph *g, dc_kedge *v, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        int sa = v[i].a < g->nmodules && g->shared[v[i].a];
        int sb = v[i].b < g->nmodules && g->shared[v[i].b];
        if (sa || sb || v[i].raw <= 0 || g->opts->weights[v[i].kind] <= 0)
            continue;
        v[k++] = v[i];
    }
    return k;
}

void dc_graph_unweigh(dc_graph *g)
{
    free(g->kedges);
    free(g->edges);
    free(g->strength);
    g->kedges = NULL;
    g->edges = NULL;
    g->strength = NULL;
    g->nkedges = g->nedges = 0;
    memset(g->kind_edges, 0, sizeof g->kind_edges);
}

int dc_graph_weigh(dc_graph *g, seam_err *err)
{
    dc_kedges l = {NULL, 0, 0};
    int rc = SEAM_OK;
    if (call_edges(g, &l) || access_edges(g, &l) || fk_edges(g, &l) || dc_joins_edges(g, &l))
        goto oom;
    if ((rc = dc_symbols_edges(g, &l, err)) || (rc = dc_cochange_edges(g, &l, err)))
        goto fail;
    if (l.n > 1)
        seam_sort(l.v, (size_t)l.n, sizeof *l.v, dc_kedges_cmp);
    int n = merge_same(l.v, l.n);
    n = keep_clustered(g, l.v, n);

    double sum[DECOMPOSER_NKINDS] = {0};
    for (int i = 0; i < n; i++) {
        if (l.v[i].kind == DECOMPOSER_CALL)
            l.v[i].raw = log2(1.0 + l.v[i].raw);
        sum[l.v[i].kind] += l.v[i].raw;
        g->kind_edges[l.v[i].kind]++;
    }
    for (int k = 0; k < DECOMPOSER_NKINDS; k++)
        g->kind_mean[k] = g->kind_edges[k] ? sum[k] / g->kind_edges[k] : 1.0;
    for (int i = 0; i < n; i++)
        l.v[i].w = g->opts->weights[l.v[i].kind] * l.v[i].raw / g->kind_mean[l.v[i].kind];
    /* a call down out of an upper component counts less (layering.c): the components'
     * evidence, so not with the component kind switched off */
    l.n = n;
    if (g->opts->unit != DECOMPOSER_UNIT_DIR && g->opts->weights[DECOMPOSER_COMPONENT] > 0 &&
        (rc = dc_layering_weigh_calls(g, l.v, n, err)))
        goto fail;

    /*
     * What the code base says about itself is weighed against what its code
     * does, the kinds above (agreement.c): naming, a cosine normalised to a
     * mean of 1 like the others, then scaled by how far the code agrees with
     * each prefix; components, whose raw value is their weight.
     */
    int base = n;
    l.n = n;
    if ((rc = dc_naming_edges(g, l.v, base, &l, err)))
        goto fail;
    if (l.n > base) {
        seam_sort(l.v + base, (size_t)(l.n - base), sizeof *l.v, dc_kedges_cmp);
        int k = base + merge_same(l.v + base, l.n - base);
        k = base + keep_clustered(g, l.v + base, k - base);
        for (int i = base; i < k; i++)
            g->kind_edges[DECOMPOSER_NAMING]++, sum[DECOMPOSER_NAMING] += l.v[i].raw;
        if (g->kind_edges[DECOMPOSER_NAMING])
            g->kind_mean[DECOMPOSER_NAMING] =
                sum[DECOMPOSER_NAMING] / g->kind_edges[DECOMPOSER_NAMING];
        /* a prefix the code does not agree with at all ties nothing: no edge */
        int kept = base;
        for (int i = base; i < k; i++) {
            l.v[i].w *= g->opts->weights[DECOMPOSER_NAMING] / g->kind_mean[DECOMPOSER_NAMING];
            if (l.v[i].w > 0)
                l.v[kept++] = l.v[i];
        }
        l.n = kept;
    }
    int named = l.n;
    if ((rc = dc_components_edges(g, l.v, base, &l, err)))
        goto fail;
    if (l.n > named) {
        for (int i = named; i < l.n; i++) {
            l.v[i].w = l.v[i].raw;
            g->kind_edges[DECOMPOSER_COMPONENT]++, sum[DECOMPOSER_COMPONENT] += l.v[i].raw;
        }
        g->kind_mean[DECOMPOSER_COMPONENT] =
            sum[DECOMPOSER_COMPONENT] / g->kind_edges[DECOMPOSER_COMPONENT];
    }
    if (l.n > base) {
        seam_sort(l.v, (size_t)l.n, sizeof *l.v, dc_kedges_cmp);
        n = merge_same(l.v, l.n);
    }

    g->edges = calloc((size_t)n + 1, sizeof *g->edges);
    g->strength = calloc((size_t)dc_nnodes(g) + 1, sizeof *g->strength);
    if (!g->edges || !g->strength)
        goto oom;
    g->nedges = 0;
    for (int i = 0; i < n; i++) {
        dc_kedge *e = &l.v[i];
        dc_edge *last = g->nedges ? &g->edges[g->nedges - 1] : NULL;
        if (last && last->a == e->a && last->b == e->b) {
            last->w += e->w;
        } else {
            g->edges[g->nedges].a = e->a;
            g->edges[g->nedges].b = e->b;
            g->edges[g->nedges].w = e->w;
            g->nedges++;
        }
        g->strength[e->a] += e->w;
        g->strength[e->b] += e->w;
    }
    g->kedges = l.v;
    g->nkedges = n;
    return SEAM_OK;
oom:
    rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory building the graph");
fail:
    free(l.v);
    return rc;
}

void dc_graph_free(dc_graph *g)
{
    if (!g)
        return;
    for (int i = 0; i < g->nmodules; i++) {
        free(g->modules[i].stem);
        free(g->modules[i].file);
        if (g->shared_reason)
            free(g->shared_reason[i]);
    }
    free(g->modules);
    for (int i = 0; i < g->ntables; i++)
        free(g->tables[i]);
    free(g->tables);
    free(g->file_module);
    free(g->calls);
    free(g->links);
    free(g->access);
    for (int i = 0; i < g->njoins; i++) {
        free(g->joins[i].ca);
        free(g->joins[i].cb);
    }
    free(g->joins);
    for (int i = 0; i < g->nimplied; i++) {
        free(g->implied[i].sites);
        free(g->implied[i].from_col);
        free(g->implied[i].to_col);
    }
    free(g->implied);
    free(g->kedges);
    free(g->history.v);
    free(g->cons.group);
    free(g->cons.pin);
    free(g->cons.apart);
    free(g->cons.constrained);
    free(g->shared);
    free(g->shared_reason);
    free(g->entry);
    free(g->edges);
    free(g->strength);
    memset(g, 0, sizeof *g);
}
