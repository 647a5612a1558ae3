/*
 * cluster.c - Leiden clustering of the coupling graph with igraph.
 *
 * igraph_community_leiden optimises the Constant Potts Model. With node
 * weights equal to each node's strength k_i and a resolution parameter of
 * gamma / (2m) (m = total edge weight), CPM is exactly Newman's modularity
 * with resolution gamma, so that is how it is called here.
 *
 * Determinism. igraph draws its random numbers from a process-wide default
 * generator. It is reseeded with opts->seed before every Leiden run, so each
 * run starts from the same state whatever ran before; that state is the
 * library's own, not seam's, and nothing else in seam draws from it.
 *
 * Until stable. igraph 0.10's own "n_iterations < 0" loop is broken: it stops
 * after the first iteration that changes something and never stops when none
 * does (igraph issue #2798, fixed after 0.10.2; it hung on a graph of two
 * linked tables and one lone table). So seam iterates itself: one Leiden
 * iteration at a time, each refining the previous membership, until an
 * iteration no longer improves the quality (the documented meaning of
 * n_iterations < 0), at most DC_MAX_ITERATIONS times. Nodes without edges
 * (shared modules, untouched tables) are left out of the igraph graph: they
 * could hop between clusters at no cost; each is a cluster of its own.
 *
 * Keep-together constraints are honoured by contraction: a group of nodes
 * that must stay together is one igraph vertex (its inner edges a self-loop),
 * so Leiden can only move it whole.
 *
 * RESOLUTION. opts->resolution > 0 is used as given. opts->services = K asks
 * for K services (see services_k). Otherwise the gammas of DC_SWEEP are
 * tried, from the highest down, and the partition maximising
 *
 *     objective = S * (1 - NED)
 *
 * wins, ties to the lower gamma (fewer, larger services: splitting further is
 * always possible later). S is the asymptotic surprise of the partition on
 * the weighted coupling graph (Traag, Aldecoa & Delvenne 2015):
 *
 *     S = m * D(q || <q>),  D(x || y) = x ln(x/y) + (1-x) ln((1-x)/(1-y))
 *
 * q the share of edge weight inside clusters, <q> the share of node pairs
 * inside clusters, m the total weight: how unlikely so much weight falls
 * inside so few pairs by chance. Unlike modularity, surprise has no
 * resolution limit (modularity merges communities smaller than about
 * sqrt(2m) however clearly separated, Fortunato & Barthelemy 2007): on the
 * planted graph of bench/cluster.sh, Q is highest for 500 merged pairs of
 * the 1,000 planted groups, S for the 1,000 groups. NED (non-extreme
 * distribution, after Mono2Micro, see dc_cluster_ned and docs/metrics.md) is the
 * share of modules in services of extreme size, so a merge that makes one
 * service much larger than the typical one, or a split that leaves slivers,
 * costs in proportion to the modules it affects.
 *
 * Each gamma starts from the partition of the one before (Leiden refines a
 * given membership): the sweep costs a few iterations per step rather than a
 * cold run each, and stays deterministic. It goes from fine to coarse because
 * Leiden merges readily what it is handed (its aggregate step moves whole
 * clusters) but seldom splits it: on a ring of 30 triangles (each joined to
 * the next by one call) a sweep upwards from 0.5 inherited merged pairs at
 * every gamma and ended with 17 services, while gamma 4 run cold finds the
 * 30 triangles (tests/decomposer/test_metrics.c). Downwards, the highest
 * gamma runs cold and every lower one may merge what it inherits.
 *
 * igraph's default error handler aborts the process and its warnings go to
 * stderr; around the calls the handlers are switched to "ignore" (errors come
 * back as return codes, turned into a seam_err) and restored afterwards.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Geometric steps of 2^(1/2) from 1/2 to 4. */
static const double DC_SWEEP[] = {0.5, 0.707, 1.0, 1.414, 2.0, 2.828, 4.0};
#define DC_NSWEEP ((int)(sizeof DC_SWEEP / sizeof DC_SWEEP[0]))

#define DC_MAX_ITERATIONS 100

typedef struct handlers {
    igraph_error_handler_t *error;
    igraph_warning_handler_t *warning;
} handlers;

static handlers quiet_igraph(void)
{
    handlers h;
    h.error = igraph_set_error_handler(igraph_error_handler_ignore);
    h.warning = igraph_set_warning_handler(igraph_warning_handler_ignore);
    return h;
}

static void restore_igraph(handlers h)
{
    igraph_set_error_handler(h.error);
    igraph_set_warning_handler(h.warning);
}

/* The coupling graph as igraph sees it: nodes with edges, groups contracted, renumbered. */
typedef struct view {
    igraph_t graph;
    igraph_vector_t weights;      /* per edge */
    igraph_vector_t node_weights; /* per vertex: strength */
    int *vertex_of;               /* dc node -> vertex, -1 without edges */
    int nvertices;
    double total; /* m, the sum of edge weights */
    int made;     /* igraph objects initialised */
} view;

static void view_free(view *v)
{
    if (v->made) {
        igraph_vector_destroy(&v->node_weights);
        igraph_vector_destroy(&v->weights);
        igraph_destroy(&v->graph);
    }
    free(v->vertex_of);
    memset(v, 0, sizeof *v);
}

/* group: per node, the representative of its keep-together group (NULL: none). */
static int view_make(const dc_graph *g, const int *group, view *v, seam_err *err)
{
    int nn = dc_nnodes(g);
    memset(v, 0, sizeof *v);
    v->vertex_of = malloc(((size_t)nn + 1) * sizeof *v->vertex_of);
    if (!v->vertex_of)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory clustering");
    for (int i = 0; i < nn; i++)
        v->vertex_of[i] = -1;
    /* A group is a vertex when any member has an edge; numbered by its first such node. */
    for (int i = 0; i < nn; i++) {
        if (g->strength[i] <= 0)
            continue;
        int r = group ? group[i] : i;
        if (v->vertex_of[r] < 0)
            v->vertex_of[r] = v->nvertices++;
        v->vertex_of[i] = v->vertex_of[r];
    }
    igraph_vector_int_t ends;
    if (igraph_vector_int_init(&ends, 2 * (igraph_integer_t)g->nedges))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate edges");
    for (int i = 0; i < g->nedges; i++) {
        VECTOR(ends)[2 * i] = v->vertex_of[g->edges[i].a];
        VECTOR(ends)[2 * i + 1] = v->vertex_of[g->edges[i].b];
    }
    igraph_error_t e = igraph_create(&v->graph, &ends, v->nvertices, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&ends);
    if (e)
        return seam_err_set(err, SEAM_ERROR, "decomposer: igraph_create failed: %s",
                            igraph_strerror(e));
    if (igraph_vector_init(&v->weights, g->nedges)) {
        igraph_destroy(&v->graph);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate weights");
    }
    if (igraph_vector_init(&v->node_weights, v->nvertices)) {
        igraph_vector_destroy(&v->weights);
        igraph_destroy(&v->graph);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate weights");
    }
    v->made = 1;
    for (int i = 0; i < g->nedges; i++) {
        VECTOR(v->weights)[i] = g->edges[i].w;
        v->total += g->edges[i].w;
    }
    for (int i = 0; i < nn; i++)
        if (v->vertex_of[i] >= 0)
            VECTOR(v->node_weights)[v->vertex_of[i]] += g->strength[i];
    return SEAM_OK;
}

static int modularity_of(const view *v, const igraph_vector_int_t *membership, double *q,
                         seam_err *err)
{
    igraph_real_t value = 0;
    igraph_error_t e = igraph_modularity(&v->graph, membership, &v->weights, 1.0, 0, &value);
    if (e)
        return seam_err_set(err, SEAM_ERROR, "decomposer: igraph_modularity failed: %s",
                            igraph_strerror(e));
    *q = isnan(value) ? 0.0 : value;
    return SEAM_OK;
}

/*
 * Leiden at one resolution, iterated until an iteration brings no improvement;
 * warm: start from the membership already in memb.
 */
static int leiden_until_stable(const view *v, double gamma, unsigned seed, int warm,
                               igraph_vector_int_t *memb, seam_err *err)
{
    igraph_integer_t nclusters = 0;
    igraph_real_t quality = 0, previous = 0;
    igraph_rng_seed(igraph_rng_default(), seed);
    for (int it = 0; it < DC_MAX_ITERATIONS; it++) {
        igraph_error_t e = igraph_community_leiden(&v->graph, &v->weights, &v->node_weights,
                                                   gamma / (2.0 * v->total), 0.01, warm || it > 0,
                                                   1, memb, &nclusters, &quality);
        if (e)
            return seam_err_set(err, SEAM_ERROR, "decomposer: igraph_community_leiden failed: %s",
                                igraph_strerror(e));
        /* A relative margin: quality is a float sum, equal partitions may differ by ulps. */
        if (it > 0 && quality <= previous + 1e-12 * (fabs(previous) + 1.0))
            break;
        previous = quality;
    }
    return SEAM_OK;
}

/* Vertex membership to node membership: nodes without a vertex get nn + node. */
static void expand(const dc_graph *g, const view *v, const igraph_vector_int_t *memb, int *out)
{
    int nn = dc_nnodes(g);
    for (int i = 0; i < nn; i++)
        out[i] = v->vertex_of[i] >= 0 ? (int)VECTOR(*memb)[v->vertex_of[i]] : nn + i;
}

/*
 * Sizes (in modules) of the clusters holding non-shared modules, sorted,
 * into sizes (nmodules ints); returns how many. Tables are not counted: a
 * service's size is its code.
 */
static int module_cluster_sizes(const dc_graph *g, const int *membership, int *sizes, int *labels)
{
    int n = 0;
    for (int m = 0; m < g->nmodules; m++)
        if (!g->shared[m])
            labels[n++] = membership[m];
    if (n == 0)
        return 0;
    seam_sort(labels, (size_t)n, sizeof *labels, seam_cmp_int);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (i == 0 || labels[i] != labels[i - 1])
            sizes[k++] = 0;
        sizes[k - 1]++;
    }
    seam_sort(sizes, (size_t)k, sizeof *sizes, seam_cmp_int);
    return k;
}

int dc_cluster_ned(const int *sizes, int n, double *ned)
{
    *ned = 0;
    if (n == 0)
        return SEAM_OK;
    int *s = malloc((size_t)n * sizeof *s);
    if (!s)
        return SEAM_ENOMEM;
    memcpy(s, sizes, (size_t)n * sizeof *s);
    seam_sort(s, (size_t)n, sizeof *s, seam_cmp_int);
    double median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    long total = 0, extreme = 0;
    for (int i = 0; i < n; i++) {
        total += s[i];
        if (s[i] < 2 || s[i] < median / 2.0 || s[i] > median * 2.0)
            extreme += s[i];
    }
    free(s);
    *ned = total ? (double)extreme / (double)total : 0.0;
    return SEAM_OK;
}

/* Module clusters and NED of a node membership. Returns 0 or SEAM_ENOMEM. */
static int size_stats(const dc_graph *g, const int *membership, int *nclusters, double *ned)
{
    int *sizes = malloc(((size_t)g->nmodules + 1) * sizeof *sizes);
    int *labels = malloc(((size_t)g->nmodules + 1) * sizeof *labels);
    if (!sizes || !labels) {
        free(sizes);
        free(labels);
        return SEAM_ENOMEM;
    }
    int k = module_cluster_sizes(g, membership, sizes, labels);
    *nclusters = k;
    int rc = dc_cluster_ned(sizes, k, ned);
    free(sizes);
    free(labels);
    return rc;
}

typedef struct run_state {
    const dc_graph *g;
    const decomposer_options *opts;
    view v;
    igraph_vector_int_t memb;
    int *trial; /* node membership of the latest run */
} run_state;

/* Leiden at gamma; the result in st->trial, with its Q, module clusters and NED. */
static int run_at(run_state *st, double gamma, int warm, double *q, int *nclusters, double *ned,
                  seam_err *err)
{
    int rc = leiden_until_stable(&st->v, gamma, st->opts->seed, warm, &st->memb, err);
    if (!rc)
        rc = modularity_of(&st->v, &st->memb, q, err);
    if (rc)
        return rc;
    expand(st->g, &st->v, &st->memb, st->trial);
    if (size_stats(st->g, st->trial, nclusters, ned))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory clustering");
    return SEAM_OK;
}

static void keep(const run_state *st, int *membership, dc_cluster_info *info, double gamma,
                 double q, double ned, double objective)
{
    memcpy(membership, st->trial, (size_t)dc_nnodes(st->g) * sizeof *membership);
    info->resolution = gamma;
    info->modularity = q;
    info->ned = ned;
    info->objective = objective;
}

/* Asymptotic surprise of a vertex membership on the view (see the top of this file) into *out.
 * Returns 0 or SEAM_ENOMEM. */
static int surprise(const view *v, const igraph_vector_int_t *memb, double *out)
{
    *out = 0;
    int n = v->nvertices;
    double inside = 0, pairs_in = 0;
    igraph_integer_t ne = igraph_ecount(&v->graph);
    for (igraph_integer_t e = 0; e < ne; e++)
        if (VECTOR(*memb)[IGRAPH_FROM(&v->graph, e)] == VECTOR(*memb)[IGRAPH_TO(&v->graph, e)])
            inside += VECTOR(v->weights)[e];
    double *size = calloc((size_t)n + 1, sizeof *size);
    if (!size)
        return SEAM_ENOMEM;
    if (n < 2 || v->total <= 0) {
        free(size);
        return SEAM_OK;
    }
    /* Leiden numbers clusters 0..k-1 < n. */
    for (int i = 0; i < n; i++)
        size[VECTOR(*memb)[i]] += 1;
    for (int i = 0; i < n; i++)
        pairs_in += size[i] * (size[i] - 1) / 2;
    free(size);
    double q = inside / v->total, eq = pairs_in / ((double)n * (n - 1) / 2);
    if (q <= eq || eq <= 0)
        return SEAM_OK; /* no more inside than chance (or nothing to compare): no surprise */
    double d = q * log(q / eq);
    if (q < 1)
        d += (1 - q) * log((1 - q) / (1 - eq));
    *out = v->total * d;
    return SEAM_OK;
}

static int sweep(run_state *st, int *membership, dc_cluster_info *info, seam_err *err)
{
    double best = -INFINITY;
    for (int k = DC_NSWEEP - 1; k >= 0; k--) {
        double q = 0, ned = 0, s;
        int nc;
        int rc = run_at(st, DC_SWEEP[k], k < DC_NSWEEP - 1, &q, &nc, &ned, err);
        if (rc)
            return rc;
        if (surprise(&st->v, &st->memb, &s))
            return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory clustering");
        double obj = s * (1.0 - ned);
        /* Downwards, "not worse" (relative margin: float sums) lets a tie go to the lower
         * gamma. */
        if (k == DC_NSWEEP - 1 || obj >= best - 1e-12 * (fabs(best) + 1.0)) {
            best = obj;
            keep(st, membership, info, DC_SWEEP[k], q, ned, obj);
        }
    }
    info->swept = DC_NSWEEP;
    return SEAM_OK;
}

/*
 * --services K. The number of clusters grows with gamma, so gamma is bisected
 * (on a log scale, 1/1000 to 1000, 40 steps) for the partition with exactly
 * K module clusters; failing that, the smallest partition with more than K
 * is taken and its closest clusters merged (dc_merge_to) down to K.
 */
static int services_k(run_state *st, int k, int *membership, dc_cluster_info *info, seam_err *err)
{
    double lo = log(1e-3), hi = log(1e3);
    double q, ned;
    int nc, above = -1;
    int rc = run_at(st, exp(hi), 0, &q, &nc, &ned, err);
    if (rc)
        return rc;
    if (nc < k)
        return seam_err_set(err, SEAM_EUSAGE,
                            "decomposer: cannot propose %d services: the modules form at most %d",
                            k, nc);
    keep(st, membership, info, exp(hi), q, ned, 0);
    above = nc;
    for (int step = 0; step < 40 && above != k; step++) {
        double mid = (lo + hi) / 2;
        if ((rc = run_at(st, exp(mid), 0, &q, &nc, &ned, err)))
            return rc;
        if (nc >= k) {
            hi = mid;
            if (nc <= above) {
                above = nc;
                keep(st, membership, info, exp(mid), q, ned, 0);
            }
        } else {
            lo = mid;
        }
    }
    if (above > k && (rc = dc_merge_to(st->g, membership, k, err)))
        return rc;
    info->swept = 0;
    return SEAM_OK;
}

int dc_cluster_run(const dc_graph *g, const decomposer_options *opts, const int *group,
                   int *membership, dc_cluster_info *info, seam_err *err)
{
    int nn = dc_nnodes(g);
    memset(info, 0, sizeof *info);
    /* Every node starts alone; nodes without edges stay so (numbered after all vertices). */
    for (int i = 0; i < nn; i++)
        membership[i] = nn + i;
    if (g->nedges == 0) {
        /* Nothing to cluster; still honour --services when there is nothing to ask. */
        if (opts->services > 0 && opts->services != g->nmodules - g->nshared)
            return seam_err_set(err, SEAM_EUSAGE,
                                "decomposer: cannot propose %d services: nothing links the "
                                "%d modules",
                                opts->services, g->nmodules - g->nshared);
        return SEAM_OK;
    }
    handlers h = quiet_igraph();
    run_state st;
    memset(&st, 0, sizeof st);
    st.g = g;
    st.opts = opts;
    int rc = view_make(g, group, &st.v, err);
    int memb_made = 0;
    if (!rc && !(st.trial = malloc(((size_t)nn + 1) * sizeof *st.trial)))
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory clustering");
    if (!rc) {
        if (igraph_vector_int_init(&st.memb, st.v.nvertices))
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate");
        else
            memb_made = 1;
    }
    if (!rc) {
        if (opts->services > 0) {
            rc = services_k(&st, opts->services, membership, info, err);
        } else if (opts->resolution > 0) {
            double q, ned, s;
            int nc;
            rc = run_at(&st, opts->resolution, 0, &q, &nc, &ned, err);
            if (!rc && surprise(&st.v, &st.memb, &s))
                rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory clustering");
            if (!rc)
                keep(&st, membership, info, opts->resolution, q, ned, s * (1.0 - ned));
        } else {
            rc = sweep(&st, membership, info, err);
        }
    }
    if (memb_made)
        igraph_vector_int_destroy(&st.memb);
    free(st.trial);
    view_free(&st.v);
    restore_igraph(h);
    return rc;
}

int dc_cluster_modularity(const dc_graph *g, const int *membership, double *q, seam_err *err)
{
    *q = 0;
    if (g->nedges == 0)
        return SEAM_OK;
    handlers h = quiet_igraph();
    view v;
    igraph_vector_int_t memb;
    /* No contraction here: Q of the final partition is over the plain nodes. */
    int rc = view_make(g, NULL, &v, err);
    if (rc == SEAM_OK) {
        if (igraph_vector_int_init(&memb, v.nvertices)) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate");
        } else {
            /* Isolated nodes add nothing to Q, so leaving them out changes nothing. */
            for (int i = 0; i < dc_nnodes(g); i++)
                if (v.vertex_of[i] >= 0)
                    VECTOR(memb)[v.vertex_of[i]] = membership[i];
            rc = modularity_of(&v, &memb, q, err);
            igraph_vector_int_destroy(&memb);
        }
    }
    view_free(&v);
    restore_igraph(h);
    return rc;
}
