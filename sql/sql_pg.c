/*
 * sql_pg.c - tables from PostgreSQL's own parser (libpg_query), for the
 * resolver (masked text, names resolved to the schema) and for the schema
 * reader (text, views' parse trees; names as written).
 *
 * pg_query_parse() returns the raw parse tree as JSON. A node is an object
 * keyed by its type ({"RangeVar": {...}}) wherever the C field is a Node*, but
 * fields typed as a specific struct are written bare: the RangeVar in
 * InsertStmt.relation has no "RangeVar" wrapper. That difference is what
 * tells a statement's target (written) from its FROM items (read).
 */
#include <cjson/cJSON.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_internal.h"

/*
 * CTE names in scope: one frame per WITH clause, innermost first. Only the
 * first `visible` CTEs of a frame can be referenced (a non-recursive CTE sees
 * its earlier siblings, not itself: inside "WITH t AS (SELECT * FROM t)" the
 * inner t is the real table).
 */
typedef struct cte_scope {
    const struct cte_scope *up;
    const cJSON *ctes; /* array of {"CommonTableExpr": {...}} */
    int visible;
} cte_scope;

typedef struct walk_ctx {
    const sql_names *nm;
    sql_refs *refs;
    int rc;
} walk_ctx;

static const char *str_member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int is_cte_name(const cte_scope *sc, const char *name)
{
    for (; sc; sc = sc->up) {
        int i = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, sc->ctes)
        {
            if (i++ >= sc->visible)
                break;
            const cJSON *cte = cJSON_GetObjectItemCaseSensitive(c, "CommonTableExpr");
            const char *cn = str_member(cte, "ctename");
            if (cn && strcmp(cn, name) == 0)
                return 1;
        }
    }
    return 0;
}

/* A RangeVar: read or written, unless it names a CTE in scope. */
static void add_rangevar(walk_ctx *cx, const cJSON *rv, int access, const cte_scope *sc,
                         int cte_aware)
{
    const char *rel = str_member(rv, "relname");
    const char *schema = str_member(rv, "schemaname");
    if (!rel || cx->rc)
        return;
    if (cte_aware && !schema && is_cte_name(sc, rel))
        return;
    /* The parser already lower-cased unquoted names and kept quoted ones as written. */
    cx->rc = sql_refs_add(cx->refs, cx->nm, schema, rel, 0, access);
}

/* DROP TABLE names its tables as lists of strings: [schema,] name. */
static void add_dropped(walk_ctx *cx, const cJSON *drop)
{
    const char *type = str_member(drop, "removeType");
    if (!type || strcmp(type, "OBJECT_TABLE") != 0)
        return;
    const cJSON *obj;
    cJSON_ArrayForEach(obj, cJSON_GetObjectItemCaseSensitive(drop, "objects"))
    {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(obj, "List"), "items");
        int n = cJSON_GetArraySize(items);
        if (n < 1 || cx->rc)
            continue;
        const cJSON *last = cJSON_GetArrayItem(items, n - 1);
        const cJSON *prev = n >= 2 ? cJSON_GetArrayItem(items, n - 2) : NULL;
        const char *name = str_member(cJSON_GetObjectItemCaseSensitive(last, "String"), "sval");
        const char *schema =
            prev ? str_member(cJSON_GetObjectItemCaseSensitive(prev, "String"), "sval") : NULL;
        if (name)
            cx->rc = sql_refs_add(cx->refs, cx->nm, schema, name, 0, SEAM_WRITE);
    }
}

/* TRUNCATE's tables are ordinary (wrapped) RangeVars, but written. */
static void add_truncated(walk_ctx *cx, const cJSON *trunc, const cte_scope *sc)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(trunc, "relations"))
    {
        add_rangevar(cx, cJSON_GetObjectItemCaseSensitive(e, "RangeVar"), SEAM_WRITE, sc, 0);
    }
}

/* Node kinds whose bare "relation" is a table the statement changes. */
static int relation_is_written(const char *kind, const cJSON *node)
{
    static const char *const writers[] = {"InsertStmt", "UpdateStmt", "DeleteStmt",
                                          "MergeStmt",  "CreateStmt", "AlterTableStmt",
                                          "IndexStmt",  "RenameStmt"};
    for (size_t i = 0; i < sizeof writers / sizeof *writers; i++)
        if (strcmp(kind, writers[i]) == 0)
            return 1;
    if (strcmp(kind, "CopyStmt") == 0)
        return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(node, "is_from"));
    return 0;
}

static void walk(walk_ctx *cx, const cJSON *v, const char *kind, const cte_scope *sc);

/*
 * The CTE bodies of a WITH clause, each in the scope it sees; returns the
 * frame that the rest of the statement sees (all of its CTEs).
 */
static void walk_with(walk_ctx *cx, const cJSON *with, const cte_scope *sc, cte_scope *frame)
{
    const cJSON *ctes = cJSON_GetObjectItemCaseSensitive(with, "ctes");
    int recursive = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(with, "recursive"));
    int n = cJSON_GetArraySize(ctes);
    frame->up = sc;
    frame->ctes = ctes;
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, ctes)
    {
        cte_scope inner = {sc, ctes, recursive ? n : i};
        const cJSON *cte = cJSON_GetObjectItemCaseSensitive(c, "CommonTableExpr");
        walk(cx, cJSON_GetObjectItemCaseSensitive(cte, "ctequery"), "ctequery", &inner);
        i++;
    }
    frame->visible = n;
}

/*
 * Walks any JSON value. kind is the key it sat under: a node type name for
 * wrapped nodes, a field name for bare ones. A wrapped RangeVar is read.
 */
static void walk(walk_ctx *cx, const cJSON *v, const char *kind, const cte_scope *sc)
{
    if (!v || cx->rc)
        return;
    if (cJSON_IsArray(v)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, v) walk(cx, e, kind, sc);
        return;
    }
    if (!cJSON_IsObject(v))
        return;
    if (strcmp(kind, "RangeVar") == 0) {
        add_rangevar(cx, v, SEAM_READ, sc, 1);
        return;
    }
    cte_scope frame;
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(v, "withClause");
    if (with) {
        walk_with(cx, with, sc, &frame);
        sc = &frame;
    }
    if (strcmp(kind, "DropStmt") == 0)
        add_dropped(cx, v);
    int truncate = strcmp(kind, "TruncateStmt") == 0;
    if (truncate)
        add_truncated(cx, v, sc);
    const cJSON *m;
    cJSON_ArrayForEach(m, v)
    {
        const char *key = m->string;
        if (!key || m == with)
            continue;
        if ((strcmp(key, "relation") == 0 || strcmp(key, "rel") == 0) && cJSON_IsObject(m) &&
            cJSON_GetObjectItemCaseSensitive(m, "relname")) {
            /* A bare RangeVar. A statement's target is never a CTE reference. */
            int into = strcmp(key, "rel") == 0 &&
                       (strcmp(kind, "intoClause") == 0 || strcmp(kind, "into") == 0);
            int w = into || relation_is_written(kind, v);
            add_rangevar(cx, m, w ? SEAM_WRITE : SEAM_READ, sc, !w);
            continue;
        }
        if (truncate && strcmp(key, "relations") == 0)
            continue;
        walk(cx, m, key, sc);
    }
}

/* Parses one text; *ok says whether libpg_query accepted it, *nstmts counts statements. */
static int parse_one(const char *sql, const sql_names *nm, sql_refs *refs, int *ok, int *nstmts)
{
    PgQueryParseResult pr = pg_query_parse(sql);
    *ok = 0;
    int rc = SEAM_OK;
    if (!pr.error && pr.parse_tree) {
        /* cJSON gives NULL for JSON nested deeper than its limit: not parsed. */
        cJSON *root = cJSON_Parse(pr.parse_tree);
        if (root) {
            walk_ctx cx = {nm, refs, SEAM_OK};
            const cJSON *stmts = cJSON_GetObjectItemCaseSensitive(root, "stmts");
            walk(&cx, stmts, "stmts", NULL);
            rc = cx.rc;
            *nstmts += cJSON_GetArraySize(stmts);
            *ok = 1;
            cJSON_Delete(root);
        }
    }
    pg_query_free_parse_result(pr);
    return rc;
}

int sql_pg_tables(const char *sql, const sql_names *nm, sql_refs *refs, int *nstmts)
{
    int ok;
    *nstmts = 0;
    int rc = parse_one(sql, nm, refs, &ok, nstmts);
    if (rc || ok)
        return rc;
    /*
     * One statement PostgreSQL cannot parse (a SQLite-only CREATE TABLE in a
     * schema script, say) should not hide the others: split with libpg_query's
     * scanner, which tolerates syntax errors, and parse each piece alone.
     */
    PgQuerySplitResult sr = pg_query_split_with_scanner(sql);
    if (!sr.error && sr.n_stmts > 1) {
        size_t len = strlen(sql);
        for (int i = 0; i < sr.n_stmts && !rc; i++) {
            size_t at = (size_t)sr.stmts[i]->stmt_location;
            size_t n = (size_t)sr.stmts[i]->stmt_len;
            if (at > len)
                continue;
            if (n == 0 || at + n > len)
                n = len - at; /* stmt_len 0 means "to the end" */
            char *piece = strndup(sql + at, n);
            if (!piece) {
                rc = SEAM_ENOMEM;
                break;
            }
            rc = parse_one(piece, nm, refs, &ok, nstmts);
            free(piece);
        }
    }
    pg_query_free_split_result(sr);
    return rc;
}

/*
 * The schema reader's entry points: no schema to resolve names against (it
 * resolves them itself, against the catalog), so names stay as written.
 */
static const sql_names no_names = {NULL, 0, NULL};

int sql_pg_text_tables(const char *sql, seam_table_ref **tables, int *ntables, seam_err *err)
{
    sql_refs refs = {0};
    int nstmts;
    int rc = sql ? sql_pg_tables(sql, &no_names, &refs, &nstmts) : SEAM_OK;
    if (rc) {
        sql_refs_free(&refs);
        return seam_err_set(err, rc, "out of memory finding the tables of a SQL text");
    }
    sql_refs_take(&refs, tables, ntables);
    return SEAM_OK;
}

int sql_pg_tree_tables(const struct cJSON *node, seam_table_ref **tables, int *ntables,
                       seam_err *err)
{
    sql_refs refs = {0};
    walk_ctx cx = {&no_names, &refs, SEAM_OK};
    walk(&cx, node, "node", NULL);
    if (cx.rc) {
        sql_refs_free(&refs);
        return seam_err_set(err, cx.rc, "out of memory finding the tables of a parse tree");
    }
    sql_refs_take(&refs, tables, ntables);
    return SEAM_OK;
}
