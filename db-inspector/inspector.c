/*
 * inspector.c - inspector_read(): which dialect, redaction, final ordering.
 */
#include "inspector.h"
#include "inspect_pg_internal.h"

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

/*
 * libpq marks the options it never displays with dispchar "*" (password,
 * sslpassword, and whatever later versions add): those are the secrets,
 * taken from libpq rather than from a list of names that would go stale.
 */
static int is_secret(const PQconninfoOption *o)
{
    return o->dispchar && o->dispchar[0] == '*';
}

/*
 * libpq's own test (recognized_connection_string) for a dbname that is
 * itself a connection string: a URI, or anything with '='. libpq expands
 * the first such dbname it is given; either way it may hold a password.
 */
static int is_connection_string(const char *v)
{
    return has_prefix(v, "postgresql://") || has_prefix(v, "postgres://") || strchr(v, '=');
}

/* Levels parsed (the user's string is level 0); a dbname nested deeper is hidden whole. */
#define NESTED_MAX 4
#define TOO_DEEP "<connection string nested too deep>"
#define UNPARSABLE "<unparsable connection string>"

static char *redact_at(const char *db, int depth);

/* Appends "keyword=value" for one non-secret option, a nested dbname redacted in turn. */
static int put_option(FILE *f, const PQconninfoOption *o, int first, int depth)
{
    fprintf(f, "%s%s=", first ? "" : " ", o->keyword);
    if (strcmp(o->keyword, "dbname") != 0 || !is_connection_string(o->val)) {
        put_conninfo_value(f, o->val);
        return SEAM_OK;
    }
    char *nested = depth + 1 < NESTED_MAX ? redact_at(o->val, depth + 1) : seam_strdup(TOO_DEEP);
    if (!nested)
        return SEAM_ENOMEM;
    put_conninfo_value(f, nested);
    free(nested);
    return SEAM_OK;
}

/* inspector_redact of a PostgreSQL string found at nesting depth (0: the user's string). */
static char *redact_at(const char *db, int depth)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(db, &perr);
    if (!opts) {
        /* libpq's parse message can quote the string itself: never shown. */
        PQfreemem(perr);
        return seam_strdup(UNPARSABLE);
    }
    /*
     * Rebuilt from libpq's own parse rather than edited in place, so no
     * spelling of a secret (URI userinfo, ?password=, percent-encoded
     * keys, quoted values) can survive.
     */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        PQconninfoFree(opts);
        return NULL;
    }
    /* libpq's keyword order, the secrets (if any) last where the eye expects them. */
    int first = 1, rc = SEAM_OK;
    for (PQconninfoOption *o = opts; o->keyword && rc == SEAM_OK; o++) {
        if (!o->val || !o->val[0] || is_secret(o))
            continue;
        rc = put_option(f, o, first, depth);
        first = 0;
    }
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !o->val[0] || !is_secret(o))
            continue;
        fprintf(f, "%s%s=***", first ? "" : " ", o->keyword);
        first = 0;
    }
    PQconninfoFree(opts);
    if (fclose(f) != 0 || rc != SEAM_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

char *inspector_redact(const char *db)
{
    if (!db)
        return NULL;
    if (!inspector_is_postgres(db))
        return seam_strdup(db);
    return redact_at(db, 0);
}

int inspect_secret_add(inspect_secret **v, int *n, const char *find, const char *with)
{
    if (!find || !*find)
        return SEAM_OK;
    inspect_secret *grown = realloc(*v, (size_t)(*n + 1) * sizeof **v);
    if (!grown)
        return SEAM_ENOMEM;
    *v = grown;
    grown[*n].find = seam_strdup(find);
    grown[*n].with = seam_strdup(with);
    if (!grown[*n].find || !grown[*n].with) {
        free(grown[*n].find);
        free(grown[*n].with);
        return SEAM_ENOMEM;
    }
    (*n)++;
    return SEAM_OK;
}

void inspect_secrets_free(inspect_secret *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].find);
        free(v[i].with);
    }
    free(v);
}

static int secrets_at(const PQconninfoOption *opts, int depth, inspect_secret **v, int *n);

/*
 * A nested dbname: the server may quote it whole (database "..." does not
 * exist), so the raw text is replaced by its redacted form; then the
 * secrets inside it, parsed as libpq would.
 */
static int nested_secrets(const char *raw, int depth, inspect_secret **v, int *n)
{
    if (depth >= NESTED_MAX)
        return inspect_secret_add(v, n, raw, TOO_DEEP);
    char *shown = redact_at(raw, depth);
    int rc = shown ? inspect_secret_add(v, n, raw, shown) : SEAM_ENOMEM;
    free(shown);
    char *perr = NULL;
    PQconninfoOption *opts = rc == SEAM_OK ? PQconninfoParse(raw, &perr) : NULL;
    PQfreemem(perr);
    if (opts)
        rc = secrets_at(opts, depth, v, n);
    PQconninfoFree(opts);
    return rc;
}

static int secrets_at(const PQconninfoOption *opts, int depth, inspect_secret **v, int *n)
{
    int rc = SEAM_OK;
    for (const PQconninfoOption *o = opts; o->keyword && rc == SEAM_OK; o++) {
        if (!o->val || !o->val[0])
            continue;
        if (is_secret(o))
            rc = inspect_secret_add(v, n, o->val, "***");
        else if (strcmp(o->keyword, "dbname") == 0 && is_connection_string(o->val))
            rc = nested_secrets(o->val, depth + 1, v, n);
    }
    return rc;
}

int inspect_secrets_of(const PQconninfoOption *opts, inspect_secret **v, int *n)
{
    return opts ? secrets_at(opts, 0, v, n) : SEAM_OK;
}

void inspector_options_init(inspector_options *o)
{
    memset(o, 0, sizeof *o);
    o->application_name = "seam";
    o->connect_timeout_s = 10;
    o->statement_timeout_ms = 30000;
    o->lock_timeout_ms = 2000;
    o->timeout_s = INSPECTOR_TIMEOUT_S;
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
    out->dialect = pg ? SEAM_DIALECT_POSTGRESQL : SEAM_DIALECT_SQLITE;
    out->source = inspector_redact(db);
    if (!out->source) {
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
