/*
 * decomposer_internal.h - the decomposer's private working state and the
 * functions its files share.
 *
 * Not part of the public contract (see decomposer.h). One decomposer_run()
 * fills a dc_graph (facts per module and table, the weighted coupling graph),
 * then a dc_partition (which service every module and table goes to), and
 * finally writes model->services, metrics and plan from both.
 *
 * Node numbering used everywhere: module i is node i, table t is node
 * nmodules + t. Modules and tables are sorted by name, so node order is
 * stable for the same input.
 *
 * Naming: each file is one concept and is named for it; the functions it
 * shares carry that name after the folder's private prefix dc_, as
 * dc_<file>_<verb> (facts.c: dc_facts_collect; naming_edges.c:
 * dc_naming_edges, dc_naming_edges_prefix), or dc_<file> alone when the file
 * does one thing (dc_explain). What decomposer.h exports is decomposer_<file>_
 * (decomposer_eval_run, decomposer_weights_load) or mojo_ (mojo.h); types
 * are dc_<thing>. Below, the declarations are grouped by file in the order
 * decomposer_run calls them.
 *
 * Errors: every function that can fail (allocation included) returns 0 or a
 * negative SEAM_E* code; those with a seam_err write it, the others leave
 * the message to their caller.
 */
#ifndef SEAM_DECOMPOSER_INTERNAL_H
#define SEAM_DECOMPOSER_INTERNAL_H

#include "decomposer.h"

#include <stddef.h>

/*
 * A unit of clustering (decomposer_unit): by default a .c file with its
 * same-named .h (beside it, or the one it includes from elsewhere), or a lone file; with the file unit
 * each file; with the directory unit every file of one directory.
 */
typedef struct dc_module {
    char *stem; /* the key: "src/orders" (module), the path (file), the directory (owned) */
    int *file;  /* indices into model->files, sorted by path (owned) */
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
    long long calls; /* production calls of those sites (seam_sql_site.calls); 0 without stats */
} dc_access;

/* An undirected, weighted edge of the coupling graph, a < b (node ids). */
typedef struct dc_edge {
    int a, b;
    double w;
} dc_edge;

/* One kind's evidence on a node pair, a < b: raw value, then normalised weight. */
typedef struct dc_kedge {
    int a, b;
    int kind; /* decomposer_kind */
    double raw;
    double w; /* factor(kind) * raw / mean raw of the kind */
} dc_kedge;

/* A column equality some SQL site joins two different tables on (joins.c). */
typedef struct dc_join {
    int site;      /* index into model->sql_sites */
    int ta, tb;    /* table indices, ta < tb */
    char *ca, *cb; /* the columns of ta and tb (owned) */
    int declared;  /* a declared foreign key links ta and tb (either way) */
} dc_join;

/* A foreign key the schema lacks but the code's joins imply (joins.c). */
typedef struct dc_implied {
    int from, to;            /* table indices: from.from_col references to.to_col */
    char *from_col, *to_col; /* "c" or "c1, c2" for a composite key, in key order (owned) */
    int *sites;              /* SQL sites implying it, ascending (owned) */
    int nsites;
} dc_implied;

/* A growing list of raw per-kind edges, as the edge sources append them. */
typedef struct dc_kedges {
    dc_kedge *v;
    int n, cap;
} dc_kedges;

/* The shared libraries' name: service_names.c reserves it, a pin to it (constraints.c) sets a
 * module aside as a shared library. */
#define DC_SHARED_NAME "shared"

/* Constraints resolved to nodes (constraints.c). */
typedef struct dc_cons {
    int *group;       /* per node: the smallest node of its keep-together set (itself if none) */
    const char **pin; /* per node: the service name its set is pinned to (borrowed), or NULL */
    int *apart;       /* node pairs, 2 * napart: must end in different services */
    int napart;
    char *constrained; /* per node: named by any constraint */
    int active;        /* any constraint at all */
} dc_cons;

/* How the clustering was chosen (cluster.c), for the model's metrics. */
typedef struct dc_cluster_info {
    double resolution; /* the gamma whose partition was kept */
    double modularity; /* its Q (gamma 1) on the coupling graph */
    double ned;        /* its non-extreme distribution (dc_cluster_ned) */
    double objective;  /* the sweep's: asymptotic surprise * (1 - ned) */
    int swept;         /* gammas tried by the sweep; 0 when not swept */
} dc_cluster_info;

typedef struct dc_graph {
    const seam_model *model;
    const decomposer_options *opts;

    dc_module *modules; /* sorted by stem */
    int nmodules;
    char **tables; /* sorted by strcmp; owned */
    int ntables;
    int *file_module; /* per model file: its module */

    dc_call_pair *calls; /* sorted by (from, to) */
    int ncalls;
    dc_call_pair *links; /* calls and function references together, count = both; sorted */
    int nlinks;
    dc_access *access; /* sorted by (module, table) */
    int naccess;

    dc_join *joins; /* sorted by (site, ta, tb, ca, cb) */
    int njoins;
    dc_implied *implied; /* sorted by (from, to, from_col, to_col) */
    int nimplied;

    /* Co-change (cochange.c): commits read and used; 0 and 0 without a repository. The
     * history is read once; its raw edges are kept for a second weighing. */
    int commits_read, commits_used;
    int history_read;
    dc_kedges history;

    dc_cons cons; /* all empty without constraints */

    /* Set aside before clustering (shared.c): 1 for shared library modules. */
    int *shared;
    char **shared_reason; /* per module, owned, NULL unless shared */
    int nshared;
    int *entry; /* per module: an entry point set aside while clustering, placed after */

    dc_kedge *kedges; /* per kind and pair, sorted by (a, b, kind); shared modules left out */
    int nkedges;
    int kind_edges[DECOMPOSER_NKINDS];   /* edges of each kind */
    double kind_mean[DECOMPOSER_NKINDS]; /* mean raw value of each kind (1 when none) */

    dc_edge *edges; /* sorted by (a, b); the kinds summed; no edge touches a shared module */
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
    int *table_service;  /* per table: owning service, or -1 when no service's code reaches it */
    char **names;        /* per service, owned, unique; "shared" is kept for the libraries */
    double modularity;   /* Q of the final partition on the coupling graph */
} dc_partition;

/* ---- json_file.c: the JSON option files (weights.c, constraints.c) ---- */

struct cJSON;

/* The JSON document in the file at path (what names it in messages: "weights file"), read
 * as util/file.h's seam_file_read reads (max_input) into *root, the caller's (cJSON_Delete).
 * Returns 0; SEAM_EIO; SEAM_EINPUT when it is not valid JSON. */
int dc_json_file_read(const char *path, const char *what, size_t max_input, struct cJSON **root,
                      seam_err *err);

/* ---- facts.c: modules, tables, calls, references and SQL access per module ---- */

/* Fills g's facts (modules, tables, call pairs, links, table access) and validates the
 * model's indices (SEAM_EINPUT). */
int dc_facts_collect(dc_graph *g, const seam_model *model, const decomposer_options *opts,
                     seam_err *err);

/* Index of a table node by name (exact, then case-insensitive), or -1. */
int dc_facts_find_table(const dc_graph *g, const char *name);

/* Index of the module with this stem (exact), or -1. */
int dc_facts_find_module(const dc_graph *g, const char *stem);

/* Label of a module for messages: its .c path, else its first file. */
const char *dc_facts_module_label(const dc_graph *g, int m);

/* ---- joins.c: the joins of every SQL site, the foreign keys they imply ---- */

/* g->joins and g->implied from the SQL sites' text (libpg_query). */
int dc_joins_collect(dc_graph *g, seam_err *err);

/* implied_fk edges, one per implied key. Returns 0 or SEAM_ENOMEM. */
int dc_joins_edges(const dc_graph *g, dc_kedges *out);

/* ---- constraints.c: pins, keep-together and keep-apart ---- */

/* Resolves opts->constraints into g->cons; SEAM_EINPUT for unknown names or contradictions.
 * Run before dc_shared_detect (constrained modules are never shared). */
int dc_constraints_resolve(dc_graph *g, seam_err *err);

/* Splits clusters until no keep-apart or differently pinned nodes share one; renumbers
 * membership to [0, 2 * nnodes). Returns 0 or SEAM_ENOMEM. */
int dc_constraints_enforce(const dc_graph *g, int *membership, seam_err *err);

/* ---- shared.c: shared libraries set aside ---- */

/* Marks modules set aside as shared libraries, with reasons. */
int dc_shared_detect(dc_graph *g, seam_err *err);

/* After weighing: marks as shared the modules with no edge of any kind that touch no table. */
int dc_shared_isolated(dc_graph *g, seam_err *err);

/* After clustering: each entry point joins the cluster that gets more than half of its
 * calls, or with force (--services K) the one that gets most; else it stays a gateway,
 * a cluster of its own (membership updated). */
int dc_shared_place_entries(dc_graph *g, int *membership, int force, seam_err *err);

/*
 * After a first clustering (membership per node), marks as shared the modules
 * that write no table, call or reference only shared modules, and are used
 * mostly from other clusters (the "spread" rule). Sets *added to the number
 * marked (the caller then weighs and clusters again).
 */
int dc_shared_spread(dc_graph *g, const int *membership, int *added, seam_err *err);

/* ---- kedges.c: the per-kind edge list the edge sources append to ---- */

/*
 * agreement.c: for each of ngroups groups of modules (mods[k], sizes[k] modules, each
 * once), the share of its modules' coupling over the n weighed base edges (w set) that
 * stays inside it, into agreement[k]; *mean gets the mean base strength of the modules
 * with any. Returns 0 or SEAM_ENOMEM.
 */
int dc_agreement_compute(const dc_graph *g, const dc_kedge *base, int n, int *const *mods,
                         const int *sizes, int ngroups, double *agreement, double *mean,
                         seam_err *err);

/*
 * agreement.c: the groups holding each of nm modules, ascending: module m's are
 * (*in)[(*first)[m] .. (*first)[m + 1]) (both malloc'd, the caller's). Only groups k with
 * keep[k] set count (every group when keep is NULL). Returns 0 or SEAM_ENOMEM.
 */
int dc_agreement_memberships(int nm, int *const *mods, const int *sizes, int ngroups,
                             const unsigned char *keep, int **first, int **in);

/*
 * layering.c: for each of ngroups groups of modules (mods[k], sizes[k] modules, each once),
 * the share of the calls crossing its boundary (shared library modules left out) that come
 * in from outside, into inward[k] (0 when none crosses). Returns 0 or SEAM_ENOMEM.
 */
int dc_layering_inward(const dc_graph *g, int *const *mods, const int *sizes, int ngroups,
                       double *inward, seam_err *err);

/*
 * layering.c: scales down (to a quarter) the weight of each call edge among v's n weighed
 * edges that only goes one way, down out of a declared component calling out more than it
 * is called into, to a module outside it. Returns 0 or SEAM_ENOMEM.
 */
int dc_layering_weigh_calls(const dc_graph *g, dc_kedge *v, int n, seam_err *err);

/*
 * components.c: appends to out the component edges of the n weighed per-kind
 * edges (w set), their raw value their final weight. Returns 0 or SEAM_ENOMEM.
 */
int dc_components_edges(const dc_graph *g, const dc_kedge *weighed, int n, dc_kedges *out,
                        seam_err *err);

/* Appends (a, b, kind, raw) with a < b swapped in. Returns 0 or SEAM_ENOMEM. */
int dc_kedges_push(dc_kedges *l, int a, int b, int kind, double raw);

/* qsort comparator of dc_kedge: (a, b, kind). */
int dc_kedges_cmp(const void *x, const void *y);

/* ---- the edge sources graph.c weighs ---- */

/* symbols.c: ref, global and type edges from the analyzer's code facts. */
int dc_symbols_edges(const dc_graph *g, dc_kedges *out, seam_err *err);

/* naming_edges.c: naming edges, cosine similarity of modules' function-name prefixes. */
int dc_naming_edges(const dc_graph *g, const dc_kedge *base, int nbase, dc_kedges *out,
                    seam_err *err);

/* naming_edges.c: the prefix of a function name ("order" for "order_total"), lower case,
 * into buf (size n); 0 when the name has none (no '_', or only leading underscores). */
int dc_naming_edges_prefix(const char *name, char *buf, size_t n);

/* naming_edges.c: per function of the model, its naming prefix once the project-wide words
 * are taken off the front and boilerplate shapes dropped (owned, NULL: none), into *out
 * (nfunctions entries; dc_naming_edges_prefixes_free). Service names use the same. */
int dc_naming_edges_prefixes(const dc_graph *g, char ***out, seam_err *err);

void dc_naming_edges_prefixes_free(char **v, int n);

/* cochange.c: cochange edges from the git history (nothing without a repository). */
int dc_cochange_edges(dc_graph *g, dc_kedges *out, seam_err *err);

/* ---- graph.c: the weighted coupling graph ---- */

/* Every kind's edges (the sources above), normalised and summed. */
int dc_graph_weigh(dc_graph *g, seam_err *err);

/* Drops the edges and weights (before dc_graph_weigh runs again). */
void dc_graph_unweigh(dc_graph *g);

/* Frees everything g holds (facts, constraints, weights) and zeroes it. */
void dc_graph_free(dc_graph *g);

/* ---- cluster.c: Leiden and the resolution sweep ---- */

/*
 * Leiden membership per node (nnodes ints, caller-allocated), ids in
 * [0, 2 * nnodes): nodes without edges get clusters of their own, except that
 * group (per node, a representative; NULL: none) keeps each group in one
 * cluster. info says how the partition was chosen.
 */
int dc_cluster_run(const dc_graph *g, const decomposer_options *opts, const int *group,
                   int *membership, dc_cluster_info *info, seam_err *err);

/* Newman's Q of membership (per node) on the coupling graph; 0 without edges. */
int dc_cluster_modularity(const dc_graph *g, const int *membership, double *q, seam_err *err);

/*
 * Mono2Micro's non-extreme distribution for services of these sizes into
 * *ned: the share of all modules that sit in services of a single module, or
 * smaller than half or larger than twice the median service size. 0 for no
 * services. Returns 0 or SEAM_ENOMEM.
 */
int dc_cluster_ned(const int *sizes, int n, double *ned);

/* ---- merge.c: --services K, and lone modules ---- */

/* Merges module clusters of membership, closest first (modularity gain), until k remain.
 * Returns 0, or SEAM_ENOMEM. */
int dc_merge_to(const dc_graph *g, int *membership, int k, seam_err *err);

/* Lone modules join the cluster they are most tied to (see there). Membership ids must be
 * below 2 * nnodes. Returns 0 or SEAM_ENOMEM. */
int dc_merge_lone_modules(const dc_graph *g, int *membership, seam_err *err);

/* ---- partition.c: services from the clusters, one owner per table ---- */

int dc_partition_build(dc_partition *p, const dc_graph *g, const int *membership, seam_err *err);

void dc_partition_free(dc_partition *p);

/* ---- service_names.c: readable, unique service names ---- */

/* Names for services made of modules (before table ownership). twin (per service, or NULL):
 * for a service without a pin whose own name would be a pinned service's name, that
 * service; else -1. */
int dc_service_names_modules(dc_partition *p, const dc_graph *g, int *twin, seam_err *err);

/* Gives service s the pinned name (verbatim). */
int dc_service_names_pin(dc_partition *p, int s, const char *name, seam_err *err);

/* ---- explain.c, dead.c, metrics.c, plan.c: what is written into the model ---- */

/* explain.c: per service functions, interface, tables read, dependencies, loc; modules with
 * why-here; implied FKs; shared tables; edge kinds. index as for dc_metrics_compute, with
 * index[nservices] the shared libraries' entry when there are any. */
int dc_explain(seam_model *model, const dc_graph *g, const dc_partition *p, const int *index,
               seam_err *err);

/* dead.c: model->dead_functions. */
int dc_dead_find(const dc_graph *g, seam_model *out, seam_err *err);

/*
 * metrics.c: model->metrics, and each service's cohesion and coupling (model
 * services through index: partition service s is model->services[index[s]]).
 * Run after dc_explain and dc_dead_find (it reads interfaces and dead code).
 * Returns 0 or SEAM_ENOMEM.
 */
int dc_metrics_compute(const dc_graph *g, const dc_partition *p, const dc_cluster_info *info,
                       seam_model *model, const int *index, seam_err *err);


#endif
