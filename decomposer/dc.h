/*
 * dc.h - the decomposer's private working state, shared by its files.
 *
 * Not part of the public contract (see decomposer.h). One decomposer_run()
 * fills a dc_graph (facts per module and table, the weighted coupling graph),
 * then a dc_partition (which service every module and table goes to), and
 * finally writes model->services, metrics and plan from both.
 *
 * Node numbering used everywhere: module i is node i, table t is node
 * nmodules + t. Modules and tables are sorted by name, so node order is
 * stable for the same input.
 */
#ifndef SEAM_DC_H
#define SEAM_DC_H

#include "decomposer.h"

/* A .c file with its same-named .h in the same directory, or a lone file. */
typedef struct dc_module {
    char *stem;  /* path without .c/.h, e.g. "src/orders" (owned) */
    int file[2]; /* indices into model->files, sorted by path */
    int nfile;
} dc_module;

/* Calls aggregated from one module to another (never to itself). */
typedef struct dc_call_pair {
    int from, to; /* module indices */
    long count;   /* call expressions */
} dc_call_pair;

/* What one module does to one table, counted in SQL sites. */
typedef struct dc_access {
    int module, table;
    int writes; /* sites writing the table */
    int reads;  /* sites only reading it */
} dc_access;

/* An undirected, weighted edge of the coupling graph, a < b (node ids). */
typedef struct dc_edge {
    int a, b;
    double w;
} dc_edge;

typedef struct dc_graph {
    const seam_model *model;

    dc_module *modules; /* sorted by stem */
    int nmodules;
    char **tables; /* sorted by strcmp; owned */
    int ntables;
    int *file_module; /* per model file: its module */

    dc_call_pair *calls; /* sorted by (from, to) */
    int ncalls;
    dc_access *access; /* sorted by (module, table) */
    int naccess;

    /* Set aside before clustering (shared.c): 1 for shared library modules. */
    int *shared;
    char **shared_reason; /* per module, owned, NULL unless shared */
    int nshared;

    dc_edge *edges; /* sorted by (a, b); no edge touches a shared module */
    int nedges;
    double *strength; /* per node: sum of its edge weights */
} dc_graph;

static inline int dc_nnodes(const dc_graph *g)
{
    return g->nmodules + g->ntables;
}

/* The outcome: a service per module and table. */
typedef struct dc_partition {
    int nservices;       /* proposed services (kind "service"), 0..nservices-1 */
    int *module_service; /* per module: service, or -1 for shared library modules */
    int *table_service;  /* per table: owning service */
    char **names;        /* per service, owned, unique; "shared" is kept for the libraries */
    double modularity;   /* Q of the final partition on the coupling graph */
} dc_partition;

/* facts.c: modules, tables, call pairs, table access. Validates indices. */
int dc_graph_collect(dc_graph *g, const seam_model *model, seam_err *err);

/* Index of a table node by name (exact, then case-insensitive), or -1. */
int dc_graph_find_table(const dc_graph *g, const char *name);

/* Label of a module for messages: its .c path, else its first file. */
const char *dc_module_label(const dc_graph *g, int m);

/* graph.c: weighted edges (see the weights there), skipping shared modules. */
int dc_graph_weigh(dc_graph *g, seam_err *err);

void dc_graph_free(dc_graph *g);

/* shared.c: marks modules set aside as shared libraries, with reasons. */
int dc_shared_detect(dc_graph *g, seam_err *err);

/* cluster.c: Leiden membership per node (nnodes ints, caller-allocated), ids in
 * [0, 2 * nnodes): nodes without edges get clusters of their own. */
int dc_cluster_run(const dc_graph *g, const decomposer_options *opts, int *membership,
                   seam_err *err);

/* cluster.c: Newman's Q of membership (per node) on the coupling graph; 0 without edges. */
int dc_cluster_modularity(const dc_graph *g, const int *membership, double *q, seam_err *err);

/* ownership.c: services from the clusters, then one owner per table. */
int dc_partition_build(dc_partition *p, const dc_graph *g, const int *membership, seam_err *err);

void dc_partition_free(dc_partition *p);

/* naming.c: names for services made of modules (before ownership). */
int dc_name_module_services(dc_partition *p, const dc_graph *g, seam_err *err);

/* naming.c: a unique name for a service made only of tables, after its main table. */
int dc_name_table_service(dc_partition *p, const dc_graph *g, int service, int main_table,
                          seam_err *err);

/* metrics.c */
void dc_metrics_compute(const dc_graph *g, const dc_partition *p, seam_metrics *out);

/* Cross-service calls plus cross-service foreign keys touching service s. */
long dc_service_coupling(const dc_graph *g, const dc_partition *p, int s);

/* plan.c: writes model->plan. */
int dc_plan_build(seam_model *model, const dc_graph *g, const dc_partition *p, seam_err *err);

#endif
