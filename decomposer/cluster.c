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
 * library's own, not seam's, and nothing else in seam draws from it. Leiden
 * is run until an iteration brings no improvement (n_iterations < 0), so the
 * result does not depend on where a fixed iteration count happened to stop.
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

/* Builds the igraph graph and its weight vectors from g. */
static int make_graph(const dc_graph *g, igraph_t *graph, igraph_vector_t *weights,
                      igraph_vector_t *node_weights, seam_err *err)
{
    igraph_vector_int_t ends;
    if (igraph_vector_int_init(&ends, 2 * (igraph_integer_t)g->nedges))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate edges");
    for (int i = 0; i < g->nedges; i++) {
        VECTOR(ends)[2 * i] = g->edges[i].a;
        VECTOR(ends)[2 * i + 1] = g->edges[i].b;
    }
    igraph_error_t e = igraph_create(graph, &ends, dc_nnodes(g), IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&ends);
    if (e)
        return seam_err_set(err, SEAM_ERROR, "decomposer: igraph_create failed: %s",
                            igraph_strerror(e));
    if (igraph_vector_init(weights, g->nedges)) {
        igraph_destroy(graph);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate weights");
    }
    for (int i = 0; i < g->nedges; i++)
        VECTOR(*weights)[i] = g->edges[i].w;
    if (node_weights) {
        if (igraph_vector_init(node_weights, dc_nnodes(g))) {
            igraph_vector_destroy(weights);
            igraph_destroy(graph);
            return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate");
        }
        for (int i = 0; i < dc_nnodes(g); i++)
            VECTOR(*node_weights)[i] = g->strength[i];
    }
    return SEAM_OK;
}

static double total_weight(const dc_graph *g)
{
    double m = 0;
    for (int i = 0; i < g->nedges; i++)
        m += g->edges[i].w;
    return m;
}

static int modularity_of(const igraph_t *graph, const igraph_vector_t *weights,
                         const igraph_vector_int_t *membership, double *q, seam_err *err)
{
    igraph_real_t value = 0;
    igraph_error_t e = igraph_modularity(graph, membership, weights, 1.0, 0, &value);
    if (e)
        return seam_err_set(err, SEAM_ERROR, "decomposer: igraph_modularity failed: %s",
                            igraph_strerror(e));
    *q = isnan(value) ? 0.0 : value;
    return SEAM_OK;
}

static int leiden_sweep(const dc_graph *g, const decomposer_options *opts, int *membership,
                        const igraph_t *graph, const igraph_vector_t *weights,
                        const igraph_vector_t *node_weights, seam_err *err)
{
    double two_m = 2.0 * total_weight(g), best_q = -INFINITY;
    const double *gammas = DC_SWEEP;
    int ngammas = DC_NSWEEP;
    if (opts->resolution > 0) {
        gammas = &opts->resolution;
        ngammas = 1;
    }
    igraph_vector_int_t memb;
    if (igraph_vector_int_init(&memb, 0))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate");
    int rc = SEAM_OK;
    for (int k = 0; k < ngammas; k++) {
        igraph_integer_t nclusters = 0;
        igraph_real_t quality = 0;
        double q = 0;
        igraph_rng_seed(igraph_rng_default(), opts->seed);
        igraph_error_t e = igraph_community_leiden(graph, weights, node_weights, gammas[k] / two_m,
                                                   0.01, 0, -1, &memb, &nclusters, &quality);
        if (e) {
            rc = seam_err_set(err, SEAM_ERROR, "decomposer: igraph_community_leiden failed: %s",
                              igraph_strerror(e));
            break;
        }
        if ((rc = modularity_of(graph, weights, &memb, &q, err)))
            break;
        /* Strictly better only: on a tie the lower resolution stays. */
        if (q > best_q + 1e-12) {
            best_q = q;
            for (int i = 0; i < dc_nnodes(g); i++)
                membership[i] = (int)VECTOR(memb)[i];
        }
    }
    igraph_vector_int_destroy(&memb);
    return rc;
}

int dc_cluster_run(const dc_graph *g, const decomposer_options *opts, int *membership,
                   seam_err *err)
{
    /* Without edges every node is its own cluster; Leiden would divide by m = 0. */
    if (g->nedges == 0) {
        for (int i = 0; i < dc_nnodes(g); i++)
            membership[i] = i;
        return SEAM_OK;
    }
    handlers h = quiet_igraph();
    igraph_t graph;
    igraph_vector_t weights, node_weights;
    int rc = make_graph(g, &graph, &weights, &node_weights, err);
    if (rc == SEAM_OK) {
        rc = leiden_sweep(g, opts, membership, &graph, &weights, &node_weights, err);
        igraph_vector_destroy(&node_weights);
        igraph_vector_destroy(&weights);
        igraph_destroy(&graph);
    }
    restore_igraph(h);
    return rc;
}

int dc_cluster_modularity(const dc_graph *g, const int *membership, double *q, seam_err *err)
{
    *q = 0;
    if (g->nedges == 0)
        return SEAM_OK;
    handlers h = quiet_igraph();
    igraph_t graph;
    igraph_vector_t weights;
    igraph_vector_int_t memb;
    int rc = make_graph(g, &graph, &weights, NULL, err);
    if (rc == SEAM_OK) {
        if (igraph_vector_int_init(&memb, dc_nnodes(g))) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: igraph could not allocate");
        } else {
            for (int i = 0; i < dc_nnodes(g); i++)
                VECTOR(memb)[i] = membership[i];
            rc = modularity_of(&graph, &weights, &memb, q, err);
            igraph_vector_int_destroy(&memb);
        }
        igraph_vector_destroy(&weights);
        igraph_destroy(&graph);
    }
    restore_igraph(h);
    return rc;
}
