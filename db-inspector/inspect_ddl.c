/*
 * inspect_ddl.c - inspector_read_ddl(): a schema from a DDL file, for users
 * with no access to the database. Which dialect, and the one-line errors.
 */
#include "file.h"
#include "inspect_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int inspector_read_ddl(const char *path, const inspector_options *o, seam_schema *out,
                       seam_err *err)
{
    const char *dialect = o->dialect && *o->dialect ? o->dialect : "auto";
    int auto_ = strcmp(dialect, "auto") == 0;
    int want_pg = auto_ || strcmp(dialect, "postgresql") == 0;
    int want_sqlite = auto_ || strcmp(dialect, "sqlite") == 0;
    if (!want_pg && !want_sqlite)
        return seam_err_set(err, SEAM_EUSAGE, "unknown dialect '%s' (auto, postgresql or sqlite)",
                            dialect);
    char *text = NULL;
    size_t len = 0;
    int rc = seam_file_read(path, "DDL file", o->max_input, &text, &len, err);
    if (rc == SEAM_OK && strlen(text) != len) {
        free(text);
        text = NULL;
        rc = seam_err_set(err, SEAM_EINPUT, "'%s' is not a DDL file: it contains NUL bytes", path);
    }
    if (rc != SEAM_OK)
        return rc;

    /*
     * SQLite first: it accepts loosely typed DDL but rejects what only
     * PostgreSQL has (SET, CREATE FUNCTION, ALTER TABLE ADD CONSTRAINT,
     * identity columns, casts with ::), so a file it runs whole is SQLite's.
     */
    seam_err serr = {0}, perr = {0};
    long soff = -1, poff = -1;
    int loaded = 0;
    if (want_sqlite) {
        sqlite3 *db = NULL;
        if (inspect_ddl_sqlite_load(path, text, &db, &soff, &serr) == SEAM_OK) {
            loaded = 1;
            if (o->nschemas)
                rc = seam_err_set(err, SEAM_EUSAGE,
                                  "--schema applies to PostgreSQL only; '%s' is SQLite DDL", path);
            else if ((out->dialect = SEAM_DIALECT_SQLITE) &&
                     inspect_sqlite_read_db(db, out) != SQLITE_OK)
                rc = seam_err_set(err, SEAM_ERROR, "cannot read the schema '%s' defines: %s", path,
                                  sqlite3_errmsg(db));
        }
        sqlite3_close(db);
    }
    if (!loaded && want_pg) {
        if (inspect_ddl_postgres_read(path, text, o, out, &poff, &perr) == SEAM_OK) {
            loaded = 1;
            out->dialect = SEAM_DIALECT_POSTGRESQL;
        }
    }
    if (!loaded) {
        /* Neither dialect (or not the one asked for) read it: the one that read further explains.
         */
        const seam_err *e = !want_pg ? &serr : !want_sqlite ? &perr : soff > poff ? &serr : &perr;
        rc = seam_err_set(err, e->code ? e->code : SEAM_EINPUT, "%s", e->msg);
    }
    if (rc == SEAM_OK && !(out->source = seam_strdup(path)))
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    if (rc == SEAM_OK && inspect_schema_finish(out) != SEAM_OK)
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    if (rc != SEAM_OK)
        seam_schema_free(out);
    free(text);
    return rc;
}
