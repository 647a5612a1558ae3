/*
 * test_analyzer_resolve.c - analyzer_resolve_sql: every SQL site of a model
 * resolved through sql/ (the SQLite authorizer with a SQLite schema,
 * libpg_query otherwise), an earlier resolution replaced, the same answer
 * when run again.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"

/* A SQLite schema with one table, orders(id, customer_id, total). */
static void make_schema(seam_schema *s)
{
    static const char *const cols[] = {"id", "customer_id", "total"};
    memset(s, 0, sizeof *s);
    s->dialect = SEAM_DIALECT_SQLITE;
    s->tables = calloc(1, sizeof *s->tables);
    s->ntables = 1;
    s->tables[0].name = seam_strdup("orders");
    s->tables[0].ncolumns = 3;
    s->tables[0].columns = calloc(3, sizeof *s->tables[0].columns);
    for (int i = 0; i < 3; i++) {
        s->tables[0].columns[i].name = seam_strdup(cols[i]);
        s->tables[0].columns[i].type = seam_strdup("TEXT");
    }
}

int main(void)
{
    seam_model m;
    seam_model_init(&m);
    make_schema(&m.schema);
    const char *sqls[] = {"SELECT * FROM orders WHERE id = ?", "DELETE FROM unknown_t WHERE a = %d",
                          "not sql", NULL};
    m.nsql_sites = 4;
    m.sql_sites = calloc(4, sizeof *m.sql_sites);
    for (int i = 0; i < 4; i++) {
        m.sql_sites[i].sql = seam_strdup(sqls[i]);
        m.sql_sites[i].via = seam_strdup("sqlite3_exec");
    }
    /* an earlier resolution is replaced */
    m.sql_sites[0].parser = seam_strdup("stale");
    m.sql_sites[0].tables = calloc(1, sizeof *m.sql_sites[0].tables);
    m.sql_sites[0].tables[0].table = seam_strdup("stale_table");
    m.sql_sites[0].tables[0].access = SEAM_WRITE;
    m.sql_sites[0].ntables = 1;

    seam_err err = {0};
    CHECK_INT(analyzer_resolve_sql(&m, &err), 0);
    CHECK_STR(m.sql_sites[0].parser, "sqlite");
    CHECK_INT(m.sql_sites[0].ntables, 1);
    if (m.sql_sites[0].ntables == 1) {
        CHECK_STR(m.sql_sites[0].tables[0].table, "orders");
        CHECK_INT(m.sql_sites[0].tables[0].access, SEAM_READ);
    }
    CHECK_STR(m.sql_sites[1].parser, "pg_query");
    CHECK_INT(m.sql_sites[1].ntables, 1);
    if (m.sql_sites[1].ntables == 1) {
        CHECK_STR(m.sql_sites[1].tables[0].table, "unknown_t");
        CHECK_INT(m.sql_sites[1].tables[0].access, SEAM_WRITE);
    }
    CHECK_STR(m.sql_sites[2].parser, "none");
    CHECK_INT(m.sql_sites[2].ntables, 0);
    CHECK(m.sql_sites[2].tables == NULL);
    CHECK_STR(m.sql_sites[3].parser, "none");
    /* running again gives the same answer and leaks nothing */
    CHECK_INT(analyzer_resolve_sql(&m, &err), 0);
    CHECK_STR(m.sql_sites[0].parser, "sqlite");
    CHECK_INT(m.sql_sites[0].ntables, 1);

    /* no schema at all: libpg_query alone */
    seam_schema_free(&m.schema);
    CHECK_INT(analyzer_resolve_sql(&m, &err), 0);
    CHECK_STR(m.sql_sites[0].parser, "pg_query");
    CHECK_STR(m.sql_sites[1].parser, "pg_query");
    seam_model_free(&m);
    return check_finish();
}
