/*
 * cmd_eval.c - `seam eval`: how far proposed services are from a known-good answer.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "decomposer.h"
#include "report.h"

static const char eval_usage[] =
    "Usage: seam eval --truth TRUTH.json MODEL.json [-q] [--max-input-size SIZE]\n";

static const char eval_help[] =
    "Usage: seam eval --truth TRUTH.json MODEL.json [-q] [--max-input-size SIZE]\n"
    "\n"
    "Compare the services of MODEL.json (from 'seam analyze' or 'seam decompose')\n"
    "with a reference decomposition TRUTH.json, which has the shape of model.json's\n"
    "\"services\": {\"services\": [{\"name\": ..., \"kind\": \"service\" or\n"
    "\"shared_library\", \"files\": [...]}]}. The files the truth lists are\n"
    "compared; all shared libraries of a side count as one cluster.\n"
    "\n"
    "Prints MoJoFM (Wen & Tzerpos; 100 = identical, computed with the optimal MoJo\n"
    "algorithm), the MoJo distance, the adjusted Rand index, and the moves and\n"
    "joins that turn the proposal into the truth (docs/metrics.md).\n"
    "\n"
    "Options:\n"
    "      --truth FILE  the reference decomposition (required)\n"
    "  -q, --quiet       print the figures only, not the moves\n"
    CLI_INPUT_HELP("                    ")
    "  -h, --help        show this help and exit\n";

static int run_eval(const char *truth_path, const char *model_path, int quiet, size_t max_input,
                    seam_err *err)
{
    seam_model truth, model;
    int rc = seam_model_json_read(truth_path, max_input, &truth, err);
    if (rc)
        return rc;
    rc = seam_model_json_read(model_path, max_input, &model, err);
    if (rc) {
        seam_model_free(&truth);
        return rc;
    }
    decomposer_eval e;
    rc = decomposer_eval_run(model.services, model.nservices, truth.services, truth.nservices, &e,
                             err);
    if (!rc) {
        cli_say(stdout, "MoJoFM %.1f", e.mojofm);
        cli_say(stdout, "MoJo distance %ld (%d moves, %d joins) over %d files", e.mojo, e.nmoves, e.njoins,
               e.files);
        cli_say(stdout, "adjusted Rand index %.3f", e.ari);
        for (int i = 0; !quiet && i < e.nmoves; i++)
            cli_say(stdout, "move %s from %s to %s", e.moves[i].file, e.moves[i].from, e.moves[i].to);
        for (int i = 0; !quiet && i < e.njoins; i++)
            cli_say(stdout, "join %s into %s (%s)", e.joins[i].from, e.joins[i].into, e.joins[i].truth);
        decomposer_eval_free(&e);
    }
    seam_model_free(&truth);
    seam_model_free(&model);
    return rc;
}

int cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"truth", required_argument, NULL, 'T'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLI_INPUT_LONGOPT,
        {NULL, 0, NULL, 0},
    };
    const char *truth = NULL;
    size_t max_input = 0;
    int quiet = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'T':
            truth = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case OPT_MAX_INPUT:
            if (cli_input_option(&max_input, c, optarg) < 0)
                return cli_usage_error(eval_usage, "--max-input-size: '%s' is not a size", optarg);
            break;
        case 'h':
            fputs(eval_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error(eval_usage, "option '%s' needs an argument", argv[optind - 1]);
        default:
            return cli_usage_error(eval_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!truth)
        return cli_usage_error(eval_usage, "%s", "eval: missing --truth TRUTH.json");
    if (optind >= argc)
        return cli_usage_error(eval_usage, "%s", "eval: missing MODEL.json");
    if (optind + 1 < argc)
        return cli_usage_error(eval_usage, "eval: unexpected argument '%s'", argv[optind + 1]);
    seam_err err;
    seam_err_clear(&err);
    int rc = run_eval(truth, argv[optind], quiet, max_input, &err);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return EXIT_OK;
}
