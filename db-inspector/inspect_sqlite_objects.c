/*
 * inspect_sqlite_objects.c - a SQLite database's indexes, unique
 * constraints, views and triggers.
 *
 * What a view or a trigger body reads and writes is learned from SQLite's
 * own compiler: a statement is prepared (never stepped) with an authorizer
 * installed, and SQLite reports every table access, naming the view or
 * trigger responsible. "SELECT * FROM v" shows what v reads (compiled in a
 * private in-memory scratch database holding stand-ins for what v names,
 * so that no view is expanded twice: see "views" below);
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
 * Every index of the main schema's tables (as in inspect_sqlite.c: ?1 lists
 * the shadow tables), one row per key column. (The index's own pragma is
 * given 'main' literally: SQLite 3.40 returns no rows when its schema
 * argument comes from another table-valued function.)
 */
static const char INDEXES_SQL[] =
    "SELECT t.name, il.name, il.\"unique\", il.origin, il.partial, x.cid, x.name, m.sql"
    " FROM (SELECT t.name FROM sqlite_schema AS t"
    "  WHERE t.type = 'table' AND t.rootpage <> 0 AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    "  AND t.name NOT IN (SELECT value FROM json_each(?1)))"
    "  AS t, pragma_index_list(t.name, 'main') AS il, pragma_index_xinfo(il.name, 'main') AS x"
    " LEFT JOIN sqlite_schema AS m ON m.type = 'index' AND m.name = il.name"
    " WHERE x.key = 1 ORDER BY t.name, il.name, x.seqno";

/* Views (1) by name, and ordinary tables (0) with their CREATE TABLE text. */
static const char RELATIONS_SQL[] =
    "SELECT type = 'view', name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND"
    " (type = 'view' OR (type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'))"
    " ORDER BY name";

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
    char *base = inspect_schema_pg_object_name(t->name, ix->columns, ix->ncolumns, "key");
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
    seam_unique *u = name ? inspect_schema_unique_add(t, name) : NULL;
    free(name);
    if (!u)
        return SEAM_ENOMEM;
    for (int c = 0; c < ix->ncolumns; c++)
        if (inspect_schema_strv_push(&u->columns, &u->ncolumns, ix->columns[c]))
            return SEAM_ENOMEM;
    return SEAM_OK;
}

static int read_indexes(sqlite3 *db, seam_schema *s, const char *shadow)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, INDEXES_SQL, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(st, 1, shadow, -1, SQLITE_STATIC);
    seam_index *ix = NULL;
    seam_table *t = NULL;
    int origin_u = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = col_text(st, 0), *name = col_text(st, 1);
        if (!ix || strcmp(ix->name, name) != 0 || strcmp(ix->table, table) != 0) {
            if (index_columns_done(t, ix, origin_u) != SEAM_OK)
                goto nomem;
            int ti = inspect_schema_table_find(s, table);
            t = ti >= 0 ? &s->tables[ti] : NULL;
            const char *origin = col_text(st, 3);
            origin_u = strcmp(origin, "u") == 0;
            if (!(ix = inspect_schema_index_add(s, name, table)) ||
                inspect_schema_set(&ix->method, "btree"))
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
        if (inspect_schema_strv_push(&ix->columns, &ix->ncolumns, col))
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
    if (inspect_schema_ref_add(&log->refs, &log->nrefs, a1, access) != SEAM_OK)
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

/*
 * What a view reads is learned by compiling "SELECT * FROM v" with the
 * authorizer on. But compiling a view expands every view it reads, down to
 * the tables, and SQLite's expansion of a chain of k views costs O(k^2):
 * over a chain of N views, O(N^3) in all (2,000 chained views: 90 s).
 *
 * So each view is compiled instead in a small scratch database of its own,
 * in memory, holding stand-ins for what it names: those tables (from their
 * CREATE TABLE text), and those views as plain tables of the same column
 * names (learned when they were compiled). Views are compiled in
 * dependency order, so each compile expands one level only, and each
 * scratch database holds only what one view names: linear in all. What a
 * view names is found by scanning its text for the names of tables and
 * views: a superset of what it reads, enough for the stand-ins and the
 * order (a name cycle, which only such a superset can have, is cut
 * anywhere). A view's raw dependencies are then the tables and views it
 * reads directly, which inspect_schema_finish closes over the views in
 * between, as it did for the full lists the real database gave. A view the
 * scratch database cannot compile (it reads a virtual table,
 * sqlite_sequence, a view the order got wrong) is compiled in the real
 * database as before, and its stand-in made from the real one's columns.
 *
 * A scratch database is private memory: only CREATE TABLE and CREATE VIEW
 * statements of the schema run in it (the first statement of each text,
 * checked to be one), and ATTACH, the one way to a file, is refused.
 */

/* A name and its index in the array it names, for lookups by name. */
typedef struct name_key {
    const char *name;
    int index;
} name_key;

typedef struct relation {
    char *name, *sql;
    int *views, nviews, vcap;   /* views its text names (a view's; indexes) */
    int *tables, ntables, tcap; /* tables its text names (a view's; indexes) */
    char *stand_in;             /* a view's stand-in, "CREATE TABLE ...", once compiled */
} relation;

typedef struct relations {
    relation *v; /* views, by name */
    int n, cap;
    relation *t; /* ordinary tables with their CREATE TABLE text */
    int nt, tcap;
    name_key *view_keys, *table_keys; /* sorted case-insensitively, as SQLite compares names */
} relations;

static int key_cmp(const void *a, const void *b)
{
    return strcasecmp(((const name_key *)a)->name, ((const name_key *)b)->name);
}

/* The index of the entry called name (len bytes) in keys, or -1. */
static int key_find(const name_key *keys, int n, const char *name, size_t len)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strncasecmp(keys[mid].name, name, len);
        if (c == 0 && keys[mid].name[len])
            c = 1;
        if (c == 0)
            return keys[mid].index;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static name_key *keys_of(const relation *r, int n)
{
    name_key *keys = malloc((size_t)(n ? n : 1) * sizeof *keys);
    for (int i = 0; keys && i < n; i++)
        keys[i] = (name_key){r[i].name, i};
    if (keys)
        qsort(keys, (size_t)n, sizeof *keys, key_cmp);
    return keys;
}

/* Appends index to *v unless mark[index] says it is there for owner already. */
static int add_mention(int **v, int *n, int *cap, int *mark, int index, int owner)
{
    if (mark[index] == owner + 1)
        return SEAM_OK;
    mark[index] = owner + 1;
    if (seam_array_reserve(v, cap, *n + 1, sizeof **v) != SEAM_OK)
        return SEAM_ENOMEM;
    (*v)[(*n)++] = index;
    return SEAM_OK;
}

/* The tables and other views that view i's text names: words, quoted names or strings. */
static int view_mentions(relations *rs, int i, int *vmark, int *tmark)
{
    relation *v = &rs->v[i];
    char name[256];
    for (const char *p = v->sql;;) {
        token t = next_token(&p);
        if (!t.len)
            return SEAM_OK;
        size_t len = 0;
        if (t.word) {
            len = t.len < sizeof name ? t.len : 0;
            memcpy(name, t.p, len);
        } else if (t.len >= 2 && strchr("\"`['", *t.p)) {
            /* quoted, its doubled quotes undone (SQLite takes a string for a name at times) */
            char close = *t.p == '[' ? ']' : *t.p;
            for (size_t k = 1; k + 1 < t.len && len + 1 < sizeof name; k++) {
                name[len++] = t.p[k];
                if (t.p[k] == close && k + 2 < t.len && t.p[k + 1] == close)
                    k++;
            }
        }
        if (!len)
            continue;
        int w = key_find(rs->view_keys, rs->n, name, len);
        int tb = key_find(rs->table_keys, rs->nt, name, len);
        if (w >= 0 && w != i && add_mention(&v->views, &v->nviews, &v->vcap, vmark, w, i))
            return SEAM_ENOMEM;
        if (tb >= 0 && add_mention(&v->tables, &v->ntables, &v->tcap, tmark, tb, i))
            return SEAM_ENOMEM;
    }
}

/* The views in an order where each comes after those it names (depth-first, iterative). */
static int *dependency_order(const relations *rs)
{
    size_t n = (size_t)rs->n + 1;
    int *order = malloc(n * sizeof *order), *stack = malloc(n * sizeof *stack);
    int *next = calloc(n, sizeof *next);
    char *state = calloc(n, 1); /* 0 new, 1 on the stack, 2 placed */
    int nord = 0;
    for (int root = 0; order && stack && next && state && root < rs->n; root++) {
        if (state[root])
            continue;
        int top = 0;
        stack[top++] = root;
        state[root] = 1;
        while (top) {
            int i = stack[top - 1];
            if (next[i] < rs->v[i].nviews) {
                int w = rs->v[i].views[next[i]++];
                if (!state[w]) { /* state 1: a name cycle, cut here */
                    state[w] = 1;
                    stack[top++] = w;
                }
            } else {
                state[i] = 2;
                order[nord++] = i;
                top--;
            }
        }
    }
    int ok = order && stack && next && state;
    free(stack);
    free(next);
    free(state);
    if (!ok) {
        free(order);
        return NULL;
    }
    return order;
}

/* Nonzero when sql's first two words are CREATE and kind ("TABLE", "VIEW"). */
static int creates(const char *sql, const char *kind)
{
    const char *p = sql;
    return is_kw(next_token(&p), "CREATE") && is_kw(next_token(&p), kind);
}

/* Runs the first statement of sql (NULL: nothing) in a scratch database. SQLITE_OK or not. */
static int scratch_run(sqlite3 *scratch, const char *sql)
{
    if (!sql)
        return SQLITE_ERROR;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(scratch, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && st) {
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

/* An empty private in-memory database, or NULL. */
static sqlite3 *scratch_open(void)
{
    sqlite3 *scratch = NULL;
    return inspect_sqlite_scratch(&scratch) == SQLITE_OK ? scratch : NULL;
}

/* "CREATE TABLE main.q (c1, c2, ...)" for the columns of name in db; NULL if it has none. */
static char *stand_in_sql(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_xinfo(?, 'main')", -1, &st, NULL) !=
        SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    char *q = quote_ident(name);
    char *sql = q ? seam_printf("CREATE TABLE main.%s (", q) : NULL;
    free(q);
    int first = 1;
    while (sql && sqlite3_step(st) == SQLITE_ROW) {
        char *c = quote_ident(col_text(st, 0));
        char *more = c ? seam_printf("%s%s%s", sql, first ? "" : ", ", c) : NULL;
        free(c);
        free(sql);
        sql = more;
        first = 0;
    }
    sqlite3_finalize(st);
    char *done = sql && !first ? seam_printf("%s)", sql) : NULL;
    free(sql);
    return done;
}

/*
 * View i compiled in a scratch database holding the stand-ins of what it
 * names: *log gets its reads, and its stand-in is kept. Zero when it does
 * not compile there.
 */
static int compile_in_scratch(relations *rs, int i, const char *select, access_log *log)
{
    relation *v = &rs->v[i];
    sqlite3 *scratch = creates(v->sql, "VIEW") ? scratch_open() : NULL;
    if (!scratch)
        return 0;
    /* A stand-in that does not take (a virtual table's text) fails the compile, if needed. */
    for (int k = 0; k < v->ntables; k++)
        if (creates(rs->t[v->tables[k]].sql, "TABLE"))
            scratch_run(scratch, rs->t[v->tables[k]].sql);
    for (int k = 0; k < v->nviews; k++)
        scratch_run(scratch, rs->v[v->views[k]].stand_in);
    int ok = scratch_run(scratch, v->sql) == SQLITE_OK;
    if (ok) {
        /*
         * Any context: the reads of a CTE inside v name the CTE as theirs;
         * the stand-ins being tables, every read is one v makes itself.
         */
        *log = (access_log){0};
        sqlite3_stmt *st = NULL;
        sqlite3_set_authorizer(scratch, authorize, log);
        ok = sqlite3_prepare_v2(scratch, select, -1, &st, NULL) == SQLITE_OK;
        sqlite3_finalize(st);
        sqlite3_set_authorizer(scratch, inspect_sqlite_refuse_attach, NULL);
        v->stand_in = ok ? stand_in_sql(scratch, v->name) : NULL;
        ok = ok && v->stand_in;
        if (!ok) {
            inspect_schema_refs_free(log->refs, log->nrefs);
            *log = (access_log){0};
        }
    }
    sqlite3_close(scratch);
    return ok;
}

/*
 * What view i reads, as raw names into *log: its own reads, from a scratch
 * database, or else everything under it, from the real database. A view
 * that compiles nowhere reads nothing we can name. SQLITE_OK or
 * SQLITE_NOMEM.
 */
static int view_reads(sqlite3 *db, relations *rs, int i, access_log *log)
{
    relation *v = &rs->v[i];
    char *q = quote_ident(v->name);
    char *select = q ? seam_printf("SELECT * FROM main.%s", q) : NULL;
    free(q);
    if (!select)
        return SQLITE_NOMEM;
    if (!compile_in_scratch(rs, i, select, log)) {
        compile_logged(db, select, log);
        free(v->stand_in);
        v->stand_in = stand_in_sql(db, v->name);
    }
    free(select);
    return log->oom ? SQLITE_NOMEM : SQLITE_OK;
}

static void relations_free(relations *rs)
{
    for (int i = 0; i < rs->n; i++) {
        free(rs->v[i].name);
        free(rs->v[i].sql);
        free(rs->v[i].views);
        free(rs->v[i].tables);
        free(rs->v[i].stand_in);
    }
    for (int i = 0; i < rs->nt; i++) {
        free(rs->t[i].name);
        free(rs->t[i].sql);
    }
    free(rs->v);
    free(rs->t);
    free(rs->view_keys);
    free(rs->table_keys);
}

/* The main schema's views (by name) and ordinary tables, with their text. */
static int relations_read(sqlite3 *db, relations *rs)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, RELATIONS_SQL, -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int view = sqlite3_column_int(st, 0);
        relation **arr = view ? &rs->v : &rs->t;
        int *n = view ? &rs->n : &rs->nt, *cap = view ? &rs->cap : &rs->tcap;
        if (seam_array_reserve(arr, cap, *n + 1, sizeof **arr) != SEAM_OK) {
            rc = SQLITE_NOMEM;
            break;
        }
        relation *r = &(*arr)[(*n)++];
        r->name = seam_strdup(col_text(st, 1));
        r->sql = seam_strdup(col_text(st, 2));
        rc = r->name && r->sql ? SQLITE_OK : SQLITE_NOMEM;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return rc == SQLITE_OK ? SQLITE_ERROR : rc;
    rs->view_keys = keys_of(rs->v, rs->n);
    rs->table_keys = keys_of(rs->t, rs->nt);
    return rs->view_keys && rs->table_keys ? SQLITE_OK : SQLITE_NOMEM;
}

static int read_views(sqlite3 *db, seam_schema *s)
{
    relations rs = {0};
    int rc = relations_read(db, &rs);
    int *vmark = calloc((size_t)rs.n + 1, sizeof *vmark);
    int *tmark = calloc((size_t)rs.nt + 1, sizeof *tmark);
    if (rc == SQLITE_OK && (!vmark || !tmark))
        rc = SQLITE_NOMEM;
    for (int i = 0; rc == SQLITE_OK && i < rs.n; i++)
        rc = view_mentions(&rs, i, vmark, tmark) == SEAM_OK ? SQLITE_OK : SQLITE_NOMEM;
    free(vmark);
    free(tmark);
    int *order = rc == SQLITE_OK ? dependency_order(&rs) : NULL;
    if (rc == SQLITE_OK && !order)
        rc = SQLITE_NOMEM;
    /* Listed by name, as they were read; s->views may move while they are added. */
    int base = s->nviews;
    for (int i = 0; rc == SQLITE_OK && i < rs.n; i++)
        if (!inspect_schema_view_add(s, rs.v[i].name, 0))
            rc = SQLITE_NOMEM;
    for (int k = 0; rc == SQLITE_OK && k < rs.n; k++) {
        int i = order[k];
        seam_view *v = &s->views[base + i];
        access_log log = {0};
        rc = view_reads(db, &rs, i, &log);
        /* Raw names: tables and views; finish keeps the tables, through the views. */
        for (int r = 0; r < log.nrefs && rc == SQLITE_OK; r++)
            if (strcmp(log.refs[r].table, v->name) != 0 &&
                inspect_schema_strv_push(&v->tables, &v->ntables, log.refs[r].table))
                rc = SQLITE_NOMEM;
        inspect_schema_refs_free(log.refs, log.nrefs);
    }
    free(order);
    relations_free(&rs);
    return rc;
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
        if (inspect_schema_ref_add(&tg->tables, &tg->ntables, log.refs[i].table,
                                   log.refs[i].access))
            log.oom = 1;
    inspect_schema_refs_free(log.refs, log.nrefs);
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
        seam_trigger *tg = inspect_schema_trigger_add(s, col_text(st, 0), col_text(st, 1));
        if (!tg || inspect_schema_set(&tg->timing, timing) ||
            inspect_schema_set(&tg->language, "sql") ||
            inspect_schema_strv_push(&tg->events, &tg->nevents, event)) {
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

char *inspect_sqlite_shadow_tables(sqlite3 *db)
{
    /*
     * Only a virtual table's module knows which tables are its shadows.
     * pragma_table_list asks it, but first compiles every view of the
     * schema to count its columns (cubic over a chain of views). So the
     * virtual tables alone are made again in a scratch database, where
     * their modules make their shadow tables again under the same names,
     * and pragma_table_list is asked there. A module SQLite lacks makes
     * nothing: its tables then count as the user's, as they would in the
     * real database (SQLite marks shadow tables only through the module).
     */
    sqlite3_stmt *st = NULL;
    sqlite3 *scratch = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT sql FROM sqlite_schema WHERE type = 'table' AND rootpage = 0"
                           " AND sql IS NOT NULL",
                           -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *sql = col_text(st, 0), *p = sql;
            if (!is_kw(next_token(&p), "CREATE") || !is_kw(next_token(&p), "VIRTUAL"))
                continue;
            if (!scratch && !(scratch = scratch_open()))
                break;
            scratch_run(scratch, sql);
        }
    }
    sqlite3_finalize(st);
    char *list = NULL;
    st = NULL;
    if (scratch &&
        sqlite3_prepare_v2(scratch,
                           "SELECT json_group_array(name) FROM pragma_table_list"
                           " WHERE schema = 'main' AND type = 'shadow'",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        list = seam_strdup(col_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(scratch);
    return list ? list : seam_strdup("[]");
}

int inspect_sqlite_objects(sqlite3 *db, seam_schema *s, const char *shadow)
{
    int rc = read_indexes(db, s, shadow);
    if (rc == SQLITE_OK)
        rc = read_views(db, s);
    if (rc == SQLITE_OK)
        rc = read_triggers(db, s);
    return rc;
}
