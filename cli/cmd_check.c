/*
 * cmd_check.c - `seam check`: the CI gate that keeps code from crossing the
 * boundaries of a target architecture again.
 */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seam_check.h"
#include "cli.h"
#include "decomposer.h"
#include "report.h"

static const char check_usage[] =
    "Usage: seam check --target TARGET.json (--model MODEL.json | SRC [analyze's inputs])\n"
    "                  [--baseline FILE] [--update-baseline] [--json] [--sarif FILE] [-q]\n"
    "                  [--max-input-size SIZE]\n";

static const char check_help[] =
    "Usage: seam check --target TARGET.json (--model MODEL.json | SRC [analyze's inputs])\n"
    "                  [--baseline FILE] [--update-baseline] [--json] [--sarif FILE] [-q]\n"
    "                  [--max-input-size SIZE]\n"
    "\n"
    "Check the code against the services a team chose, TARGET.json: the shape of\n"
    "model.json's \"services\" (name, kind, files, tables, and optionally\n"
    "interface), typically seam's proposal edited. The code is MODEL.json\n"
    "(written by 'seam analyze'), or the source tree SRC analyzed as 'seam\n"
    "analyze' does, with its inputs (-p, --db or --schema-sql, --sql-fn, ...: see\n"
    "'seam analyze --help'), without writing a model or a report; its cache is\n"
    "--cache FILE, else seam-out/seam-cache.sqlite (seam analyze's default), so\n"
    "that a check after an analysis parses only what changed since.\n"
    "Globs are allowed in files (fnmatch, '*' stops at '/'). A file or table the\n"
    "target does not place is reported once as unplaced, never as a violation.\n"
    "\n"
    "A violation: a call or function reference into another service's function\n"
    "not in its interface (without an interface, any cross-service call); SQL\n"
    "reading or writing another service's table; a foreign key, view or trigger\n"
    "across services; a table written by two services; a shared library calling\n"
    "into a service. Each is printed with file:line, function and the two\n"
    "services, new ones first, then the count per service, inbound and outbound,\n"
    "the MoJoFM between the code's own services (seam's proposal for it) and the\n"
    "target, and how much of the code's SQL was resolved to tables: SQL seam could\n"
    "not resolve may hide crossings.\n"
    "\n"
    "Options:\n"
    "      --target FILE      the chosen services (required)\n"
    "      --model FILE       the code's model.json, instead of SRC\n"
    "      --baseline FILE    accepted violations: one key per line (kind|from|to|\n"
    "                         function|object, no line numbers, so moved code stays\n"
    "                         accepted); those are not new\n"
    "      --update-baseline  write every current violation to --baseline FILE\n"
    "      --json             the violations as JSON on standard output\n"
    "      --sarif FILE       the violations as SARIF 2.1.0 (code-review tools): a rule\n"
    "                         per kind, new ones at level error, accepted ones note\n"
    "  -q, --quiet            the summary only (and no progress line)\n" CLI_INPUT_HELP(
        "                         ") "  -h, --help             show this help and exit\n"
                                     "\n"
                                     "Examples:\n"
                                     "  seam check --target services.json --model seam-out/model.json\n"
                                     "  seam check --target services.json . -p build --db shop.db \\\n"
                                     "      --baseline seam-baseline.txt --sarif seam.sarif\n"
                                     "\n"
                                     "Exit status: 0 when nothing new crosses a boundary (or the "
                                     "baseline was\n"
                                     "written), 1 when something new does or the check fails (one "
                                     "line says why),\n"
                                     "2 for a usage error.\n";

typedef struct check_args {
    const char *target, *model, *baseline, *sarif;
    int update, json, quiet;
    cli_analysis_opts code; /* SRC and analyze's inputs, without --model */
} check_args;

/*
 * The MoJoFM between the model's services and the target as placed on the model's files;
 * -1 when it cannot be computed, why says so (a model with no services, a file twice).
 */
static double target_mojofm(const seam_model *m, const seam_model *t, const check_result *r,
                            seam_err *why)
{
    seam_service *placed = calloc((size_t)t->nservices + 1, sizeof *placed);
    double fm = -1;
    if (!placed) {
        seam_err_set(why, SEAM_ENOMEM, "out of memory");
        return fm;
    }
    int oom = 0;
    for (int s = 0; s < t->nservices; s++) {
        placed[s].name = t->services[s].name;
        placed[s].kind = t->services[s].kind;
        oom |= !(placed[s].files = calloc((size_t)m->nfiles + 1, sizeof(char *)));
    }
    for (int f = 0; f < m->nfiles; f++) {
        int s = r->file_service[f];
        if (s >= 0 && placed[s].files)
            placed[s].files[placed[s].nfiles++] = m->files[f].path;
    }
    if (oom)
        seam_err_set(why, SEAM_ENOMEM, "out of memory");
    else if (decomposer_eval_services(m->services, m->nservices, placed, t->nservices, &fm, NULL,
                                      why))
        fm = -1;
    for (int s = 0; s < t->nservices; s++)
        free(placed[s].files);
    free(placed);
    return fm;
}

static void print_text(const seam_model *m, const seam_model *t, const check_result *r, int quiet,
                       double fm, const seam_err *why)
{
    int fresh = check_count_new(r);
    cli_say(stdout,
            "seam check: %d violation%s of the target, %d new; %d file%s and %d table%s "
            "it does not place",
            r->n, r->n == 1 ? "" : "s", fresh, r->nunplaced_files,
            r->nunplaced_files == 1 ? "" : "s", r->nunplaced_tables,
            r->nunplaced_tables == 1 ? "" : "s");
    for (int i = 0; !quiet && i < r->n; i++) {
        const check_violation *v = &r->v[i];
        const char *path = v->file >= 0 && v->file < m->nfiles ? m->files[v->file].path : NULL;
        if (path)
            cli_say(stdout, "%s %s -> %s: %s %s -> %s (%s:%d)", v->is_new ? "new" : "accepted",
                    v->from, v->to, v->kind, v->function ? v->function : "", v->object, path,
                    v->line);
        else
            cli_say(stdout, "%s %s -> %s: %s %s", v->is_new ? "new" : "accepted", v->from, v->to,
                    v->kind, v->object);
    }
    for (int i = 0; !quiet && i < r->nunplaced_files; i++)
        cli_say(stdout, "unplaced file %s", r->unplaced_files[i]);
    for (int i = 0; !quiet && i < r->nunplaced_tables; i++)
        cli_say(stdout, "unplaced table %s", r->unplaced_tables[i]);
    for (int s = 0; s < t->nservices; s++) {
        int out = 0, in = 0;
        for (int i = 0; i < r->n; i++) {
            out += strcmp(r->v[i].from, t->services[s].name) == 0;
            in += strcmp(r->v[i].to, t->services[s].name) == 0;
        }
        cli_say(stdout, "service %s: %d outbound, %d inbound", t->services[s].name, out, in);
    }
    if (fm >= 0)
        cli_say(stdout, "MoJoFM of the code's services against the target: %.1f", fm);
    else
        cli_say(stdout, "MoJoFM of the code's services against the target: not computed (%s)",
                why->msg[0] ? why->msg : "no services to compare");
}

static int print_json(const seam_model *m, const check_result *r, double fm, seam_err *err)
{
    cJSON *root = cJSON_CreateObject(), *vs = cJSON_AddArrayToObject(root, "violations");
    cJSON_AddNumberToObject(root, "total", r->n);
    cJSON_AddNumberToObject(root, "new", check_count_new(r));
    for (int i = 0; vs && i < r->n; i++) {
        const check_violation *v = &r->v[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(vs, o);
        cJSON_AddStringToObject(o, "kind", v->kind);
        cJSON_AddStringToObject(o, "from", v->from);
        cJSON_AddStringToObject(o, "to", v->to);
        if (v->file >= 0 && v->file < m->nfiles) {
            cJSON_AddStringToObject(o, "file", m->files[v->file].path);
            cJSON_AddNumberToObject(o, "line", v->line);
        }
        if (v->function)
            cJSON_AddStringToObject(o, "function", v->function);
        cJSON_AddStringToObject(o, "object", v->object);
        cJSON_AddStringToObject(o, "key", v->key);
        cJSON_AddBoolToObject(o, "new", v->is_new);
    }
    cJSON *uf = cJSON_AddArrayToObject(root, "unplaced_files");
    for (int i = 0; uf && i < r->nunplaced_files; i++)
        cJSON_AddItemToArray(uf, cJSON_CreateString(r->unplaced_files[i]));
    cJSON *ut = cJSON_AddArrayToObject(root, "unplaced_tables");
    for (int i = 0; ut && i < r->nunplaced_tables; i++)
        cJSON_AddItemToArray(ut, cJSON_CreateString(r->unplaced_tables[i]));
    if (fm >= 0)
        cJSON_AddNumberToObject(root, "mojofm", (double)(long)(fm * 10 + 0.5) / 10);
    /* SQL resolved to no table may hide crossings: how much there is. */
    cJSON *cov = cJSON_AddObjectToObject(root, "sql_coverage");
    cJSON_AddNumberToObject(cov, "sites", m->coverage.sql_sites);
    cJSON_AddNumberToObject(cov, "resolved", m->coverage.resolved);
    cJSON_AddNumberToObject(cov, "unresolved", m->coverage.unresolved);
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return seam_err_set(err, SEAM_ENOMEM, "check: out of memory writing JSON");
    fputs(text, stdout);
    fputc('\n', stdout);
    free(text);
    return SEAM_OK;
}

static int run_check(const check_args *a, int *fresh, seam_err *err)
{
    seam_model target, model;
    size_t max_input = a->code.dopts.max_input;
    int rc = seam_model_json_read(a->target, max_input, &target, err);
    if (rc)
        return rc;
    if (a->model) {
        rc = seam_model_json_read(a->model, max_input, &model, err);
    } else {
        seam_model_init(&model);
        rc = cli_analysis_run(&a->code, "seam-out", &model, err);
    }
    if (rc) {
        seam_model_free(&model);
        seam_model_free(&target);
        return rc;
    }
    check_result r;
    rc = check_run(&model, &target, &r, err);
    if (rc == SEAM_OK && a->update)
        rc = check_baseline_write(&r, a->baseline, err);
    else if (rc == SEAM_OK && a->baseline)
        rc = check_baseline_apply(&r, a->baseline, max_input, err);
    if (rc == SEAM_OK) {
        seam_err why;
        seam_err_clear(&why);
        double fm = target_mojofm(&model, &target, &r, &why);
        if (a->json)
            rc = print_json(&model, &r, fm, err);
        else
            print_text(&model, &target, &r, a->quiet, fm, &why);
        cli_print_coverage(&model, a->json ? stderr : stdout);
        if (rc == SEAM_OK && a->sarif)
            rc = report_write_sarif(&model, &r, a->sarif, err);
        *fresh = a->update ? 0 : check_count_new(&r);
        if (a->update)
            cli_say(stderr, "seam: check: wrote %d accepted violations to %s", r.n, a->baseline);
        check_result_free(&r);
    }
    seam_model_free(&target);
    seam_model_free(&model);
    return rc;
}

static int check_main(check_args *a, int argc, char **argv)
{
    enum { OPT_TARGET = 0x500, OPT_MODEL, OPT_BASELINE, OPT_UPDATE, OPT_JSON, OPT_SARIF };
    static const struct option longopts[] = {
        {"target", required_argument, NULL, OPT_TARGET},
        {"model", required_argument, NULL, OPT_MODEL},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"update-baseline", no_argument, NULL, OPT_UPDATE},
        {"json", no_argument, NULL, OPT_JSON},
        {"sarif", required_argument, NULL, OPT_SARIF},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLI_ANALYSIS_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int c, analysis_opts = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":p:j:qh", longopts, NULL)) != -1) {
        const char *bad;
        int taken = cli_analysis_option(&a->code, c, optarg, &bad);
        if (taken == -2)
            return cli_usage_error(check_usage, bad, optarg);
        if (taken < 0) {
            cli_print_error("out of memory");
            return EXIT_FAIL;
        }
        /* --max-input-size is the check's own too: it bounds the target and the model. */
        analysis_opts += taken && c != OPT_MAX_INPUT;
        if (taken)
            continue;
        switch (c) {
        case OPT_TARGET:
            a->target = optarg;
            break;
        case OPT_MODEL:
            a->model = optarg;
            break;
        case OPT_BASELINE:
            a->baseline = optarg;
            break;
        case OPT_UPDATE:
            a->update = 1;
            break;
        case OPT_JSON:
            a->json = 1;
            break;
        case OPT_SARIF:
            a->sarif = optarg;
            break;
        case 'q':
            a->quiet = a->code.quiet = 1;
            break;
        case 'h':
            fputs(check_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error(check_usage, "option '%s' needs an argument", argv[optind - 1]);
        default:
            return cli_usage_error(check_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (!a->target)
        return cli_usage_error(check_usage, "%s", "check: missing --target TARGET.json");
    if (a->update && !a->baseline)
        return cli_usage_error(check_usage, "%s", "check: --update-baseline needs --baseline FILE");
    if (a->model && optind < argc)
        return cli_usage_error(check_usage,
                               "check: '%s': give --model MODEL.json or SRC, not both",
                               argv[optind]);
    if (a->model && analysis_opts)
        return cli_usage_error(check_usage, "%s",
                               "check: analyze's inputs (-p, --db, ...) go with SRC, not --model");
    if (!a->model && optind >= argc)
        return cli_usage_error(check_usage, "%s", "check: missing SRC or --model MODEL.json");
    if (optind + 1 < argc)
        return cli_usage_error(check_usage, "check: unexpected argument '%s'", argv[optind + 1]);
    if (!a->model) {
        a->code.src = argv[optind];
        const char *conflict = cli_analysis_conflict(&a->code);
        if (conflict)
            return cli_usage_error(check_usage, "%s", conflict);
    }
    seam_err err;
    seam_err_clear(&err);
    int fresh = 0, rc = run_check(a, &fresh, &err);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return fresh > 0 ? EXIT_FAIL : EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
    check_args a = {0};
    if (cli_analysis_opts_init(&a.code, argc)) {
        cli_print_error("out of memory");
        return EXIT_FAIL;
    }
    int status = check_main(&a, argc, argv);
    cli_analysis_opts_free(&a.code);
    return status;
}
