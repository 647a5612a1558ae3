/*
 * cli.h - what the seam command's subcommands share.
 *
 * Each subcommand lives in its own file (cmd_<name>.c) and exposes one
 * function cmd_<name>(argc, argv) that returns the process exit status.
 * argv[0] is the subcommand's name. Only these files print to the terminal.
 */
#ifndef SEAM_CLI_H
#define SEAM_CLI_H

#include "model.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* --max-input-size, which every subcommand that reads files takes. */
enum { OPT_MAX_INPUT = 0x400 };
#define CLI_INPUT_LONGOPT {"max-input-size", required_argument, NULL, OPT_MAX_INPUT}
/* Its lines in --help; INDENT is the help's description column, as spaces. */
#define CLI_INPUT_HELP(INDENT)                                                                     \
    "      --max-input-size SIZE  refuse to read an input file larger than\n"                     \
    INDENT "SIZE: bytes, or with K, M or G (default 1G)\n"

#include <stdio.h>

/* Prints "seam: MSG" on stderr (escaped as cli_say does). */
void cli_print_error(const char *msg);

/*
 * Prints one formatted line and a newline on f. The line comes from names in
 * the analyzed code and schema that seam does not trust: control characters
 * in it are shown as \xHH (seam_term_escape), so that no name can move the
 * cursor, set the title or forge a line of its own. fmt holds no newline.
 */
void cli_say(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Where a command's summary lines go: standard output, or standard error when
 * the output file itself is standard output ("-", /dev/stdout).
 */
FILE *cli_info_stream(const char *output);

/*
 * Whether output is written as a stream rather than a file: "-",
 * /dev/stdout, /dev/stderr, or an existing character device or FIFO (what
 * seam_file_write writes in place). Nothing is kept "next to" a stream.
 */
int cli_output_is_stream(const char *output);

/* Takes --max-input-size SIZE into *max: 1 taken, 0 not this option, -2 a bad value. */
int cli_input_option(size_t *max, int c, const char *arg);

/*
 * Prints "seam: " + fmt (with one string argument) and the usage text on
 * stderr, with a pointer to --help. Returns EXIT_USAGE.
 */
int cli_usage_error(const char *usage, const char *fmt, const char *arg);

/* The exit status for a failed seam call: EXIT_USAGE for SEAM_EUSAGE, else EXIT_FAIL. */
int cli_exit_status(int rc);

/* mkdir -p. Returns 0 or SEAM_EIO naming the directory. */
int cli_make_dirs(const char *path, seam_err *err);

/* Parses a number of jobs in 1..1024; -1 when s is not one. */
int cli_parse_jobs(const char *s);

/* Parses a number of seconds in 1..86400; -1 when s is not one. */
int cli_parse_seconds(const char *s);

int cmd_analyze(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/*
 * The analyzer options `seam scan` and `seam analyze` share (cmd_scan.c).
 * Strings point into argv; the arrays are malloc'd (cli_scan_opts_free).
 */
typedef struct cli_scan_opts {
    const char *cache; /* --cache FILE */
    int no_cache;      /* --no-cache */
    const char **exclude;
    int nexclude;
    const char *cflags;
    const char **sql_fns;
    int nsql_fns;
    const char **table_fns;
    int ntable_fns;
    int tu_timeout; /* --tu-timeout S, 0: the analyzer's default */
} cli_scan_opts;

enum {
    OPT_CACHE = 0x100,
    OPT_NO_CACHE,
    OPT_EXCLUDE,
    OPT_CFLAGS,
    OPT_SQL_FN,
    OPT_TABLE_FN,
    OPT_SHARD,
    OPT_TU_TIMEOUT
};

/* Their getopt_long entries, for a subcommand's longopts table. */
// clang-format off
#define CLI_SCAN_LONGOPTS \
    {"cache", required_argument, NULL, OPT_CACHE}, \
    {"no-cache", no_argument, NULL, OPT_NO_CACHE}, \
    {"exclude", required_argument, NULL, OPT_EXCLUDE}, \
    {"cflags", required_argument, NULL, OPT_CFLAGS}, \
    {"sql-fn", required_argument, NULL, OPT_SQL_FN}, \
    {"table-fn", required_argument, NULL, OPT_TABLE_FN}, \
    {"tu-timeout", required_argument, NULL, OPT_TU_TIMEOUT}
// clang-format on

/* Takes option c when it is one of those: 1 taken, 0 not one of them, -1 out of memory,
 * -2 a bad value. */
int cli_scan_option(cli_scan_opts *o, int c, const char *arg);
void cli_scan_opts_free(cli_scan_opts *o);
/* The cache file to use (malloc'd): --cache, else OUT_DIR/seam-cache.sqlite; NULL for
 * --no-cache (or out of memory). */
char *cli_cache_path(const cli_scan_opts *o, const char *out_dir);
struct analyzer_options;
/* The analyzer options o holds (excludes, --cflags, --sql-fn, --table-fn, --tu-timeout) and
 * the progress line (on a terminal, unless quiet) into *ao; the rest of *ao is the
 * caller's. */
void cli_scan_analyzer_options(const cli_scan_opts *o, int quiet, struct analyzer_options *ao);
/* Prints the model's code warnings on stderr, "seam: warning: ..." each. */
void cli_print_warnings(const seam_model *m);
/* Prints m->coverage as one line on info, "seam: SQL: N sites, ...", and one warning on
 * stderr when most sites are keyword guesses or resolve to no table (cmd_scan.c). */
void cli_print_coverage(const seam_model *m, FILE *info);
/* analyzer_options.progress for a terminal: the progress line on stderr (cmd_scan.c). */
struct analyzer_progress;
void cli_progress_print(const struct analyzer_progress *p, void *ctx);
int cmd_inspect_db(int argc, char **argv);
int cmd_decompose(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_report(int argc, char **argv);

/*
 * The decomposer options `seam decompose` and `seam analyze` share
 * (cmd_decompose.c). Strings point into argv.
 */
typedef struct cli_decompose_opts {
    int services;            /* --services K, 0: the sweep */
    const char *weights;     /* --weights FILE */
    const char *constraints; /* --constraints FILE */
    const char *unit;        /* --unit module|file|dir, NULL: module */
    int no_git;              /* --no-git */
    size_t max_input;        /* --max-input-size SIZE, 0: the default */
} cli_decompose_opts;

enum { OPT_SERVICES = 0x200, OPT_WEIGHTS, OPT_CONSTRAINTS, OPT_UNIT, OPT_NO_GIT };

// clang-format off
#define CLI_DECOMPOSE_LONGOPTS \
    {"services", required_argument, NULL, OPT_SERVICES}, \
    {"weights", required_argument, NULL, OPT_WEIGHTS}, \
    {"constraints", required_argument, NULL, OPT_CONSTRAINTS}, \
    {"unit", required_argument, NULL, OPT_UNIT}, \
    {"no-git", no_argument, NULL, OPT_NO_GIT}, \
    CLI_INPUT_LONGOPT
// clang-format on

/* Takes option c when it is one of those: 1 taken, 0 not one of them, -1 a bad value. */
int cli_decompose_option(cli_decompose_opts *o, int c, const char *arg);

struct decomposer_options;
struct decomposer_constraints;
/*
 * Decomposer options from o: defaults, then --services, --unit, --no-git, and
 * the --weights and --constraints files read (*cons is the caller's:
 * decomposer_constraints_free). Returns 0, or the loaders' errors.
 */
int cli_decompose_setup(const cli_decompose_opts *o, struct decomposer_options *d,
                        struct decomposer_constraints **cons, seam_err *err);

/*
 * The inputs `seam analyze` and `seam check SRC` share (cli_analysis.c): the
 * source tree, its schema, the analyzer's and the decomposer's options.
 * Strings point into argv; cli_analysis_opts_free frees the arrays.
 */
typedef struct cli_analysis_opts {
    const char *src;
    const char *build_dir;  /* -p DIR */
    const char *db;         /* --db DB */
    const char *schema_sql; /* --schema-sql FILE, instead of db */
    const char **schemas;   /* --schema NAME... */
    int nschemas;
    int db_timeout; /* --timeout S, 0: the inspector's default */
    int immutable;  /* --immutable */
    int jobs;       /* -j N, 0: the number of cores */
    int quiet;      /* no progress line, no schema warnings */
    cli_scan_opts opts;
    cli_decompose_opts dopts;
} cli_analysis_opts;

enum {
    OPT_ANALYSIS_DB = 0x300,
    OPT_ANALYSIS_SCHEMA_SQL,
    OPT_ANALYSIS_SCHEMA,
    OPT_ANALYSIS_TIMEOUT,
    OPT_ANALYSIS_IMMUTABLE
};

/* Their getopt_long entries (with -p and -j: "p:j:" in the short options). */
// clang-format off
#define CLI_ANALYSIS_LONGOPTS \
    {"build-dir", required_argument, NULL, 'p'}, \
    {"db", required_argument, NULL, OPT_ANALYSIS_DB}, \
    {"schema-sql", required_argument, NULL, OPT_ANALYSIS_SCHEMA_SQL}, \
    {"schema", required_argument, NULL, OPT_ANALYSIS_SCHEMA}, \
    {"timeout", required_argument, NULL, OPT_ANALYSIS_TIMEOUT}, \
    {"immutable", no_argument, NULL, OPT_ANALYSIS_IMMUTABLE}, \
    {"jobs", required_argument, NULL, 'j'}, \
    CLI_SCAN_LONGOPTS, \
    CLI_DECOMPOSE_LONGOPTS
// clang-format on

/* Zeroes *a and makes room for argc --schema names. SEAM_OK or SEAM_ENOMEM. */
int cli_analysis_opts_init(cli_analysis_opts *a, int argc);
void cli_analysis_opts_free(cli_analysis_opts *a);

/*
 * Takes option c when it is one of those: 1 taken, 0 not one of them, -1 out
 * of memory, -2 a bad value (*bad is then a usage message with one %s, the
 * value).
 */
int cli_analysis_option(cli_analysis_opts *a, int c, const char *arg, const char **bad);

/* Options that exclude or need each other: a usage message, or NULL when none. */
const char *cli_analysis_conflict(const cli_analysis_opts *a);

/*
 * The model of a->src: its schema (--db or --schema-sql), its code facts
 * (the cache: --cache, else CACHE_DIR/seam-cache.sqlite, the directory made
 * when missing), its SQL resolved, production statements matched, its
 * services proposed, coverage computed. The caller owns *model, initialized
 * by seam_model_init. Returns 0 or the stages' errors.
 */
int cli_analysis_run(const cli_analysis_opts *a, const char *cache_dir, seam_model *model,
                     seam_err *err);

#endif
