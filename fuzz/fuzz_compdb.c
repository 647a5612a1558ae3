/*
 * fuzz_compdb.c - any bytes as compile_commands.json: the reader must give
 * entries or a one-line error (SEAM_EINPUT/SEAM_EIO), never crash, and
 * release everything either way (compdb.c: cJSON's checks, then libclang's
 * compilation database reader and the argument adjustments).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer_internal.h"

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
    snprintf(dir, sizeof dir, "%s/seam-fuzz-compdb-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof path, "%s/compile_commands.json", dir);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    compdb db;
    seam_err err;
    seam_err_clear(&err);
    int rc = compdb_load(&db, dir, 0, &err);
    if (rc != 0 && rc != SEAM_EINPUT && rc != SEAM_EIO && rc != SEAM_ENOMEM)
        abort();
    if (rc != 0 && (err.msg[0] == '\0' || strchr(err.msg, '\n')))
        abort();
    if (rc == 0) {
        if (db.n < 1)
            abort();
        analyzer_options o;
        memset(&o, 0, sizeof o);
        rc = compdb_finish(&db, dir, &o, &err);
        for (int i = 0; rc == 0 && i < db.n; i++)
            if (!db.entries[i].file || !db.entries[i].rel || strlen(db.entries[i].key) != 64)
                abort();
    }
    compdb_free(&db);
    return 0;
}
