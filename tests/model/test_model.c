/* Unit tests for model/: arrays, lookups, errors, freeing. */
#include "check.h"
#include "model.h"

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

int main(void)
{
    test_array_reserve();
    test_find();
    test_err();
    return check_finish();
}
