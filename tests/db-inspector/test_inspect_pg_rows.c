/*
 * test_inspect_pg_rows.c - turning INSPECT_PG_SQL_TABLES's rows into tables, without
 * a server.
 *
 * The tables query sends its rows unordered (the server's sort of 60,000
 * columns cost a third of the query); inspect_pg_rows_tables orders them as
 * ORDER BY ns.nspname, r.oid, a.attnum would. A PGresult is built by hand
 * (libpq's PQmakeEmptyPGresult/PQsetvalue) with rows in the order a hash
 * join might send them, and the schema list, the tables and their columns
 * must come out as if sorted: schemas by name (bytewise, as a name
 * compares), each table's columns by attnum (10 after 9, not after 1), a
 * table without columns and a schema without tables kept.
 */
#include "check.h"
#include "inspect_pg_internal.h"

#include <libpq-fe.h>

enum { NCOLS = 14 };

/* One row: nspname, oid, name, attname, type, notnull, identity, generated,
 * table comment, column comment, rows, bytes, parts, attnum (NULL = NULL). */
typedef struct row {
    const char *v[NCOLS];
} row;

static PGresult *result(const row *rows, int n)
{
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    static const char *names[NCOLS] = {"nspname", "oid",   "name",  "attname", "format_type",
                                       "notnull", "ident", "gen",   "tdesc",   "cdesc",
                                       "rows",    "bytes", "parts", "attnum"};
    PGresAttDesc attrs[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        attrs[c] =
            (PGresAttDesc){.name = (char *)names[c], .typid = 25, .typlen = -1, .atttypmod = -1};
    if (!r || !PQsetResultAttrs(r, NCOLS, attrs)) {
        PQclear(r);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        for (int c = 0; c < NCOLS; c++) {
            const char *v = rows[i].v[c];
            if (!PQsetvalue(r, i, c, (char *)v, v ? (int)strlen(v) : -1)) {
                PQclear(r);
                return NULL;
            }
        }
    return r;
}

#define COL(nsp, oid, name, att, num, tdesc)                                                       \
    {                                                                                              \
        {                                                                                          \
            nsp, oid, name, att, "integer", "f", "", "", tdesc, NULL, "5", "8192", NULL, num       \
        }                                                                                          \
    }

static void test_unordered_rows(void)
{
    /*
     * Schemas "Zed", "public", "sales" and "empty" (no tables), "sales.a"
     * with columns 1, 2, 9, 10 shuffled, "orders" (oid 900) before
     * "customer" (oid 1000) in oid order, "sales.none" without columns.
     */
    static const row rows[] = {
        COL("sales", "2001", "sales.a", "ten", "10", "about a"),
        COL("public", "1000", "customer", "id", "1", NULL),
        COL("sales", "2001", "sales.a", "one", "1", "about a"),
        {{"empty", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}},
        COL("public", "900", "orders", "total", "3", NULL),
        COL("sales", "2001", "sales.a", "nine", "9", "about a"),
        {{"sales", "2002", "sales.none", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "-1", "0", NULL,
          NULL}},
        COL("public", "900", "orders", "id", "1", NULL),
        COL("Zed", "3000", "Zed.t", "x", "1", NULL),
        COL("sales", "2001", "sales.a", "two", "2", "about a"),
        COL("public", "1000", "customer", "name", "2", NULL),
    };
    int n = (int)(sizeof rows / sizeof *rows);
    PGresult *r = result(rows, n);
    CHECK(r != NULL);
    if (!r)
        return;
    seam_schema s = {0};
    CHECK_INT(inspect_pg_rows_tables(r, &s), SEAM_OK);
    PQclear(r);

    /* bytewise: "Zed" < "empty" < "public" < "sales" */
    CHECK_INT(s.nschemas, 4);
    if (s.nschemas == 4) {
        CHECK_STR(s.schemas[0], "Zed");
        CHECK_STR(s.schemas[1], "empty");
        CHECK_STR(s.schemas[2], "public");
        CHECK_STR(s.schemas[3], "sales");
    }
    /* tables in schema, then oid order (inspect_schema_tables_sort sorts by name later) */
    static const char *tables[] = {"Zed.t", "orders", "customer", "sales.a", "sales.none"};
    CHECK_INT(s.ntables, 5);
    for (int i = 0; i < s.ntables && i < 5; i++)
        CHECK_STR(s.tables[i].name, tables[i]);
    if (s.ntables == 5) {
        const seam_table *a = &s.tables[3], *none = &s.tables[4], *orders = &s.tables[1];
        static const char *cols[] = {"one", "two", "nine", "ten"};
        CHECK_INT(a->ncolumns, 4);
        for (int i = 0; i < a->ncolumns && i < 4; i++)
            CHECK_STR(a->columns[i].name, cols[i]);
        CHECK_STR(a->comment, "about a");
        CHECK(a->has_estimates && a->row_estimate == 5 && a->size_bytes == 8192);
        CHECK_INT(none->ncolumns, 0);
        CHECK(none->has_estimates && none->row_estimate == -1);
        CHECK(orders->ncolumns == 2 && !strcmp(orders->columns[0].name, "id") &&
              !strcmp(orders->columns[1].name, "total"));
    }
    seam_schema_free(&s);
}

/* No rows (a database without user schemas): nothing, and no failure. */
static void test_no_rows(void)
{
    PGresult *r = result(NULL, 0);
    CHECK(r != NULL);
    seam_schema s = {0};
    CHECK_INT(inspect_pg_rows_tables(r, &s), SEAM_OK);
    CHECK(s.nschemas == 0 && s.ntables == 0);
    PQclear(r);
    seam_schema_free(&s);
}

int main(void)
{
    test_unordered_rows();
    test_no_rows();
    return check_finish();
}
