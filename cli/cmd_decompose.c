/*
 * cmd_decompose.c - `seam decompose`: the decomposer alone, on earlier results.
 *
 * Also home of the decomposer options that `seam analyze` shares
 * (cli_decompose_option, cli_decompose_setup).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "cli.h"
#include "coverage.h"
#include "decomposer.h"
#include "planner.h"
#include "report.h"
#include "sql.h"

static const char decompose_usage[] =
    "Usage: seam decompose CODE.json [SCHEMA.json] [-o MODEL.json] [--services K]\n"
    "                      [--weights FILE] [--constraints FILE] [--unit module|file|dir]\n"
    "                      [--src DIR | --no-git] [--resolution G] [--seed N]\n";

static const char decompose_help[] =
    "Usage: seam decompose CODE.json [SCHEMA.json] [-o MODEL.json] [--services K]\n"
    "                      [--weights FILE] [--constraints FILE] [--unit module|file|dir]\n"
    "                      [--src DIR | --no-git] [--resolution G] [--seed N]\n"
    "\n"
    "Propose services from code facts (the code.json of 'seam scan', or any\n"
    "model.json) and a schema (the schema.json of 'seam inspect-db'; without one,\n"
    "tables are taken from the code's SQL). Writes MODEL.json (default model.json):\n"
    "the facts plus services, metrics, why each module sits where it does, and the\n"
    "split plan (docs/decomposition.md, docs/model.md).\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE      where to write the model (default: model.json)\n"
    "      --services K       propose exactly K services (made of code)\n"
    "      --weights FILE     edge kind factors as JSON, e.g. {\"naming\": 0.5};\n"
    "                         kinds: call ref global type access fk implied_fk\n"
    "                         cochange naming component (0 switches one off)\n"
    "      --constraints FILE pins, keep-together and keep-apart as JSON:\n"
    "                         {\"pin\": {\"src/refunds.c\": \"payments\"},\n"
    "                          \"together\": [[\"src/cart.c\", \"src/orders.c\"]],\n"
    "                          \"apart\": [[\"src/a.c\", \"src/b.c\"]]}\n"
    "                         (one service per pinned name; a module pinned to\n"
    "                         \"shared\" joins the shared library)\n"
    "      --unit UNIT        what is clustered: module (a .c with its .h, the\n"
    "                         default), file, or dir\n"
    "      --src DIR          the source tree, for co-change from its git history\n"
    "                         (code.json keeps only SRC's name)\n"
    "      --no-git           no co-change, even with --src\n"
    "      --resolution G     one Leiden resolution instead of the sweep\n"
    "      --seed N           Leiden's random seed (default 1)\n"
    CLI_INPUT_HELP("                         ")
    "  -h, --help             show this help and exit\n"
    "\n"
    "Example:\n"
    "  seam scan ~/src/shop -p build -o code.json\n"
    "  seam inspect-db shop.db -o schema.json\n"
    "  seam decompose code.json schema.json --src ~/src/shop -o model.json\n";

int cli_decompose_option(cli_decompose_opts *o, int c, const char *arg)
{
    char *end = NULL;
    switch (c) {
    case OPT_SERVICES: {
        long k = strtol(arg, &end, 10);
        if (!*arg || *end || k < 1 || k > 1000000)
            return -1;
        o->services = (int)k;
        return 1;
    }
    case OPT_WEIGHTS:
        o->weights = arg;
        return 1;
    case OPT_CONSTRAINTS:
        o->constraints = arg;
        return 1;
    case OPT_UNIT:
        if (strcmp(arg, "module") && strcmp(arg, "file") && strcmp(arg, "dir"))
            return -1;
        o->unit = arg;
        return 1;
    case OPT_NO_GIT:
        o->no_git = 1;
        return 1;
    case OPT_MAX_INPUT:
        return cli_input_option(&o->max_input, c, arg) > 0 ? 1 : -1;
    default:
        return 0;
    }
}

int cli_decompose_setup(const cli_decompose_opts *o, decomposer_options *d,
                        decomposer_constraints **cons, seam_err *err)
{
    *cons = NULL;
    decomposer_options_init(d);
    d->services = o->services;
    if (o->unit)
        d->unit = strcmp(o->unit, "file") == 0  ? DECOMPOSER_UNIT_FILE
                  : strcmp(o->unit, "dir") == 0 ? DECOMPOSER_UNIT_DIR
                                                : DECOMPOSER_UNIT_MODULE;
    d->git = !o->no_git;
    int rc = o->weights ? decomposer_weights_load(d, o->weights, o->max_input, err) : SEAM_OK;
    if (rc == SEAM_OK && o->constraints)
        rc = decomposer_constraints_load(o->constraints, o->max_input, cons, err);
    d->constraints = *cons;
    return rc;
}

typedef struct decompose_args {
    const char *code, *schema, *out, *src;
    double resolution;
    unsigned seed;
    int seeded;
    cli_decompose_opts d;
} decompose_args;

/* Frees a model.json's earlier services, plan and the rest the decomposer writes. */
static void drop_decomposition(seam_model *m)
{
    seam_model old;
    seam_model_init(&old);
    old.services = m->services, old.nservices = m->nservices;
    old.plan = m->plan, old.nplan = m->nplan;
    old.modules = m->modules, old.nmodules = m->nmodules;
    old.implied_fks = m->implied_fks, old.nimplied_fks = m->nimplied_fks;
    old.shared_tables = m->shared_tables, old.nshared_tables = m->nshared_tables;
    old.dead_functions = m->dead_functions, old.ndead_functions = m->ndead_functions;
    old.edge_kinds = m->edge_kinds, old.nedge_kinds = m->nedge_kinds;
    old.unowned_tables = m->unowned_tables, old.nunowned_tables = m->nunowned_tables;
    seam_model_free(&old);
    m->services = NULL, m->nservices = 0;
    m->plan = NULL, m->nplan = 0;
    m->modules = NULL, m->nmodules = 0;
    m->implied_fks = NULL, m->nimplied_fks = 0;
    m->shared_tables = NULL, m->nshared_tables = 0;
    m->dead_functions = NULL, m->ndead_functions = 0;
    m->edge_kinds = NULL, m->nedge_kinds = 0;
    m->unowned_tables = NULL, m->nunowned_tables = 0;
    memset(&m->metrics, 0, sizeof m->metrics);
}

static int run_decompose(const decompose_args *a, seam_err *err)
{
    seam_model model;
    decomposer_options opts;
    decomposer_constraints *cons = NULL;
    int rc = seam_model_json_read(a->code, a->d.max_input, &model, err);
    if (rc)
        return rc;
    if (a->schema) {
        seam_schema_free(&model.schema);
        rc = seam_model_json_read_schema(a->schema, a->d.max_input, &model.schema, err);
    }
    /* The decomposition is redone from the facts: drop any earlier one. */
    if (!rc)
        drop_decomposition(&model);
    /* SQL is resolved again against the schema given here (code.json may predate it). */
    if (!rc)
        rc = analyzer_resolve_sql(&model, err);
    /* ... and so are production statements to sites, which the decomposer weighs. */
    if (!rc)
        rc = sql_stats_match(&model, err);
    if (!rc)
        rc = cli_decompose_setup(&a->d, &opts, &cons, err);
    if (!rc) {
        opts.resolution = a->resolution;
        if (a->seeded)
            opts.seed = a->seed;
        /* code.json keeps SRC's name only: the history is found through --src. */
        opts.git_dir = a->src;
        opts.git = opts.git && a->src != NULL;
        rc = decomposer_run(&model, &opts, err);
    }
    if (!rc)
        rc = planner_run(&model, err);
    if (!rc)
        rc = seam_coverage_compute(&model, err);
    if (!rc)
        rc = report_write_json(&model, a->out, err);
    if (!rc) {
        int services = 0;
        for (int i = 0; i < model.nservices; i++)
            services += model.services[i].kind == SEAM_SERVICE_KIND_SERVICE;
        FILE *info = cli_info_stream(a->out);
        cli_say(info, "seam: %d modules, %d tables -> %d services (modularity %.4f)",
                model.nmodules, model.schema.ntables, services, model.metrics.modularity);
        if (model.nunowned_tables)
            cli_say(info, "seam: %d tables no service's code reaches: unowned, no service "
                          "(model.json unowned_tables)",
                    model.nunowned_tables);
        cli_say(info, "seam: wrote %s", a->out);
    }
    decomposer_constraints_free(cons);
    seam_model_free(&model);
    return rc;
}

int cmd_decompose(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"src", required_argument, NULL, 'S'},
        {"resolution", required_argument, NULL, 'R'},
        {"seed", required_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},
        CLI_DECOMPOSE_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    decompose_args a = {.out = "model.json"};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        char *end = NULL;
        int taken = cli_decompose_option(&a.d, c, optarg);
        if (taken > 0)
            continue;
        if (taken < 0)
            return cli_usage_error(decompose_usage,
                                   "bad value '%s' (--services takes a count from 1, --unit "
                                   "module, file or dir, --max-input-size a size such as 64M)",
                                   optarg);
        switch (c) {
        case 'o':
            a.out = optarg;
            break;
        case 'S':
            a.src = optarg;
            break;
        case 'R':
            a.resolution = strtod(optarg, &end);
            if (!*optarg || *end || !(a.resolution > 0) || a.resolution > 1e6)
                return cli_usage_error(decompose_usage,
                                       "--resolution: '%s' is not a positive number", optarg);
            break;
        case 'E': {
            unsigned long s = strtoul(optarg, &end, 10);
            if (!*optarg || *end || s > 0xffffffffUL)
                return cli_usage_error(decompose_usage, "--seed: '%s' is not a seed", optarg);
            a.seed = (unsigned)s;
            a.seeded = 1;
            break;
        }
        case 'h':
            fputs(decompose_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error(decompose_usage, "option '%s' needs an argument",
                                   argv[optind - 1]);
        default:
            return cli_usage_error(decompose_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(decompose_usage, "%s", "decompose: missing CODE.json");
    a.code = argv[optind++];
    if (optind < argc)
        a.schema = argv[optind++];
    if (optind < argc)
        return cli_usage_error(decompose_usage, "decompose: unexpected argument '%s'",
                               argv[optind]);
    seam_err err;
    seam_err_clear(&err);
    int rc = run_decompose(&a, &err);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return EXIT_OK;
}
