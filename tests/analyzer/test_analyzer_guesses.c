/*
 * test_analyzer_guesses.c - keyword guesses never invent tables: with a
 * schema, a guessed site keeps only the schema's tables (and their columns);
 * without one, a guessed name is a table only when a high-confidence site or
 * a second guess names it too. High-confidence sites keep every name.
 */
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"

static void add_site(seam_model *m, const char *sql, const char *confidence)
{
    m->sql_sites = realloc(m->sql_sites, (size_t)(m->nsql_sites + 1) * sizeof *m->sql_sites);
    seam_sql_site *s = &m->sql_sites[m->nsql_sites++];
    memset(s, 0, sizeof *s);
    s->sql = seam_strdup(sql);
    s->parser = seam_strdup("none");
    s->how = seam_strdup(strcmp(confidence, "low") == 0 ? "keyword" : "argument");
    s->confidence = seam_strdup(confidence);
}

static int names(const seam_sql_site *s, const char *table)
{
    for (int t = 0; t < s->ntables; t++)
        if (strcmp(s->tables[t].table, table) == 0)
            return 1;
    return 0;
}

static void build(seam_model *m)
{
    add_site(m, "SELECT id FROM orders JOIN cascades ON 1 = 1", "low"); /* 0 */
    add_site(m, "DELETE FROM triggers WHERE x = 1", "low");             /* 1 */
    add_site(m, "SELECT a FROM carts", "low");                          /* 2 */
    add_site(m, "UPDATE carts SET a = 1", "low");                       /* 3 */
    add_site(m, "SELECT b FROM stock", "low");                          /* 4 */
    add_site(m, "INSERT INTO stock (b) VALUES (1)", "high");            /* 5 */
    add_site(m, "SELECT c FROM lonely_high", "high");                   /* 6 */
}

int main(void)
{
    seam_err err;
    seam_err_clear(&err);

    /* No schema: support is a high site or a second guess. */
    seam_model m;
    seam_model_init(&m);
    build(&m);
    CHECK_INT(analyzer_resolve_sql(&m, &err), 0);
    CHECK(!names(&m.sql_sites[0], "orders") && !names(&m.sql_sites[0], "cascades"));
    CHECK_INT(m.sql_sites[0].ntables, 0);
    CHECK_INT(m.sql_sites[1].ntables, 0);
    CHECK(names(&m.sql_sites[2], "carts") && names(&m.sql_sites[3], "carts"));
    CHECK(names(&m.sql_sites[4], "stock"));
    CHECK(names(&m.sql_sites[6], "lonely_high"));
    /* The text stays a site. */
    CHECK_INT(m.nsql_sites, 7);
    CHECK_STR(m.sql_sites[1].sql, "DELETE FROM triggers WHERE x = 1");
    seam_model_free(&m);

    /* A schema with orders(id): only its tables, with their columns. */
    seam_model_init(&m);
    m.schema.dialect = SEAM_DIALECT_SQLITE;
    m.schema.tables = calloc(1, sizeof *m.schema.tables);
    m.schema.ntables = 1;
    m.schema.tables[0].name = seam_strdup("orders");
    m.schema.tables[0].columns = calloc(1, sizeof *m.schema.tables[0].columns);
    m.schema.tables[0].ncolumns = 1;
    m.schema.tables[0].columns[0].name = seam_strdup("id");
    m.schema.tables[0].columns[0].type = seam_strdup("INTEGER");
    build(&m);
    CHECK_INT(analyzer_resolve_sql(&m, &err), 0);
    CHECK_INT(m.sql_sites[0].ntables, 1);
    CHECK(names(&m.sql_sites[0], "orders"));
    for (int c = 0; c < m.sql_sites[0].ncolumns; c++)
        CHECK_STR(m.sql_sites[0].columns[c].table, "orders");
    CHECK_INT(m.sql_sites[1].ntables, 0);
    CHECK_INT(m.sql_sites[2].ntables, 0); /* two guesses, but the schema says no */
    CHECK_INT(m.sql_sites[4].ntables, 0);
    CHECK(names(&m.sql_sites[6], "lonely_high")); /* high sites are not filtered */
    seam_model_free(&m);
    return check_finish();
}
