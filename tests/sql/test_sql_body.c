/*
 * test_sql_body.c - the schema reader's entry points of sql/: the tables a
 * stored function's body (PL/pgSQL or SQL), a SQL text and a view's parse
 * tree touch, with names as written (sql_body.c, sql_pg.c).
 *
 * Each result is compared as one line (refs_text.h), in the order sql/
 * returns (sorted by name).
 */
#include <cjson/cJSON.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "refs_text.h"
#include "sql.h"

/* "t1:r t2:rw ..." for an answer (freed here), or "ERROR" when rc says it failed. */
static char *render(int rc, seam_table_ref *t, int n)
{
    return rc != 0 ? seam_strdup("ERROR") : refs_text("", t, n);
}

static void expect_body(const char *language, const char *body, const char *want)
{
    seam_table_ref *t = NULL;
    int n = -1;
    seam_err err;
    int rc = sql_body_tables(language, body, &t, &n, &err);
    CHECK(rc != 0 || (n > 0) == (t != NULL));
    char *got = render(rc, t, n);
    CHECK_STR(got, want);
    free(got);
}

static void expect_text(const char *sql, const char *want)
{
    seam_table_ref *t = NULL;
    int n = -1;
    seam_err err;
    int rc = sql_pg_text_tables(sql, &t, &n, &err);
    char *got = render(rc, t, n);
    CHECK_STR(got, want);
    free(got);
}

/* The tables under the query of "CREATE VIEW v AS <query>", as the DDL reader passes it. */
static void expect_view(const char *query, const char *want)
{
    char *ddl = seam_printf("CREATE VIEW v AS %s", query);
    PgQueryParseResult pr = pg_query_parse(ddl);
    CHECK(pr.error == NULL);
    cJSON *root = pr.error ? NULL : cJSON_Parse(pr.parse_tree);
    const cJSON *stmt = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "stmts"), 0);
    const cJSON *view = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(stmt, "stmt"), "ViewStmt");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(view, "query");
    CHECK(q != NULL);
    seam_table_ref *t = NULL;
    int n = -1;
    seam_err err;
    int rc = sql_pg_tree_tables(q, &t, &n, &err);
    char *got = render(rc, t, n);
    CHECK_STR(got, want);
    free(got);
    cJSON_Delete(root);
    pg_query_free_parse_result(pr);
    free(ddl);
}

static void test_plpgsql(void)
{
    /* statements, IF conditions and RETURN expressions, PERFORM; NEW's fields are not tables */
    expect_body(
        "plpgsql",
        "BEGIN\n"
        "  IF NOT EXISTS (SELECT 1 FROM sales.regions r WHERE r.id = NEW.region) THEN\n"
        "    RAISE EXCEPTION 'no region';\n"
        "  END IF;\n"
        "  INSERT INTO audit_log (what) VALUES ('order');\n"
        "  UPDATE stock SET qty = qty - NEW.qty FROM public.items i WHERE i.id = NEW.item;\n"
        "  PERFORM pg_notify('orders', NEW.id::text);\n"
        "  DELETE FROM \"Pending\" WHERE id = NEW.id;\n"
        "  RETURN NEW;\n"
        "END",
        "Pending:w audit_log:w items:r sales.regions:r stock:w");
    /* SELECT ... INTO a variable reads; TRUNCATE writes; a CTE name is not a table */
    expect_body("plpgsql",
                "DECLARE n int; BEGIN\n"
                "  WITH recent AS (SELECT * FROM orders) SELECT count(*) INTO n FROM recent;\n"
                "  TRUNCATE scratch;\n"
                "  RETURN NULL;\n"
                "END",
                "orders:r scratch:w");
    /* a body holding the wrapper's own dollar tag still parses */
    expect_body("plpgsql", "BEGIN INSERT INTO t VALUES ('$seam$'); RETURN NULL; END", "t:w");
    /* dynamic SQL is a string until it runs: not seen */
    expect_body("plpgsql", "BEGIN EXECUTE 'DELETE FROM ' || TG_ARGV[0]; RETURN NULL; END", "");
    /*
     * A body with a PL/pgSQL syntax error is left out: libpg_query 15 leaks one
     * byte in pg_query_parse_plpgsql on it, which LeakSanitizer reports.
     */
}

static void test_languages(void)
{
    expect_body("sql", "INSERT INTO log SELECT * FROM events WHERE kind = $1", "events:r log:w");
    expect_body("sql", "SELECT 1 FROM a; UPDATE b SET x = 1", "a:r b:w");
    expect_body("c", "SELECT * FROM ignored", "");
    expect_body("plpython3u", "plpy.execute('SELECT * FROM ignored')", "");
    expect_body(NULL, "SELECT * FROM ignored", "");
    expect_body("sql", NULL, "");
}

static void test_text_and_tree(void)
{
    /* names as written: no schema to resolve against, public. dropped, others kept */
    expect_text("SELECT * FROM public.Orders o JOIN \"Lines\" l USING (id) JOIN acct.ledger g "
                "USING (id)",
                "Lines:r acct.ledger:r orders:r");
    expect_text("SELECT $1::int FROM t WHERE a = $2", "t:r");
    expect_text("not sql", "");
    expect_text(NULL, "");
    expect_view("SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id",
                "customers:r orders:r");
    expect_view("WITH orders AS (SELECT * FROM raw_orders) SELECT * FROM orders, lines",
                "lines:r raw_orders:r");
}

int main(void)
{
    test_plpgsql();
    test_languages();
    test_text_and_tree();
    return check_finish();
}
