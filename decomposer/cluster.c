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
 * Resolution. opts->resolution > 0 is used as given. Otherwise a small
 * sweep (DC_SWEEP below) is run and the partition with the highest plain
 * modularity (gamma = 1) wins, ties to the lower resolution (fewer, larger
 * services: splitting further is always possible later).
 *
 * igraph's default error handler aborts the process and its warnings go to
 * stderr; around the calls the handlers are switched to "ignore" (errors come
 * back as return codes, turned into a seam_err) and restored afterwards.
 */
#include "dc.h"

#include <igraph.h>
#include <math.h>
#include <stdlib.h>

static const double DC_SWEEP[] = {0.5, 0.75, 1.0, 1.25, 1.5, 2.0};
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

/* The coupling graph as igraph sees it: only nodes with edges, renumbered. */
typedef struct view {
    igraph_t graph;
    igraph_vector_t weights;      /* per edge */
    igraph_vector_t node_weights; /* per vertex: strength */
    int *node_of;                 /* vertex -> dc node */
    int nvertices;
    double total; /* m, the sum of edge weights */
} view;

static void view_free(view *v)
{
    igraph_vector_destroy(&v->node_weights);
    igraph_vector_destroy(&v->weights);
    igraph_destroy(&v->graph);
    free(v->node_of);
}

static int view_make(const dc_graph *g, view *v, seam_err *err)
{
    int nn = dc_nnodes(g);
    int *vertex_of = malloc(((size_t)nn + 1) * sizeof *vertex_of);
    v->node_of = malloc(((size_t)nn + 1) * sizeof *v->node_of);
    v->nvertices = 0;
    v->total = 0;
    if (!vertex_of || !v->node_of) {
        free(vertex_of);
        free(v->node_of);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory clustering");
    }
    for (int i = 0; i < nn; i++) {
        vertex_of[i] = g->strength[i] > 0 ? v->nvertices : -1;
        if (vertex_of[i] >= 0)
            v->node_of[v->nvertices++] = i;
    }
    igraph_vector_int_t ends;
    if (igraph_vector_int_init(&ends, 2 * (igraph_integer_t)g->nedges)) {
        free(vertex_of);
        free(v->node_of);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate edges");
    }
    for (int i = 0; i < g->nedges; i++) {
        VECTOR(ends)[2 * i] = vertex_of[g->edges[i].a];
        VECTOR(ends)[2 * i + 1] = vertex_of[g->edges[i].b];
    }
    igraph_error_t e = igraph_create(&v->graph, &ends, v->nvertices, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&ends);
    free(vertex_of);
    if (e) {
        free(v->node_of);
        return seam_err_set(err, SEAM_ERROR, "decomposer: igraph_create failed: %s",
                            igraph_strerror(e));
    }
    if (igraph_vector_init(&v->weights, g->nedges)) {
        igraph_destroy(&v->graph);
        free(v->node_of);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate weights");
    }
    if (igraph_vector_init(&v->node_weights, v->nvertices)) {
        igraph_vector_destroy(&v->weights);
        igraph_destroy(&v->graph);
        free(v->node_of);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate weights");
    }
    for (int i = 0; i < g->nedges; i++) {
        VECTOR(v->weights)[i] = g->edges[i].w;
        v->total += g->edges[i].w;
    }
    for (int i = 0; i < v->nvertices; i++)
        VECTOR(v->node_weights)[i] = g->strength[v->node_of[i]];
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

/* Leiden at one resolution, iterated until an iteration brings no improvement. */
static int leiden_until_stable(const view *v, double gamma, unsigned seed,
                               igraph_vector_int_t *memb, seam_err *err)
{
    igraph_integer_t nclusters = 0;
    igraph_real_t quality = 0, previous = 0;
    igraph_rng_seed(igraph_rng_default(), seed);
    for (int it = 0; it < DC_MAX_ITERATIONS; it++) {
        igraph_error_t e = igraph_community_leiden(&v->graph, &v->weights, &v->node_weights,
                                                   gamma / (2.0 * v->total), 0.01, it > 0, 1, memb,
                                                   &nclusters, &quality);
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

int dc_cluster_run(const dc_graph *g, const decomposer_options *opts, int *membership,
                   seam_err *err)
{
    int nn = dc_nnodes(g);
    /* Every node starts alone; nodes without edges stay so (numbered after all vertices). */
    for (int i = 0; i < nn; i++)
        membership[i] = nn + i;
    if (g->nedges == 0)
        return SEAM_OK;
    const double *gammas = DC_SWEEP;
    int ngammas = DC_NSWEEP;
    if (opts->resolution > 0) {
        gammas = &opts->resolution;
        ngammas = 1;
    }
    handlers h = quiet_igraph();
    view v;
    int rc = view_make(g, &v, err);
    if (rc) {
        restore_igraph(h);
        return rc;
    }
    igraph_vector_int_t memb;
    if (igraph_vector_int_init(&memb, v.nvertices)) {
        view_free(&v);
        restore_igraph(h);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate");
    }
    double best_q = -INFINITY;
    for (int k = 0; k < ngammas && rc == SEAM_OK; k++) {
        double q = 0;
        if ((rc = leiden_until_stable(&v, gammas[k], opts->seed, &memb, err)) ||
            (rc = modularity_of(&v, &memb, &q, err)))
            break;
        /* Strictly better only: on a tie the lower resolution stays. */
        if (q > best_q + 1e-12) {
            best_q = q;
            for (int i = 0; i < v.nvertices; i++)
                membership[v.node_of[i]] = (int)VECTOR(memb)[i];
        }
    }
    igraph_vector_int_destroy(&memb);
    view_free(&v);
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
    int rc = view_make(g, &v, err);
    if (rc == SEAM_OK) {
        if (igraph_vector_int_init(&memb, v.nvertices)) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate");
        } else {
            /* Isolated nodes add nothing to Q, so leaving them out changes nothing. */
            for (int i = 0; i < v.nvertices; i++)
                VECTOR(memb)[i] = membership[v.node_of[i]];
            rc = modularity_of(&v, &memb, q, err);
            igraph_vector_int_destroy(&memb);
        }
        view_free(&v);
    }
    restore_igraph(h);
    return rc;
}
