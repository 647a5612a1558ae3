/*
 * decomposer.h - from facts to proposed services and a schema split plan.
 *
 * Builds a weighted coupling graph whose nodes are modules (a .c file with
 * its same-named .h) and tables, with edges for calls (by count), table
 * access (writes weigh more than reads) and foreign keys; clusters it with
 * igraph's Leiden algorithm (fixed seed, stable node order: deterministic);
 * assigns each table to one service; computes metrics; and plans the split:
 * a schema per service, then the foreign keys that cross services dropped.
 *
 * Reads model->files, functions, calls, sql_sites and schema; writes
 * model->services, model->metrics and model->plan (which must be empty).
 *
 * In order (each step documented at the top of its file):
 *
 * 1. Modules (facts.c). A .c and the .h of the same name in the same
 *    directory form one module; any other file is a module alone. Tables:
 *    the schema's, plus tables named only by SQL or foreign keys.
 *
 * 2. Shared libraries (shared.c), set aside before clustering into ONE
 *    service named "shared" of kind "shared_library", whose reason lists each
 *    module with its rule ("src/log.c: called from 12 of 19 other modules,
 *    writes no table"). With N modules and half = max(3, ceil((N-1)/2)):
 *      library:     called from >= half of the other modules, writes no table
 *      entry point: called by none, touches no table, calls >= 3 modules
 *                   (main.c: set aside rather than clustered)
 *      isolated:    no calls to or from non-shared modules and no table access
 *
 * 3. Edge weights (graph.c), per node pair, undirected:
 *      call   module-module  raw = log2(1 + call expressions, both directions)
 *      access module-table   raw = log2(1 + 2 * writing sites + reading sites)
 *      fk     table-table    raw = number of foreign keys between them
 *    each kind normalised to mean 1 over its own edges, times a factor:
 *    call 1.0, access 1.0, fk 0.5. Edges of shared modules are left out.
 *
 * 4. Leiden (cluster.c) in its modularity form (CPM with node weight =
 *    strength, resolution gamma / 2m), run until stable, igraph's RNG
 *    reseeded with opts->seed before each run. Default: gammas 0.5, 0.75, 1,
 *    1.25, 1.5, 2 are tried and the partition of highest modularity kept.
 *
 * 5. Services and table owners (ownership.c, naming.c): each cluster with
 *    modules is a service, named after the directory only its modules use,
 *    else its most connected module's file name ("orders"); names unique
 *    ("-2"). Each table goes to the service writing it from most SQL sites,
 *    ties by reads, FK affinity, name; untouched tables follow their FK
 *    neighbours; tables nothing reaches become file-less services named
 *    after their main table.
 *
 * 6. Metrics (metrics.c): Q of the final partition (igraph_modularity),
 *    calls counted in call expressions, calls into or out of shared
 *    libraries counting as neither internal nor cross-service.
 *
 * 7. Plan (plan.c): services least coupled first (cross-service calls +
 *    cross-service FKs, ties by name): "create_schema" and one "move_table"
 *    per table; services without tables get no step; then one
 *    "drop_foreign_key" per FK crossing services, in schema order, given to
 *    the service owning the referencing table.
 */
#ifndef SEAM_DECOMPOSER_H
#define SEAM_DECOMPOSER_H

#include "model.h"

typedef struct decomposer_options {
    double resolution; /* Leiden resolution (modularity gamma); <= 0: sweep and keep the best Q */
    unsigned seed;     /* random seed for Leiden; same seed, same result */
} decomposer_options;

/* Fills in the defaults: resolution 0 (sweep), seed 1. */
void decomposer_options_init(decomposer_options *o);

/*
 * Fills model->services (sorted by name), metrics and plan. opts may be NULL
 * (defaults). Returns 0; SEAM_EUSAGE when the model already has services or
 * a plan; SEAM_EINPUT when an index in the model is out of range; SEAM_ENOMEM
 * or SEAM_ERROR (igraph failure), err set. On failure services, plan and
 * metrics are left empty.
 */
int decomposer_run(seam_model *model, const decomposer_options *opts, seam_err *err);

/*
 * MoJoFM (see mojo.h) of proposed services `got` against a reference
 * decomposition `truth`, both as seam_service arrays (the caller keeps
 * ownership; only name, kind and files are read). The objects are the files
 * listed in `truth`; files of `got` the truth does not list are ignored.
 * Clusters: one per service, except that all "shared_library" entries of a
 * side form ONE cluster, and truth files that no entry of `got` lists form one
 * extra cluster on the proposed side. Writes *fm in [0, 100] and, when mno is
 * not NULL, the MoJo distance mno(got, truth). Returns 0; SEAM_EINPUT when a
 * side lists a file in two different services or the truth lists no files;
 * SEAM_EUSAGE for NULL arrays with a count; SEAM_ENOMEM.
 */
int decomposer_eval_services(const seam_service *got, int ngot, const seam_service *truth,
                             int ntruth, double *fm, long *mno, seam_err *err);

#endif
