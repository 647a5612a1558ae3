/*
 * decomposer.h - from facts to proposed services, explained and measured;
 * planner/ then plans the schema split from them. docs/decomposition.md is
 * the long form; each step is documented at the top of its file.
 *
 * Reads model->files, functions, calls, func_refs, globals, global_uses,
 * types, type_uses, sql_sites and schema (and, for co-change, the git history
 * around model->src_root or opts->git_dir); writes model->services, metrics,
 * modules, implied_fks, shared_tables, dead_functions and edge_kinds
 * (which must all be empty).
 *
 * In order:
 *  1. facts.c: modules (a .c with its .h; or each file; or each directory:
 *     opts->unit), tables (schema, SQL, views resolved to base tables), calls,
 *     references and SQL access per module; joins.c: the joins of every SQL
 *     site and the foreign keys they imply.
 *  2. constraints.c: pins, keep-together, keep-apart resolved to nodes.
 *  3. shared.c: shared libraries set aside (library, entry point, isolated).
 *  4. graph.c: the weighted coupling graph: call, ref, global, type (symbols.c),
 *     access, fk, implied_fk (joins.c), cochange (cochange.c, libgit2), naming
 *     (naming_edges.c), each source appending to one list (kedges.c); each
 *     kind normalised to mean 1, times opts->weights.
 *  5. cluster.c: Leiden, resolution swept for the best asymptotic surprise
 *     times (1 - NED), or opts->resolution, or opts->services (merge.c);
 *     then shared.c's spread rule and, when it set modules aside, weighing and
 *     clustering again; merge.c: lone modules join their strongest tie;
 *     constraints.c: keep-apart enforced.
 *  6. partition.c, service_names.c: services, one owner per table, names.
 *  7. explain.c, dead.c, metrics.c: per-service facts and "why here",
 *     dead code, metrics (docs/metrics.md).
 * Same input and options, same output, byte for byte.
 *
 * Not thread-safe: decomposer_run uses igraph, whose state is process-wide
 * (its default random number generator, which every clustering reseeds with
 * opts->seed, and its error and warning handlers, which cluster.c and mojo.c
 * swap while they run). Two decomposer_run calls must not overlap in one
 * process, nor overlap other igraph use (mojo_*, decomposer_eval_*); run them
 * one after another, or in separate processes.
 */
#ifndef SEAM_DECOMPOSER_H
#define SEAM_DECOMPOSER_H

#include "model.h"

/*
 * Edge kinds of the coupling graph, each with a factor (its weight after
 * normalisation to mean 1, see graph.c and docs/decomposition.md). A factor
 * of 0 switches a kind off.
 */
typedef enum decomposer_kind {
    DECOMPOSER_CALL,       /* module-module: call expressions between them */
    DECOMPOSER_REF,        /* module-module: function references (callbacks, dispatch tables) */
    DECOMPOSER_GLOBAL,     /* module-module: writing (or writing and reading) one global */
    DECOMPOSER_TYPE,       /* module-module: a module using types another defines */
    DECOMPOSER_ACCESS,     /* module-table: SQL sites reading or writing it */
    DECOMPOSER_FK,         /* table-table: declared foreign keys */
    DECOMPOSER_IMPLIED_FK, /* table-table: the code's SQL joins them, no FK declared */
    DECOMPOSER_COCHANGE,   /* module-module: changed in the same commits */
    DECOMPOSER_NAMING,     /* module-module: shared function-name prefixes */
    DECOMPOSER_COMPONENT,  /* module-module: one component of the build, or one directory */
    DECOMPOSER_NKINDS
} decomposer_kind;

/* "call", "ref", "global", "type", "access", "fk", "implied_fk", "cochange", "naming",
 * "component"; NULL out of range. */
const char *decomposer_kind_name(int kind);

/* What a module is: a .c with its .h (default), each file alone, or a directory. */
typedef enum decomposer_unit {
    DECOMPOSER_UNIT_MODULE,
    DECOMPOSER_UNIT_FILE,
    DECOMPOSER_UNIT_DIR
} decomposer_unit;

/*
 * Constraints an architect imposes (constraints.c); always honoured. A node
 * is named by a file path ("src/orders.c"), a module stem ("src/orders"), a
 * directory when --unit dir, or a table ("orders", or "table:orders" when a
 * file has the same name).
 */
typedef struct decomposer_pin {
    char *node;
    char *service; /* the proposed service's name */
} decomposer_pin;

typedef struct decomposer_group {
    char **nodes;
    int nnodes;
} decomposer_group;

typedef struct decomposer_constraints {
    decomposer_pin *pins; /* node -> named service */
    int npins;
    decomposer_group *together; /* each group's nodes end in one service */
    int ntogether;
    decomposer_group *apart; /* each group's nodes end in pairwise different services */
    int napart;
} decomposer_constraints;

typedef struct decomposer_options {
    double resolution; /* Leiden resolution (modularity gamma); <= 0: sweep (cluster.c) */
    unsigned seed;     /* random seed for Leiden; same seed, same result */
    int services;      /* > 0: exactly this many services made of modules (when possible) */
    decomposer_unit unit;
    double weights[DECOMPOSER_NKINDS]; /* kind factors; decomposer_options_init's defaults */
    int git;                           /* nonzero: co-change from the git history of git_dir */
    const char *git_dir; /* where the repository is looked for; NULL: model->src_root */
    int git_max_commits; /* newest commits read (default 2000) */
    int git_max_files;   /* commits changing more files are ignored (default 50) */
    const decomposer_constraints *constraints; /* borrowed; NULL: none */
} decomposer_options;

/*
 * Fills in the defaults: resolution 0 (sweep), seed 1, services 0, unit
 * module, weights call 1, ref 1, global 1, type 0.25, access 1, fk 0.5,
 * implied_fk 0.5, cochange 1, naming 1 (docs/decomposition.md says why),
 * git on (2000 commits, 50 files).
 */
void decomposer_options_init(decomposer_options *o);

/*
 * Reads kind factors from a JSON object ({"naming": 0, "call": 2}) into
 * o->weights; kinds not named keep their value. Returns 0; SEAM_EIO when the
 * file cannot be read (or is not a regular file of at most max_input bytes;
 * 0: SEAM_FILE_MAX_DEFAULT of util/file.h); SEAM_EINPUT for bad JSON, an unknown kind or a
 * negative or non-numeric factor (err names the file and the key).
 */
int decomposer_weights_load(decomposer_options *o, const char *path, size_t max_input,
                            seam_err *err);

/*
 * Reads constraints from a JSON file:
 *   {"pin": {"src/refunds.c": "payments", "invoices": "payments"},
 *    "together": [["src/cart.c", "src/orders.c"]],
 *    "apart": [["src/notify.c", "src/orders.c"]]}
 * (every key optional). *out is the caller's: decomposer_constraints_free.
 * The file is read as decomposer_weights_load reads its own (max_input).
 * Returns 0; SEAM_EIO; SEAM_EINPUT for bad JSON or shapes, naming the file.
 * Whether the nodes exist is checked by decomposer_run (SEAM_EINPUT).
 */
int decomposer_constraints_load(const char *path, size_t max_input, decomposer_constraints **out,
                                seam_err *err);
void decomposer_constraints_free(decomposer_constraints *c);

/*
 * Fills model->services (sorted by name) and metrics. opts may be NULL
 * (defaults). Returns 0; SEAM_EUSAGE when the model already has services or
 * a plan; SEAM_EINPUT when an index in the model is out of range; SEAM_ENOMEM
 * or SEAM_ERROR (igraph failure), err set. On failure services and metrics
 * are left empty.
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

/* One Move of the MoJo plan: a file to the cluster that becomes its truth service. */
typedef struct decomposer_move {
    char *file;
    char *from; /* its proposed service ("shared": the libraries; "(not placed)") */
    char *to;   /* the truth service it belongs to */
} decomposer_move;

/* One Join of the MoJo plan: two proposed clusters the truth has as one. */
typedef struct decomposer_join {
    char *from;  /* the proposed service joined ... */
    char *into;  /* ... into this one */
    char *truth; /* the truth service the two become */
} decomposer_join;

typedef struct decomposer_eval {
    double mojofm;          /* MoJoFM in [0, 100] */
    long mojo;              /* MoJo distance: nmoves + njoins */
    double ari;             /* adjusted Rand index in [-1, 1] */
    int files;              /* files compared (those the truth lists) */
    decomposer_move *moves; /* in the truth's file order (sorted by path) */
    int nmoves;
    decomposer_join *joins;
    int njoins;
} decomposer_eval;

/*
 * decomposer_eval_services plus the adjusted Rand index and the optimal plan
 * of moves and joins (mojo_plan). *e is the caller's: decomposer_eval_free.
 * Errors as decomposer_eval_services.
 */
int decomposer_eval_run(const seam_service *got, int ngot, const seam_service *truth, int ntruth,
                        decomposer_eval *e, seam_err *err);
void decomposer_eval_free(decomposer_eval *e);

#endif
