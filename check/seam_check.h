/*
 * seam_check.h - seam check: where the code crosses the boundaries of a target
 * architecture a team chose (services with their files and tables, the
 * shape of model.json's "services", globs allowed in files).
 *
 * Reads a model's facts (files, functions, calls, function references, SQL
 * sites, the schema) and the target's services; writes nothing into either.
 * A violation: a call or function reference from one service into another's
 * function not in its listed interface (every cross-service call when the
 * target lists none); SQL of one service reading or writing another's table;
 * a foreign key, view or trigger across services; a table written by two
 * services; a shared library calling into a service. Each has a stable key
 * (kind, services, function, object: no line number), so that a baseline of
 * accepted violations survives code moving within a file.
 *
 * Thread-safe on distinct results; the caller owns what check_run fills
 * (check_result_free).
 */
#ifndef SEAM_SEAM_CHECK_H
#define SEAM_SEAM_CHECK_H

#include "error.h"
#include "model.h"

#include <stddef.h>

typedef struct check_violation {
    char *kind;     /* "call", "reference", "sql_read", "sql_write", "foreign_key", "view",
                       "trigger", "shared_write", "library_call" */
    char *from;     /* the service whose code (or object) crosses */
    char *to;       /* the service crossed into */
    int file;       /* index into the model's files, -1 for a schema object */
    int line;       /* 0 when none */
    char *function; /* the function that crosses, or NULL */
    char *object;   /* what it reaches: a function, table, key, view or trigger */
    char *key;      /* "kind|from|to|function|object": stable across line moves */
    int is_new;     /* 1 unless a baseline accepts its key */
} check_violation;

typedef struct check_result {
    check_violation *v; /* sorted by (is_new descending, from, to, kind, key, file, line) */
    int n, cap;
    char **unplaced_files; /* model files no target service's globs match, sorted */
    int nunplaced_files;
    char **unplaced_tables; /* schema tables no target service lists, sorted */
    int nunplaced_tables;
    int *file_service; /* per model file: the target service its path matched, or -1 */
} check_result;

/*
 * Finds the violations of target's services in model's facts into *out (zeroed first).
 * A target service's interface names functions of target's own functions (model.json's
 * ids), matched to model's by id. SEAM_OK, SEAM_EINPUT (a target service without a
 * name), SEAM_ENOMEM.
 */
int check_run(const seam_model *model, const seam_model *target, check_result *out, seam_err *err);

/*
 * The accepted violations: a file with one key per line (check_baseline_write's). Marks
 * each violation whose key it holds as not new. A missing file is an error.
 */
int check_baseline_apply(check_result *r, const char *path, size_t max_bytes, seam_err *err);

/* Writes the keys of r's violations, sorted and unique, one per line, to path. */
int check_baseline_write(const check_result *r, const char *path, seam_err *err);

/* How many of r's violations are new. */
int check_count_new(const check_result *r);

void check_result_free(check_result *r);

#endif
