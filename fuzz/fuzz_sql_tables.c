/*
 * fuzz_sql_tables.c - any text through the SQL-to-tables resolver: both
 * paths (SQLite against a schema, then libpg_query), libpg_query alone, and
 * libpg_query against a schema whose tables carry a configured prefix; and
 * through the statement fingerprints that match code to pg_stat_statements.
 * The contract (sql/sql.h): any input is safe, the only failure is
 * SEAM_ENOMEM, results are sorted and merged, one entry per table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

static sql_resolver *with_sqlite, *pg_only, *prefixed;

static void add_table(seam_schema *s, const char *name, const char *const *cols, int n)
{
    seam_table *t = &s->tables[s->ntables++];
    memset(t, 0, sizeof *t);
    t->name = strdup(name);
    t->columns = calloc((size_t)n, sizeof *t->columns);
    t->ncolumns = n;
    for (int i = 0; i < n; i++)
        t->columns[i].name = strdup(cols[i]);
    t->primary_key = calloc(1, sizeof *t->primary_key);
    t->primary_key[0] = strdup(cols[0]);
    t->nprimary_key = 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    seam_schema s;
    memset(&s, 0, sizeof s);
    s.dialect = SEAM_DIALECT_SQLITE;
    s.tables = calloc(3, sizeof *s.tables);
    static const char *const orders[] = {"id", "customer_id", "total"};
    static const char *const customers[] = {"id", "name"};
    static const char *const lines[] = {"order_id", "sku", "qty"};
    add_table(&s, "orders", orders, 3);
    add_table(&s, "customers", customers, 2);
    add_table(&s, "order_lines", lines, 3);
    seam_err err;
    if (sql_resolver_new(&with_sqlite, &s, &err) || sql_resolver_new(&pg_only, NULL, &err))
        abort();
    seam_schema_free(&s);
    /* most tables carry "app_": names found without it are tried with it */
    memset(&s, 0, sizeof s);
    s.dialect = SEAM_DIALECT_POSTGRESQL;
    s.tables = calloc(4, sizeof *s.tables);
    add_table(&s, "app_hosts", orders, 3);
    add_table(&s, "app_items", customers, 2);
    add_table(&s, "app_events", lines, 3);
    add_table(&s, "orders", orders, 3);
    if (sql_resolver_new(&prefixed, &s, &err))
        abort();
    seam_schema_free(&s);
    return 0;
}

static void check(sql_resolver *r, const char *sql)
{
    seam_table_ref *t = NULL;
    int n = 0;
    const char *parser = NULL;
    seam_err err;
    int rc = sql_resolver_tables(r, sql, &t, &n, &parser, &err);
    if (rc != 0 && rc != SEAM_ENOMEM)
        abort();
    if (rc == 0 && (!parser || (n > 0) != (t != NULL)))
        abort();
    for (int i = 0; i < n; i++)
        if (!t[i].table || !t[i].access || (i > 0 && strcmp(t[i - 1].table, t[i].table) >= 0))
            abort();
    for (int i = 0; i < n; i++)
        free(t[i].table);
    free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *sql = malloc(size + 1);
    if (!sql)
        return 0;
    memcpy(sql, data, size);
    sql[size] = '\0';
    check(with_sqlite, sql);
    check(pg_only, sql);
    check(prefixed, sql);
    uint64_t *fps = NULL;
    int nfps = -1;
    seam_err err;
    int rc = sql_fingerprint(sql, &fps, &nfps, &err);
    if ((rc != 0 && rc != SEAM_ENOMEM) || (rc == 0 && (nfps < 0 || (nfps > 0) != (fps != NULL))))
        abort();
    free(fps);
    free(sql);
    return 0;
}
