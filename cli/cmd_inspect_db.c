/*
 * cmd_inspect_db.c - `seam inspect-db`: the database inspector alone.
 *
 * Reads a schema read-only (or from a DDL file) and writes schema.json, the
 * same object as model.json's "schema" (docs/model.md). What could not be
 * read and the warning about a role that can write go to stderr.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inspector.h"
#include "report.h"

static const char inspect_usage[] =
    "Usage: seam inspect-db DB [-o FILE] [--schema NAME]... [--immutable] [--timeout S] [-q]\n"
    "       seam inspect-db --schema-sql FILE [--dialect D] [-o FILE] [--schema NAME]...\n"
    "                       [--max-input-size SIZE]\n";

static const char inspect_help[] =
    "Usage: seam inspect-db DB [-o FILE] [--schema NAME]... [--immutable] [--timeout S] [-q]\n"
    "       seam inspect-db --schema-sql FILE [--dialect D] [-o FILE] [--schema NAME]...\n"
    "                       [--max-input-size SIZE]\n"
    "\n"
    "Read a database schema, read-only, and write it as JSON (the \"schema\" object\n"
    "of model.json, see docs/model.md): tables, columns, keys, foreign keys,\n"
    "indexes, views, triggers, sequences, comments, size estimates, and for\n"
    "PostgreSQL the pg_stat_user_tables and pg_stat_statements figures.\n"
    "\n"
    "DB is a SQLite file (or file: URI), or a PostgreSQL conninfo string or URI\n"
    "such as 'host=db1 dbname=shop user=seam_ro' or 'postgresql://seam_ro@db1/shop';\n"
    "PG* variables, ~/.pgpass and sslmode apply as for psql.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE     write the JSON to FILE (replaced atomically) instead of\n"
    "                        standard output; a device or FIFO (/dev/null, a pipe)\n"
    "                        is written to, never replaced; - is standard output\n"
    "      --schema-sql FILE read a DDL file instead of a database: PostgreSQL DDL\n"
    "                        (pg_dump -s output, migrations) or SQLite DDL\n"
    "      --dialect D       the DDL file's dialect: auto (default: SQLite if SQLite\n"
    "                        runs the whole file, else PostgreSQL), postgresql, sqlite\n"
    "      --schema NAME     read only this PostgreSQL schema; repeat for more\n"
    "                        (default: all but the system schemas); a name the\n"
    "                        database lacks is an error that lists those it has\n"
    "      --immutable       SQLite: open with immutable=1, which needs no -wal or\n"
    "                        -shm file and takes no lock: only for a file nothing\n"
    "                        writes to while seam reads it (read-only media, a copy)\n"
    "      --timeout S       PostgreSQL: once connected, give up on a server that\n"
    "                        has not finished in S seconds (default 60)\n"
    CLI_INPUT_HELP("                        ")
    "  -q, --quiet           no summary, skip or warning lines on stderr\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Examples:\n"
    "  seam inspect-db shop.db -o schema.json\n"
    "  seam inspect-db 'host=replica dbname=shop user=seam_ro' --schema sales | jq .tables\n"
    "  seam inspect-db --schema-sql schema.sql -o schema.json\n"
    "\n"
    "seam never writes to the database: SQLite is opened read-only, PostgreSQL is\n"
    "read in one read-only transaction with statement and lock timeouts, catalogs\n"
    "only. Passwords are never printed or written. Exit status: 0 on success, 1\n"
    "when the schema cannot be read (one line says why), 2 for a usage error.\n";

enum { OPT_SCHEMA_SQL = 256, OPT_DIALECT, OPT_SCHEMA, OPT_IMMUTABLE, OPT_TIMEOUT };

static int write_out(const seam_schema *s, const char *out, int quiet, seam_err *err)
{
    if (out) {
        int rc = report_write_schema_json(s, out, err);
        if (rc == SEAM_OK && !quiet)
            cli_say(stderr, "seam: %d tables, %d foreign keys, %d views, %d indexes -> %s",
                    s->ntables, s->nforeign_keys, s->nviews, s->nindexes, out);
        return rc;
    }
    char *text = report_schema_json_text(s);
    if (!text)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory writing the schema");
    int bad = fputs(text, stdout) == EOF || fflush(stdout) != 0;
    free(text);
    return bad ? seam_err_set(err, SEAM_EIO, "cannot write the schema to standard output") : 0;
}

int cmd_inspect_db(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"schema-sql", required_argument, NULL, OPT_SCHEMA_SQL},
        {"dialect", required_argument, NULL, OPT_DIALECT},
        {"schema", required_argument, NULL, OPT_SCHEMA},
        {"immutable", no_argument, NULL, OPT_IMMUTABLE},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"quiet", no_argument, NULL, 'q'},
        CLI_INPUT_LONGOPT,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    inspector_options o;
    inspector_options_init(&o);
    const char *out = NULL, *ddl = NULL, *dialect = NULL;
    const char **schemas = calloc((size_t)argc + 1, sizeof *schemas);
    int nschemas = 0, quiet = 0, c, status = EXIT_OK;
    if (!schemas) {
        cli_print_error("out of memory");
        return EXIT_FAIL;
    }
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case OPT_SCHEMA_SQL:
            ddl = optarg;
            break;
        case OPT_DIALECT:
            dialect = optarg;
            break;
        case OPT_SCHEMA:
            schemas[nschemas++] = optarg;
            break;
        case OPT_IMMUTABLE:
            o.immutable = 1;
            break;
        case OPT_TIMEOUT:
            if ((o.timeout_s = cli_parse_seconds(optarg)) < 0) {
                status = cli_usage_error(inspect_usage,
                                         "--timeout: '%s' is not a number of seconds (1-86400)",
                                         optarg);
                goto done;
            }
            break;
        case OPT_MAX_INPUT:
            if (cli_input_option(&o.max_input, c, optarg) < 0) {
                status =
                    cli_usage_error(inspect_usage, "--max-input-size: '%s' is not a size", optarg);
                goto done;
            }
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            fputs(inspect_help, stdout);
            free(schemas);
            return EXIT_OK;
        case ':':
            status =
                cli_usage_error(inspect_usage, "option '%s' needs an argument", argv[optind - 1]);
            goto done;
        default:
            status = cli_usage_error(inspect_usage, "unknown option '%s'", argv[optind - 1]);
            goto done;
        }
    }
    const char *db = optind < argc ? argv[optind] : NULL;
    if (optind + 1 < argc) {
        status = cli_usage_error(inspect_usage, "inspect-db: unexpected argument '%s'",
                                 argv[optind + 1]);
        goto done;
    }
    if (!db == !ddl) {
        status = cli_usage_error(inspect_usage, "%s",
                                 db ? "inspect-db: give DB or --schema-sql FILE, not both"
                                    : "inspect-db: missing DB (or --schema-sql FILE)");
        goto done;
    }
    if (dialect && !ddl) {
        status = cli_usage_error(inspect_usage, "%s", "inspect-db: --dialect needs --schema-sql");
        goto done;
    }
    o.schemas = schemas;
    o.nschemas = nschemas;
    o.dialect = dialect;

    seam_schema s = {0};
    seam_err err;
    seam_err_clear(&err);
    int rc = ddl ? inspector_read_ddl(ddl, &o, &s, &err) : inspector_read_with(db, &o, &s, &err);
    if (rc == SEAM_OK)
        rc = write_out(&s, out, quiet, &err);
    if (rc == SEAM_OK && !quiet) {
        for (int i = 0; i < s.nwarnings; i++)
            cli_say(stderr, "seam: warning: %s", s.warnings[i]);
        for (int i = 0; i < s.nskipped; i++)
            cli_say(stderr, "seam: skipped: %s", s.skipped[i]);
    }
    seam_schema_free(&s);
    if (rc != SEAM_OK) {
        if (rc == SEAM_EUSAGE)
            status = cli_usage_error(inspect_usage, "%s", err.msg);
        else {
            cli_print_error(err.msg[0] ? err.msg : "failed");
            status = cli_exit_status(rc);
        }
    }
done:
    free(schemas);
    return status;
}
