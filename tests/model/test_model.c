/* Unit tests for model/: arrays, lookups, errors, freeing. */
#include "check.h"
#include "coverage.h"
#include "model.h"

#include <string.h>

static void test_array_reserve(void)
{
    int *v = NULL, cap = 0;
    CHECK_INT(seam_array_reserve(&v, &cap, 3, sizeof *v), 0);
    CHECK(cap >= 3);
    for (int i = 0; i < cap; i++)
        CHECK_INT(v[i], 0); /* new memory is zeroed */
    int old = cap;
    CHECK_INT(seam_array_reserve(&v, &cap, old + 1, sizeof *v), 0);
    CHECK(cap > old);
    CHECK_INT(v[cap - 1], 0);
    free(v);
}

static void test_find(void)
{
    seam_model m;
    seam_model_init(&m);
    const char *paths[] = {"a.c", "b/c.c", "b/d.h"};
    CHECK_INT(seam_array_reserve(&m.files, &(int){0}, 3, sizeof *m.files), 0);
    for (int i = 0; i < 3; i++)
        m.files[i].path = seam_strdup(paths[i]);
    m.nfiles = 3;
    CHECK_INT(seam_model_find_file(&m, "a.c"), 0);
    CHECK_INT(seam_model_find_file(&m, "b/d.h"), 2);
    CHECK_INT(seam_model_find_file(&m, "b/e.h"), -1);

    m.schema.tables = calloc(2, sizeof *m.schema.tables);
    m.schema.tables[0].name = seam_strdup("Customers");
    m.schema.tables[1].name = seam_strdup("orders");
    m.schema.ntables = 2;
    CHECK_INT(seam_schema_find_table(&m.schema, "customers"), 0);
    CHECK_INT(seam_schema_find_table(&m.schema, "ORDERS"), 1);
    CHECK_INT(seam_schema_find_table(&m.schema, "order"), -1);
    seam_model_free(&m);
    CHECK(m.files == NULL && m.nfiles == 0);
    seam_model_free(NULL);
}

static void test_err(void)
{
    seam_err e;
    seam_err_clear(&e);
    CHECK_INT(seam_err_set(&e, SEAM_EIO, "cannot open '%s'", "x.db"), SEAM_EIO);
    CHECK_STR(e.msg, "cannot open 'x.db'");
    CHECK_INT(e.code, SEAM_EIO);
    /* One line whatever the message quotes (SQLite's error for a token that runs over lines). */
    seam_err_set(&e, SEAM_EINPUT, "x.sql:19: unrecognized token: \"%s\"", "'a,\n  b\r\nc");
    CHECK_STR(e.msg, "x.sql:19: unrecognized token: \"'a,   b  c\"");
    /* Cut to the buffer, still terminated. */
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    seam_err_set(&e, SEAM_EIO, "%s", big);
    CHECK_INT(strlen(e.msg), sizeof e.msg - 1);
    char *s = seam_printf("%d-%s", 7, "x");
    CHECK_STR(s, "7-x");
    free(s);
}

/* A SQL site of function 0 in file 0 at line, with table (or none). */
static void site_add(seam_model *m, int line, const char *table)
{
    CHECK_INT(seam_array_reserve(&m->sql_sites, &(int){m->nsql_sites}, m->nsql_sites + 1,
                                 sizeof *m->sql_sites),
              0);
    seam_sql_site *s = &m->sql_sites[m->nsql_sites++];
    s->line = line;
    s->sql = seam_strdup("select 1");
    s->confidence = seam_strdup("high");
    if (table) {
        s->tables = calloc(1, sizeof *s->tables);
        s->tables[0] = (seam_table_ref){seam_strdup(table), SEAM_READ};
        s->ntables = 1;
    }
}

/*
 * A table-name helper's statement (no table of its own) is resolved when a
 * caller's site that names a table is sent from it; a caller's site with no
 * table of its own resolves nothing.
 */
static void test_coverage_at_callers(void)
{
    seam_model m;
    seam_model_init(&m);
    m.files = calloc(1, sizeof *m.files);
    m.files[0].path = seam_strdup("db.c");
    m.nfiles = 1;
    site_add(&m, 10, NULL);     /* 0: the helper's "select ... from %1$s" */
    site_add(&m, 20, NULL);     /* 1: another helper's, whose caller names nothing */
    site_add(&m, 30, "events"); /* 2: a caller of helper 0 */
    site_add(&m, 40, NULL);     /* 3: a caller of helper 1, unresolved itself */
    site_add(&m, 50, NULL);     /* 4: an ordinary unresolved site */
    m.sql_sites[2].has_sent = 1, m.sql_sites[2].sent_line = 10;
    m.sql_sites[3].has_sent = 1, m.sql_sites[3].sent_line = 20;
    seam_err err;
    CHECK_INT(seam_coverage_compute(&m, &err), 0);
    CHECK_INT(m.coverage.sql_sites, 5);
    CHECK_INT(m.coverage.resolved, 2);
    CHECK_INT(m.coverage.at_callers, 1);
    CHECK_INT(m.coverage.unresolved, 3);
    CHECK_INT(m.coverage.nunresolved_sites, 3);
    if (m.coverage.nunresolved_sites == 3) {
        CHECK_INT(m.coverage.unresolved_sites[0], 1);
        CHECK_INT(m.coverage.unresolved_sites[1], 3);
        CHECK_INT(m.coverage.unresolved_sites[2], 4);
    }
    /* a sender at another file's line is not this one */
    m.sql_sites[2].sent_file = 1;
    CHECK_INT(seam_coverage_compute(&m, &err), 0);
    CHECK_INT(m.coverage.at_callers, 0);
    CHECK_INT(m.coverage.resolved, 1);
    seam_model_free(&m);
}

int main(void)
{
    test_coverage_at_callers();
    test_array_reserve();
    test_find();
    test_err();
    return check_finish();
}
