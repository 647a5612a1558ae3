/*
 * cli_analysis.c - the analysis `seam analyze` and `seam check SRC` share:
 * their options (the source tree, its schema, the analyzer's and the
 * decomposer's), and the pipeline from them to a model with its services.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer.h"
#include "cli.h"
#include "coverage.h"
#include "decomposer.h"
#include "inspector.h"
#include "sql.h"

int cli_analysis_opts_init(cli_analysis_opts *a, int argc)
{
    memset(a, 0, sizeof *a);
    /* --schema can be given at most once per argument */
    a->schemas = calloc((size_t)argc + 1, sizeof *a->schemas);
    return a->schemas ? SEAM_OK : SEAM_ENOMEM;
}

void cli_analysis_opts_free(cli_analysis_opts *a)
{
    cli_scan_opts_free(&a->opts);
    free(a->schemas);
    a->schemas = NULL;
}

int cli_analysis_option(cli_analysis_opts *a, int c, const char *arg, const char **bad)
{
    *bad = NULL;
    int taken = cli_scan_option(&a->opts, c, arg);
    if (taken == -2)
        *bad = "--tu-timeout: '%s' is not a number of seconds (1-86400)";
    if (taken)
        return taken;
    taken = cli_decompose_option(&a->dopts, c, arg);
    if (taken < 0) {
        *bad = "bad value '%s' (--services takes a count from 1, --unit module, file or dir, "
               "--max-input-size a size such as 64M)";
        return -2;
    }
    if (taken)
        return 1;
    switch (c) {
    case 'p':
        a->build_dir = arg;
        return 1;
    case OPT_ANALYSIS_DB:
        a->db = arg;
        return 1;
    case OPT_ANALYSIS_SCHEMA_SQL:
        a->schema_sql = arg;
        return 1;
    case OPT_ANALYSIS_SCHEMA:
        a->schemas[a->nschemas++] = arg;
        return 1;
    case OPT_ANALYSIS_IMMUTABLE:
        a->immutable = 1;
        return 1;
    case OPT_ANALYSIS_TIMEOUT:
        if ((a->db_timeout = cli_parse_seconds(arg)) < 0) {
            *bad = "--timeout: '%s' is not a number of seconds (1-86400)";
            return -2;
        }
        return 1;
    case 'j':
        if ((a->jobs = cli_parse_jobs(arg)) < 0) {
            *bad = "-j: '%s' is not a number of jobs (1-1024)";
            return -2;
        }
        return 1;
    default:
        return 0;
    }
}

const char *cli_analysis_conflict(const cli_analysis_opts *a)
{
    if (a->db && a->schema_sql)
        return "--db and --schema-sql exclude each other";
    if (a->nschemas && !a->db && !a->schema_sql)
        return "--schema needs --db or --schema-sql";
    if (a->opts.cache && a->opts.no_cache)
        return "--cache and --no-cache exclude each other";
    return NULL;
}

/* The schema: read first, since resolving the code's SQL to tables wants it. */
static int read_schema(const cli_analysis_opts *a, seam_model *model, seam_err *err)
{
    inspector_options io;
    inspector_options_init(&io);
    io.schemas = a->schemas;
    io.nschemas = a->nschemas;
    io.timeout_s = a->db_timeout;
    io.immutable = a->immutable;
    io.max_input = a->dopts.max_input;
    int rc = a->schema_sql ? inspector_read_ddl(a->schema_sql, &io, &model->schema, err)
                           : inspector_read_with(a->db, &io, &model->schema, err);
    if (rc)
        return rc;
    for (int i = 0; !a->quiet && i < model->schema.nwarnings; i++)
        cli_say(stderr, "seam: warning: %s", model->schema.warnings[i]);
    for (int i = 0; !a->quiet && i < model->schema.nskipped; i++)
        cli_say(stderr, "seam: skipped: %s", model->schema.skipped[i]);
    return SEAM_OK;
}

static int read_code(const cli_analysis_opts *a, const char *cache_dir, seam_model *model,
                     seam_err *err)
{
    /* The cache's directory first: the default cache lives there. */
    int rc = a->opts.no_cache || a->opts.cache ? SEAM_OK : cli_make_dirs(cache_dir, err);
    if (rc)
        return rc;
    char *cache = cli_cache_path(&a->opts, cache_dir);
    if (!cache && !a->opts.no_cache)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory");
    analyzer_options ao = {
        .src_dir = a->src,
        .build_dir = a->build_dir,
        .max_input = a->dopts.max_input,
        .jobs = a->jobs,
        .cache_path = cache,
    };
    cli_scan_analyzer_options(&a->opts, a->quiet, &ao);
    rc = analyzer_run(&ao, model, err);
    free(cache);
    if (rc)
        return rc;
    cli_print_warnings(model);
    rc = analyzer_resolve_sql(model, err);
    /* Production statements to sites, before the decomposer weighs the sites' edges. */
    return rc ? rc : sql_stats_match(model, err);
}

int cli_analysis_run(const cli_analysis_opts *a, const char *cache_dir, seam_model *model,
                     seam_err *err)
{
    struct stat st;
    if (stat(a->src, &st) != 0)
        return seam_err_set(err, SEAM_EIO, "source directory '%s': %s", a->src, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return seam_err_set(err, SEAM_EIO, "source '%s' is not a directory", a->src);
    int rc = a->db || a->schema_sql ? read_schema(a, model, err) : SEAM_OK;
    if (!rc)
        rc = read_code(a, cache_dir, model, err);
    if (rc)
        return rc;
    decomposer_options dopts;
    decomposer_constraints *cons = NULL;
    rc = cli_decompose_setup(&a->dopts, &dopts, &cons, err);
    if (!rc)
        rc = decomposer_run(model, &dopts, err);
    decomposer_constraints_free(cons);
    return rc ? rc : seam_coverage_compute(model, err);
}
