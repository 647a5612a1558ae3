/*
 * test_sql_columns.c - the columns a SQL site reads and writes: aliases,
 * joins, subqueries (correlated too), CTEs, INSERT's column list, INSERT ...
 * SELECT, UPDATE ... SET/FROM, ON CONFLICT, schema-qualified names, and
 * unqualified names resolved through the schema; both through libpg_query
 * and through SQLite's authorizer. Each expectation is the sorted list
 * "table.column:r|w|rw" the resolver returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sql.h"

static void columns_text(sql_resolver *r, const char *sql, char *out, size_t size)
{
    seam_table_ref *t = NULL;
    seam_column_ref *c = NULL;
    int nt = 0, nc = 0;
    const char *parser = NULL;
    seam_err err;
    out[0] = '\0';
    if (sql_resolver_full(r, sql, &t, &nt, &c, &nc, &parser, &err) != 0) {
        snprintf(out, size, "error");
        return;
    }
    size_t len = 0;
    for (int i = 0; i < nc; i++) {
        int a = c[i].access;
        len += (size_t)snprintf(out + len, size - len, "%s%s.%s:%s", i ? " " : "", c[i].table,
                                c[i].column,
                                a == 3   ? "rw"
                                : a == 2 ? "w"
                                         : "r");
        if (len >= size)
            break;
    }
    for (int i = 0; i < nt; i++)
        free(t[i].table);
    free(t);
    for (int i = 0; i < nc; i++) {
        free(c[i].table);
        free(c[i].column);
    }
    free(c);
}

#define EXPECT(r, sql, want)                                                                       \
    do {                                                                                           \
        char got_[2048];                                                                           \
        columns_text(r, sql, got_, sizeof got_);                                                   \
        if (strcmp(got_, want) != 0)                                                               \
            fprintf(stderr, "  for: %s\n", sql);                                                   \
        CHECK_STR(got_, want);                                                                     \
    } while (0)

static void test_pg(sql_resolver *r)
{
    EXPECT(r, "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id",
           "customers.id:r customers.name:r orders.customer_id:r orders.id:r");
    EXPECT(r, "SELECT id, total FROM orders WHERE total > %d", "orders.id:r orders.total:r");
    EXPECT(r, "SELECT * FROM orders", "");
    EXPECT(r, "INSERT INTO orders (id, total) VALUES ($1, $2)", "orders.id:w orders.total:w");
    EXPECT(r, "INSERT INTO archive (id, v) SELECT id, v FROM live WHERE old",
           "archive.id:w archive.v:w live.id:r live.old:r live.v:r");
    EXPECT(r, "UPDATE accounts SET balance = b.total FROM balances b WHERE b.id = accounts.id",
           "accounts.balance:w accounts.id:r balances.id:r balances.total:r");
    EXPECT(r, "UPDATE t SET n = n + 1 WHERE id = ?", "t.id:r t.n:rw");
    EXPECT(r, "DELETE FROM sessions s WHERE s.expires < now()", "sessions.expires:r");
    /* A correlated subquery sees the outer alias; its own FROM comes first. */
    EXPECT(r,
           "SELECT c.name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE "
           "o.customer_id = c.id AND total > 0)",
           "customers.id:r customers.name:r orders.customer_id:r orders.total:r");
    /* A CTE is not a table; columns through it are not the base table's. */
    EXPECT(r, "WITH big AS (SELECT id FROM orders WHERE total > 100) SELECT b.id FROM big b",
           "orders.id:r orders.total:r");
    EXPECT(r, "SELECT s.x FROM (SELECT y AS x FROM t) s", "t.y:r");
    EXPECT(r, "SELECT sales.orders.id FROM sales.orders", "sales.orders.id:r");
    EXPECT(r, "SELECT o.id FROM sales.orders o", "sales.orders.id:r");
    EXPECT(r,
           "INSERT INTO kv (k, v) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = "
           "excluded.v",
           "kv.k:w kv.v:w");
    EXPECT(r, "SELECT id FROM a UNION SELECT id FROM b", "a.id:r b.id:r");
    /* Two tables, no schema: an unqualified name is ambiguous and left out. */
    EXPECT(r, "SELECT name FROM a, b", "");
    EXPECT(r, "SELECT x FROM", "");
}

static void add_table(seam_schema *s, const char *name, const char *const *cols)
{
    seam_table *t = &s->tables[s->ntables++];
    memset(t, 0, sizeof *t);
    t->name = strdup(name);
    while (cols[t->ncolumns])
        t->ncolumns++;
    t->columns = calloc((size_t)t->ncolumns, sizeof *t->columns);
    for (int i = 0; i < t->ncolumns; i++)
        t->columns[i].name = strdup(cols[i]);
}

static void test_with_schema(const char *dialect)
{
    seam_schema s;
    memset(&s, 0, sizeof s);
    s.dialect = (seam_dialect)seam_dialect_parse(dialect);
    s.tables = calloc(2, sizeof *s.tables);
    add_table(&s, "orders", (const char *[]){"id", "customer_id", "total", NULL});
    add_table(&s, "customers", (const char *[]){"id", "name", NULL});
    sql_resolver *r = NULL;
    seam_err err;
    CHECK_INT(sql_resolver_new(&r, &s, &err), 0);
    /* The schema says which table each unqualified name is in. */
    EXPECT(r, "SELECT name, total FROM orders JOIN customers ON customers.id = customer_id",
           "customers.id:r customers.name:r orders.customer_id:r orders.total:r");
    EXPECT(r, "INSERT INTO orders (id, total) VALUES (?, ?)", "orders.id:w orders.total:w");
    EXPECT(r, "UPDATE orders SET total = 0 WHERE id = %d", "orders.id:r orders.total:w");
    sql_resolver_free(r);
    seam_schema_free(&s);
}

int main(void)
{
    sql_resolver *r = NULL;
    seam_err err;
    CHECK_INT(sql_resolver_new(&r, NULL, &err), 0);
    test_pg(r);
    sql_resolver_free(r);
    test_with_schema("postgresql");
    test_with_schema("sqlite");
    return check_finish();
}
