/*
 * graph.c - the weighted, undirected coupling graph that Leiden clusters.
 *
 * Nodes: modules (0..nmodules-1) then tables. Shared library modules keep
 * their node ids but get no edges: they were set aside before clustering.
 *
 * EDGE WEIGHTS. Three kinds of evidence tie nodes together. Each kind first
 * gets a raw weight per node pair:
 *
 *   call    module-module  raw = log2(1 + c), c = call expressions between
 *                          the two modules, both directions summed
 *   access  module-table   raw = log2(1 + 2*w + r), w = SQL sites of the
 *                          module writing the table, r = sites only reading
 *                          it (a write counts twice a read: writing is owning)
 *   fk      table-table    raw = number of foreign keys between the two
 *                          tables, either direction (self references skipped)
 *
 * The logarithms keep one chatty pair (a loop calling a helper 200 times)
 * from outweighing many modest ones. Then, so that no kind dominates just
 * because its raw numbers run larger (call counts vs. a handful of foreign
 * keys), every kind is normalised to a mean weight of 1 over its own edges
 * and scaled by a kind factor:
 *
 *   weight = factor(kind) * raw / mean(raw of that kind)
 *   factor: call 1.0, access 1.0, fk 0.5
 *
 * Foreign keys get half weight because they are exactly what a split cuts:
 * orders -> customers is normal between two services, while code calling
 * code and code writing a table are the couplings a service boundary must
 * keep inside. Weights of different kinds on the same pair (none today:
 * the kinds join different node types) would be summed.
 */
#include "dc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KIND_CALL 0
#define KIND_ACCESS 1
#define KIND_FK 2
#define NKINDS 3

static const double kind_factor[NKINDS] = {1.0, 1.0, 0.5};

typedef struct raw_edge {
    int a, b, kind;
    double raw;
} raw_edge;

static int cmp_raw_edge(const void *x, const void *y)
{
    const raw_edge *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    if (p->b != q->b)
        return (p->b > q->b) - (p->b < q->b);
    return (p->kind > q->kind) - (p->kind < q->kind);
}

static int push(raw_edge **v, int *n, int *cap, int a, int b, int kind, double raw)
{
    if (seam_array_reserve(v, cap, *n + 1, sizeof **v))
        return SEAM_ENOMEM;
    raw_edge *e = &(*v)[(*n)++];
    e->a = a < b ? a : b;
    e->b = a < b ? b : a;
    e->kind = kind;
    e->raw = raw;
    return SEAM_OK;
}

/* Sums raw values of the same (a, b, kind); v must be sorted. */
static int merge_same(raw_edge *v, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (k && v[k - 1].a == v[i].a && v[k - 1].b == v[i].b && v[k - 1].kind == v[i].kind)
            v[k - 1].raw += v[i].raw;
        else
            v[k++] = v[i];
    }
    return k;
}

int dc_graph_weigh(dc_graph *g, seam_err *err)
{
    const seam_schema *s = &g->model->schema;
    raw_edge *v = NULL;
    int n = 0, cap = 0;

    /* Call counts per unordered module pair first, the log taken after summing. */
    for (int i = 0; i < g->ncalls; i++) {
        const dc_call_pair *c = &g->calls[i];
        if (g->shared[c->from] || g->shared[c->to])
            continue;
        if (push(&v, &n, &cap, c->from, c->to, KIND_CALL, (double)c->count))
            goto oom;
    }
    for (int i = 0; i < g->naccess; i++) {
        const dc_access *a = &g->access[i];
        if (g->shared[a->module])
            continue;
        if (push(&v, &n, &cap, a->module, g->nmodules + a->table, KIND_ACCESS,
                 log2(1.0 + 2.0 * a->writes + a->reads)))
            goto oom;
    }
    for (int i = 0; i < s->nforeign_keys; i++) {
        int from = dc_graph_find_table(g, s->foreign_keys[i].from_table);
        int to = dc_graph_find_table(g, s->foreign_keys[i].to_table);
        if (from < 0 || to < 0 || from == to)
            continue;
        if (push(&v, &n, &cap, g->nmodules + from, g->nmodules + to, KIND_FK, 1.0))
            goto oom;
    }
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_raw_edge);
    n = merge_same(v, n);

    double sum[NKINDS] = {0}, mean[NKINDS];
    int count[NKINDS] = {0};
    for (int i = 0; i < n; i++) {
        if (v[i].kind == KIND_CALL)
            v[i].raw = log2(1.0 + v[i].raw);
        sum[v[i].kind] += v[i].raw;
        count[v[i].kind]++;
    }
    for (int k = 0; k < NKINDS; k++)
        mean[k] = count[k] ? sum[k] / count[k] : 1.0;

    g->edges = calloc((size_t)n + 1, sizeof *g->edges);
    g->strength = calloc((size_t)dc_nnodes(g) + 1, sizeof *g->strength);
    if (!g->edges || !g->strength)
        goto oom;
    g->nedges = 0;
    for (int i = 0; i < n; i++) {
        double w = kind_factor[v[i].kind] * v[i].raw / mean[v[i].kind];
        dc_edge *last = g->nedges ? &g->edges[g->nedges - 1] : NULL;
        if (last && last->a == v[i].a && last->b == v[i].b) {
            last->w += w;
        } else {
            g->edges[g->nedges].a = v[i].a;
            g->edges[g->nedges].b = v[i].b;
            g->edges[g->nedges].w = w;
            g->nedges++;
        }
        g->strength[v[i].a] += w;
        g->strength[v[i].b] += w;
    }
    free(v);
    return SEAM_OK;
oom:
    free(v);
    return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory building the graph");
}
