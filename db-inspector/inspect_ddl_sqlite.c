/*
 * inspect_ddl_sqlite.c - SQLite DDL run in a fresh in-memory database,
 * which the SQLite reader then inspects like a file.
 *
 * The file is executed, not parsed by seam: SQLite itself decides what the
 * schema is. Nothing may reach the disk: ATTACH (which could create a file)
 * and VACUUM INTO (which writes one) are refused by the authorizer, and the
 * attached-database limit is 0 as a second lock.
 */
#include "inspect_internal.h"

#include <string.h>

/* Where the statement at p really starts: past blanks and comments. */
static const char *skip_leading(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            p++;
        if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else {
            return p;
        }
    }
}

/* Runs one prepared statement to its end. */
static int run(sqlite3_stmt *st)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int inspect_ddl_sqlite_load(const char *path, const char *text, sqlite3 **out, long *fail_offset,
                            seam_err *err)
{
    sqlite3 *db = NULL;
    int rc = inspect_sqlite_scratch(&db);
    if (rc != SQLITE_OK)
        return seam_err_set(err, SEAM_ENOMEM, "cannot open an in-memory SQLite database: %s",
                            sqlite3_errstr(rc));

    const char *tail = text;
    while (rc == SQLITE_OK && *tail) {
        sqlite3_stmt *st = NULL;
        const char *next = NULL;
        rc = sqlite3_prepare_v2(db, tail, -1, &st, &next);
        if (rc != SQLITE_OK) {
            /* error_offset is relative to the statement being prepared; -1 when unknown. */
            int off = sqlite3_error_offset(db);
            *fail_offset = off >= 0 ? (long)(tail - text) + off : (long)(skip_leading(tail) - text);
            break;
        }
        if (!st) /* only whitespace or comments left */
            break;
        rc = run(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_OK)
            *fail_offset = (long)(skip_leading(tail) - text);
        else
            tail = next;
    }
    if (rc != SQLITE_OK) {
        seam_err_set(err, SEAM_EINPUT, "%s:%d: %s (read as SQLite DDL)", path,
                     inspect_line_of(text, *fail_offset), sqlite3_errmsg(db));
        sqlite3_close(db);
        return SEAM_EINPUT;
    }
    sqlite3_set_authorizer(db, NULL, NULL);
    /* From here on the reader only reads. */
    sqlite3_exec(db, "PRAGMA query_only=1", NULL, NULL, NULL);
    *out = db;
    return SEAM_OK;
}
