/*
 * cmd_plan.c - `seam plan`: the schema split planned again from a model.json,
 * for instance after a team moved a file or a table to another service.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coverage.h"
#include "planner.h"
#include "report.h"

static const char plan_usage[] =
    "Usage: seam plan MODEL.json [-o OUT_DIR] [--max-input-size SIZE]\n";

static const char plan_help[] =
    "Usage: seam plan MODEL.json [-o OUT_DIR] [--max-input-size SIZE]\n"
    "\n"
    "Plan the schema split again from MODEL.json (written by 'seam analyze' or\n"
    "'seam decompose'), as its services now say: edit a service's \"files\" or\n"
    "\"tables\" to move code or data to another service, then re-plan. Who calls\n"
    "whom, who reads which table and each service's interface are derived again\n"
    "from the model's facts and the services' files and tables; the derived lists\n"
    "in the services need no editing.\n"
    "\n"
    "Writes OUT_DIR/model.json (MODEL.json with the new split_plan; when it is the\n"
    "same file, it is replaced) and OUT_DIR/split/: one numbered SQL file per step\n"
    "that changes the database (NNN-<stage>-<service>-<kind>.sql, one transaction\n"
    "each, in the schema's dialect) and README.md, the plan in words with the code\n"
    "to change. seam never runs them and never connects to a database here.\n"
    "Numbered SQL files of an earlier plan in OUT_DIR/split/ are removed; nothing\n"
    "but a regular file is ever replaced (docs/planner.md).\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR  where to write (default: seam-out); created when missing\n" CLI_INPUT_HELP(
        "                    ") "  -h, --help        show this help and exit\n"
                                "\n"
                                "Example:\n"
                                "  seam analyze ~/src/shop -p build --db shop.db -o out\n"
                                "  $EDITOR out/model.json   # move a table to another service\n"
                                "  seam plan out/model.json -o out\n";

static int run_plan(const char *model_path, const char *out_dir, size_t max_input, seam_err *err)
{
    seam_model model;
    int rc = seam_model_json_read(model_path, max_input, &model, err);
    if (rc)
        return rc;
    rc = planner_run(&model, err);
    if (!rc)
        rc = seam_coverage_compute(&model, err);
    if (!rc)
        rc = cli_make_dirs(out_dir, err);
    char *json = rc ? NULL : seam_printf("%s/model.json", out_dir);
    if (!rc && !json)
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
    if (!rc)
        rc = report_write_json(&model, json, err);
    if (!rc)
        rc = planner_write_split(&model, out_dir, err);
    if (!rc) {
        int with_sql = 0;
        for (int i = 0; i < model.nplan; i++)
            with_sql += model.plan[i].sql != NULL;
        cli_say(stdout, "seam: split plan: %d steps, %d with SQL", model.nplan, with_sql);
        cli_say(stdout, "seam: wrote %s", json);
        cli_say(stdout, "seam: wrote %s/split/README.md", out_dir);
    }
    free(json);
    seam_model_free(&model);
    return rc;
}

int cmd_plan(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        CLI_INPUT_LONGOPT,
        {NULL, 0, NULL, 0},
    };
    const char *out = "seam-out";
    size_t max_input = 0;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case OPT_MAX_INPUT:
            if (cli_input_option(&max_input, c, optarg) < 0)
                return cli_usage_error(plan_usage, "--max-input-size: '%s' is not a size", optarg);
            break;
        case 'h':
            fputs(plan_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error(plan_usage, "option '%s' needs an argument", argv[optind - 1]);
        default:
            return cli_usage_error(plan_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(plan_usage, "%s", "plan: missing MODEL.json");
    if (optind + 1 < argc)
        return cli_usage_error(plan_usage, "plan: unexpected argument '%s'", argv[optind + 1]);
    seam_err err;
    seam_err_clear(&err);
    int rc = run_plan(argv[optind], out, max_input, &err);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return EXIT_OK;
}
