/*
 * analyzer.h - the C front end: facts from a project's source with libclang.
 *
 * Reads BUILD_DIR/compile_commands.json (libclang's compilation database API;
 * without one, every .c file under SRC), parses every translation unit, and
 * fills the code half of a seam_model. docs/analyzer.md is the full story.
 *
 * What the analyzer records:
 *   files      every file under SRC that a TU reads (sources and headers),
 *              paths relative to SRC, minus --exclude; a TU's error
 *              diagnostics count against its main file.
 *   functions  definitions in those files. A function defined in a header is
 *              one function however many TUs include it. usr is libclang's
 *              USR, except that an internal (static) function's is qualified
 *              with its SRC-relative path ("c:orders/util.c@F@helper", where
 *              libclang says "c:util.c@F@helper" for every util.c), and an
 *              external USR defined in several files gets "@path" appended.
 *   calls      direct calls between project functions, including calls
 *              written in macros, each call expression counted once.
 *   func_refs  functions named without a call (callbacks, dispatch tables,
 *              function pointers), from a function or from file scope.
 *   globals    file-scope variables, and per function read/write (global_uses).
 *   types      structs, unions, enums, typedefs, and who names them (type_uses).
 *   includes   #include edges between project files.
 *   tus        each TU: parsed or skipped, error count, first diagnostics.
 *   sql_sites  a literal reaching a SQL argument (sink or inferred wrapper, or
 *              --sql-fn), via the function it was passed to, how it got there
 *              (argument, variable, format, global, table), or a literal that
 *              only reads as SQL (how "keyword", confidence "low"). tables,
 *              columns empty and parser "none" until analyzer_resolve_sql.
 *   code_warnings  no compile database (approximate), skipped TUs.
 * The model is the same, byte for byte, for any number of threads, any order
 * of the compile database, from the cache or not, sharded and merged or not.
 *
 * Ownership: everything written into the model belongs to the model.
 */
#ifndef SEAM_ANALYZER_H
#define SEAM_ANALYZER_H

#include "model.h"

/* What a run did (analyzer_options.stats). */
typedef struct analyzer_stats {
    int tus;         /* translation units selected (after --exclude and --shard) */
    int parsed;      /* of which parsed with libclang in this run */
    int cached;      /* of which taken from the cache without parsing */
    int failed;      /* of which were not parsed at all (skipped; the next three included) */
    int unreadable;  /* of which the file is missing or not a regular file (never parsed) */
    int crashed;     /* of which the parser process died (a crash, memory exhausted) */
    int timed_out;   /* of which the parse overran tu_timeout and was killed */
    int approximate; /* no compile database: every .c under SRC was parsed */
    int up_to_date;  /* output_path already holds what this run would write (nothing was
                        decoded: the facts hold no TUs, the caller should not write) */
} analyzer_stats;

/*
 * Where the parse phase stands, for a progress display: what
 * analyzer_options.progress is called with.
 */
typedef struct analyzer_progress {
    int done;   /* TUs finished: parsed, taken from the cache, or unreadable */
    int total;  /* TUs in the run */
    int cached; /* of done, taken from the cache */
    int errors; /* errors in the TUs done (a TU that could not be parsed counts one) */
    long eta;   /* seconds the parsing still needs, from its rate so far; -1 when unknown
                   (nothing parsed yet, nothing left to parse, and in the final call) */
    int final;  /* 1 in the last call, when the phase is over */
} analyzer_progress;

typedef struct analyzer_options {
    const char *src_dir;   /* SRC: the project root; files outside it are not modules */
    const char *build_dir; /* directory holding compile_commands.json (required there when
                              given); NULL: SRC/compile_commands.json when it exists, else
                              the no-compile-database mode below */
    int jobs;              /* parser processes; <= 0 means the number of online cores */
    /*
     * Optional: called as TUs finish, at most every 0.1 s, and once more with
     * final set when the phase is over (not at all when there is nothing to
     * parse). Calls come from the analyzer's threads, one at a time; the
     * analyzer itself prints nothing.
     */
    void (*progress)(const analyzer_progress *p, void *ctx);
    void *progress_ctx; /* passed to progress */
    /* All optional (zero/NULL). */
    const char *cache_path;     /* the incremental cache (SQLite file, created when missing);
                                   NULL: no cache */
    const char *const *exclude; /* globs over SRC-relative paths (fnmatch without
                                   FNM_PATHNAME: '*' crosses '/'); a path is excluded when a
                                   glob matches it or one of its leading directories */
    int nexclude;
    const char *cflags;         /* no-compile-database mode: extra flags, split like a shell */
    const char *const *sql_fns; /* "NAME:ARG": NAME's ARG-th argument (1-based) is SQL */
    int nsql_fns;
    const char *const *table_fns; /* "NAME:ARG": NAME's ARG-th argument (1-based) names a
                                     table (docs/analyzer.md, table-name arguments) */
    int ntable_fns;
    int shard_index, shard_count; /* scan only slice shard_index (1-based) of shard_count
                                     stable slices of the TUs (by a hash of the file's
                                     path); 0/0: everything */
    analyzer_stats *stats;        /* filled when not NULL */
    const char *output_path;      /* with a cache: the file the caller writes from the facts
                                     (see stats.up_to_date and analyzer_output_written) */
    size_t max_input;             /* the largest compile database or shard file read, in
                                     bytes; 0: SEAM_FILE_MAX_DEFAULT (util/file.h) */
    int tu_timeout;               /* seconds one TU may take to parse before its parser
                                     process is killed and the TU skipped; <= 0: 300 */
} analyzer_options;

/*
 * The facts of every selected translation unit, before they are merged into
 * a model (opaque). Produced by analyzer_collect (parsing, or from the
 * cache), written and read as shard files, turned into the model by
 * analyzer_build. Owned by the caller: analyzer_facts_free.
 */
typedef struct analyzer_facts analyzer_facts;

/*
 * Parses the project and appends its facts to *model (which must hold no
 * code facts yet): analyzer_collect then analyzer_build. Sets
 * model->src_root. Parse errors in the analyzed code are counted in
 * model->parse_errors, per file and per TU (model->tus), never fatal.
 * Returns 0, or SEAM_EIO for a missing SRC or compile database (or an
 * unopenable cache), SEAM_EINPUT for a malformed one (bad JSON, an entry
 * without directory/file/arguments|command, no C file in it; a --cache file
 * that is not a seam cache) or one whose every entry was skipped (missing,
 * not a regular file, excluded, outside SRC), SEAM_EUSAGE for bad options
 * (--cflags, --sql-fn, --shard) or a model that already holds code facts,
 * SEAM_ENOMEM (also when libclang ran out of memory and no TU could be
 * parsed), SEAM_ERROR when no parser process could be started; err names
 * the file. Each TU is parsed in a child process (docs/analyzer.md,
 * Robustness): a TU whose parser crashes, runs out of memory or overruns
 * tu_timeout is one parse error, never fatal. Compile commands are used as clang tools do: the
 * compiler, -c, -o FILE and -M* options are dropped, and relative paths are
 * taken from the entry's "directory".
 */
int analyzer_run(const analyzer_options *opts, seam_model *model, seam_err *err);

/* The parse phase alone (errors as analyzer_run). */
int analyzer_collect(const analyzer_options *opts, analyzer_facts **out, seam_err *err);

/*
 * The whole-program phase: fills the model's code facts from the facts
 * (merging, wrapper inference; the --exclude and --sql-fn options the facts
 * were collected with apply). Returns 0, SEAM_EUSAGE (model already holds
 * code facts) or SEAM_ENOMEM.
 */
int analyzer_build(const analyzer_facts *facts, seam_model *model, seam_err *err);

/*
 * Writes the facts as a shard file (JSON; docs/scale-out.md). Returns 0,
 * SEAM_EIO or SEAM_ENOMEM.
 */
int analyzer_facts_write(const analyzer_facts *facts, const char *path, seam_err *err);

/*
 * Reads the n shard files of one sharded scan and merges them into *out.
 * All shards of one scan (same count, SRC and options, each index once) must
 * be given; each is read only when it is a regular file of at most max_input
 * bytes (0: SEAM_FILE_MAX_DEFAULT). Returns 0, SEAM_EIO (unreadable, not a
 * regular file, too large), SEAM_EINPUT (not a shard file, shards that do
 * not belong together or a missing shard) or SEAM_ENOMEM.
 */
int analyzer_facts_read(const char *const *paths, int n, size_t max_input, analyzer_facts **out,
                        seam_err *err);

void analyzer_facts_free(analyzer_facts *facts);

/*
 * The i-th translation unit of the facts (0-based, in the order of the
 * model's tus: by main file, then a hash of the command): *file is its main
 * file relative to SRC (borrowed from the facts), *from_cache 1 when this
 * collect took its facts from the cache without parsing, 0 when it parsed it
 * (facts read from shard files say 0). Lets a caller tell which TUs a run
 * re-parsed; it is not in code.json, which is the same bytes either way.
 * file or from_cache may be NULL when the caller wants only the other.
 * Returns 0, or SEAM_EUSAGE when facts is NULL or there is no i-th TU (after
 * analyzer_collect reported up_to_date there are none).
 */
int analyzer_facts_tu(const analyzer_facts *facts, int i, const char **file, int *from_cache);

/*
 * Records, in the cache, that opts->output_path now holds what these facts
 * give: the next analyzer_collect with the same inputs, options and seam
 * binary, and the file unchanged, reports stats.up_to_date instead of
 * decoding. Does nothing without a cache or output path. Returns 0 or
 * SEAM_EIO / SEAM_ENOMEM.
 */
int analyzer_output_written(const analyzer_options *opts, const analyzer_facts *facts,
                            seam_err *err);

/*
 * Resolves every model->sql_sites[i] to the tables (and columns) it reads and writes, using
 * model->schema (its dialect chooses the SQLite authorizer or libpg_query; no
 * schema means libpg_query). A keyword guess (confidence "low") keeps only
 * the names with support (docs/analyzer.md). Replaces any earlier resolution. Returns 0 or
 * SEAM_ENOMEM; SQL that neither parser understands is left with no tables and
 * parser "none".
 */
int analyzer_resolve_sql(seam_model *model, seam_err *err);

#endif
