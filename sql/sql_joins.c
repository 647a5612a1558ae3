/*
 * sql_joins.c - the column equalities a SQL text joins tables on.
 *
 * Legacy schemas often declare no foreign keys, yet the code joins
 * orders.customer_id to customers.id everywhere: each such equality is a
 * foreign key the schema forgot. This file finds them with the same parser
 * and the same placeholder masking as the table resolver (sql_mask.c,
 * libpg_query), so a text that resolves to tables yields its joins too.
 *
 * What counts: an "=" between two column references that name columns of
 * two different tables of the statement, wherever it sits (JOIN ... ON,
 * WHERE, HAVING, a subquery's WHERE referring to an outer table), and
 * JOIN ... USING (c) between two tables. A qualifier is resolved through the
 * FROM items in scope, innermost query first: an alias, or the table's own
 * name when it has no alias. An unqualified column is resolved only when
 * exactly one table in scope has a column of that name in the schema (the
 * schema is optional; without it, unqualified columns are skipped). Column
 * references to subqueries, functions and CTEs are not tables: skipped.
 * A table joined to itself (a parent_id tree) is skipped as well.
 */
#include <cjson/cJSON.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_internal.h"

/* One FROM item of a query: the name it is referred to by and the table it is. */
typedef struct range_item {
    const char *refname; /* alias, else the relation's name */
    char *table;         /* resolved name (owned); NULL for subqueries, CTEs, functions */
} range_item;

/* The FROM items of one query, with the enclosing query's scope above it. */
typedef struct scope {
    const struct scope *up;
    range_item *items;
    int n, cap;
    const cJSON *ctes; /* this query's WITH list, or NULL */
} scope;

typedef struct join_ctx {
    const sql_names *nm;
    const sql_schema_cols *cols;
    sql_join *v;
    int n, cap;
    int rc;
} join_ctx;

static const char *str_member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *member(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static int is_cte(const scope *sc, const char *name)
{
    for (; sc; sc = sc->up) {
        const cJSON *c;
        cJSON_ArrayForEach(c, sc->ctes)
        {
            const char *cn = str_member(member(c, "CommonTableExpr"), "ctename");
            if (cn && strcmp(cn, name) == 0)
                return 1;
        }
    }
    return 0;
}

static void scope_free(scope *sc)
{
    for (int i = 0; i < sc->n; i++)
        free(sc->items[i].table);
    free(sc->items);
}

/* The table's name as the schema spells it (sql_refs_add's rules), malloc'd. */
static char *table_name(join_ctx *cx, const char *schema, const char *rel)
{
    sql_refs one = {0};
    if (sql_refs_add(&one, cx->nm, schema, rel, 0, SEAM_READ) != SEAM_OK) {
        cx->rc = SEAM_ENOMEM;
        return NULL;
    }
    char *name = one.n ? one.v[0].table : NULL;
    free(one.v);
    return name;
}

static void scope_add(join_ctx *cx, scope *sc, const char *refname, char *table)
{
    if (!refname || cx->rc) {
        free(table);
        return;
    }
    if (seam_array_reserve(&sc->items, &sc->cap, sc->n + 1, sizeof *sc->items) != SEAM_OK) {
        free(table);
        cx->rc = SEAM_ENOMEM;
        return;
    }
    sc->items[sc->n].refname = refname;
    sc->items[sc->n].table = table;
    sc->n++;
}

/* A RangeVar (wrapped or bare) joins the scope under its alias or name. */
static void add_rangevar(join_ctx *cx, scope *sc, const cJSON *rv)
{
    const char *rel = str_member(rv, "relname");
    const char *schema = str_member(rv, "schemaname");
    const char *alias = str_member(member(rv, "alias"), "aliasname");
    if (!rel)
        return;
    char *table = (!schema && is_cte(sc, rel)) ? NULL : table_name(cx, schema, rel);
    scope_add(cx, sc, alias ? alias : rel, table);
}

/* FROM items: tables, joins of them, and subqueries or functions (named, no table). */
static void add_from_item(join_ctx *cx, scope *sc, const cJSON *item)
{
    const cJSON *rv = member(item, "RangeVar");
    if (rv) {
        add_rangevar(cx, sc, rv);
        return;
    }
    const cJSON *je = member(item, "JoinExpr");
    if (je) {
        add_from_item(cx, sc, member(je, "larg"));
        add_from_item(cx, sc, member(je, "rarg"));
        const char *alias = str_member(member(je, "alias"), "aliasname");
        if (alias)
            scope_add(cx, sc, alias, NULL);
        return;
    }
    const cJSON *sub = member(item, "RangeSubselect");
    if (!sub)
        sub = member(item, "RangeFunction");
    if (sub)
        scope_add(cx, sc, str_member(member(sub, "alias"), "aliasname"), NULL);
}

static int cmp_side(const char *ta, const char *ca, const char *tb, const char *cb)
{
    int c = strcmp(ta, tb);
    return c ? c : strcmp(ca, cb);
}

/* Records table_a.col_a = table_b.col_b, ordered, unless it is a self-join or a repeat. */
static void add_join(join_ctx *cx, const char *ta, const char *ca, const char *tb, const char *cb)
{
    if (cx->rc || !ta || !tb || !ca || !cb || strcmp(ta, tb) == 0)
        return;
    if (cmp_side(ta, ca, tb, cb) > 0) {
        const char *t = ta, *c = ca;
        ta = tb, ca = cb, tb = t, cb = c;
    }
    for (int i = 0; i < cx->n; i++)
        if (strcmp(cx->v[i].left_table, ta) == 0 && strcmp(cx->v[i].left_column, ca) == 0 &&
            strcmp(cx->v[i].right_table, tb) == 0 && strcmp(cx->v[i].right_column, cb) == 0)
            return;
    if (seam_array_reserve(&cx->v, &cx->cap, cx->n + 1, sizeof *cx->v) != SEAM_OK) {
        cx->rc = SEAM_ENOMEM;
        return;
    }
    sql_join *j = &cx->v[cx->n];
    j->left_table = seam_strdup(ta);
    j->left_column = seam_strdup(ca);
    j->right_table = seam_strdup(tb);
    j->right_column = seam_strdup(cb);
    cx->n++; /* counted first, so that sql_joins_free releases a partial entry */
    if (!j->left_table || !j->left_column || !j->right_table || !j->right_column)
        cx->rc = SEAM_ENOMEM;
}

/*
 * The table a ColumnRef belongs to, or NULL. *column is set to its column name.
 * Qualified: [schema.]table.column or alias.column, innermost scope first.
 * Unqualified: the one table of the innermost scope having it that has such a column.
 */
static const char *column_table(join_ctx *cx, const scope *sc, const cJSON *cref,
                                const char **column)
{
    const cJSON *fields = member(cref, "fields");
    int n = cJSON_GetArraySize(fields);
    *column = NULL;
    if (n < 1 || n > 3)
        return NULL;
    const char *parts[3] = {NULL, NULL, NULL};
    for (int i = 0; i < n; i++) {
        parts[i] = str_member(member(cJSON_GetArrayItem(fields, i), "String"), "sval");
        if (!parts[i])
            return NULL; /* a '*' (A_Star) or something else */
    }
    *column = parts[n - 1];
    if (n == 1) {
        for (; sc; sc = sc->up) {
            const char *found = NULL;
            int hits = 0;
            for (int i = 0; i < sc->n; i++)
                if (sc->items[i].table && sql_refs_schema_has_column(cx->cols, NULL, sc->items[i].table, *column)) {
                    found = sc->items[i].table;
                    hits++;
                }
            if (hits)
                return hits == 1 ? found : NULL;
        }
        return NULL;
    }
    const char *qual = parts[n - 2];
    for (; sc; sc = sc->up)
        for (int i = 0; i < sc->n; i++)
            if (strcmp(sc->items[i].refname, qual) == 0)
                return sc->items[i].table;
    return NULL;
}

static void walk(join_ctx *cx, const cJSON *v, const char *kind, const scope *sc);

/* "a = b" between two columns of different tables. */
static void visit_equality(join_ctx *cx, const cJSON *expr, const scope *sc)
{
    const char *kind = str_member(expr, "kind");
    const cJSON *name = member(expr, "name");
    if (!kind || strcmp(kind, "AEXPR_OP") != 0 || cJSON_GetArraySize(name) != 1)
        return;
    const char *op = str_member(member(cJSON_GetArrayItem(name, 0), "String"), "sval");
    const cJSON *l = member(member(expr, "lexpr"), "ColumnRef");
    const cJSON *r = member(member(expr, "rexpr"), "ColumnRef");
    if (!op || strcmp(op, "=") != 0 || !l || !r)
        return;
    const char *cl, *cr;
    const char *tl = column_table(cx, sc, l, &cl), *tr = column_table(cx, sc, r, &cr);
    add_join(cx, tl, cl, tr, cr);
}

/* The rightmost table of a FROM item (the left side of a USING join). */
static const cJSON *rightmost_rangevar(const cJSON *item)
{
    for (;;) {
        const cJSON *je = member(item, "JoinExpr");
        if (!je)
            return member(item, "RangeVar");
        item = member(je, "rarg");
    }
}

/* JOIN ... USING (c): the two tables next to the join share column c. */
static void visit_using(join_ctx *cx, const cJSON *je, const scope *sc)
{
    const cJSON *cols = member(je, "usingClause");
    const cJSON *lrv = rightmost_rangevar(member(je, "larg"));
    const cJSON *rrv = member(member(je, "rarg"), "RangeVar");
    if (!cols || !lrv || !rrv || cx->rc)
        return;
    const char *ln = str_member(lrv, "relname"), *rn = str_member(rrv, "relname");
    if (!ln || !rn || (!str_member(lrv, "schemaname") && is_cte(sc, ln)) ||
        (!str_member(rrv, "schemaname") && is_cte(sc, rn)))
        return;
    char *lt = table_name(cx, str_member(lrv, "schemaname"), ln);
    char *rt = table_name(cx, str_member(rrv, "schemaname"), rn);
    const cJSON *c;
    cJSON_ArrayForEach(c, cols)
    {
        const char *col = str_member(member(c, "String"), "sval");
        add_join(cx, lt, col, rt, col);
    }
    free(lt);
    free(rt);
}

/* A query level: its WITH, FROM items and the rest, seen through its own scope. */
static void walk_query(join_ctx *cx, const cJSON *q, const char *kind, const scope *up)
{
    scope sc = {up, NULL, 0, 0, NULL};
    const cJSON *with = member(q, "withClause");
    if (with) {
        sc.ctes = member(with, "ctes");
        /* CTE bodies see the CTE names too (a recursive one refers to itself). */
        walk(cx, sc.ctes, "ctes", &sc);
    }
    /* UPDATE's and DELETE's target is a bare RangeVar, its other tables FROM/USING items. */
    const cJSON *rel = member(q, "relation");
    if (rel && strcmp(kind, "SelectStmt") != 0)
        add_rangevar(cx, &sc, rel);
    const cJSON *e;
    cJSON_ArrayForEach(e, member(q, "fromClause")) add_from_item(cx, &sc, e);
    cJSON_ArrayForEach(e, member(q, "usingClause")) add_from_item(cx, &sc, e);
    const cJSON *m;
    cJSON_ArrayForEach(m, q)
    {
        if (m == with || !m->string)
            continue;
        walk(cx, m, m->string, &sc);
    }
    scope_free(&sc);
}

static void walk(join_ctx *cx, const cJSON *v, const char *kind, const scope *sc)
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
    if (strcmp(kind, "SelectStmt") == 0 || strcmp(kind, "UpdateStmt") == 0 ||
        strcmp(kind, "DeleteStmt") == 0) {
        walk_query(cx, v, kind, sc);
        return;
    }
    if (strcmp(kind, "A_Expr") == 0)
        visit_equality(cx, v, sc);
    if (strcmp(kind, "JoinExpr") == 0)
        visit_using(cx, v, sc);
    const cJSON *m;
    cJSON_ArrayForEach(m, v)
    {
        if (m->string)
            walk(cx, m, m->string, sc);
    }
}

static void parse_text(join_ctx *cx, const char *sql, int *ok)
{
    PgQueryParseResult pr = pg_query_parse(sql);
    *ok = 0;
    if (!pr.error && pr.parse_tree) {
        cJSON *root = cJSON_Parse(pr.parse_tree);
        if (root) {
            walk(cx, member(root, "stmts"), "stmts", NULL);
            *ok = 1;
            cJSON_Delete(root);
        }
    }
    pg_query_free_parse_result(pr);
}

static int cmp_join(const void *x, const void *y)
{
    const sql_join *a = x, *b = y;
    int c = cmp_side(a->left_table, a->left_column, b->left_table, b->left_column);
    return c ? c : cmp_side(a->right_table, a->right_column, b->right_table, b->right_column);
}

int sql_joins_find(const char *sql, const sql_names *nm, const sql_schema_cols *cols,
                   sql_join **joins, int *njoins, seam_err *err)
{
    *joins = NULL;
    *njoins = 0;
    join_ctx cx = {nm, cols, NULL, 0, 0, SEAM_OK};
    char *masked = NULL;
    int ok = 0;
    if (sql_mask(sql ? sql : "", SQL_DIALECT_PG, &masked) != SEAM_OK)
        cx.rc = SEAM_ENOMEM;
    else
        parse_text(&cx, masked, &ok);
    if (!cx.rc && !ok) {
        /* As the resolver does: one bad statement should not hide the others. */
        PgQuerySplitResult sr = pg_query_split_with_scanner(masked);
        size_t len = strlen(masked);
        for (int i = 0; !sr.error && sr.n_stmts > 1 && i < sr.n_stmts && !cx.rc; i++) {
            size_t at = (size_t)sr.stmts[i]->stmt_location, n = (size_t)sr.stmts[i]->stmt_len;
            if (at > len)
                continue;
            if (n == 0 || at + n > len)
                n = len - at;
            char *piece = strndup(masked + at, n);
            if (!piece)
                cx.rc = SEAM_ENOMEM;
            else
                parse_text(&cx, piece, &ok);
            free(piece);
        }
        pg_query_free_split_result(sr);
    }
    free(masked);
    if (cx.rc) {
        sql_joins_free(cx.v, cx.n);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory finding SQL joins");
    }
    if (cx.n > 1)
        qsort(cx.v, (size_t)cx.n, sizeof *cx.v, cmp_join);
    *joins = cx.v;
    *njoins = cx.n;
    return SEAM_OK;
}

void sql_joins_free(sql_join *joins, int n)
{
    for (int i = 0; i < n; i++) {
        free(joins[i].left_table);
        free(joins[i].left_column);
        free(joins[i].right_table);
        free(joins[i].right_column);
    }
    free(joins);
}
