/*
 * analyzer.h - the C front end: facts from a project's source with libclang.
 *
 * Reads BUILD_DIR/compile_commands.json (libclang's compilation database API),
 * parses every translation unit, and fills the code half of a seam_model:
 * files (project files under SRC only), functions, calls, sql_sites.
 *
 * SQL sites are string literals that reach the SQL argument of a database
 * call (sqlite3_prepare*, sqlite3_exec, PQexec, PQexecParams, PQprepare,
 * PQsendQuery*), directly or through the project's own wrappers: a function
 * whose parameter reaches a SQL argument is itself a wrapper, inferred over
 * the whole program to any depth.
 *
 * Ownership: everything written into the model belongs to the model.
 */
#ifndef SEAM_ANALYZER_H
#define SEAM_ANALYZER_H

#include "model.h"

typedef struct analyzer_options {
    const char *src_dir;   /* SRC: the project root; files outside it are not modules */
    const char *build_dir; /* directory holding compile_commands.json; NULL means src_dir */
    int jobs;              /* parser threads; <= 0 means the number of online cores */
    int progress;          /* nonzero: a progress line on stderr */
} analyzer_options;

/*
 * Parses the project and appends its facts to *model (which must hold no
 * code facts yet). Sets model->src_root. Parse errors in the analyzed code
 * are counted in model->parse_errors and per file, never fatal. Returns 0, or
 * SEAM_EIO / SEAM_EINPUT for a missing or malformed compile database, with
 * err naming the file.
 */
int analyzer_run(const analyzer_options *opts, seam_model *model, seam_err *err);

/*
 * Resolves every model->sql_sites[i] to the tables it reads and writes, using
 * model->schema (its dialect chooses the SQLite authorizer or libpg_query; no
 * schema means libpg_query). Replaces any earlier resolution. Returns 0 or
 * SEAM_ENOMEM; SQL that neither parser understands is left with no tables and
 * parser "none".
 */
int analyzer_resolve_sql(seam_model *model, seam_err *err);

#endif
