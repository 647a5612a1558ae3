/*
 * report_sample.c - writes the hostile sample model's model.json,
 * report.html and services.dot into DIR, for the headless-browser test.
 * Usage: report_sample DIR
 */
#include "report.h"
#include "sample_model.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: report_sample DIR\n");
        return 2;
    }
    seam_model m;
    seam_model_init(&m);
    seam_err err = {0};
    char json[4096], html[4096], dot[4096];
    snprintf(json, sizeof json, "%s/model.json", argv[1]);
    snprintf(html, sizeof html, "%s/report.html", argv[1]);
    snprintf(dot, sizeof dot, "%s/services.dot", argv[1]);
    int rc = sample_model_build(&m, SAMPLE_HOSTILE);
    if (rc)
        seam_err_set(&err, rc, "out of memory building the sample model");
    if (!rc)
        rc = report_write_json(&m, json, &err);
    if (!rc)
        rc = report_write_html(&m, html, &err);
    if (!rc)
        rc = report_write_dot(&m, dot, &err);
    seam_model_free(&m);
    if (rc) {
        fprintf(stderr, "report_sample: %s\n", err.msg);
        return 1;
    }
    return 0;
}
