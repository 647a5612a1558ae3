/*
 * report_read_json: model.json back into a model. The round trip
 * write -> read -> write must give the same bytes, and bad files must give
 * one-line errors naming the file (and the line, for invalid JSON).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "report.h"
#include "sample_model.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
}

static void test_round_trip(const char *dir, int flags)
{
    char p1[512], p2[512], p3[512];
    snprintf(p1, sizeof p1, "%s/a.json", dir);
    snprintf(p2, sizeof p2, "%s/b.json", dir);
    snprintf(p3, sizeof p3, "%s/schema.json", dir);
    seam_model m, back;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(sample_model_build(&m, flags), 0);
    CHECK_INT(report_write_json(&m, p1, &err), 0);
    CHECK_INT(report_read_json(p1, 0, &back, &err), 0);
    CHECK_INT(back.nfiles, m.nfiles);
    CHECK_INT(back.nfunctions, m.nfunctions);
    CHECK_INT(back.ncalls, m.ncalls);
    CHECK_INT(back.nsql_sites, m.nsql_sites);
    CHECK_INT(back.schema.ntables, m.schema.ntables);
    CHECK_INT(back.schema.nforeign_keys, m.schema.nforeign_keys);
    CHECK_INT(back.nservices, m.nservices);
    CHECK_INT(back.nplan, m.nplan);
    /* Indices were rebuilt from identifiers: the same function and file. */
    for (int i = 0; i < m.ncalls && i < back.ncalls; i++) {
        CHECK_INT(back.calls[i].caller, m.calls[i].caller);
        CHECK_INT(back.calls[i].callee, m.calls[i].callee);
    }
    for (int i = 0; i < m.nsql_sites && i < back.nsql_sites; i++) {
        CHECK_INT(back.sql_sites[i].function, m.sql_sites[i].function);
        CHECK_INT(back.sql_sites[i].ntables, m.sql_sites[i].ntables);
    }
    CHECK_INT(report_write_json(&back, p2, &err), 0);
    char *a = slurp(p1), *b = slurp(p2);
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);

    /* The schema alone, through schema.json. */
    seam_schema s;
    CHECK_INT(report_write_schema_json(&m.schema, p3, &err), 0);
    CHECK_INT(report_read_schema_json(p3, 0, &s, &err), 0);
    CHECK_INT(s.ntables, m.schema.ntables);
    CHECK_INT(s.nforeign_keys, m.schema.nforeign_keys);
    CHECK_STR(s.dialect, m.schema.dialect);
    seam_schema_free(&s);
    /* ... and from inside a model.json. */
    CHECK_INT(report_read_schema_json(p1, 0, &s, &err), 0);
    CHECK_INT(s.ntables, m.schema.ntables);
    seam_schema_free(&s);

    seam_model_free(&back);
    seam_model_free(&m);
    unlink(p1);
    unlink(p2);
    unlink(p3);
}

/* Expects report_read_json(path) to fail with code and a message containing want. */
static void expect_error(const char *path, int code, const char *want)
{
    seam_model m;
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(report_read_json(path, 0, &m, &err), code);
    CHECK(strstr(err.msg, path) != NULL);
    if (!strstr(err.msg, want))
        fprintf(stderr, "message: %s (want %s)\n", err.msg, want);
    CHECK(strstr(err.msg, want) != NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(m.nfiles == 0 && m.files == NULL && m.nfunctions == 0);
}

static void test_errors(const char *dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s/missing.json", dir);
    expect_error(p, SEAM_EIO, "No such file");

    snprintf(p, sizeof p, "%s/bad.json", dir);
    spit(p, "{\n  \"files\": [\n    {\"path\": \"a.c\",,}\n  ]\n}\n");
    expect_error(p, SEAM_EINPUT, "line 3");
    spit(p, "[1, 2]\n");
    expect_error(p, SEAM_EINPUT, "not a JSON object");
    spit(p, "{\"files\": {\"path\": \"a.c\"}}");
    expect_error(p, SEAM_EINPUT, "\"files\"");
    spit(p, "{\"files\": [{\"path\": \"a.c\", \"lines\": \"ten\"}]}");
    expect_error(p, SEAM_EINPUT, "\"lines\"");
    spit(p, "{\"files\": [{\"path\": \"a.c\"}], \"functions\": [{\"id\": \"c:@F@f\", \"name\": "
            "\"f\", \"file\": \"b.c\"}]}");
    expect_error(p, SEAM_EINPUT, "unknown file");
    spit(p, "{\"files\": [{\"path\": \"a.c\"}], \"functions\": [{\"id\": \"c:@F@f\", \"name\": "
            "\"f\", \"file\": \"a.c\"}], \"calls\": [{\"caller\": \"c:@F@f\", \"callee\": "
            "\"c:@F@g\", \"count\": 1}]}");
    expect_error(p, SEAM_EINPUT, "unknown function id");
    spit(p, "{\"files\": [{\"path\": \"b.c\"}, {\"path\": \"a.c\"}]}");
    expect_error(p, SEAM_EINPUT, "not sorted");

    /* A hand-written truth file: services only, kind left out. */
    spit(p, "{\"services\": [{\"name\": \"orders\", \"files\": [\"src/o.c\"], \"tables\": "
            "[\"orders\"]}]}");
    seam_model m;
    seam_err err;
    CHECK_INT(report_read_json(p, 0, &m, &err), 0);
    CHECK_INT(m.nservices, 1);
    CHECK_STR(m.services[0].kind, "service");
    CHECK_STR(m.services[0].files[0], "src/o.c");
    seam_model_free(&m);
    unlink(p);
}

int main(void)
{
    char dir[] = "/tmp/seam-read-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    test_round_trip(dir, SAMPLE_PLAIN);
    test_round_trip(dir, SAMPLE_HOSTILE);
    test_errors(dir);
    rmdir(dir);
    return check_finish();
}
