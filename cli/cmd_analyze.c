/*
 * cmd_analyze.c - `seam analyze`: the whole pipeline on one project.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "cli.h"
#include "coverage.h"
#include "decomposer.h"
#include "inspector.h"
#include "planner.h"
#include "report.h"
#include "sql.h"

static const char analyze_usage[] =
    "Usage: seam analyze SRC [-p BUILD_DIR] [--db DB | --schema-sql FILE] [--schema NAME]...\n"
    "                    [--timeout S] [--immutable] [-o OUT_DIR] [-j N] [-q]\n"
    "                    [--max-input-size SIZE]\n"
    "                    [--cache FILE | --no-cache] [--exclude GLOB]... [--cflags FLAGS]\n"
    "                    [--sql-fn NAME:ARG]... [--table-fn NAME:ARG]... [--tu-timeout S]\n"
    "                    [--services K] [--weights FILE]\n"
    "                    [--constraints FILE] [--unit module|file|dir] [--no-git]\n";

static const char analyze_help[] =
    "Usage: seam analyze SRC [-p BUILD_DIR] [--db DB | --schema-sql FILE] [--schema NAME]...\n"
    "                    [--timeout S] [--immutable] [-o OUT_DIR] [-j N] [-q]\n"
    "                    [--max-input-size SIZE]\n"
    "                    [--cache FILE | --no-cache] [--exclude GLOB]... [--cflags FLAGS]\n"
    "                    [--sql-fn NAME:ARG]... [--table-fn NAME:ARG]... [--tu-timeout S]\n"
    "                    [--services K] [--weights FILE]\n"
    "                    [--constraints FILE] [--unit module|file|dir] [--no-git]\n"
    "\n"
    "Analyze the C project under SRC: parse every translation unit of its\n"
    "compile database with libclang, find the SQL each function sends, read the\n"
    "database schema, cluster modules and tables into proposed services, and plan\n"
    "the schema split. Writes OUT_DIR/model.json (for machines, see docs/model.md),\n"
    "OUT_DIR/report.html (a self-contained report) and OUT_DIR/split/: the split\n"
    "plan's SQL, one numbered file per step, and README.md, the plan in words with\n"
    "the code each step changes (docs/planner.md). seam never runs the scripts.\n"
    "\n"
    "Options:\n"
    "  -p, --build-dir DIR  the directory holding compile_commands.json\n"
    "                       (default: SRC)\n"
    "      --db DB          the database whose schema to read, read-only: a SQLite\n"
    "                       file, or a PostgreSQL conninfo string or URI such as\n"
    "                       'host=db1 dbname=shop user=ro' or\n"
    "                       'postgresql://ro@db1/shop'; PG* variables and ~/.pgpass\n"
    "                       apply as for psql. Without --db, tables are taken from\n"
    "                       the code's SQL alone.\n"
    "      --schema-sql FILE  the schema from a DDL file instead of --db:\n"
    "                       PostgreSQL DDL (pg_dump -s output, migrations) or\n"
    "                       SQLite DDL (see 'seam inspect-db --help')\n"
    "      --schema NAME    read only this PostgreSQL schema; repeatable\n"
    "      --timeout S      PostgreSQL: once connected, give up on a server that\n"
    "                       has not finished in S seconds (default 60)\n"
    "      --immutable      SQLite: open with immutable=1, which needs no -wal or\n"
    "                       -shm file and takes no lock: only for a file nothing\n"
    "                       writes to while seam reads it (read-only media, a copy)\n"
    "  -o, --output DIR     where to write the results (default: seam-out); created\n"
    "                       when missing\n"
    "  -j, --jobs N         parser processes (default: the number of cores)\n"
    "  -q, --quiet          no progress line, even on a terminal\n"
    "      --cache FILE     the analyzer's incremental cache (default:\n"
    "                       OUT_DIR/seam-cache.sqlite); --no-cache: none\n"
    "      --exclude GLOB   leave out files under SRC matching GLOB (or in a\n"
    "                       directory matching it), e.g. tests, vendor,\n"
    "                       '*/third_party'; repeatable\n"
    "      --cflags FLAGS   extra flags when there is no compile_commands.json\n"
    "      --sql-fn NAME:ARG  NAME's ARG-th argument (from 1) is SQL; repeatable\n"
    "      --table-fn NAME:ARG  NAME's ARG-th argument (from 1) names a table;\n"
    "                       repeatable\n"
    "                       (see 'seam scan --help' for the details)\n"
    "      --tu-timeout S   a translation unit that takes more than S seconds to\n"
    "                       parse (default 300) is one parse error and skipped\n"
    "      --services K     propose exactly K services\n"
    "      --weights FILE   edge kind factors (JSON), --constraints FILE pins and\n"
    "                       keep-together/apart rules (JSON), --unit what is\n"
    "                       clustered: see 'seam decompose --help'\n"
    "      --no-git         no co-change from SRC's git history\n"
    CLI_INPUT_HELP("                       ")
    "  -h, --help           show this help and exit\n"
    "\n"
    "Examples:\n"
    "  seam analyze . -p build --db shop.db\n"
    "  seam analyze ~/src/shop --db 'host=replica dbname=shop user=seam_ro' -o out\n"
    "\n"
    "seam never writes to the database: SQLite is opened read-only, PostgreSQL\n"
    "sessions are read-only with statement and lock timeouts. Passwords are never\n"
    "printed or written.\n"
    "\n"
    "The summary has a line saying how much SQL was understood (\"seam: SQL: N\n"
    "sites, M resolved to tables (P%), U unresolved; T of S tables reached by\n"
    "code\"; M counts, as \"K at their callers\", the statements of table-name\n"
    "helpers whose table their callers name), and a warning when most sites are\n"
    "keyword guesses or resolve to no table: name the database wrapper with\n"
    "--sql-fn. With a PostgreSQL database\n"
    "whose pg_stat_statements is readable, one more line says how many production\n"
    "statements were matched to the code's SQL sites (\"seam: production: N\n"
    "statements, M matched to code sites (P%)\"); each site and table then carries\n"
    "its calls, rows and time, and the calls weigh the code-to-table edges.\n";

/* analyze's own long options (cli.h's take 0x100 and 0x200) */
enum { OPT_ANALYZE_SCHEMA_SQL = 0x300, OPT_ANALYZE_SCHEMA, OPT_ANALYZE_TIMEOUT, OPT_ANALYZE_IMMUTABLE };

typedef struct analyze_args {
    const char *src;
    const char *build_dir;
    const char *db;
    const char *schema_sql; /* --schema-sql FILE, instead of db */
    const char **schemas;   /* --schema NAME... */
    int nschemas;
    const char *out_dir;
    int db_timeout; /* --timeout S, 0: the inspector's default */
    int immutable;  /* --immutable */
    int jobs;
    int quiet;
    cli_scan_opts opts;
    cli_decompose_opts dopts;
} analyze_args;

static int run_analyze(const analyze_args *a, seam_err *err)
{
    struct stat st;
    if (stat(a->src, &st) != 0)
        return seam_err_set(err, SEAM_EIO, "source directory '%s': %s", a->src, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return seam_err_set(err, SEAM_EIO, "source '%s' is not a directory", a->src);

    seam_model model;
    seam_model_init(&model);
    int rc = SEAM_OK;
    int progress = !a->quiet && isatty(STDERR_FILENO);

    /* The schema first: resolving SQL to tables wants it. */
    if (a->db || a->schema_sql) {
        inspector_options io;
        inspector_options_init(&io);
        io.schemas = a->schemas;
        io.nschemas = a->nschemas;
        io.timeout_s = a->db_timeout;
        io.immutable = a->immutable;
        io.max_input = a->dopts.max_input;
        rc = a->schema_sql ? inspector_read_ddl(a->schema_sql, &io, &model.schema, err)
                           : inspector_read_with(a->db, &io, &model.schema, err);
        if (rc)
            goto out;
        for (int i = 0; !a->quiet && i < model.schema.nwarnings; i++)
            cli_say(stderr, "seam: warning: %s", model.schema.warnings[i]);
        for (int i = 0; !a->quiet && i < model.schema.nskipped; i++)
            cli_say(stderr, "seam: skipped: %s", model.schema.skipped[i]);
    }

    /* The output directory first: the cache lives there by default. */
    rc = cli_make_dirs(a->out_dir, err);
    if (rc)
        goto out;
    char *cache = cli_cache_path(&a->opts, a->out_dir);
    if (!cache && !a->opts.no_cache) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
        goto out;
    }
    analyzer_options ao = {
        .src_dir = a->src,
        .build_dir = a->build_dir,
        .max_input = a->dopts.max_input,
        .jobs = a->jobs,
        .progress = progress ? cli_progress_print : NULL,
        .cache_path = cache,
        .exclude = a->opts.exclude,
        .nexclude = a->opts.nexclude,
        .cflags = a->opts.cflags,
        .sql_fns = a->opts.sql_fns,
        .nsql_fns = a->opts.nsql_fns,
        .table_fns = a->opts.table_fns,
        .ntable_fns = a->opts.ntable_fns,
        .tu_timeout = a->opts.tu_timeout,
    };
    rc = analyzer_run(&ao, &model, err);
    free(cache);
    if (rc)
        goto out;
    cli_print_warnings(&model);
    rc = analyzer_resolve_sql(&model, err);
    /* Production statements to sites, before the decomposer weighs the sites' edges. */
    if (!rc)
        rc = sql_stats_match(&model, err);
    if (rc)
        goto out;

    decomposer_options dopts;
    decomposer_constraints *cons = NULL;
    rc = cli_decompose_setup(&a->dopts, &dopts, &cons, err);
    if (!rc)
        rc = decomposer_run(&model, &dopts, err);
    decomposer_constraints_free(cons);
    if (!rc)
        rc = planner_run(&model, err);
    if (!rc)
        rc = seam_coverage_compute(&model, err);
    if (rc)
        goto out;

    rc = cli_make_dirs(a->out_dir, err);
    if (rc)
        goto out;
    char *json_path = seam_printf("%s/model.json", a->out_dir);
    char *html_path = seam_printf("%s/report.html", a->out_dir);
    if (!json_path || !html_path) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
    } else {
        rc = report_write_json(&model, json_path, err);
        if (!rc)
            rc = report_write_html(&model, html_path, err);
        if (!rc)
            rc = planner_write_split(&model, a->out_dir, err);
    }
    if (!rc) {
        int services = 0;
        for (int i = 0; i < model.nservices; i++)
            services += model.services[i].kind == SEAM_SERVICE_KIND_SERVICE;
        cli_say(stdout, "seam: %d files, %d functions, %d SQL sites, %d tables -> %d services",
               model.nfiles, model.nfunctions, model.nsql_sites, model.schema.ntables, services);
        cli_print_coverage(&model, stdout);
        if (model.nunowned_tables)
            cli_say(stdout, "seam: %d tables no service's code reaches: unowned, no service "
                            "(listed in the report)",
                    model.nunowned_tables);
        if (model.parse_errors)
            cli_say(stdout, "seam: %d parse errors in the analyzed code (listed in the report)",
                   model.parse_errors);
        cli_say(stdout, "seam: wrote %s", json_path);
        cli_say(stdout, "seam: report: %s", html_path);
        cli_say(stdout, "seam: split plan: %d steps, %s/split/README.md", model.nplan, a->out_dir);
    }
    free(json_path);
    free(html_path);
out:
    seam_model_free(&model);
    return rc;
}

static int analyze_main(analyze_args *ap, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"build-dir", required_argument, NULL, 'p'},
        {"db", required_argument, NULL, 'D'},
        {"schema-sql", required_argument, NULL, OPT_ANALYZE_SCHEMA_SQL},
        {"schema", required_argument, NULL, OPT_ANALYZE_SCHEMA},
        {"timeout", required_argument, NULL, OPT_ANALYZE_TIMEOUT},
        {"immutable", no_argument, NULL, OPT_ANALYZE_IMMUTABLE},
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLI_SCAN_LONGOPTS,
        CLI_DECOMPOSE_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    analyze_args a = *ap;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":p:o:j:qh", longopts, NULL)) != -1) {
        int taken = cli_scan_option(&ap->opts, c, optarg);
        if (taken == -2)
            return cli_usage_error(analyze_usage,
                                   "--tu-timeout: '%s' is not a number of seconds (1-86400)",
                                   optarg);
        if (taken < 0) {
            cli_print_error("out of memory");
            return EXIT_FAIL;
        }
        if (taken)
            continue;
        taken = cli_decompose_option(&a.dopts, c, optarg);
        if (taken < 0)
            return cli_usage_error(analyze_usage,
                                   "bad value '%s' (--services takes a count from 1, --unit "
                                   "module, file or dir, --max-input-size a size such as 64M)",
                                   optarg);
        if (taken)
            continue;
        switch (c) {
        case 'p':
            a.build_dir = optarg;
            break;
        case 'D':
            a.db = optarg;
            break;
        case OPT_ANALYZE_SCHEMA_SQL:
            a.schema_sql = optarg;
            break;
        case OPT_ANALYZE_SCHEMA:
            a.schemas[a.nschemas++] = optarg;
            break;
        case OPT_ANALYZE_IMMUTABLE:
            a.immutable = 1;
            break;
        case OPT_ANALYZE_TIMEOUT:
            if ((a.db_timeout = cli_parse_seconds(optarg)) < 0)
                return cli_usage_error(analyze_usage,
                                       "--timeout: '%s' is not a number of seconds (1-86400)",
                                       optarg);
            break;
        case 'o':
            a.out_dir = optarg;
            break;
        case 'j':
            a.jobs = cli_parse_jobs(optarg);
            if (a.jobs < 0)
                return cli_usage_error(analyze_usage, "-j: '%s' is not a number of jobs (1-1024)",
                                       optarg);
            break;
        case 'q':
            a.quiet = 1;
            break;
        case 'h':
            fputs(analyze_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error(analyze_usage, "option '%s' needs an argument",
                                   argv[optind - 1]);
        default:
            return cli_usage_error(analyze_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(analyze_usage, "%s", "analyze: missing SRC");
    if (optind + 1 < argc)
        return cli_usage_error(analyze_usage, "analyze: unexpected argument '%s'",
                               argv[optind + 1]);
    a.src = argv[optind];
    a.opts = ap->opts;
    if (strcmp(a.out_dir, "-") == 0)
        return cli_usage_error(analyze_usage, "%s",
                               "analyze: -o names a directory for model.json and report.html; "
                               "'-' (standard output) is not one");
    if (a.db && a.schema_sql)
        return cli_usage_error(analyze_usage, "%s", "--db and --schema-sql exclude each other");
    if (a.nschemas && !a.db && !a.schema_sql)
        return cli_usage_error(analyze_usage, "%s", "--schema needs --db or --schema-sql");
    if (a.opts.cache && a.opts.no_cache)
        return cli_usage_error(analyze_usage, "%s", "--cache and --no-cache exclude each other");

    seam_err err;
    seam_err_clear(&err);
    int rc = run_analyze(&a, &err);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return EXIT_OK;
}

int cmd_analyze(int argc, char **argv)
{
    analyze_args a = {.out_dir = "seam-out"};
    /* --schema can be given at most once per argument */
    a.schemas = calloc((size_t)argc + 1, sizeof *a.schemas);
    if (!a.schemas) {
        cli_print_error("out of memory");
        return EXIT_FAIL;
    }
    int status = analyze_main(&a, argc, argv);
    cli_scan_opts_free(&a.opts);
    free(a.schemas);
    return status;
}
