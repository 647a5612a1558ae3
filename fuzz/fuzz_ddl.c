/*
 * fuzz_ddl.c - any bytes as a --schema-sql file: a schema (SQLite runs it in
 * memory, or libpg_query parses it) or one line of error, never a crash, a
 * leak, or a file written anywhere.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inspector.h"

static char dir[64], path[128];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/seam-fuzz-ddl-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/schema.sql", dir);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    static const char *const dialects[] = {"auto", "postgresql", "sqlite"};
    inspector_options o;
    inspector_options_init(&o);
    o.dialect = dialects[size % 3];
    seam_schema s;
    memset(&s, 0, sizeof s);
    seam_err err;
    seam_err_clear(&err);
    int rc = inspector_read_ddl(path, &o, &s, &err);
    if (rc != 0 && rc != SEAM_EINPUT && rc != SEAM_EIO && rc != SEAM_ENOMEM)
        abort();
    if (rc != 0 && (err.msg[0] == '\0' || strchr(err.msg, '\n')))
        abort();
    if (rc == 0)
        seam_schema_free(&s);
    return 0;
}
