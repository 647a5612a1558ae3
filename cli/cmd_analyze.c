/*
 * cmd_analyze.c - `seam analyze`: the whole pipeline on one project.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "planner.h"
#include "report.h"

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
    "OUT_DIR/report.html (a self-contained report), OUT_DIR/services.dot (the service\n"
    "map, Graphviz) and OUT_DIR/split/: the split\n"
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

static int run_analyze(const cli_analysis_opts *a, const char *out_dir, seam_err *err)
{
    seam_model model;
    seam_model_init(&model);
    int rc = cli_analysis_run(a, out_dir, &model, err);
    if (!rc)
        rc = planner_run(&model, err);
    if (!rc)
        rc = cli_make_dirs(out_dir, err);
    if (rc)
        goto out;
    char *json_path = seam_printf("%s/model.json", out_dir);
    char *html_path = seam_printf("%s/report.html", out_dir);
    char *dot_path = seam_printf("%s/services.dot", out_dir);
    if (!json_path || !html_path || !dot_path) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
    } else {
        rc = report_write_json(&model, json_path, err);
        if (!rc)
            rc = report_write_html(&model, html_path, err);
        if (!rc)
            rc = report_write_dot(&model, dot_path, err);
        if (!rc)
            rc = planner_write_split(&model, out_dir, err);
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
        cli_say(stdout, "seam: split plan: %d steps, %s/split/README.md", model.nplan, out_dir);
    }
    free(json_path);
    free(html_path);
    free(dot_path);
out:
    seam_model_free(&model);
    return rc;
}

static int analyze_main(cli_analysis_opts *a, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLI_ANALYSIS_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const char *out_dir = "seam-out";
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":p:o:j:qh", longopts, NULL)) != -1) {
        const char *bad;
        int taken = cli_analysis_option(a, c, optarg, &bad);
        if (taken == -2)
            return cli_usage_error(analyze_usage, bad, optarg);
        if (taken < 0) {
            cli_print_error("out of memory");
            return EXIT_FAIL;
        }
        if (taken)
            continue;
        switch (c) {
        case 'o':
            out_dir = optarg;
            break;
        case 'q':
            a->quiet = 1;
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
    a->src = argv[optind];
    if (strcmp(out_dir, "-") == 0)
        return cli_usage_error(analyze_usage, "%s",
                               "analyze: -o names a directory for model.json and report.html; "
                               "'-' (standard output) is not one");
    const char *conflict = cli_analysis_conflict(a);
    if (conflict)
        return cli_usage_error(analyze_usage, "%s", conflict);

    seam_err err;
    seam_err_clear(&err);
    int rc = run_analyze(a, out_dir, &err);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return EXIT_OK;
}

int cmd_analyze(int argc, char **argv)
{
    cli_analysis_opts a;
    if (cli_analysis_opts_init(&a, argc)) {
        cli_print_error("out of memory");
        return EXIT_FAIL;
    }
    int status = analyze_main(&a, argc, argv);
    cli_analysis_opts_free(&a);
    return status;
}
