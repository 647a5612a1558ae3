/*
 * cmd_merge.c - `seam merge`: the shards of a sharded `seam scan` into one
 * code.json, the same bytes an unsharded scan writes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "cli.h"
#include "coverage.h"
#include "system_read.h"
#include "report.h"

static const char merge_usage[] = "Usage: seam merge SHARD... [-o FILE] [--max-input-size SIZE]\n";

static const char merge_help[] =
    "Usage: seam merge SHARD... [-o FILE] [--max-input-size SIZE]\n"
    "\n"
    "Join the files written by 'seam scan --shard I/N' (one per I, all from the\n"
    "same N, SRC and options) into one code.json. Wrapper inference and call\n"
    "resolution run over the whole program here, so the result is byte for byte\n"
    "what 'seam scan' without --shard writes. See docs/scale-out.md.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE    where to write (default: code.json; - for standard\n"
    "                       output)\n"
    CLI_INPUT_HELP("                       ")
    "  -h, --help           show this help and exit\n"
    "\n"
    "Example:\n"
    "  for i in 1 2 3 4; do seam scan src -p build --shard $i/4 -o code-$i.json & done; wait\n"
    "  seam merge code-*.json -o code.json\n";

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        CLI_INPUT_LONGOPT,
        {NULL, 0, NULL, 0},
    };
    const char *output = "code.json";
    size_t max_input = 0;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case OPT_MAX_INPUT:
            if (cli_input_option(&max_input, c, optarg) < 0)
                return cli_usage_error(merge_usage, "--max-input-size: '%s' is not a size", optarg);
            break;
        case 'h':
            fputs(merge_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error(merge_usage, "option '%s' needs an argument", argv[optind - 1]);
        default:
            return cli_usage_error(merge_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(merge_usage, "%s", "merge: no shard files given");

    seam_err err;
    seam_err_clear(&err);
    analyzer_facts *facts = NULL;
    seam_model model;
    seam_model_init(&model);
    int rc = analyzer_facts_read((const char *const *)argv + optind, argc - optind, max_input, &facts,
                                 &err);
    if (rc == 0)
        rc = analyzer_build(facts, &model, &err);
    if (rc == 0)
        rc = analyzer_resolve_sql(&model, &err);
    /* As seam scan does, so that merged shards equal one unsharded scan. */
    if (rc == 0)
        rc = seam_system_read_fold(&model, &err);
    if (rc == 0)
        rc = seam_coverage_compute(&model, &err);
    if (rc == 0)
        rc = report_write_json(&model, output, &err);
    if (rc == 0) {
        cli_print_warnings(&model);
        FILE *info = cli_info_stream(output);
        cli_say(info, "seam: merged %d shards: %d files, %d functions, %d SQL sites", argc - optind,
               model.nfiles, model.nfunctions, model.nsql_sites);
        cli_say(info, "seam: wrote %s", output);
    }
    analyzer_facts_free(facts);
    seam_model_free(&model);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return EXIT_OK;
}
