/*
 * inspect_pgparse.c - which tables a piece of SQL or a function body
 * touches, with PostgreSQL's own parser (libpg_query).
 *
 * pg_depend records what a view reads, but not what a PL/pgSQL function
 * does: its body is a string until it runs. So trigger functions (and
 * pg_stat_statements queries) are parsed here: pg_query_parse_plpgsql gives
 * the function's statements, each embedded SQL statement or expression is
 * parsed with pg_query_parse, and the parse trees' RangeVars are the tables.
 * Best effort by nature: dynamic SQL (EXECUTE of a built string) is not
 * seen, and a name is only kept later if it resolves to a table of the
 * schema (inspect_finish.c), which also drops CTE names.
 */
#include "inspect_internal.h"

#include <cjson/cJSON.h>
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *inspect_seam_name(const char *schema, const char *rel)
{
    if (!rel)
        return NULL;
    if (!schema || !*schema || strcmp(schema, "public") == 0)
        return seam_strdup(rel);
    return seam_printf("%s.%s", schema, rel);
}

int inspect_line_of(const char *text, long off)
{
    int line = 1;
    for (long i = 0; text[i] && i < off; i++)
        line += text[i] == '\n';
    return line;
}

static const char *member_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int add_rangevar(const cJSON *rv, int access, seam_table_ref **refs, int *n)
{
    char *name = inspect_seam_name(member_str(rv, "schemaname"), member_str(rv, "relname"));
    if (!name)
        return member_str(rv, "relname") ? SEAM_ENOMEM : SEAM_OK;
    int rc = inspect_ref_add(refs, n, name, access);
    free(name);
    return rc;
}

/*
 * A node is an object keyed by its type wherever the C field is a Node*
 * ({"RangeVar": {...}}), but a field typed as a specific struct is written
 * bare: InsertStmt.relation has no "RangeVar" wrapper. That is what tells a
 * statement's target (written) from its FROM items (read).
 */
static int walk(const cJSON *node, seam_table_ref **refs, int *n)
{
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return SEAM_OK;
    const cJSON *child;
    cJSON_ArrayForEach(child, node)
    {
        int rc = SEAM_OK;
        const char *key = child->string;
        if (key && strcmp(key, "RangeVar") == 0) {
            rc = add_rangevar(child, SEAM_READ, refs, n);
        } else if (key && (strcmp(key, "InsertStmt") == 0 || strcmp(key, "UpdateStmt") == 0 ||
                           strcmp(key, "DeleteStmt") == 0 || strcmp(key, "MergeStmt") == 0)) {
            const cJSON *rel = cJSON_GetObjectItemCaseSensitive(child, "relation");
            if (rel)
                rc = add_rangevar(rel, SEAM_WRITE, refs, n);
            if (rc == SEAM_OK)
                rc = walk(child, refs, n);
        } else if (key && strcmp(key, "TruncateStmt") == 0) {
            const cJSON *rv;
            cJSON_ArrayForEach(rv, cJSON_GetObjectItemCaseSensitive(child, "relations"))
            {
                if (rc == SEAM_OK)
                    rc = add_rangevar(cJSON_GetObjectItemCaseSensitive(rv, "RangeVar"), SEAM_WRITE,
                                      refs, n);
            }
        } else {
            rc = walk(child, refs, n);
        }
        if (rc != SEAM_OK)
            return rc;
    }
    return SEAM_OK;
}

int inspect_json_refs(const void *node, seam_table_ref **refs, int *n)
{
    return walk(node, refs, n);
}

/* *parsed tells whether libpg_query accepted sql. */
static int sql_refs(const char *sql, seam_table_ref **refs, int *n, int *parsed)
{
    *parsed = 0;
    PgQueryParseResult r = pg_query_parse(sql);
    int rc = SEAM_OK;
    if (!r.error && r.parse_tree) {
        *parsed = 1;
        cJSON *tree = cJSON_Parse(r.parse_tree);
        /* A tree deeper than cJSON's nesting limit is left out: best effort. */
        if (tree)
            rc = walk(tree, refs, n);
        cJSON_Delete(tree);
    }
    pg_query_free_parse_result(r);
    return rc;
}

int inspect_sql_refs(const char *sql, seam_table_ref **refs, int *n)
{
    int parsed;
    return sql ? sql_refs(sql, refs, n, &parsed) : SEAM_OK;
}

/*
 * Every PLpgSQL_expr's query: a whole statement (INSERT ..., SELECT ...
 * with its INTO removed), or an expression (IF cond, RETURN x, a
 * subquery inside), which parses once "SELECT " is put in front.
 */
static int walk_plpgsql(const cJSON *node, seam_table_ref **refs, int *n)
{
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return SEAM_OK;
    const cJSON *child;
    cJSON_ArrayForEach(child, node)
    {
        int rc = SEAM_OK;
        if (child->string && strcmp(child->string, "PLpgSQL_expr") == 0) {
            const char *q = member_str(child, "query");
            int parsed = 1;
            if (q)
                rc = sql_refs(q, refs, n, &parsed);
            if (q && rc == SEAM_OK && !parsed) {
                char *sel = seam_printf("SELECT %s", q);
                rc = sel ? sql_refs(sel, refs, n, &parsed) : SEAM_ENOMEM;
                free(sel);
            }
        } else {
            rc = walk_plpgsql(child, refs, n);
        }
        if (rc != SEAM_OK)
            return rc;
    }
    return SEAM_OK;
}

/* The body as a CREATE FUNCTION statement, dollar-quoted with a tag the body does not contain. */
static char *plpgsql_wrap(const char *body)
{
    char tag[32] = "seam";
    for (int k = 1; k < 1000; k++) {
        char probe[40];
        snprintf(probe, sizeof probe, "$%s$", tag);
        if (!strstr(body, probe))
            break;
        snprintf(tag, sizeof tag, "seam%d", k);
    }
    return seam_printf("CREATE FUNCTION seam_body() RETURNS trigger LANGUAGE plpgsql AS $%s$%s$%s$",
                       tag, body, tag);
}

int inspect_body_refs(const char *language, const char *body, seam_table_ref **refs, int *n)
{
    if (!language || !body)
        return SEAM_OK;
    if (strcmp(language, "sql") == 0)
        return inspect_sql_refs(body, refs, n);
    if (strcmp(language, "plpgsql") != 0)
        return SEAM_OK;
    char *fn = plpgsql_wrap(body);
    if (!fn)
        return SEAM_ENOMEM;
    PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(fn);
    int rc = SEAM_OK;
    if (!r.error && r.plpgsql_funcs) {
        cJSON *tree = cJSON_Parse(r.plpgsql_funcs);
        if (tree)
            rc = walk_plpgsql(tree, refs, n);
        cJSON_Delete(tree);
    }
    pg_query_free_plpgsql_parse_result(r);
    free(fn);
    return rc;
}
