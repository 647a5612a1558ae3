/*
 * sql_sqlite.c - tables from SQLite itself, via the authorizer.
 *
 * sqlite3_prepare_v2 resolves every name of a statement against the schema
 * and asks the authorizer about each table it will read or change. Preparing
 * against an in-memory copy of the schema (tables and columns, no rows) thus
 * tells exactly which tables a statement touches, including SQLite-only
 * syntax (INSERT OR REPLACE, UPSERT, [brackets]) that PostgreSQL rejects.
 * Statements are never stepped, so nothing ever executes.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql_internal.h"

/* Appends a double-quoted SQL identifier ("a""b" for a"b) to a malloc'd string. */
static char *append_ident(char *sql, const char *ident)
{
    size_t n = strlen(sql), extra = 2;
    for (const char *p = ident; *p; p++)
        extra += *p == '"' ? 2 : 1;
    char *r = realloc(sql, n + extra + 1);
    if (!r) {
        free(sql);
        return NULL;
    }
    char *w = r + n;
    *w++ = '"';
    for (const char *p = ident; *p; p++) {
        if (*p == '"')
            *w++ = '"';
        *w++ = *p;
    }
    *w++ = '"';
    *w = '\0';
    return r;
}

static char *append_raw(char *sql, const char *s)
{
    size_t n = strlen(sql), m = strlen(s);
    char *r = realloc(sql, n + m + 1);
    if (!r) {
        free(sql);
        return NULL;
    }
    memcpy(r + n, s, m + 1);
    return r;
}

/*
 * CREATE TABLE "t"("c1","c2",...,PRIMARY KEY("c1")). Column types are left out: they change
 * nothing about which tables a statement touches, and a declared type read
 * from a database file is text we would otherwise have to trust.
 */
static char *create_sql(const seam_table *t)
{
    char *sql = seam_strdup("CREATE TABLE ");
    if (sql)
        sql = append_ident(sql, t->name);
    if (sql)
        sql = append_raw(sql, "(");
    for (int i = 0; sql && i < t->ncolumns; i++) {
        if (i > 0)
            sql = append_raw(sql, ",");
        if (sql)
            sql = append_ident(sql, t->columns[i].name ? t->columns[i].name : "");
    }
    /* SQLite needs at least one column; a table without known columns gets a stand-in. */
    if (sql && t->ncolumns == 0)
        sql = append_raw(sql, "\"seam$no_columns\"");
    /* The primary key is what an UPSERT's ON CONFLICT (...) must name. */
    for (int i = 0; sql && t->ncolumns > 0 && i < t->nprimary_key; i++) {
        sql = append_raw(sql, i == 0 ? ",PRIMARY KEY(" : ",");
        if (sql)
            sql = append_ident(sql, t->primary_key[i] ? t->primary_key[i] : "");
        if (sql && i == t->nprimary_key - 1)
            sql = append_raw(sql, ")");
    }
    if (sql)
        sql = append_raw(sql, ")");
    return sql;
}

int sql_sqlite_open(sqlite3 **out, const seam_schema *schema, seam_err *err)
{
    sqlite3 *db = NULL;
    *out = NULL;
    int src = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (src != SQLITE_OK) {
        int code = src == SQLITE_NOMEM ? SEAM_ENOMEM : SEAM_ERROR;
        seam_err_set(err, code, "cannot open an in-memory SQLite database for SQL resolution: %s",
                     db ? sqlite3_errmsg(db) : sqlite3_errstr(src));
        sqlite3_close(db);
        return code;
    }
    for (int i = 0; schema && i < schema->ntables; i++) {
        if (!schema->tables[i].name)
            continue;
        char *sql = create_sql(&schema->tables[i]);
        if (!sql) {
            sqlite3_close(db);
            return seam_err_set(err, SEAM_ENOMEM, "out of memory building the SQLite schema copy");
        }
        /*
         * A table SQLite refuses (two columns differing only in case, say)
         * is left out: statements naming it fail to prepare and fall back to
         * libpg_query, which is better than giving up on the whole schema.
         */
        src = sqlite3_exec(db, sql, NULL, NULL, NULL);
        free(sql);
        if (src == SQLITE_NOMEM) {
            sqlite3_close(db);
            return seam_err_set(err, SEAM_ENOMEM, "out of memory building the SQLite schema copy");
        }
    }
    *out = db;
    return SEAM_OK;
}

typedef struct auth_ctx {
    const sql_names *nm;
    sql_refs *refs;
    sql_cols *cols; /* NULL: tables only */
    int rc;
} auth_ctx;

static int record(auth_ctx *cx, const char *table, const char *dbname, int access)
{
    /* SQLite's own bookkeeping (sqlite_schema, sqlite_sequence) and temp tables are not the app's.
     */
    if (!table || strncasecmp(table, "sqlite_", 7) == 0 || (dbname && strcmp(dbname, "temp") == 0))
        return SQLITE_OK;
    if (!cx->rc)
        cx->rc = sql_refs_add(cx->refs, cx->nm, dbname, table, 1, access);
    return SQLITE_OK;
}

/* SQLITE_READ and SQLITE_UPDATE also name the column (empty for a rowid read). */
static int record_col(auth_ctx *cx, const char *table, const char *column, const char *dbname,
                      int access)
{
    record(cx, table, dbname, access);
    if (!cx->rc && cx->cols && table && column && *column &&
        strncasecmp(table, "sqlite_", 7) != 0 && !(dbname && strcmp(dbname, "temp") == 0))
        cx->rc = sql_refs_cols_add(cx->cols, cx->nm, dbname, table, column, 0, access);
    return SQLITE_OK;
}

/*
 * The authorizer: arguments per action code are documented at
 * https://www.sqlite.org/c3ref/c_alter_table.html. DDL counts as a write, as
 * it does on the libpg_query side. ATTACH is refused so that preparing can
 * never be about a file.
 */
static int authorize(void *arg, int action, const char *a1, const char *a2, const char *dbname,
                     const char *trigger)
{
    auth_ctx *cx = arg;
    (void)trigger;
    switch (action) {
    case SQLITE_READ:
        return record_col(cx, a1, a2, dbname, SEAM_READ);
    case SQLITE_UPDATE:
        return record_col(cx, a1, a2, dbname, SEAM_WRITE);
    case SQLITE_INSERT:
    case SQLITE_DELETE:
    case SQLITE_CREATE_TABLE:
    case SQLITE_DROP_TABLE:
        return record(cx, a1, dbname, SEAM_WRITE);
    case SQLITE_ALTER_TABLE: /* a1 is the database, a2 the table */
        return record(cx, a2, a1, SEAM_WRITE);
    case SQLITE_CREATE_INDEX: /* a1 is the index, a2 the table */
        return record(cx, a2, dbname, SEAM_WRITE);
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return SQLITE_DENY;
    default:
        return SQLITE_OK;
    }
}

int sql_sqlite_tables(sqlite3 *db, const char *sql, const sql_names *nm, sql_refs *refs,
                      int *nstmts)
{
    return sql_sqlite_tables_cols(db, sql, nm, refs, NULL, nstmts);
}

int sql_sqlite_tables_cols(sqlite3 *db, const char *sql, const sql_names *nm, sql_refs *refs,
                           sql_cols *cols, int *nstmts)
{
    sql_refs mine = {0};
    sql_cols mycols = {0};
    auth_ctx cx = {nm, &mine, cols ? &mycols : NULL, SEAM_OK};
    int n = 0, failed = 0;
    sqlite3_set_authorizer(db, authorize, &cx);
    /* One statement per prepare; pzTail says where the next one starts. */
    const char *p = sql;
    while (p && *p && !cx.rc) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        int src = sqlite3_prepare_v2(db, p, -1, &st, &tail);
        if (src != SQLITE_OK) {
            failed = 1;
            if (src == SQLITE_NOMEM)
                cx.rc = SEAM_ENOMEM;
            sqlite3_finalize(st);
            break;
        }
        if (st) /* NULL for text holding only space or comments */
            n++;
        sqlite3_finalize(st);
        if (!tail || tail == p)
            break;
        p = tail;
    }
    sqlite3_set_authorizer(db, NULL, NULL);
    int rc = cx.rc;
    if (rc || failed) {
        sql_refs_free(&mine);
        sql_refs_cols_free(&mycols);
        *nstmts = -1;
        return rc;
    }
    for (int i = 0; i < mycols.n && !rc; i++) {
        if (seam_array_reserve(&cols->v, &cols->cap, cols->n + 1, sizeof *cols->v) != SEAM_OK) {
            rc = SEAM_ENOMEM;
            break;
        }
        cols->v[cols->n++] = mycols.v[i];
        mycols.v[i].table = mycols.v[i].column = NULL;
    }
    sql_refs_cols_free(&mycols);
    /* Hand the references over to the caller's list. */
    for (int i = 0; i < mine.n && !rc; i++) {
        if (seam_array_reserve(&refs->v, &refs->cap, refs->n + 1, sizeof *refs->v) != SEAM_OK) {
            rc = SEAM_ENOMEM;
            break;
        }
        refs->v[refs->n++] = mine.v[i];
        mine.v[i].table = NULL;
    }
    sql_refs_free(&mine);
    *nstmts = n;
    return rc;
}
