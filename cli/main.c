/*
 * main.c - the seam command: dispatch to a subcommand.
 *
 * Only the cli/ files print errors and choose exit codes:
 *   0  success
 *   1  a run-time failure (missing path, unreadable compile database,
 *      unreachable database, unwritable output), one line on stderr
 *   2  a usage error (unknown option, missing argument), usage on stderr
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char main_usage[] = "Usage: seam <command> [options]\n"
                                 "       seam --help | --version\n";

static const char main_help[] =
    "seam - plan how to split a C monolith into services\n"
    "\n"
    "Usage: seam <command> [options]\n"
    "\n"
    "seam reads a C code base (through its compile_commands.json) and, read-only,\n"
    "its production database schema; it proposes services with the tables each\n"
    "would own, measures the coupling between them, and plans the schema split.\n"
    "\n"
    "Commands:\n"
    "  analyze SRC        analyze the project under SRC and write model.json,\n"
    "                     report.html and the split plan's scripts (see 'seam\n"
    "                     analyze --help')\n"
    "  inspect-db DB      the database inspector alone: the schema, read-only, as\n"
    "                     schema.json (see 'seam inspect-db --help')\n"
    "  scan SRC           the analyzer alone: the code facts as code.json, cached\n"
    "                     and incremental, optionally one shard of many\n"
    "  merge SHARD...     join the shards of 'seam scan --shard' into code.json\n"
    "  decompose CODE.json [SCHEMA.json]\n"
    "                     the decomposer alone: services from code facts and a\n"
    "                     schema, as model.json\n"
    "  plan MODEL.json    the schema split planned again from a (possibly edited)\n"
    "                     model.json: split_plan, SQL scripts, README\n"
    "  report MODEL.json  report.html and services.dot rendered again from a model\n"
    "  check --target TARGET.json --model MODEL.json\n"
    "                     the CI gate: where the code crosses the boundaries of the\n"
    "                     services a team chose (exit 1 when something new does)\n"
    "  eval --truth TRUTH.json MODEL.json\n"
    "                     compare proposed services with a known answer (MoJoFM,\n"
    "                     adjusted Rand index, the moves between them)\n"
    "\n"
    "Options:\n"
    "  -h, --help         show this help and exit\n"
    "  -V, --version      show the version and exit\n"
    "\n"
    "Exit status: 0 on success, 1 when the run fails (the reason is printed on one\n"
    "line), 2 for a usage error.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "%sTry 'seam --help' for more information.\n", main_usage);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_help, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("seam %s\n", SEAM_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "analyze") == 0)
        return cmd_analyze(argc - 1, argv + 1);
    if (strcmp(cmd, "scan") == 0)
        return cmd_scan(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "decompose") == 0)
        return cmd_decompose(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc - 1, argv + 1);
    if (strcmp(cmd, "plan") == 0)
        return cmd_plan(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "inspect-db") == 0)
        return cmd_inspect_db(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return cli_usage_error(main_usage, "unknown option '%s'", cmd);
    return cli_usage_error(main_usage, "unknown command '%s'", cmd);
}
