/*
 * inspector.c - inspector_read(): which dialect, redaction, final ordering.
 */
#include "inspector.h"
#include "inspect_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int inspector_is_postgres(const char *db)
{
    if (!db)
        return 0;
    if (has_prefix(db, "postgres://") || has_prefix(db, "postgresql://"))
        return 1;
    if (has_prefix(db, "file:"))
        return 0;
    /*
     * A conninfo string is key=value pairs. A file name may contain '=' too,
     * so an existing file wins. Anything else with '=' is treated as
     * conninfo even when libpq cannot parse it: mistaking "host=h
     * password=pw dbnam" for a path would echo the password in the "no such
     * file" message, while the PostgreSQL path redacts it.
     */
    struct stat st;
    if (stat(db, &st) == 0)
        return 0;
    return strchr(db, '=') != NULL;
}

/* Appends value to f in conninfo syntax: bare when safe, else single-quoted with escapes. */
static void put_conninfo_value(FILE *f, const char *v)
{
    if (*v && !strpbrk(v, " \t\n\r\f\v'\\")) {
        fputs(v, f);
        return;
    }
    fputc('\'', f);
    for (; *v; v++) {
        if (*v == '\'' || *v == '\\')
            fputc('\\', f);
        fputc(*v, f);
    }
    fputc('\'', f);
}

char *inspector_redact(const char *db)
{
    if (!db)
        return NULL;
    if (!inspector_is_postgres(db))
        return seam_strdup(db);

    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(db, &perr);
    if (!opts) {
        /* libpq's parse message can quote the string itself: never shown. */
        PQfreemem(perr);
        return seam_strdup("<unparsable connection string>");
    }
    /*
     * Rebuilt from libpq's own parse rather than edited in place, so no
     * spelling of the password (URI userinfo, ?password=, percent-encoded
     * keys, quoted values) can survive.
     */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        PQconninfoFree(opts);
        return NULL;
    }
    /* libpq's keyword order, the password (if any) last where the eye expects it. */
    int first = 1, has_password = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !o->val[0])
            continue;
        if (strcmp(o->keyword, "password") == 0) {
            has_password = 1;
            continue;
        }
        fprintf(f, "%s%s=", first ? "" : " ", o->keyword);
        put_conninfo_value(f, o->val);
        first = 0;
    }
    if (has_password)
        fprintf(f, "%spassword=***", first ? "" : " ");
    PQconninfoFree(opts);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

void inspector_options_init(inspector_options *o)
{
    memset(o, 0, sizeof *o);
    o->application_name = "seam";
    o->connect_timeout_s = 10;
    o->statement_timeout_ms = 30000;
    o->lock_timeout_ms = 2000;
}

int inspector_read(const char *db, seam_schema *out, seam_err *err)
{
    inspector_options o;
    inspector_options_init(&o);
    return inspector_read_with(db, &o, out, err);
}

int inspector_read_with(const char *db, const inspector_options *o, seam_schema *out, seam_err *err)
{
    if (!db || !*db)
        return seam_err_set(err, SEAM_EUSAGE, "no database given");

    int pg = inspector_is_postgres(db);
    if (!pg && o->nschemas)
        return seam_err_set(err, SEAM_EUSAGE,
                            "--schema applies to PostgreSQL only; '%s' is a SQLite database", db);
    out->dialect = seam_strdup(pg ? "postgresql" : "sqlite");
    out->source = inspector_redact(db);
    if (!out->dialect || !out->source) {
        seam_schema_free(out);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory reading database schema");
    }

    int rc = pg ? inspect_pg_read(db, o, out->source, out, err)
                : inspect_sqlite_read(db, o, out->source, out, err);
    if (rc == SEAM_OK && inspect_schema_finish(out) != SEAM_OK)
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading schema of '%s'", out->source);
    if (rc != SEAM_OK)
        seam_schema_free(out);
    return rc;
}
