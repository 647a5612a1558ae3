/*
 * sql_body.c - which tables a stored function's body touches, with
 * PostgreSQL's own parser (libpg_query).
 *
 * pg_depend records what a view reads, but not what a PL/pgSQL function
 * does: its body is a string until it runs. pg_query_parse_plpgsql gives
 * the function's statements; each embedded SQL statement or expression goes
 * through the same tree walk as any SQL text (sql_pg.c). Best effort by
 * nature: dynamic SQL (EXECUTE of a built string) is not seen, and the
 * names come back as written, for the caller to resolve against its schema.
 */
#include <cjson/cJSON.h>
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_internal.h"

static const sql_names no_names = {NULL, 0, NULL};

static const char *str_member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/*
 * Every PLpgSQL_expr's query: a whole statement (INSERT ..., SELECT ...
 * with its INTO removed), or an expression (IF cond, RETURN x, a
 * subquery inside), which parses once "SELECT " is put in front.
 */
static int walk_plpgsql(const cJSON *node, sql_refs *refs)
{
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return SEAM_OK;
    const cJSON *child;
    cJSON_ArrayForEach(child, node)
    {
        int rc = SEAM_OK;
        if (child->string && strcmp(child->string, "PLpgSQL_expr") == 0) {
            const char *q = str_member(child, "query");
            int nstmts = 1;
            if (q)
                rc = sql_pg_tables(q, &no_names, refs, &nstmts);
            if (q && rc == SEAM_OK && nstmts == 0) {
                char *sel = seam_printf("SELECT %s", q);
                rc = sel ? sql_pg_tables(sel, &no_names, refs, &nstmts) : SEAM_ENOMEM;
                free(sel);
            }
        } else {
            rc = walk_plpgsql(child, refs);
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

/* A PL/pgSQL body's statements, each walked for its tables. */
static int plpgsql_tables(const char *body, sql_refs *refs)
{
    char *fn = plpgsql_wrap(body);
    if (!fn)
        return SEAM_ENOMEM;
    PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(fn);
    int rc = SEAM_OK;
    if (!r.error && r.plpgsql_funcs) {
        /* A tree deeper than cJSON's nesting limit is left out: best effort. */
        cJSON *tree = cJSON_Parse(r.plpgsql_funcs);
        if (tree)
            rc = walk_plpgsql(tree, refs);
        cJSON_Delete(tree);
    }
    pg_query_free_plpgsql_parse_result(r);
    free(fn);
    return rc;
}

int sql_body_tables(const char *language, const char *body, seam_table_ref **tables, int *ntables,
                    seam_err *err)
{
    sql_refs refs = {0};
    int rc = SEAM_OK, nstmts;
    if (language && body && strcmp(language, "sql") == 0)
        rc = sql_pg_tables(body, &no_names, &refs, &nstmts);
    else if (language && body && strcmp(language, "plpgsql") == 0)
        rc = plpgsql_tables(body, &refs);
    if (rc) {
        sql_refs_free(&refs);
        return seam_err_set(err, rc, "out of memory finding the tables of a %s function body",
                            language);
    }
    sql_refs_take(&refs, tables, ntables);
    return SEAM_OK;
}
