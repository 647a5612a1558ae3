/*
 * fuzz_model.c - any bytes as a model.json (what `seam decompose`, `seam
 * eval` and `seam check` read from files a user was handed): read through
 * util's reader into a model, or one line of error (SEAM_EINPUT/SEAM_EIO),
 * never a crash or a leak; a model that was read is planned again (what
 * `seam plan` does: any services, tables and names) and writes back out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "planner.h"
#include "report.h"

static char dir[64], path[128], out[128];

static void cleanup(void)
{
    unlink(path);
    unlink(out);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/seam-fuzz-model-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/model.json", dir);
    snprintf(out, sizeof out, "%s/again.json", dir);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    seam_model m;
    seam_err err;
    seam_err_clear(&err);
    /* A small cap, so that the cap's own path is taken too. */
    int rc = seam_model_json_read(path, 1 << 16, &m, &err);
    if (rc != 0 && rc != SEAM_EINPUT && rc != SEAM_EIO && rc != SEAM_ENOMEM)
        abort();
    if (rc != 0 && (err.msg[0] == '\0' || strchr(err.msg, '\n')))
        abort();
    if (rc == 0) {
        rc = planner_run(&m, &err);
        if (rc != 0 && rc != SEAM_EINPUT && rc != SEAM_ENOMEM)
            abort();
        if (rc != 0 && (err.msg[0] == '\0' || strchr(err.msg, '\n')))
            abort();
        if (report_write_json(&m, out, &err) != 0)
            abort();
        seam_model_free(&m);
    }
    seam_schema s;
    rc = seam_model_json_read_schema(path, 0, &s, &err);
    if (rc != 0 && rc != SEAM_EINPUT && rc != SEAM_EIO && rc != SEAM_ENOMEM)
        abort();
    if (rc == 0)
        seam_schema_free(&s);
    return 0;
}
