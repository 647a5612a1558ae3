/*
 * analyzer_int.h - what the analyzer's files share internally (not a public API).
 *
 * The analyzer runs in three steps, one file each:
 *   compdb.c    compile_commands.json -> one parse job per translation unit
 *   tu_facts.c  one TU parsed with libclang -> plain facts (no libclang types),
 *               so that threads can parse independently and the facts can be
 *               merged afterwards in a fixed order
 *   program.c   facts of all TUs -> model files, functions, calls, with every
 *               call resolved to the project function it reaches
 *   wrappers.c  whole-program inference of SQL wrappers -> model sql_sites
 * analyzer.c drives them (threads, progress).
 */
#ifndef SEAM_ANALYZER_INT_H
#define SEAM_ANALYZER_INT_H

#include <clang-c/Index.h>

#include "model.h"

/* ---- compdb.c ---------------------------------------------------------- */

/* One translation unit to parse: an absolute file and the arguments for it. */
typedef struct compdb_entry {
    char *file;  /* absolute path of the source file */
    char **argv; /* compiler arguments without the compiler, -c, -o, -M*, or the file */
    int argc;
} compdb_entry;

typedef struct compdb {
    compdb_entry *entries; /* sorted by file, then by order in the database */
    int n;
} compdb;

/*
 * Loads DIR/compile_commands.json. Relative paths in the arguments are made
 * absolute against each command's "directory". Returns 0, SEAM_EIO (missing),
 * SEAM_EINPUT (malformed or no entries) or SEAM_ENOMEM. *db is owned by the
 * caller: release it with compdb_free (also after a failure).
 */
int compdb_load(compdb *db, const char *dir, seam_err *err);
void compdb_free(compdb *db);

/* ---- tu_facts.c -------------------------------------------------------- */

/*
 * A value reaching an argument: the caller's parameter `param` (>= 0), or a
 * string literal (param -1, sql set) written at file:line.
 */
typedef struct fact_arg {
    int pos;    /* 0-based argument position in the call */
    int param;  /* caller parameter index, or -1 */
    char *sql;  /* literal text when param is -1 */
    char *file; /* path of the literal relative to SRC */
    int line;
} fact_arg;

/* One call expression whose callee is a named function (direct call). */
typedef struct fact_call {
    char *callee_usr;
    char *callee_name;
    char *callee_file;   /* SRC-relative file of the callee's definition when this TU has it */
    int callee_internal; /* callee has internal linkage (static) */
    int line;
    fact_arg *args; /* only the arguments that carry a parameter or a literal */
    int nargs, capargs;
} fact_call;

/* One function definition in a project file, with the facts of its body. */
typedef struct fact_func {
    char *usr; /* libclang USR, as libclang spells it */
    char *name;
    char *file; /* relative to SRC */
    int line;
    int loc;
    int is_static;
    int internal;     /* internal linkage */
    fact_call *calls; /* in source order */
    int ncalls, capcalls;
} fact_func;

/* Everything one translation unit contributed. */
typedef struct tu_facts {
    char *main_file; /* relative to SRC, or NULL when the TU's file is outside SRC */
    int parsed;      /* 1 when libclang produced a translation unit */
    int errors;      /* error diagnostics (1 when the TU could not be parsed) */
    char **files;    /* SRC-relative files seen by the TU (main file and headers) */
    int nfiles, capfiles;
    fact_func *funcs; /* definitions in project files, in source order */
    int nfuncs, capfuncs;
} tu_facts;

/*
 * Parses one TU with idx and fills *out (zeroed by the caller). A TU that
 * libclang cannot parse is not a failure: out->parsed stays 0, errors is 1.
 * src_root is SRC's real path. Returns 0 or SEAM_ENOMEM. *out is owned by the
 * caller: release it with tu_facts_free (also after a failure).
 */
int tu_facts_collect(CXIndex idx, const compdb_entry *e, const char *src_root, tu_facts *out,
                     seam_err *err);
void tu_facts_free(tu_facts *f);

/*
 * The path of abs relative to root (both real paths), or NULL when abs is not
 * under root. Points into abs.
 */
const char *analyzer_relpath(const char *root, const char *abs);

/* ---- program.c --------------------------------------------------------- */

/* The merged program: model functions plus the facts of their bodies. */
typedef struct program {
    seam_model *model;      /* borrowed */
    const fact_func **body; /* body[i]: facts of model->functions[i] (borrowed from the TUs) */
    int **callee;           /* callee[i][c]: model function reached by body[i]->calls[c], or -1 */
    int nfunctions;
} program;

/*
 * Fills model->files, functions and calls from the TUs' facts (in the order
 * given; the first definition of a function wins), and *p. The TUs must
 * outlive *p. Returns 0 or SEAM_ENOMEM; release *p with program_free.
 */
int program_build(program *p, const tu_facts *tus, int ntus, seam_model *model, seam_err *err);
void program_free(program *p);

/* ---- wrappers.c -------------------------------------------------------- */

/*
 * Infers the project's SQL wrappers over the whole program and fills
 * model->sql_sites (tables empty, parser "none"). Returns 0 or SEAM_ENOMEM.
 */
int wrappers_find_sql(const program *p, seam_err *err);

/* The SQL argument position of a known database API, or -1. */
int wrappers_sink_arg(const char *name);

#endif
