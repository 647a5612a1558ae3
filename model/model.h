/*
 * model.h - seam's data model: the facts every stage reads and writes.
 *
 * The pipeline fills one seam_model in stages:
 *   db-inspector  -> model->schema
 *   analyzer      -> model->files, functions, calls, sql_sites (and resolves
 *                    each SQL site to tables with the schema, when known)
 *   decomposer    -> model->services, model->metrics, model->plan
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
 */
#ifndef SEAM_MODEL_H
#define SEAM_MODEL_H

#include <stddef.h>

#include "error.h"

#define SEAM_VERSION "0.1.0"

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
} seam_call;

typedef enum seam_access { SEAM_READ = 1, SEAM_WRITE = 2 } seam_access;

/* A table touched by a SQL site. access is a bit set of seam_access. */
typedef struct seam_table_ref {
    char *table; /* name as it is in model->schema when resolved there, else as written, lower case */
    int access;
} seam_table_ref;

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
} seam_sql_site;

typedef struct seam_column {
    char *name;
    char *type;
    int not_null;
} seam_column;

/* Sorted by name. */
typedef struct seam_table {
    char *name; /* schema-qualified only when not in the default schema (public/main) */
    seam_column *columns; /* in ordinal order */
    int ncolumns;
    char **primary_key; /* column names in key order */
    int nprimary_key;
} seam_table;

/* Sorted by (from_table, name). */
typedef struct seam_foreign_key {
    char *name;
    char *from_table;
    char **from_columns;
    char *to_table;
    char **to_columns;
    int ncolumns; /* length of from_columns and to_columns */
} seam_foreign_key;

typedef struct seam_schema {
    char *dialect; /* "sqlite", "postgresql", or NULL when no database was given */
    char *source;  /* where it was read from, passwords redacted */
    seam_table *tables;
    int ntables;
    seam_foreign_key *foreign_keys;
    int nforeign_keys;
} seam_schema;

/*
 * A proposed service, or a shared library set aside from the services
 * (logging, string helpers, the db wrapper: used by most modules, owning no
 * domain data). Sorted by name; files and tables sorted.
 */
typedef struct seam_service {
    char *name;
    char *kind;   /* "service" or "shared_library" */
    char *reason; /* why it was set aside (shared_library only), else NULL */
    char **files; /* paths relative to SRC */
    int nfiles;
    char **tables;
    int ntables;
} seam_service;

typedef struct seam_metrics {
    double modularity;        /* Newman's Q of the clustering on the coupling graph */
    int services;             /* number of services */
    int cross_service_calls;  /* call expressions whose caller and callee are in different services */
    int internal_calls;       /* call expressions inside one service */
    int cross_service_fks;    /* foreign keys between tables of different services */
    int shared_tables;        /* tables accessed by more than one service */
} seam_metrics;

/* One step of the schema split plan. Sorted by order. */
typedef struct seam_plan_step {
    int order;     /* 1-based */
    char *kind;    /* "create_schema", "move_table", "drop_foreign_key", ... */
    char *service; /* the service the step belongs to */
    char *detail;  /* human-readable, one sentence */
} seam_plan_step;

typedef struct seam_model {
    char *src_root; /* absolute path of SRC */

    seam_file *files;
    int nfiles;
    seam_function *functions;
    int nfunctions;
    seam_call *calls;
    int ncalls;
    seam_sql_site *sql_sites;
    int nsql_sites;
    int translation_units;   /* TUs parsed */
    int parse_errors;        /* total error diagnostics over all TUs */

    seam_schema schema;

    seam_service *services;
    int nservices;
    seam_metrics metrics;
    seam_plan_step *plan;
    int nplan;
} seam_model;

/* Zero-initialises *m. Never fails. */
void seam_model_init(seam_model *m);

/* Releases everything *m owns and zero-initialises it again. NULL is fine. */
void seam_model_free(seam_model *m);

/* Releases a schema's contents (used by seam_model_free). */
void seam_schema_free(seam_schema *s);

/* Index of the file with this relative path, or -1. Files must be sorted. */
int seam_model_find_file(const seam_model *m, const char *path);

/* Index of the table with this name (case-insensitive), or -1. */
int seam_schema_find_table(const seam_schema *s, const char *name);

/*
 * Grows *arr (elements of size elem, *cap allocated) to hold at least need
 * elements. New memory is zeroed. Returns 0, or SEAM_ENOMEM.
 */
int seam_array_reserve(void *arr, int *cap, int need, size_t elem);

/* strdup that reports failure through its return (NULL in, NULL out). */
char *seam_strdup(const char *s);

/* malloc'd printf. Returns NULL on allocation failure. */
char *seam_printf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
