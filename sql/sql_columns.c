/*
 * sql_columns.c - the columns a statement reads and writes, from libpg_query's
 * parse tree.
 *
 * Each SELECT/INSERT/UPDATE/DELETE opens a scope holding its FROM items (and
 * its target table): a table under its alias or name, or something that is
 * not a table (a subquery, a function, a CTE). A column reference a.x is
 * looked up by its qualifier from the innermost scope outwards (correlated
 * subqueries see outer scopes); an unqualified x belongs to the only table
 * of the innermost scope that has one, or, with a schema, to the only table
 * in scope whose columns include x. Columns listed by INSERT (and ON
 * CONFLICT DO UPDATE) and assigned by UPDATE ... SET are written; every other
 * reference is read. `*` names no column.
 */
#include <cjson/cJSON.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql_internal.h"

typedef struct item {
    const char *name;   /* the alias, or the table's own name */
    const char *schema; /* of a table */
    const char *rel;    /* the table's name; NULL when the item is not a table */
} item;

typedef struct scope {
    const struct scope *up;
    item *v;
    int n, cap;
} scope;

/* CTE names in scope (innermost last): a RangeVar naming one is not a table. */
typedef struct ctes {
    const char **v;
    int n, cap;
} ctes;

typedef struct cwalk {
    const sql_names *nm;
    const sql_schema_cols *sc;
    sql_cols *out;
    ctes cte;
    int inserts_only; /* only INSERT's listed columns (the SQLite path knows the rest) */
    int rc;
} cwalk;

static const char *str_member(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int is_cte(const cwalk *w, const char *name)
{
    for (int i = w->cte.n - 1; i >= 0; i--)
        if (strcmp(w->cte.v[i], name) == 0)
            return 1;
    return 0;
}

static void push_item(cwalk *w, scope *s, const char *name, const char *schema, const char *rel)
{
    if (w->rc || !name)
        return;
    if (seam_array_reserve(&s->v, &s->cap, s->n + 1, sizeof *s->v) < 0) {
        w->rc = SEAM_ENOMEM;
        return;
    }
    s->v[s->n++] = (item){name, schema, rel};
}

static const char *alias_of(const cJSON *node)
{
    return str_member(member(node, "alias"), "aliasname");
}

/* A bare or wrapped RangeVar as a scope item. */
static void add_rangevar(cwalk *w, scope *s, const cJSON *rv)
{
    const char *rel = str_member(rv, "relname"), *schema = str_member(rv, "schemaname");
    if (!rel)
        return;
    const char *alias = alias_of(rv);
    int table = schema || !is_cte(w, rel);
    push_item(w, s, alias ? alias : rel, schema, table ? rel : NULL);
}

/* The items a FROM list (or a JOIN's sides) brings into scope. */
static void add_from(cwalk *w, scope *s, const cJSON *list)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *rv = member(e, "RangeVar"), *join = member(e, "JoinExpr");
        if (rv) {
            add_rangevar(w, s, rv);
        } else if (join) {
            cJSON *pair = cJSON_CreateArray();
            if (!pair) {
                w->rc = SEAM_ENOMEM;
                return;
            }
            /* Reference, not copies: the sides stay owned by the parse tree. */
            cJSON_AddItemReferenceToArray(pair, (cJSON *)member(join, "larg"));
            cJSON_AddItemReferenceToArray(pair, (cJSON *)member(join, "rarg"));
            add_from(w, s, pair);
            cJSON_Delete(pair);
        } else {
            /* RangeSubselect, RangeFunction, ...: a name that is not a table. */
            const cJSON *inner = e->child;
            const char *alias = inner ? alias_of(inner) : NULL;
            push_item(w, s, alias, NULL, NULL);
        }
    }
}

static void add_col(cwalk *w, const item *it, const char *column, int access)
{
    if (w->rc || !it || !it->rel || !column || !*column)
        return;
    w->rc = sql_refs_cols_add(w->out, w->nm, it->schema, it->rel, column, 0, access);
}

/* The one table item in s (searching outwards) that column belongs to, or NULL. */
static const item *resolve_bare(const cwalk *w, const scope *s, const char *column)
{
    for (; s; s = s->up) {
        const item *only = NULL;
        int tables = 0, matches = 0;
        const item *match = NULL;
        for (int i = 0; i < s->n; i++) {
            if (!s->v[i].rel)
                continue;
            tables++;
            only = &s->v[i];
            if (w->sc && sql_refs_schema_has_column(w->sc, s->v[i].schema, s->v[i].rel, column)) {
                matches++;
                match = &s->v[i];
            }
        }
        if (matches == 1)
            return match;
        if (matches > 1)
            return NULL;
        if (tables == 1 && s->n == 1)
            return only;
        if (s->n > 0)
            return NULL; /* several sources, none known to have it: ambiguous */
    }
    return NULL;
}

static const item *resolve_qualified(const scope *s, const char *qual)
{
    for (; s; s = s->up)
        for (int i = 0; i < s->n; i++)
            if (strcmp(s->v[i].name, qual) == 0)
                return &s->v[i];
    return NULL;
}

static void column_ref(cwalk *w, const scope *s, const cJSON *cref)
{
    const cJSON *fields = member(cref, "fields");
    int n = cJSON_GetArraySize(fields);
    if (n < 1 || w->inserts_only)
        return;
    const char *col = str_member(member(cJSON_GetArrayItem(fields, n - 1), "String"), "sval");
    if (!col)
        return; /* a.* */
    if (n == 1) {
        add_col(w, resolve_bare(w, s, col), col, SEAM_READ);
        return;
    }
    const char *qual = str_member(member(cJSON_GetArrayItem(fields, n - 2), "String"), "sval");
    if (qual)
        add_col(w, resolve_qualified(s, qual), col, SEAM_READ);
}

/* ResTargets whose names are columns of the target (INSERT's list, UPDATE's SET). */
static void target_names(cwalk *w, const item *target, const cJSON *list)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        add_col(w, target, str_member(member(e, "ResTarget"), "name"), SEAM_WRITE);
    }
}

static void walk(cwalk *w, const cJSON *v, const char *kind, const scope *s);

static int is_statement(const char *kind)
{
    return strcmp(kind, "SelectStmt") == 0 || strcmp(kind, "InsertStmt") == 0 ||
           strcmp(kind, "UpdateStmt") == 0 || strcmp(kind, "DeleteStmt") == 0;
}

/* One statement: its WITH, its scope, its written columns, then everything in it. */
static void statement(cwalk *w, const cJSON *v, const char *kind, const scope *up)
{
    int ncte = w->cte.n;
    const cJSON *with = member(v, "withClause");
    const cJSON *c;
    cJSON_ArrayForEach(c, member(with, "ctes"))
    {
        const cJSON *cte = member(c, "CommonTableExpr");
        walk(w, member(cte, "ctequery"), "ctequery", up);
        const char *name = str_member(cte, "ctename");
        if (name && !w->rc) {
            if (seam_array_reserve(&w->cte.v, &w->cte.cap, w->cte.n + 1, sizeof *w->cte.v) < 0)
                w->rc = SEAM_ENOMEM;
            else
                w->cte.v[w->cte.n++] = name;
        }
    }
    scope s = {up, NULL, 0, 0};
    const cJSON *rel = member(v, "relation");
    if (rel && str_member(rel, "relname"))
        add_rangevar(w, &s, rel);
    const item *target = rel && s.n > 0 ? &s.v[0] : NULL;
    add_from(w, &s, member(v, "fromClause"));
    add_from(w, &s, member(v, "usingClause"));
    target = rel && s.n > 0 ? &s.v[0] : NULL; /* s.v may have moved */
    if (strcmp(kind, "InsertStmt") == 0) {
        target_names(w, target, member(v, "cols"));
        if (!w->inserts_only)
            target_names(w, target, member(member(v, "onConflictClause"), "targetList"));
    } else if (strcmp(kind, "UpdateStmt") == 0 && !w->inserts_only) {
        target_names(w, target, member(v, "targetList"));
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, v)
    {
        if (m == with || (rel && m == rel))
            continue;
        /* UNION and friends: each side is a SELECT of its own, written bare. */
        if (strcmp(kind, "SelectStmt") == 0 && m->string &&
            (strcmp(m->string, "larg") == 0 || strcmp(m->string, "rarg") == 0)) {
            statement(w, m, "SelectStmt", up);
            continue;
        }
        walk(w, m, m->string ? m->string : "", &s);
    }
    free(s.v);
    w->cte.n = ncte;
}

static void walk(cwalk *w, const cJSON *v, const char *kind, const scope *s)
{
    if (!v || w->rc)
        return;
    if (cJSON_IsArray(v)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, v) walk(w, e, kind, s);
        return;
    }
    if (!cJSON_IsObject(v))
        return;
    if (is_statement(kind)) {
        statement(w, v, kind, s);
        return;
    }
    if (strcmp(kind, "ColumnRef") == 0) {
        column_ref(w, s, v);
        return;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, v) walk(w, m, m->string ? m->string : kind, s);
}

int sql_columns_find(const char *sql, const sql_names *nm, const sql_schema_cols *sc,
                   int inserts_only, sql_cols *out)
{
    PgQueryParseResult pr = pg_query_parse(sql);
    int rc = SEAM_OK;
    if (!pr.error && pr.parse_tree) {
        cJSON *root = cJSON_Parse(pr.parse_tree);
        if (root) {
            cwalk w = {nm, sc, out, {NULL, 0, 0}, inserts_only, SEAM_OK};
            const cJSON *st;
            cJSON_ArrayForEach(st, member(root, "stmts"))
            {
                walk(&w, member(st, "stmt"), "stmt", NULL);
            }
            free(w.cte.v);
            rc = w.rc;
            cJSON_Delete(root);
        }
    }
    pg_query_free_parse_result(pr);
    return rc;
}
