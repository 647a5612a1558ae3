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
 * What the analyzer records:
 *   files      every file under SRC that a TU reads (sources and headers),
 *              paths relative to SRC; a TU's error diagnostics count against
 *              its main file. A TU libclang cannot parse at all counts as one
 *              error of its file and is otherwise skipped.
 *   functions  definitions in those files. A function defined in a header is
 *              one function however many TUs include it. usr is libclang's
 *              USR, except that an internal (static) function's is qualified
 *              with its SRC-relative path ("c:orders/util.c@F@helper", where
 *              libclang says "c:util.c@F@helper" for every util.c), and an
 *              external USR defined in several files gets "@path" appended.
 *   calls      direct calls between project functions, including calls
 *              written in macros, each call expression counted once (calls
 *              to library functions and through pointers are not edges).
 *   sql_sites  a literal passed as a SQL argument, with via = the sink or
 *              wrapper it was passed to. A value reaches an argument as the
 *              expression itself (through parens, casts and the arms of ?:),
 *              through a local variable initialised with it or written by
 *              sprintf/snprintf/vsnprintf with it as the format, through a
 *              file-scope variable initialised with a literal, or through a
 *              table: table[i].field, table[i] or rec.field of a variable
 *              whose initialiser list holds it. sql is the literal's text
 *              (adjacent and macro-built pieces joined), file:line where the
 *              literal starts. tables is empty and parser "none" until
 *              analyzer_resolve_sql.
 * The model is the same, byte for byte, for any number of threads and any
 * order of the compile database.
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
    int progress;          /* nonzero: "\rseam: parsed 12/40 files, 0 errors" on stderr,
                              updated as TUs finish, ended with a newline */
} analyzer_options;

/*
 * Parses the project and appends its facts to *model (which must hold no
 * code facts yet). Sets model->src_root. Parse errors in the analyzed code
 * are counted in model->parse_errors and per file, never fatal. Returns 0, or
 * SEAM_EIO for a missing SRC or compile database, SEAM_EINPUT for a malformed
 * one (bad JSON, an entry without directory/file/arguments|command, or no C
 * file in it), SEAM_EUSAGE for a model that already holds code facts,
 * SEAM_ENOMEM; err names the file. Compile commands are used as clang tools
 * do: the compiler, -c, -o FILE and -M* options are dropped, and relative
 * paths are taken from the entry's "directory".
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
