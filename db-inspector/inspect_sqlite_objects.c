/*
 * inspect_sqlite_objects.c - a SQLite database's indexes, unique
 * constraints, views and triggers.
 *
 * What a view or a trigger body reads and writes is learned from SQLite's
 * own compiler: a statement is prepared (never stepped) with an authorizer
 * installed, and SQLite reports every table access, naming the view or
 * trigger responsible. "SELECT * FROM v" shows v's base tables;
 * "INSERT/UPDATE/DELETE" on a table compiles the triggers that would fire.
 * Preparing writes nothing, and query_only would refuse to step it anyway.
 */
#include "inspect_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Every index of the main schema's tables, one row per key column. (The
 * index's own pragma is given 'main' literally: SQLite 3.40 returns no rows
 * when its schema argument comes from another table-valued function.)
 */
static const char INDEXES_SQL[] =
    "SELECT t.name, il.name, il.\"unique\", il.origin, il.partial, x.cid, x.name, m.sql"
    " FROM (SELECT t.name, t.schema FROM pragma_table_list AS t"
    "  WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\')"
    "  AS t, pragma_index_list(t.name, t.schema) AS il, pragma_index_xinfo(il.name, 'main') AS x"
    " LEFT JOIN sqlite_schema AS m ON m.type = 'index' AND m.name = il.name"
    " WHERE x.key = 1 ORDER BY t.name, il.name, x.seqno";

static const char VIEWS_SQL[] = "SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name";

static const char TRIGGERS_SQL[] =
    "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY tbl_name, name";

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* ---------------------------------------------------------------- a token scanner */

/*
 * Just enough of SQLite's lexical rules to walk the head of a CREATE
 * TRIGGER or CREATE INDEX statement: words, quoted names and strings,
 * comments, single characters. SQLite has no API for a trigger's timing
 * and events, nor for an index's WHERE clause; its stored CREATE text is
 * the only record.
 */
typedef struct token {
    const char *p;
    size_t len;
    int word; /* an unquoted word (keyword or bare name) */
} token;

static const char *skip_space(const char *p)
{
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            p = end ? end + 2 : p + strlen(p);
        } else {
            return p;
        }
    }
}

/* The token at *pp, advancing *pp past it. len 0 at the end. */
static token next_token(const char **pp)
{
    const char *p = skip_space(*pp);
    token t = {p, 0, 0};
    if (!*p) {
        *pp = p;
        return t;
    }
    char close = *p == '"' ? '"' : *p == '`' ? '`' : *p == '[' ? ']' : *p == '\'' ? '\'' : 0;
    const char *q = p + 1;
    if (close) {
        while (*q && !(*q == close && q[1] != close)) {
            if (*q == close)
                q++; /* doubled quote */
            q++;
        }
        if (*q)
            q++;
    } else if (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
        while (isalnum((unsigned char)*q) || *q == '_' || *q == '$' || (unsigned char)*q >= 0x80)
            q++;
        t.word = 1;
    }
    t.len = (size_t)(q - p);
    *pp = q;
    return t;
}

static int is_kw(token t, const char *kw)
{
    return t.word && strlen(kw) == t.len && strncasecmp(t.p, kw, t.len) == 0;
}

/* The WHERE clause of a CREATE INDEX statement (text after the top-level WHERE), or NULL. */
static char *index_predicate(const char *sql)
{
    int depth = 0;
    for (const char *p = sql;;) {
        token t = next_token(&p);
        if (!t.len)
            return NULL;
        if (t.len == 1 && *t.p == '(')
            depth++;
        else if (t.len == 1 && *t.p == ')')
            depth--;
        else if (depth == 0 && is_kw(t, "WHERE")) {
            const char *start = skip_space(p), *end = start + strlen(start);
            while (end > start && (isspace((unsigned char)end[-1]) || end[-1] == ';'))
                end--;
            return strndup(start, (size_t)(end - start));
        }
    }
}

/*
 * CREATE [TEMP] TRIGGER [IF NOT EXISTS] [schema.]name [BEFORE|AFTER|INSTEAD
 * OF] DELETE|INSERT|UPDATE [OF ...] ON ...: timing (BEFORE when omitted)
 * and event. 0, or -1 when the head does not read so.
 */
static int trigger_head(const char *sql, const char **timing, const char **event)
{
    const char *p = sql;
    token t = next_token(&p);
    if (!is_kw(t, "CREATE"))
        return -1;
    t = next_token(&p);
    if (is_kw(t, "TEMP") || is_kw(t, "TEMPORARY"))
        t = next_token(&p);
    if (!is_kw(t, "TRIGGER"))
        return -1;
    t = next_token(&p);
    if (is_kw(t, "IF")) {
        next_token(&p); /* NOT */
        next_token(&p); /* EXISTS */
        t = next_token(&p);
    }
    /* t is the name, or the schema before ".name" */
    const char *save = p;
    t = next_token(&p);
    if (t.len == 1 && *t.p == '.') {
        next_token(&p);
        t = next_token(&p);
    } else {
        p = save;
        t = next_token(&p);
    }
    *timing = "BEFORE";
    if (is_kw(t, "BEFORE") || is_kw(t, "AFTER")) {
        *timing = is_kw(t, "BEFORE") ? "BEFORE" : "AFTER";
        t = next_token(&p);
    } else if (is_kw(t, "INSTEAD")) {
        *timing = "INSTEAD OF";
        next_token(&p); /* OF */
        t = next_token(&p);
    }
    *event = is_kw(t, "INSERT")   ? "INSERT"
             : is_kw(t, "UPDATE") ? "UPDATE"
             : is_kw(t, "DELETE") ? "DELETE"
                                  : NULL;
    return *event ? 0 : -1;
}

/* ---------------------------------------------------------------- indexes */

static int index_columns_done(seam_table *t, seam_index *ix, int origin_u)
{
    if (!origin_u || !t)
        return SEAM_OK;
    /* SQLite's unique constraints have no names: PostgreSQL's would be <table>_<cols>_key. */
    char *base = inspect_pg_object_name(t->name, ix->columns, ix->ncolumns, "key");
    char *name = seam_strdup(base);
    for (int k = 1; name; k++) {
        int taken = 0;
        for (int u = 0; u < t->nuniques && !taken; u++)
            taken = strcmp(t->uniques[u].name, name) == 0;
        if (!taken)
            break;
        free(name);
        name = seam_printf("%s%d", base, k);
    }
    free(base);
    seam_unique *u = name ? inspect_unique_add(t, name) : NULL;
    free(name);
    if (!u)
        return SEAM_ENOMEM;
    for (int c = 0; c < ix->ncolumns; c++)
        if (inspect_strv_push(&u->columns, &u->ncolumns, ix->columns[c]))
            return SEAM_ENOMEM;
    return SEAM_OK;
}

static int read_indexes(sqlite3 *db, seam_schema *s)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, INDEXES_SQL, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    seam_index *ix = NULL;
    seam_table *t = NULL;
    int origin_u = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = col_text(st, 0), *name = col_text(st, 1);
        if (!ix || strcmp(ix->name, name) != 0 || strcmp(ix->table, table) != 0) {
            if (index_columns_done(t, ix, origin_u) != SEAM_OK)
                goto nomem;
            int ti = inspect_table_find(s, table);
            t = ti >= 0 ? &s->tables[ti] : NULL;
            const char *origin = col_text(st, 3);
            origin_u = strcmp(origin, "u") == 0;
            if (!(ix = inspect_index_add(s, name, table)) || inspect_set(&ix->method, "btree"))
                goto nomem;
            ix->unique = sqlite3_column_int(st, 2);
            ix->primary = strcmp(origin, "pk") == 0;
            ix->partial = sqlite3_column_int(st, 4);
            char *pred = ix->partial && sqlite3_column_type(st, 7) != SQLITE_NULL
                             ? index_predicate(col_text(st, 7))
                             : NULL;
            ix->predicate = pred;
        }
        int cid = sqlite3_column_int(st, 5);
        const char *col = cid == -2 ? "(expression)" : cid == -1 ? "rowid" : col_text(st, 6);
        if (inspect_strv_push(&ix->columns, &ix->ncolumns, col))
            goto nomem;
    }
    if (rc == SQLITE_DONE && index_columns_done(t, ix, origin_u) != SEAM_OK)
        goto nomem;
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
nomem:
    sqlite3_finalize(st);
    return SQLITE_NOMEM;
}

/* ---------------------------------------------------------------- the authorizer */

/* What one prepared statement touched, for one responsible view or trigger (ctx). */
typedef struct access_log {
    const char *ctx; /* the view or trigger whose accesses count; NULL: any */
    const char *own; /* reads of this table are not counted (a trigger's NEW and OLD) */
    seam_table_ref *refs;
    int nrefs;
    int oom;
} access_log;

static int authorize(void *arg, int code, const char *a1, const char *a2, const char *db,
                     const char *ctx)
{
    (void)a2;
    (void)db;
    access_log *log = arg;
    int access = code == SQLITE_READ ? SEAM_READ
                 : code == SQLITE_INSERT || code == SQLITE_UPDATE || code == SQLITE_DELETE
                     ? SEAM_WRITE
                     : 0;
    if (!access || !a1 || !ctx || (log->ctx && strcmp(ctx, log->ctx) != 0))
        return SQLITE_OK;
    /* SQLite reports NEW.x and OLD.x as reads of the trigger's own table: not a table it uses. */
    if (access == SEAM_READ && log->own && strcmp(a1, log->own) == 0)
        return SQLITE_OK;
    if (inspect_ref_add(&log->refs, &log->nrefs, a1, access) != SEAM_OK)
        log->oom = 1;
    return SQLITE_OK;
}

static char *quote_ident(const char *name)
{
    size_t n = 3;
    for (const char *p = name; *p; p++)
        n += *p == '"' ? 2 : 1;
    char *out = malloc(n), *o = out;
    if (!out)
        return NULL;
    *o++ = '"';
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            *o++ = '"';
        *o++ = *p;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* Prepares sql with the authorizer logging into log; the statement is finalized unstepped. */
static void compile_logged(sqlite3 *db, const char *sql, access_log *log)
{
    sqlite3_stmt *st = NULL;
    sqlite3_set_authorizer(db, authorize, log);
    /* A view over a dropped table does not compile: it then reads nothing we can name. */
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
        sqlite3_finalize(st);
    sqlite3_set_authorizer(db, NULL, NULL);
}

/* ---------------------------------------------------------------- views */

static int read_views(sqlite3 *db, seam_schema *s)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, VIEWS_SQL, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        seam_view *v = inspect_view_add(s, col_text(st, 0), 0);
        char *q = quote_ident(col_text(st, 0));
        char *sql = q ? seam_printf("SELECT * FROM main.%s", q) : NULL;
        free(q);
        if (!v || !sql) {
            free(sql);
            rc = SQLITE_NOMEM;
            break;
        }
        access_log log = {0};
        compile_logged(db, sql, &log);
        free(sql);
        /* Raw names: the view's base tables and the views in between; finish keeps the tables. */
        for (int i = 0; i < log.nrefs && !log.oom; i++)
            if (strcmp(log.refs[i].table, v->name) != 0 &&
                inspect_strv_push(&v->tables, &v->ntables, log.refs[i].table))
                log.oom = 1;
        inspect_refs_free(log.refs, log.nrefs);
        if (log.oom) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ---------------------------------------------------------------- triggers */

/* "UPDATE t SET c = c, ..." over t's assignable columns: compiles every UPDATE [OF] trigger. */
static char *update_all(sqlite3 *db, const char *qtable, const char *table)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0", -1, &st,
                           NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    char *sql = seam_printf("UPDATE main.%s SET", qtable);
    int first = 1;
    while (sql && sqlite3_step(st) == SQLITE_ROW) {
        char *q = quote_ident(col_text(st, 0));
        char *more = q ? seam_printf("%s%s %s = %s", sql, first ? "" : ",", q, q) : NULL;
        free(q);
        free(sql);
        sql = more;
        first = 0;
    }
    sqlite3_finalize(st);
    if (sql && first) { /* no column to set: nothing can fire */
        free(sql);
        return seam_strdup("SELECT 1");
    }
    return sql;
}

/* What trigger tg's body touches, learned by compiling a statement that fires it. */
static int trigger_body(sqlite3 *db, seam_trigger *tg)
{
    char *q = quote_ident(tg->table);
    if (!q)
        return SQLITE_NOMEM;
    char *sql = NULL;
    if (strcmp(tg->events[0], "INSERT") == 0)
        sql = seam_printf("INSERT INTO main.%s DEFAULT VALUES", q);
    else if (strcmp(tg->events[0], "DELETE") == 0)
        sql = seam_printf("DELETE FROM main.%s", q);
    else
        sql = update_all(db, q, tg->table);
    free(q);
    if (!sql)
        return SQLITE_NOMEM;
    access_log log = {.ctx = tg->name, .own = tg->table};
    compile_logged(db, sql, &log);
    free(sql);
    for (int i = 0; i < log.nrefs && !log.oom; i++)
        if (inspect_ref_add(&tg->tables, &tg->ntables, log.refs[i].table, log.refs[i].access))
            log.oom = 1;
    inspect_refs_free(log.refs, log.nrefs);
    return log.oom ? SQLITE_NOMEM : SQLITE_OK;
}

static int read_triggers(sqlite3 *db, seam_schema *s)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, TRIGGERS_SQL, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *timing, *event;
        if (trigger_head(col_text(st, 2), &timing, &event) != 0)
            continue; /* cannot be: SQLite stores the text it parsed */
        seam_trigger *tg = inspect_trigger_add(s, col_text(st, 0), col_text(st, 1));
        if (!tg || inspect_set(&tg->timing, timing) || inspect_set(&tg->language, "sql") ||
            inspect_strv_push(&tg->events, &tg->nevents, event)) {
            rc = SQLITE_NOMEM;
            break;
        }
        tg->for_each_row = 1; /* SQLite has row triggers only */
        if ((rc = trigger_body(db, tg)) != SQLITE_OK)
            break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int inspect_sqlite_objects(sqlite3 *db, seam_schema *s)
{
    int rc = read_indexes(db, s);
    if (rc == SQLITE_OK)
        rc = read_views(db, s);
    if (rc == SQLITE_OK)
        rc = read_triggers(db, s);
    return rc;
}
