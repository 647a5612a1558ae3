/*
 * inspect_pg.c - the schema of a PostgreSQL database, read from pg_catalog
 * inside one READ ONLY transaction of a read-only session.
 */
#include "inspector.h"
#include "inspect_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appended after the user's own options: with -c, the last setting wins. */
#define SEAM_PG_OPTIONS                                                                            \
    "-c default_transaction_read_only=on -c statement_timeout=30000 -c lock_timeout=2000"

/* The schemas seam reads: every one but the system's (pg_catalog, pg_toast, pg_temp_N, ...). */
#define USER_SCHEMA(n) " " n ".nspname !~ '^pg_' AND " n ".nspname <> 'information_schema'"

/* Tables that an extension created (CREATE EXTENSION) are the extension's, not the user's. */
#define NOT_EXTENSION(c)                                                                           \
    " NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"                                            \
    " WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"                                \
    " AND d.objid = " c ".oid AND d.deptype = 'e')"

/*
 * Tables and their columns in one query: one row per column (a table
 * without columns gives one row of NULLs), grouped by table oid, in attnum
 * order. Partitions are left out: their columns are their root's.
 */
static const char TABLES_SQL[] =
    "SELECT c.oid, n.nspname, c.relname, a.attname,"
    " pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull"
    " FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " LEFT JOIN pg_catalog.pg_attribute a"
    "   ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
    " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND" USER_SCHEMA(
        "n") " AND" NOT_EXTENSION("c") " ORDER BY c.oid, a.attnum";

/*
 * Primary keys and foreign keys in one query: one row per key column, in
 * key order (conkey unnested WITH ORDINALITY; the referenced column is
 * confkey at the same position). Constraints cloned onto partitions
 * (conparentid <> 0) are skipped; a foreign key declared on a partition
 * itself, or referencing one, is reported against the root table
 * (pg_partition_root), and merged with its siblings later.
 */
static const char KEYS_SQL[] =
    "SELECT k.oid, k.contype, k.conname, rn.nspname, r.relname, fa.attname,"
    " tn.nspname, t.relname, ta.attname"
    " FROM pg_catalog.pg_constraint k"
    " JOIN pg_catalog.pg_class own ON own.oid = k.conrelid"
    " JOIN pg_catalog.pg_class r"
    "   ON r.oid = COALESCE(pg_catalog.pg_partition_root(k.conrelid), k.conrelid)"
    " JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace"
    " CROSS JOIN LATERAL pg_catalog.unnest(k.conkey) WITH ORDINALITY AS col(attnum, pos)"
    " JOIN pg_catalog.pg_attribute fa ON fa.attrelid = k.conrelid AND fa.attnum = col.attnum"
    " LEFT JOIN pg_catalog.pg_class t"
    "   ON t.oid = COALESCE(pg_catalog.pg_partition_root(k.confrelid), k.confrelid)"
    " LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace"
    " LEFT JOIN pg_catalog.pg_attribute ta"
    "   ON ta.attrelid = k.confrelid AND ta.attnum = k.confkey[col.pos]"
    " WHERE k.conparentid = 0"
    " AND (k.contype = 'f' OR (k.contype = 'p' AND NOT own.relispartition))"
    " AND r.relkind IN ('r', 'p') AND" USER_SCHEMA("rn") " AND" NOT_EXTENSION(
        "r") " ORDER BY k.oid, col.pos";

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/*
 * One line of a libpq message for seam_err: the first line only (libpq
 * adds hints and context on later lines), with every occurrence of a known
 * password replaced by "***" in case libpq quoted part of the conninfo.
 */
static void one_line(char *dst, size_t n, const char *msg, const char *const *passwords)
{
    char line[512];
    size_t len = strcspn(msg ? msg : "", "\n");
    if (len >= sizeof line)
        len = sizeof line - 1;
    memcpy(line, msg ? msg : "", len);
    line[len] = '\0';
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
        line[--len] = '\0';

    size_t o = 0;
    for (const char *p = line; *p && o + 1 < n;) {
        size_t hit = 0;
        for (int i = 0; passwords[i]; i++) {
            size_t pl = strlen(passwords[i]);
            if (pl && strncmp(p, passwords[i], pl) == 0 && pl > hit)
                hit = pl;
        }
        if (hit) {
            for (const char *r = "***"; *r && o + 1 < n; r++)
                dst[o++] = *r;
            p += hit;
        } else {
            dst[o++] = *p++;
        }
    }
    dst[o] = '\0';
    if (o == 0)
        snprintf(dst, n, "unknown error");
}

/* What pg_connect learned from the user's string that later messages need. */
typedef struct pg_session {
    PGconn *conn;
    const char *shown;      /* redacted conninfo, for messages */
    char *password;         /* the string's password, or NULL: scrubbed from messages */
    const char *secrets[3]; /* password, $PGPASSWORD, NULL */
} pg_session;

static const char *option_value(PQconninfoOption *opts, const char *keyword)
{
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, keyword) == 0)
            return o->val && o->val[0] ? o->val : NULL;
    return NULL;
}

static int pg_connect(const char *conninfo, pg_session *ps, seam_err *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    if (!opts) {
        /* libpq's parse message may quote the string, password included: not shown. */
        PQfreemem(perr);
        if (strstr(conninfo, "://"))
            return seam_err_set(err, SEAM_EINPUT,
                                "cannot connect to PostgreSQL '%s': invalid connection URI",
                                ps->shown);
        /* Only '=' made it look like conninfo: it may have been meant as a file. */
        return seam_err_set(err, SEAM_EINPUT,
                            "cannot open database '%s': neither an existing SQLite file nor a "
                            "valid PostgreSQL connection string",
                            ps->shown);
    }
    const char *pw = option_value(opts, "password");
    ps->password = pw ? seam_strdup(pw) : NULL;
    int k = 0;
    const char *env_pw = getenv("PGPASSWORD");
    if (ps->password)
        ps->secrets[k++] = ps->password;
    if (env_pw && *env_pw)
        ps->secrets[k++] = env_pw;
    ps->secrets[k] = NULL;

    /*
     * Our keywords come after dbname, so they override what the expanded
     * string says (libpq keeps the last value of a repeated keyword). The
     * user's options and connect_timeout are kept: options are merged, and
     * connect_timeout is only supplied when the user gave none.
     */
    const char *user_opts = option_value(opts, "options");
    if (!user_opts)
        user_opts = getenv("PGOPTIONS");
    char *options = seam_printf("%s%s" SEAM_PG_OPTIONS, user_opts ? user_opts : "",
                                user_opts && *user_opts ? " " : "");
    const char *timeout = getenv("PGCONNECT_TIMEOUT");
    int has_timeout = option_value(opts, "connect_timeout") || (timeout && *timeout);
    PQconninfoFree(opts);
    if (!options || (pw && !ps->password)) {
        free(options);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory connecting to '%s'", ps->shown);
    }

    const char *keys[] = {"dbname",
                          "options",
                          "application_name",
                          "client_encoding",
                          has_timeout ? NULL : "connect_timeout",
                          NULL};
    const char *vals[] = {conninfo, options, "seam", "UTF8", "10", NULL};
    ps->conn = PQconnectdbParams(keys, vals, 1);
    free(options);
    if (!ps->conn)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory connecting to '%s'", ps->shown);
    if (PQstatus(ps->conn) != CONNECTION_OK) {
        char line[512];
        one_line(line, sizeof line, PQerrorMessage(ps->conn), ps->secrets);
        PQfinish(ps->conn);
        ps->conn = NULL;
        return seam_err_set(err, SEAM_EDB, "cannot connect to PostgreSQL '%s': %s", ps->shown,
                            line);
    }
    /* Server notices would go to stderr; nothing below main() prints. */
    PQsetNoticeProcessor(ps->conn, ignore_notice, NULL);
    return SEAM_OK;
}

void *inspector_pg_connect(const char *conninfo, seam_err *err)
{
    char *shown = inspector_redact(conninfo);
    if (!shown) {
        seam_err_set(err, SEAM_ENOMEM, "out of memory connecting to PostgreSQL");
        return NULL;
    }
    pg_session ps = {.shown = shown};
    pg_connect(conninfo, &ps, err);
    free(ps.password);
    free(shown);
    return ps.conn;
}

/* Runs one statement; on anything but the expected status, sets err and returns NULL. */
static PGresult *pg_run(pg_session *ps, const char *sql, ExecStatusType want, seam_err *err)
{
    PGresult *res = PQexec(ps->conn, sql);
    if (res && PQresultStatus(res) == want)
        return res;
    char line[512];
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    one_line(line, sizeof line, msg ? msg : PQerrorMessage(ps->conn), ps->secrets);
    seam_err_set(err, SEAM_EDB, "cannot read schema from PostgreSQL '%s': %s", ps->shown, line);
    PQclear(res);
    return NULL;
}

/* seam's table name: schema-qualified unless the schema is public. */
static char *table_name(const char *nsp, const char *rel)
{
    return strcmp(nsp, "public") == 0 ? seam_strdup(rel) : seam_printf("%s.%s", nsp, rel);
}

static int nomem(pg_session *ps, seam_err *err)
{
    return seam_err_set(err, SEAM_ENOMEM, "out of memory reading schema of '%s'", ps->shown);
}

static int read_tables(pg_session *ps, seam_schema *s, seam_err *err)
{
    PGresult *res = pg_run(ps, TABLES_SQL, PGRES_TUPLES_OK, err);
    if (!res)
        return SEAM_EDB;
    seam_table *t = NULL;
    const char *cur = NULL;
    for (int i = 0; i < PQntuples(res); i++) {
        if (!cur || strcmp(cur, PQgetvalue(res, i, 0)) != 0) {
            cur = PQgetvalue(res, i, 0);
            char *name = table_name(PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
            t = name ? inspect_table_add(s, name) : NULL;
            free(name);
            if (!t)
                goto oom;
        }
        if (PQgetisnull(res, i, 3))
            continue;
        if (inspect_column_add(t, PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
                               PQgetvalue(res, i, 5)[0] == 't'))
            goto oom;
    }
    PQclear(res);
    return SEAM_OK;
oom:
    PQclear(res);
    return nomem(ps, err);
}

/* Rows of one constraint are consecutive; s->tables must be sorted (lookups by name). */
static int read_keys(pg_session *ps, seam_schema *s, seam_err *err)
{
    PGresult *res = pg_run(ps, KEYS_SQL, PGRES_TUPLES_OK, err);
    if (!res)
        return SEAM_EDB;
    const char *cur = NULL;
    seam_table *pk_table = NULL;
    seam_foreign_key *fk = NULL;
    char *from = NULL, *to = NULL;
    for (int i = 0; i < PQntuples(res); i++) {
        int is_fk = PQgetvalue(res, i, 1)[0] == 'f';
        if (!cur || strcmp(cur, PQgetvalue(res, i, 0)) != 0) {
            cur = PQgetvalue(res, i, 0);
            pk_table = NULL;
            fk = NULL;
            from = table_name(PQgetvalue(res, i, 3), PQgetvalue(res, i, 4));
            if (!from)
                goto oom;
            if (!is_fk) {
                int ti = inspect_table_find(s, from);
                pk_table = ti >= 0 ? &s->tables[ti] : NULL;
            } else if (!PQgetisnull(res, i, 7)) {
                to = table_name(PQgetvalue(res, i, 6), PQgetvalue(res, i, 7));
                if (!to || !(fk = inspect_fk_add(s, PQgetvalue(res, i, 2), from, to)))
                    goto oom;
            }
            free(from);
            free(to);
            from = to = NULL;
        }
        if (pk_table && inspect_strv_push(&pk_table->primary_key, &pk_table->nprimary_key,
                                          PQgetvalue(res, i, 5)))
            goto oom;
        if (fk && inspect_fk_add_column(fk, PQgetvalue(res, i, 5), PQgetvalue(res, i, 8)))
            goto oom;
    }
    PQclear(res);
    return SEAM_OK;
oom:
    free(from);
    free(to);
    PQclear(res);
    return nomem(ps, err);
}

int inspect_pg_read(const char *conninfo, const char *shown, seam_schema *s, seam_err *err)
{
    pg_session ps = {.shown = shown};
    int rc = pg_connect(conninfo, &ps, err);
    if (rc != SEAM_OK) {
        free(ps.password);
        return rc;
    }

    /*
     * READ ONLY on top of default_transaction_read_only: the transaction
     * refuses writes even if the options did not reach the server (a
     * pooler may drop them). search_path=public makes format_type() print
     * public types bare and the others schema-qualified, whatever the
     * role's own search_path is.
     */
    PGresult *res = pg_run(&ps, "BEGIN READ ONLY", PGRES_COMMAND_OK, err);
    rc = res ? SEAM_OK : SEAM_EDB;
    PQclear(res);
    if (rc == SEAM_OK) {
        res = pg_run(&ps, "SET LOCAL search_path = public", PGRES_COMMAND_OK, err);
        rc = res ? SEAM_OK : SEAM_EDB;
        PQclear(res);
    }
    if (rc == SEAM_OK)
        rc = read_tables(&ps, s, err);
    if (rc == SEAM_OK) {
        inspect_tables_sort(s);
        rc = read_keys(&ps, s, err);
    }
    if (rc == SEAM_OK) {
        res = pg_run(&ps, "COMMIT", PGRES_COMMAND_OK, err);
        rc = res ? SEAM_OK : SEAM_EDB;
        PQclear(res);
    } else {
        PQclear(PQexec(ps.conn, "ROLLBACK"));
    }
    PQfinish(ps.conn);
    free(ps.password);
    return rc;
}
