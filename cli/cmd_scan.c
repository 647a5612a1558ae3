/*
 * cmd_scan.c - `seam scan`: the analyzer alone, writing code.json (the code
 * facts of model.json), or one shard's facts with --shard. Also the options
 * that `seam analyze` shares with it (cli_scan_option).
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "cli.h"
#include "coverage.h"
#include "system_read.h"
#include "report.h"

static const char scan_usage[] =
    "Usage: seam scan SRC [-p BUILD_DIR] [-o FILE] [-j N] [--cache FILE | --no-cache]\n"
    "                 [--exclude GLOB]... [--cflags FLAGS] [--sql-fn NAME:ARG]...\n"
    "                 [--table-fn NAME:ARG]... [--tu-timeout S] [--shard I/N]\n"
    "                 [--max-input-size SIZE] [-q]\n";

static const char scan_help[] =
    "Usage: seam scan SRC [-p BUILD_DIR] [-o FILE] [-j N] [--cache FILE | --no-cache]\n"
    "                 [--exclude GLOB]... [--cflags FLAGS] [--sql-fn NAME:ARG]...\n"
    "                 [--table-fn NAME:ARG]... [--tu-timeout S] [--shard I/N]\n"
    "                 [--max-input-size SIZE] [-q]\n"
    "\n"
    "Parse the C project under SRC with libclang and write its code facts as JSON:\n"
    "files, functions, calls, function references, globals, types, includes, SQL\n"
    "sites with their tables, and every translation unit's diagnostics. The file\n"
    "has model.json's layout (docs/model.md) without schema or services. This is\n"
    "the first half of 'seam analyze', for large code bases and CI.\n"
    "\n"
    "Options:\n"
    "  -p, --build-dir DIR  the directory holding compile_commands.json. Without\n"
    "                       it, SRC/compile_commands.json; without that, every .c\n"
    "                       file under SRC with -I for each directory holding\n"
    "                       headers, plus --cflags (results are approximate)\n"
    "  -o, --output FILE    where to write (default: code.json, or code-I.json\n"
    "                       with --shard); - is standard output\n"
    "  -j, --jobs N         parser processes (default: the number of cores)\n"
    "      --cache FILE     the incremental cache, a SQLite file (default:\n"
    "                       seam-cache.sqlite next to the output, none when the\n"
    "                       output is a stream such as - or /dev/null); a re-run\n"
    "                       parses only what changed\n"
    "      --no-cache       parse everything, read and write no cache\n"
    "      --exclude GLOB   leave out files whose path under SRC, or one of its\n"
    "                       directories, matches GLOB ('*' also matches '/');\n"
    "                       repeatable. E.g. --exclude tests --exclude 'vendor'\n"
    "                       --exclude '*/third_party' --exclude '*_test.c'\n"
    "      --cflags FLAGS   extra compiler flags when there is no compile database,\n"
    "                       e.g. --cflags '-DHAVE_CONFIG_H -Iinclude'\n"
    "      --sql-fn NAME:ARG  the ARG-th argument (from 1) of function NAME is SQL,\n"
    "                       for database calls seam does not know; repeatable\n"
    "      --table-fn NAME:ARG  the ARG-th argument (from 1) of function NAME names\n"
    "                       a table (db_insert_prepare(&ins, \"events\", ...)), for\n"
    "                       table-name helpers seam does not infer; repeatable\n"
    "      --tu-timeout S   give up on a translation unit that takes more than S\n"
    "                       seconds to parse (default 300): it is one parse error,\n"
    "                       as is one that crashes the parser\n"
    "      --shard I/N      scan only the I-th of N stable slices of the\n"
    "                       translation units and write their facts for\n"
    "                       'seam merge' (see docs/scale-out.md)\n"
    "  -q, --quiet          no progress line, even on a terminal\n"
    CLI_INPUT_HELP("                       ")
    "  -h, --help           show this help and exit\n"
    "\n"
    "Examples:\n"
    "  seam scan . -p build -o code.json\n"
    "  seam scan ~/src/app --exclude tests --sql-fn db_run:2\n"
    "  seam scan ~/src/app -p build --shard 3/8 -o code-3.json\n"
    "\n"
    "Parse errors never stop the scan: they are counted per file and listed per\n"
    "translation unit in the output. A summary line says how much SQL was understood\n"
    "(\"seam: SQL: N sites, M resolved to tables (P%), U unresolved\"; M counts, as\n"
    "\"K at their callers\", the statements of table-name helpers whose table their\n"
    "callers name), and a warning follows when most sites are keyword guesses or\n"
    "resolve to no table: name the database wrapper with --sql-fn.\n";

int cli_scan_option(cli_scan_opts *o, int c, const char *arg)
{
    const char ***list = NULL;
    int *n = NULL;
    switch (c) {
    case OPT_CACHE:
        o->cache = arg;
        return 1;
    case OPT_NO_CACHE:
        o->no_cache = 1;
        return 1;
    case OPT_CFLAGS:
        o->cflags = arg;
        return 1;
    case OPT_TU_TIMEOUT:
        return (o->tu_timeout = cli_parse_seconds(arg)) < 0 ? -2 : 1;
    case OPT_EXCLUDE:
        list = &o->exclude, n = &o->nexclude;
        break;
    case OPT_SQL_FN:
        list = &o->sql_fns, n = &o->nsql_fns;
        break;
    case OPT_TABLE_FN:
        list = &o->table_fns, n = &o->ntable_fns;
        break;
    default:
        return 0;
    }
    const char **v = realloc(*list, (size_t)(*n + 1) * sizeof *v);
    if (!v)
        return -1;
    v[(*n)++] = arg;
    *list = v;
    return 1;
}

void cli_scan_opts_free(cli_scan_opts *o)
{
    free(o->exclude);
    free(o->sql_fns);
    free(o->table_fns);
    memset(o, 0, sizeof *o);
}

char *cli_cache_path(const cli_scan_opts *o, const char *out_dir)
{
    if (o->no_cache)
        return NULL;
    return o->cache ? seam_strdup(o->cache) : seam_printf("%s/seam-cache.sqlite", out_dir);
}

void cli_scan_analyzer_options(const cli_scan_opts *o, int quiet, analyzer_options *ao)
{
    ao->progress = !quiet && isatty(STDERR_FILENO) ? cli_progress_print : NULL;
    ao->exclude = o->exclude;
    ao->nexclude = o->nexclude;
    ao->cflags = o->cflags;
    ao->sql_fns = o->sql_fns;
    ao->nsql_fns = o->nsql_fns;
    ao->table_fns = o->table_fns;
    ao->ntable_fns = o->ntable_fns;
    ao->tu_timeout = o->tu_timeout;
}

void cli_print_warnings(const seam_model *m)
{
    for (int i = 0; i < m->ncode_warnings; i++)
        cli_say(stderr, "seam: warning: %s", m->code_warnings[i]);
}

void cli_print_coverage(const seam_model *m, FILE *info)
{
    const seam_coverage *c = &m->coverage;
    int pct = c->sql_sites ? (int)((100LL * c->resolved + c->sql_sites / 2) / c->sql_sites) : 0;
    char tables[80] = "";
    /* Without a schema there is nothing to reach. */
    if (m->schema.dialect != SEAM_DIALECT_NONE || c->schema_tables > 0)
        snprintf(tables, sizeof tables, "; %d of %d tables reached by code", c->tables_reached,
                 c->schema_tables);
    /* A helper's statement whose table its callers name is resolved there: say how many. */
    char callers[48] = "";
    if (c->at_callers > 0)
        snprintf(callers, sizeof callers, ", %d at their callers", c->at_callers);
    cli_say(info, "seam: SQL: %d sites, %d resolved to tables (%d%%%s), %d unresolved%s",
            c->sql_sites, c->resolved, pct, callers, c->unresolved, tables);
    /* Only when pg_stat_statements was read (seam analyze with a PostgreSQL database). */
    if (c->statements > 0)
        cli_say(info, "seam: production: %d statements, %d matched to code sites (%d%%)",
                c->statements, c->statements_matched,
                (int)((100LL * c->statements_matched + c->statements / 2) / c->statements));
    /* One warning at most: guesses first, since naming the wrapper also resolves more. */
    if (seam_coverage_mostly_guesses(c))
        cli_say(stderr, "seam: warning: most SQL sites are keyword guesses (%d of %d): name your "
                "database wrapper with --sql-fn NAME:ARG", c->low, c->sql_sites);
    else if (seam_coverage_mostly_unresolved(c))
        cli_say(stderr, "seam: warning: most SQL sites resolve to no table (%d of %d): name your "
                "database wrapper with --sql-fn NAME:ARG, and helpers that take a table's name "
                "with --table-fn NAME:ARG", c->unresolved, c->sql_sites);
}

/*
 * "\rseam: 12/40 files (3 cached), 0 errors, ETA 1m05s", redrawn in place;
 * the final call ends the line. Only numbers, so no escaping: the \r and
 * \033[K (which clears what a longer previous line left behind) are meant.
 */
void cli_progress_print(const analyzer_progress *p, void *ctx)
{
    (void)ctx;
    char eta[32] = "";
    if (p->eta >= 60)
        snprintf(eta, sizeof eta, ", ETA %ldm%02lds", p->eta / 60, p->eta % 60);
    else if (p->eta >= 0)
        snprintf(eta, sizeof eta, ", ETA %lds", p->eta);
    fprintf(stderr, "\rseam: %d/%d files (%d cached), %d error%s%s\033[K", p->done, p->total,
            p->cached, p->errors, p->errors == 1 ? "" : "s", eta);
    if (p->final)
        fputc('\n', stderr);
    fflush(stderr);
}

typedef struct scan_args {
    const char *src;
    const char *build_dir;
    const char *output;
    int jobs;
    int quiet;
    int shard_index, shard_count;
    size_t max_input; /* --max-input-size */
    cli_scan_opts opts;
} scan_args;

/* "I/N" with 1 <= I <= N. */
static int parse_shard(const char *s, int *index, int *count)
{
    char *end;
    errno = 0;
    long i = strtol(s, &end, 10);
    if (errno || end == s || *end != '/')
        return -1;
    const char *p = end + 1;
    long n = strtol(p, &end, 10);
    if (errno || end == p || *end || n < 1 || n > 100000 || i < 1 || i > n)
        return -1;
    *index = (int)i;
    *count = (int)n;
    return 0;
}

/* The directory of a file path (malloc'd). */
static char *dir_of(const char *path)
{
    char *copy = seam_strdup(path);
    if (!copy)
        return NULL;
    char *d = seam_strdup(dirname(copy));
    free(copy);
    return d;
}

static int run_scan(const scan_args *a, seam_err *err)
{
    struct stat st;
    if (stat(a->src, &st) != 0)
        return seam_err_set(err, SEAM_EIO, "source directory '%s': %s", a->src, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return seam_err_set(err, SEAM_EIO, "source '%s' is not a directory", a->src);
    char *shard_out = a->shard_count ? seam_printf("code-%d.json", a->shard_index) : NULL;
    const char *output = a->output ? a->output : shard_out ? shard_out : "code.json";
    FILE *info = cli_info_stream(output);
    /* A stream (-o -, /dev/null, a pipe) has no directory to keep a cache in beside it. */
    int stream = cli_output_is_stream(output);
    int want_cache = !a->opts.no_cache && (!stream || a->opts.cache);
    char *out_dir = dir_of(output);
    char *cache = out_dir && want_cache ? cli_cache_path(&a->opts, out_dir) : NULL;
    seam_model model;
    seam_model_init(&model);
    analyzer_facts *facts = NULL;
    analyzer_stats stats;
    int rc = SEAM_OK;
    if (!out_dir || (!cache && want_cache)) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
        goto out;
    }
    if (!stream && (rc = cli_make_dirs(out_dir, err)) < 0)
        goto out;
    analyzer_options ao = {
        .src_dir = a->src,
        .build_dir = a->build_dir,
        .max_input = a->max_input,
        .jobs = a->jobs,
        .cache_path = cache,
        .shard_index = a->shard_index,
        .shard_count = a->shard_count,
        .stats = &stats,
        .output_path = stream ? NULL : output,
    };
    cli_scan_analyzer_options(&a->opts, a->quiet, &ao);
    if ((rc = analyzer_collect(&ao, &facts, err)) < 0)
        goto out;
    if (stats.up_to_date) {
        if (stats.approximate)
            cli_say(stderr, "seam: warning: no compile_commands.json: results are approximate");
        cli_say(info, "seam: %s is up to date (%d translation units, none changed)", output, stats.tus);
        goto out;
    }
    if (a->shard_count) {
        if ((rc = analyzer_facts_write(facts, output, err)) < 0 ||
            (rc = analyzer_output_written(&ao, facts, err)) < 0)
            goto out;
        if (stats.approximate)
            cli_say(stderr, "seam: warning: no compile_commands.json: results are approximate");
        cli_say(info, "seam: shard %d/%d: %d translation units (%d parsed, %d from the cache)",
               a->shard_index, a->shard_count, stats.tus, stats.parsed, stats.cached);
        if (stats.failed)
            cli_say(stderr, "seam: warning: %d translation units could not be parsed",
                    stats.failed);
        cli_say(info, "seam: wrote %s (merge the shards with 'seam merge')", output);
        goto out;
    }
    if ((rc = analyzer_build(facts, &model, err)) < 0 ||
        (rc = analyzer_resolve_sql(&model, err)) < 0 ||
        (rc = seam_system_read_fold(&model, err)) < 0 ||
        (rc = seam_coverage_compute(&model, err)) < 0 ||
        (rc = report_write_json(&model, output, err)) < 0 ||
        (rc = analyzer_output_written(&ao, facts, err)) < 0)
        goto out;
    cli_print_warnings(&model);
    cli_say(info, "seam: %d files, %d functions, %d SQL sites; %d translation units (%d parsed, %d "
            "from the cache)",
            model.nfiles, model.nfunctions, model.nsql_sites, stats.tus, stats.parsed, stats.cached);
    cli_print_coverage(&model, info);
    if (model.parse_errors)
        cli_say(info, "seam: %d parse errors in the analyzed code (listed per translation unit)",
               model.parse_errors);
    cli_say(info, "seam: wrote %s", output);
out:
    analyzer_facts_free(facts);
    seam_model_free(&model);
    free(shard_out);
    free(out_dir);
    free(cache);
    return rc;
}

int cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"build-dir", required_argument, NULL, 'p'},
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"shard", required_argument, NULL, OPT_SHARD},
        CLI_SCAN_LONGOPTS,
        CLI_INPUT_LONGOPT,
        {NULL, 0, NULL, 0},
    };
    scan_args a;
    memset(&a, 0, sizeof a);
    int c, status = -1;
    opterr = 0;
    optind = 1;
    while (status < 0 && (c = getopt_long(argc, argv, ":p:o:j:qh", longopts, NULL)) != -1) {
        int r = cli_scan_option(&a.opts, c, optarg);
        if (r == -2) {
            status = cli_usage_error(scan_usage, "--tu-timeout: '%s' is not a number of seconds (1-86400)", optarg);
        } else if (r < 0) {
            cli_print_error("out of memory");
            status = EXIT_FAIL;
        } else if (r > 0) {
            continue;
        }
        switch (c) {
        case 'p':
            a.build_dir = optarg;
            break;
        case 'o':
            a.output = optarg;
            break;
        case 'j':
            a.jobs = cli_parse_jobs(optarg);
            if (a.jobs < 0)
                status = cli_usage_error(scan_usage, "-j: '%s' is not a number of jobs (1-1024)",
                                         optarg);
            break;
        case 'q':
            a.quiet = 1;
            break;
        case OPT_MAX_INPUT:
            if (cli_input_option(&a.max_input, c, optarg) < 0)
                status = cli_usage_error(scan_usage, "--max-input-size: '%s' is not a size", optarg);
            break;
        case OPT_SHARD:
            if (parse_shard(optarg, &a.shard_index, &a.shard_count) < 0)
                status = cli_usage_error(
                    scan_usage, "--shard: '%s' is not I/N with 1 <= I <= N (e.g. 2/8)", optarg);
            break;
        case 'h':
            fputs(scan_help, stdout);
            status = EXIT_OK;
            break;
        case ':':
            status = cli_usage_error(scan_usage, "option '%s' needs an argument", argv[optind - 1]);
            break;
        default:
            status = cli_usage_error(scan_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (status < 0 && optind >= argc)
        status = cli_usage_error(scan_usage, "%s", "scan: missing SRC");
    if (status < 0 && optind + 1 < argc)
        status = cli_usage_error(scan_usage, "scan: unexpected argument '%s'", argv[optind + 1]);
    if (status < 0 && a.opts.no_cache && a.opts.cache)
        status = cli_usage_error(scan_usage, "%s", "--cache and --no-cache exclude each other");
    if (status < 0) {
        a.src = argv[optind];
        seam_err err;
        seam_err_clear(&err);
        int rc = run_scan(&a, &err);
        if (rc) {
            cli_print_error(err.msg[0] ? err.msg : "failed");
            status = cli_exit_status(rc);
        } else {
            status = EXIT_OK;
        }
    }
    cli_scan_opts_free(&a.opts);
    return status;
}
