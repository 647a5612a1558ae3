/*
 * cmd_report.c - `seam report`: report.html (and services.dot) rendered
 * again from a model.json, for instance after `seam plan` re-planned an
 * edited model, or to read a model written on another machine.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

static const char report_usage[] =
    "Usage: seam report MODEL.json [-o REPORT.html] [--max-input-size SIZE]\n";

static const char report_help[] =
    "Usage: seam report MODEL.json [-o REPORT.html] [--max-input-size SIZE]\n"
    "\n"
    "Render the report of MODEL.json (written by 'seam analyze', 'seam decompose'\n"
    "or 'seam plan') again, without analyzing anything: the same page 'seam\n"
    "analyze' writes, byte for byte, for the same model. Writes REPORT.html and,\n"
    "beside it, services.dot: the service map as a Graphviz graph (render it\n"
    "with 'dot -Tsvg services.dot'). The page is self-contained: it opens from\n"
    "a file, offline, and fetches nothing.\n"
    "\n"
    "A file is replaced atomically, never half-written. A symbolic link at the\n"
    "path is followed and left as it is; a FIFO or a character device is\n"
    "written as a stream; '-' is standard output (then no services.dot); a\n"
    "directory or a dangling link is an error.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE  the report to write (default: report.html beside\n"
    "                     MODEL.json)\n" CLI_INPUT_HELP(
        "                     ") "  -h, --help         show this help and exit\n"
                                 "\n"
                                 "Exit status: 0 on success, 1 when the model cannot be read or a "
                                 "file\n"
                                 "cannot be written (the reason on one line), 2 for a usage "
                                 "error.\n"
                                 "\n"
                                 "Example:\n"
                                 "  seam plan out/model.json -o out\n"
                                 "  seam report out/model.json -o out/report.html\n";

/* path's directory followed by "/" and name (malloc'd); "./name" for a bare file name. */
static char *beside(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return seam_printf("%s", name);
    return seam_printf("%.*s/%s", (int)(slash - path), path, name);
}

static int run_report(const char *model_path, const char *out, size_t max_input, seam_err *err)
{
    seam_model model;
    int rc = seam_model_json_read(model_path, max_input, &model, err);
    if (rc)
        return rc;
    char *html = out ? seam_printf("%s", out) : beside(model_path, "report.html");
    /* The page on standard output has no directory to put the graph beside. */
    int to_stdout = out && strcmp(out, "-") == 0;
    char *dot = html && !to_stdout ? beside(html, "services.dot") : NULL;
    if (!html || (!dot && !to_stdout))
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
    if (!rc)
        rc = report_write_html(&model, html, err);
    if (!rc && dot)
        rc = report_write_dot(&model, dot, err);
    if (!rc && dot) {
        cli_say(stdout, "seam: wrote %s", html);
        cli_say(stdout, "seam: wrote %s", dot);
    }
    free(html);
    free(dot);
    seam_model_free(&model);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        CLI_INPUT_LONGOPT,
        {NULL, 0, NULL, 0},
    };
    const char *out = NULL;
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
                return cli_usage_error(report_usage, "--max-input-size: '%s' is not a size",
                                       optarg);
            break;
        case 'h':
            fputs(report_help, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error(report_usage, "option '%s' needs an argument", argv[optind - 1]);
        default:
            return cli_usage_error(report_usage, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error(report_usage, "%s", "report: missing MODEL.json");
    if (optind + 1 < argc)
        return cli_usage_error(report_usage, "report: unexpected argument '%s'", argv[optind + 1]);
    if (out && !*out)
        return cli_usage_error(report_usage, "%s", "-o: an empty file name");
    seam_err err;
    seam_err_clear(&err);
    int rc = run_report(argv[optind], out, max_input, &err);
    if (rc) {
        cli_print_error(err.msg[0] ? err.msg : "failed");
        return cli_exit_status(rc);
    }
    return EXIT_OK;
}
