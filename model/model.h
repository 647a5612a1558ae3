/*
 * model.h - seam's data model: the facts every stage reads and writes.
 *
 * The pipeline fills one seam_model in stages:
 *   db-inspector  -> model->schema
 *   analyzer      -> model->files, functions, calls, sql_sites (and resolves
 *                    each SQL site to tables with the schema, when known)
 *   decomposer    -> model->services, model->metrics
 *   planner       -> model->plan
 *   reports       -> reads the whole model, writes model.json / report.html
 *
 * Plain data (Redis style): arrays of structs with a count, cross references
 * by index into the owning array. Ownership: the seam_model owns every
 * pointer reachable from it; seam_model_free() releases all of it. Strings
 * are NUL-terminated UTF-8 as read (reports escape them); set them with the
 * seam_strdup helpers so that free() is right.
 *
 * Indices are size_t-compatible ints; -1 means "none". Arrays are kept in a
 * deterministic order by the stage that fills them (documented per field),
 * so that the same inputs give byte-identical output.
 *
 * The types come in four groups, in pipeline order: code facts (analyzer),
 * the schema (db-inspector), the decomposition (decomposer) and its plan (planner);
 * seam_model at the end holds one of each, grouped the same way. Their JSON
 * form, model.json (docs/model.md), is described field by field in
 * model_json_fields.c.
 */
#ifndef SEAM_MODEL_H
#define SEAM_MODEL_H

#include <stddef.h>

#include "error.h"
#include "version.h"

/* ==== Code facts (analyzer) ============================================ */

/* One source file of the analyzed project, path relative to SRC. Sorted by path. */
typedef struct seam_file {
    char *path;
    int lines;        /* physical lines in the file */
    int parse_errors; /* error diagnostics when its translation unit was parsed */
    int is_header;    /* 1 for .h files */
} seam_file;

/* One function definition. Sorted by (file path, line, name). */
typedef struct seam_function {
    char *usr;   /* libclang USR: unique, distinguishes static functions */
    char *name;  /* spelling */
    int file;    /* index into model->files */
    int line;    /* line of the definition */
    int is_static;
    int loc;     /* lines spanned by the definition */
} seam_function;

/* A direct call edge, aggregated. Sorted by (caller, callee). */
typedef struct seam_call {
    int caller; /* index into model->functions */
    int callee; /* index into model->functions */
    int count;  /* call expressions from caller to callee */
    int line;   /* the first one's line, in the caller's file (0: unknown) */
} seam_call;

/* What a SQL statement or a function does to a table, column or global. */
typedef enum seam_access { SEAM_READ = 1, SEAM_WRITE = 2 } seam_access;

/* A table touched by a SQL site. access is a bit set of seam_access. */
typedef struct seam_table_ref {
    char *table; /* name as it is in model->schema when resolved there, else as written, lower case */
    int access;
} seam_table_ref;

/* A column touched by a SQL site (access is a bit set of seam_access). */
typedef struct seam_column_ref {
    char *table; /* as in seam_table_ref */
    char *column;
    int access;
} seam_column_ref;

/* A SQL string that reaches the database. Sorted by (file, line, sql). */
typedef struct seam_sql_site {
    int function; /* index into model->functions */
    int file;     /* index into model->files */
    int line;
    char *sql;    /* the literal text, adjacent literals concatenated */
    char *via;    /* the database API or wrapper it was passed to, e.g. "sqlite3_exec", "db_query" */
    char *parser; /* what resolved it to tables: "pg_query", "sqlite", or "none" */
    seam_table_ref *tables; /* sorted by name */
    int ntables;
    char *how;        /* how the literal reached the call: "argument", "variable", "format",
                         "global", "table", or "keyword" (a literal that reads as SQL but was
                         not seen reaching a database call); see docs/analyzer.md */
    char *confidence; /* "high" (it reaches a database call) or "low" ("keyword") */
    char *found;      /* how the SQL was found: "driver" (passed to a database API),
                         "inferred_wrapper" (to a project function seam found passing it
                         on), "declared_wrapper" (to a --sql-fn), "table_argument" (a
                         table's name passed to a table-name helper) or "keyword" (a
                         guess); NULL in models written before it existed */
    seam_column_ref *columns; /* columns the statement touches, sorted by (table, column) */
    int ncolumns;
    /* Production figures (sql_stats_match): the pg_stat_statements statements with this site's
     * fingerprint, summed; every site sharing a fingerprint gets the statements' full figures.
     * All 0 when none matched or there were no statistics. */
    long long calls;   /* times executed */
    long long rows;    /* rows retrieved or affected */
    double time_ms;    /* total execution time, milliseconds */
    int stats_matched; /* 1 when at least one statement matched */
    /* A site at a call of a table-name helper (found "table_argument") fills the helper's
     * statement with a table's name: the database call that sends it, the helper's own
     * site (file, line), is where it is sent. has_sent 0: the site is its own sender. */
    int has_sent;
    int sent_file; /* index into model->files */
    int sent_line;
} seam_sql_site;

/* A function referenced without being called (callback, dispatch table, function pointer).
 * Sorted by (file, function, target). */
typedef struct seam_func_ref {
    int function; /* index into functions holding the reference, -1 when at file scope */
    int file;     /* index into files: where the reference is written */
    int target;   /* index into functions: the function referenced */
    int count;    /* references from (function, file) to target */
    int line;     /* the first one's line (0: unknown) */
} seam_func_ref;

/* A file-scope variable defined in a project file. Sorted by (file, line, name). */
typedef struct seam_global {
    char *usr; /* unique like seam_function.usr */
    char *name;
    int file;
    int line;
    int is_static;
} seam_global;

/* A function reading and/or writing a global (access: seam_access bits).
 * Sorted by (function, global). */
typedef struct seam_global_use {
    int function;
    int global;
    int access;
} seam_global_use;

/* A struct, union, enum or typedef defined in a project file. Sorted by (file, line, name). */
typedef struct seam_type {
    char *usr;
    char *name;
    char *kind; /* "struct", "union", "enum", "typedef" */
    int file;
    int line;
} seam_type;

/* A function using a type in its signature or body. Sorted by (function, type). */
typedef struct seam_type_use {
    int function;
    int type;
} seam_type_use;

/* An #include of one project file by another. Sorted by (from, to). */
typedef struct seam_include {
    int from; /* index into files */
    int to;
} seam_include;

/*
 * A part of the code base its own build declares: a directory below SRC
 * holding a build file of its own (Makefile.am, CMakeLists.txt, ...), with
 * the model files under it that no deeper such directory claims. Sorted by
 * name; files sorted.
 */
typedef struct seam_component {
    char *name;       /* the directory, relative to SRC */
    char *kind;       /* "directory" */
    char *build_file; /* the build file that declares it, relative to SRC */
    char **files;     /* paths relative to SRC */
    int nfiles;
} seam_component;

/* A translation unit of the compile database. Sorted by file (then by its arguments). */
typedef struct seam_tu {
    char *file;         /* main file relative to SRC */
    int parsed;         /* 0: libclang could not parse it at all; it was skipped */
    int errors;         /* error diagnostics */
    char **diagnostics; /* the first (at most 5) errors, "path:line:col: message" */
    int ndiagnostics;
} seam_tu;

/* ==== Schema (db-inspector) ============================================ */

/* A column of a table. */
typedef struct seam_column {
    char *name;
    char *type;
    int not_null;
    /* Read by db-inspector when the database has them; NULL when absent or unknown. */
    char *default_value;  /* the DEFAULT expression as the database prints it */
    char *identity;       /* "always" or "by_default" for an identity column */
    char *generated;      /* "stored" or "virtual" for a generated column */
    char *generated_expr; /* a generated column's expression, when known */
    char *comment;        /* COMMENT ON COLUMN */
} seam_column;

/* A unique constraint (not a bare unique index: those are in seam_index). */
typedef struct seam_unique {
    char *name;
    char **columns; /* in key order */
    int ncolumns;
} seam_unique;

/* Activity counters of a table (PostgreSQL's pg_stat_user_tables, summed over partitions). */
typedef struct seam_table_stats {
    long long seq_scan, seq_tup_read, idx_scan, idx_tup_fetch;
    long long n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup;
} seam_table_stats;

/* A table. Sorted by name. */
typedef struct seam_table {
    char *name; /* schema-qualified only when not in the default schema (public/main) */
    seam_column *columns; /* in ordinal order */
    int ncolumns;
    char **primary_key; /* column names in key order */
    int nprimary_key;
    char *primary_key_name; /* the constraint's name, NULL when none or unknown */
    seam_unique *uniques;   /* unique constraints, sorted by name */
    int nuniques;
    char **partitions;      /* partitions folded into this table, sorted */
    int npartitions;
    char *comment;          /* COMMENT ON TABLE, or NULL */
    int has_estimates;      /* 1 when row_estimate and size_bytes were read */
    long long row_estimate; /* the planner's estimate; -1 when never analyzed */
    long long size_bytes;   /* table + indexes + TOAST, estimated lock-free from relpages */
    int has_stats;          /* 1 when stats were readable */
    seam_table_stats stats;
    /* Production figures: the pg_stat_statements statements touching the table, summed
     * (db-inspector); a statement touching several tables counts in each. */
    int has_production; /* 1 when pg_stat_statements was read; then 0 calls means unused */
    long long calls;    /* times executed */
    long long rows;     /* rows retrieved or affected */
    double time_ms;     /* total execution time, milliseconds */
} seam_table;

/* Sorted by (from_table, name). */
typedef struct seam_foreign_key {
    char *name;
    char *from_table;
    char **from_columns;
    char *to_table;
    char **to_columns;
    int ncolumns; /* length of from_columns and to_columns */
    char *on_delete; /* "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"; NULL unknown */
    char *on_update; /* same values */
    int deferrable;
    int initially_deferred;
} seam_foreign_key;

/* An index. Sorted by (table, name). */
typedef struct seam_index {
    char *name;
    char *table;     /* the table (or materialized view) it indexes */
    char **columns;  /* key columns in order: a name, or an expression in parentheses; */
    int ncolumns;    /*   "(expression)" when its text could not be read */
    int unique;
    int primary;     /* backs the primary key */
    char *method;    /* "btree", "hash", "gin", ...; NULL when unknown */
    int partial;     /* has a WHERE clause */
    char *predicate; /* the WHERE clause when known, else NULL */
} seam_index;

/* A view or materialized view. Sorted by name. */
typedef struct seam_view {
    char *name;
    int materialized;
    char **tables; /* base tables it reads, directly or through other views; sorted */
    int ntables;
    char *comment;
} seam_view;

/* A trigger. Sorted by (table, name). */
typedef struct seam_trigger {
    char *name;
    char *table;    /* the table or view it is defined on */
    char *timing;   /* "BEFORE", "AFTER" or "INSTEAD OF" */
    char **events;  /* of "INSERT", "UPDATE", "DELETE", "TRUNCATE", in that order */
    int nevents;
    int for_each_row;
    int enabled;
    char *function; /* the function it executes (PostgreSQL), NULL when the body is inline (SQLite) */
    char *language; /* the body's language: "plpgsql", "sql", "c", ... */
    seam_table_ref *tables; /* tables the body touches (best effort), sorted by name */
    int ntables;
} seam_trigger;

/* A sequence. Sorted by name. */
typedef struct seam_sequence {
    char *name;
    char *type;         /* "bigint", "integer", "smallint" */
    char *owner_table;  /* the column it is OWNED BY (serial, identity), or NULL */
    char *owner_column;
} seam_sequence;

/* A statement production ran (pg_stat_statements). Sorted by calls descending, then query. */
typedef struct seam_query_stat {
    char *query;            /* normalized text: constants are $n */
    long long calls;
    seam_table_ref *tables; /* tables it touches, sorted by name */
    int ntables;
    long long rows;         /* rows retrieved or affected, summed over calls */
    double time_ms;         /* total_exec_time: milliseconds spent executing, summed */
    int sites;              /* code SQL sites with its fingerprint (sql_stats_match); 0: none */
} seam_query_stat;

/* The database schema: everything db-inspector read. */
/* The database a schema came from; model.json spells it as seam_dialect_name says. */
typedef enum seam_dialect {
    SEAM_DIALECT_NONE = 0,   /* null: no database was given */
    SEAM_DIALECT_SQLITE,     /* "sqlite" */
    SEAM_DIALECT_POSTGRESQL  /* "postgresql" */
} seam_dialect;

typedef struct seam_schema {
    seam_dialect dialect; /* SEAM_DIALECT_NONE when no database was given */
    char *source;  /* where it was read from, passwords redacted */
    seam_table *tables;
    int ntables;
    seam_foreign_key *foreign_keys;
    int nforeign_keys;
    char **schemas; /* the database schemas read ("public", "sales"; "main" for SQLite), sorted */
    int nschemas;
    seam_index *indexes;
    int nindexes;
    seam_view *views;
    int nviews;
    seam_trigger *triggers;
    int ntriggers;
    seam_sequence *sequences;
    int nsequences;
    seam_query_stat *query_stats;
    int nquery_stats;
    char **skipped;  /* what could not be read and why, one line each, in reading order */
    int nskipped;
    char **warnings; /* e.g. the role seam connected as can write; one line each */
    int nwarnings;
} seam_schema;

/* ==== Decomposition (decomposer) ====================================== */

/* One service's dependency on another (seam_service.outbound / inbound). */
typedef struct seam_dependency {
    char *service; /* the other service */
    double weight; /* coupling-graph weight between the two services (all edge kinds) */
    int calls;     /* call expressions from the depending service into the other */
    int refs;      /* function references from the depending service into the other */
    int sql_sites; /* SQL sites of the depending service touching the other's tables */
} seam_dependency;

/*
 * A proposed service, or a shared library set aside from the services
 * (logging, string helpers, the db wrapper: used by most modules, owning no
 * domain data). Sorted by name; files and tables sorted.
 */
/* What a proposed service is; model.json spells it as seam_service_kind_name says. */
typedef enum seam_service_kind {
    SEAM_SERVICE_KIND_SERVICE = 0,  /* "service": a candidate service */
    SEAM_SERVICE_KIND_SHARED_LIBRARY /* "shared_library": code every service uses, set aside */
} seam_service_kind;

typedef struct seam_service {
    char *name;
    seam_service_kind kind;
    char *reason; /* why it was set aside (shared_library only), else NULL */
    char **files; /* paths relative to SRC */
    int nfiles;
    char **tables;
    int ntables;
    int *functions; /* indices into model->functions defined in its files, ascending */
    int nfunctions;
    int *interface; /* its functions called or referenced from other services (the candidate
                       API), ascending; empty for shared libraries */
    int ninterface;
    char **tables_read; /* tables owned by other services that its SQL reads, sorted */
    int ntables_read;
    seam_dependency *outbound; /* services it depends on, sorted by service */
    int noutbound;
    seam_dependency *inbound; /* services depending on it, sorted by service */
    int ninbound;
    int loc;         /* physical lines of its files */
    double cohesion; /* structural cohesion (docs/metrics.md); 0 for shared libraries */
    double coupling; /* mean structural coupling to each other service (docs/metrics.md) */
} seam_service;

/* One of the strongest edges that keep a module in its service ("why here"). */
typedef struct seam_why {
    char *target; /* the module (its seam_module.name) or table at the other end */
    int is_table;
    double weight; /* the edge's weight, all kinds summed */
    char *kinds;   /* its make-up, strongest first, e.g. "call 1.41 + naming 0.92" */
} seam_why;

/* A unit of clustering (a .c with its .h, a file, or a directory). Sorted by name. */
typedef struct seam_module {
    char *name;   /* its .c path (else its first file), or the directory (--unit dir) */
    char **files; /* sorted */
    int nfiles;
    char *service; /* the service or shared library it went to */
    char *reason;  /* why it was set aside as a shared library, else NULL */
    seam_why *why; /* up to 3 strongest edges to nodes of its own service, strongest first */
    int nwhy;
} seam_module;

/* A foreign key the schema does not declare but the code's SQL joins on. Sorted by
 * (from_table, from_column, to_table, to_column). */
typedef struct seam_implied_fk {
    char *from_table;
    char *from_column; /* "c", or "c1, c2" for a composite key (in the key's order) */
    char *to_table;
    char *to_column; /* the key: the primary key or a unique constraint of to_table */
    int *sites; /* indices into model->sql_sites that join on it, ascending */
    int nsites;
} seam_implied_fk;

/* A table that SQL of more than one service touches. Sorted by table. */
typedef struct seam_shared_table {
    char *table;
    char *owner;    /* the service it was given to */
    char **writers; /* services whose SQL writes it, sorted */
    int nwriters;
    char **readers; /* services whose SQL only reads it, sorted */
    int nreaders;
} seam_shared_table;

/* A table no service's code reaches (decomposer): owned by no service, moved by no plan
 * step, listed for the team to decide (dead data, or data another program writes). The
 * figures are the schema's, copied when db-inspector read them. Sorted by table. */
typedef struct seam_unowned_table {
    char *table;
    char *reason;           /* "no code reaches it", or which shared libraries' SQL does */
    int has_estimates;      /* 1 when row_estimate and size_bytes are known */
    long long row_estimate; /* seam_table.row_estimate */
    long long size_bytes;   /* seam_table.size_bytes */
    int has_stats;          /* 1 when stats are known */
    seam_table_stats stats; /* seam_table.stats: scans and rows written since the reset */
    int has_production;     /* 1 when pg_stat_statements was read */
    long long calls;        /* seam_table.calls: statements production ran on it (some other
                               program's, when no code of the project reaches it) */
} seam_unowned_table;

/* A function no entry point reaches. Sorted by function. */
typedef struct seam_dead_function {
    int function; /* index into model->functions */
    char *reason; /* one line, e.g. "static, never called or referenced" */
} seam_dead_function;

/* An edge kind of the coupling graph, as used. Kept in decomposer_kind order. */
typedef struct seam_edge_kind {
    char *kind;      /* "call", "access", ... (docs/decomposition.md) */
    double factor;   /* weight after normalisation to mean 1; 0 when switched off */
    int edges;       /* node pairs with evidence of this kind */
    double mean_raw; /* the raw mean the kind was divided by */
} seam_edge_kind;

/* Measures of the decomposition as a whole. */
typedef struct seam_metrics {
    double modularity;        /* Newman's Q of the clustering on the coupling graph */
    int services;             /* number of services */
    int cross_service_calls;  /* call expressions whose caller and callee are in different services */
    int internal_calls;       /* call expressions inside one service */
    int cross_service_fks;    /* foreign keys between tables of different services */
    int shared_tables;        /* tables accessed by more than one service */
    /* Formulas of the measures below in docs/metrics.md. */
    double mq;               /* Bunch's MQ (TurboMQ) on the weighted coupling graph */
    double sm;               /* structural modularity (Jin et al. 2019, as in Mono2Micro) */
    double icp;              /* inter-partition call percentage: cross / (cross + internal) */
    double ifn;              /* interface number: mean interface functions per service */
    double ned;              /* non-extreme distribution: modules in extreme-size services */
    double resolution;       /* the Leiden resolution whose partition was kept */
    double objective;        /* the sweep's objective: asymptotic surprise * (1 - NED) */
    int sql_joins;           /* column equalities between two tables in the code's SQL */
    int cross_service_joins; /* of those, between tables of different services */
    int implied_fks;         /* foreign keys implied by joins, none declared */
    int dead_functions;      /* functions no entry point reaches */
    int commits_read;        /* git commits read for co-change (0: no history) */
    int commits_used;        /* of those, commits that changed two or more modules */
} seam_metrics;

/* A system object (pg_catalog.*, information_schema.*, sqlite_*) the code's SQL reads. It is
 * no application table: never owned, moved or planned (model/system_read.c). Sorted by name. */
typedef struct seam_system_read {
    char *name; /* one spelling per object: "pg_catalog.pg_class", "information_schema.columns",
                   "sqlite_master" */
    int *sites; /* indices into model->sql_sites that read it, ascending */
    int nsites;
} seam_system_read;

/* How much of the code's SQL was resolved to tables (model/coverage.c). */
typedef struct seam_coverage {
    int sql_sites;      /* SQL sites */
    int resolved;       /* sites resolved to at least one table or system object, or
                           (at_callers) a helper's statement whose table its callers name */
    int at_callers;     /* of resolved: sites with no table of their own whose statement
                           callers fill with a table's name (seam_sql_site.sent_*) */
    int unresolved;     /* sites resolved to nothing */
    int high;           /* sites of confidence "high" (seen reaching a database call) */
    int low;            /* sites of confidence "low" (keyword guesses) */
    int schema_tables;  /* tables in the schema (0 without one) */
    int tables_reached; /* of those, tables some SQL site touches (directly or through a view) */
    int *unresolved_sites; /* indices into model->sql_sites resolved to nothing, ascending */
    int nunresolved_sites;
    char **unreached_tables; /* schema tables no SQL site touches, sorted */
    int nunreached_tables;
    int statements;         /* production statements (schema.query_stats); 0 without them */
    int statements_matched; /* of those, statements some SQL site's fingerprint matched */
} seam_coverage;

/* ==== Plan (planner) =================================================== */

/* A place in the code a plan step changes. Sorted by (file, line, function, sql). */
typedef struct seam_plan_site {
    int file;     /* index into model->files */
    int line;
    int function; /* index into model->functions, -1 when none */
    char *sql;    /* the statement sent there (the SQL site's text), or NULL */
} seam_plan_site;

/* split_plan.version: 2 since steps carry a stage, SQL and code sites. */
#define SEAM_PLAN_VERSION 2

/* The stages of the split (docs/planner.md). */
enum {
    SEAM_PLAN_STAGE_SCHEMA = 1,   /* a schema per service in the one database */
    SEAM_PLAN_STAGE_TIES = 2,     /* the ties between services cut, one by one */
    SEAM_PLAN_STAGE_DATABASE = 3  /* a database per service, strangler order */
};

/* One step of the schema split plan (planner/). Sorted by order. */
typedef struct seam_plan_step {
    int order;     /* 1-based */
    char *kind;    /* "create_schema", "move_table", "drop_foreign_key", ... (docs/planner.md) */
    char *service; /* the service the step belongs to */
    char *detail;  /* human-readable, one sentence */
    char *id;      /* stable across runs: "<kind>:<service>[:<object>]" */
    int stage;     /* SEAM_PLAN_STAGE_* */
    char **depends_on; /* ids of the steps that must come first, in plan order */
    int ndepends_on;
    char *sql;      /* the step's SQL in the schema's dialect, one transaction; NULL: none */
    char *sql_note; /* why there is no SQL (a dialect that cannot say it), and what instead */
    seam_plan_site *code_sites; /* the code to change */
    int ncode_sites;
    char *rationale; /* why the step, and why here */
    int effort_sites;       /* code sites to change */
    int effort_tables;      /* tables the step touches */
    int has_size;           /* 1 when rows and bytes are known (the inspector's estimates) */
    long long effort_rows;  /* rows of those tables */
    long long effort_bytes; /* their size */
    char *risk;             /* "low", "medium" or "high" */
} seam_plan_step;

/* ==== The model ======================================================= */

typedef struct seam_model {
    /* Code facts (analyzer). */
    char *src_root; /* absolute path of SRC */
    seam_file *files;
    int nfiles;
    seam_function *functions;
    int nfunctions;
    seam_call *calls;
    int ncalls;
    seam_sql_site *sql_sites;
    int nsql_sites;
    seam_func_ref *func_refs;
    int nfunc_refs;
    seam_global *globals;
    int nglobals;
    seam_global_use *global_uses;
    int nglobal_uses;
    seam_type *types;
    int ntypes;
    seam_type_use *type_uses;
    int ntype_uses;
    seam_include *includes;
    int nincludes;
    seam_component *components; /* the build's own components (analyzer/components.c) */
    int ncomponents;
    seam_tu *tus;
    int ntus;
    int translation_units; /* TUs parsed */
    int parse_errors;      /* total error diagnostics over all TUs */
    char **code_warnings;  /* e.g. "no compile database: results are approximate"; sorted */
    int ncode_warnings;

    /* Schema (db-inspector). */
    seam_schema schema;

    /* Decomposition (decomposer). */
    seam_service *services;
    int nservices;
    seam_module *modules;
    int nmodules;
    seam_implied_fk *implied_fks;
    int nimplied_fks;
    seam_shared_table *shared_tables;
    int nshared_tables;
    seam_dead_function *dead_functions;
    int ndead_functions;
    seam_edge_kind *edge_kinds;
    int nedge_kinds;
    seam_metrics metrics;
    seam_system_read *system_reads; /* filled by seam_system_read_fold */
    int nsystem_reads;
    seam_coverage coverage; /* filled by seam_coverage_compute */
    seam_unowned_table *unowned_tables;
    int nunowned_tables;

    /* Plan (planner). */
    seam_plan_step *plan;
    int nplan;
    int plan_version; /* the plan's format: SEAM_PLAN_VERSION when the planner wrote it,
                         0 for a plan of an older seam (steps with order, kind, service,
                         detail only) */
} seam_model;

/* Zero-initialises *m. Never fails. */
void seam_model_init(seam_model *m);

/* Releases everything *m owns and zero-initialises it again. NULL is fine. */
void seam_model_free(seam_model *m);

/* Releases n plan steps and the array (used by seam_model_free). NULL is fine. */
void seam_plan_free(seam_plan_step *steps, int n);

/* Releases a schema's contents (used by seam_model_free). */
void seam_schema_free(seam_schema *s);

/* Releases everything one element of a schema owns and zeroes it (not the struct itself,
 * which lives in an array); NULL is ignored. For readers that drop or merge an element. */
void seam_table_free(seam_table *t);
void seam_column_free(seam_column *col);
void seam_foreign_key_free(seam_foreign_key *fk);
void seam_index_free(seam_index *ix);
void seam_view_free(seam_view *v);
void seam_trigger_free(seam_trigger *tg);
void seam_sequence_free(seam_sequence *sq);

/* Index of the file with this relative path, or -1. Files must be sorted. */
int seam_model_find_file(const seam_model *m, const char *path);

/* Index of the table with this name (case-insensitive), or -1. */
int seam_schema_find_table(const seam_schema *s, const char *name);

/*
 * Grows *arr (elements of size elem, *cap allocated) to hold at least need
 * elements. New memory is zeroed. Returns 0, or SEAM_ENOMEM.
 */
int seam_array_reserve(void *arr, int *cap, int need, size_t elem);

/* "sqlite" or "postgresql"; NULL for SEAM_DIALECT_NONE (and out-of-range values). */
const char *seam_dialect_name(seam_dialect dialect);

/* The dialect that name spells ("sqlite", "postgresql"), or -1 (NULL included). */
int seam_dialect_parse(const char *name);

/* "service" or "shared_library"; NULL for a value that is neither. */
const char *seam_service_kind_name(seam_service_kind kind);

/* The kind that name spells, or -1 when it spells none (NULL included). */
int seam_service_kind_parse(const char *name);

/* strdup that reports failure through its return (NULL in, NULL out). */
char *seam_strdup(const char *s);

/* malloc'd printf. Returns NULL on allocation failure. */
char *seam_printf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
