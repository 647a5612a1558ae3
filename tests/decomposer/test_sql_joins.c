/*
 * sql_resolver_joins (sql/sql_joins.c): the column equalities that join two
 * tables, from real SQL shapes, as the decomposer's implied foreign keys
 * need them.
 */
#include "check.h"
#include "sql.h"
#include "synth.h"

/* Finds joins and checks them against "lt.lc=rt.rc" strings, in order. */
static void expect(const char *sql, const seam_schema *schema, const char *const *want, int nwant)
{
    sql_join *j = NULL;
    int n = -1;
    seam_err err;
    sql_resolver *r = NULL;
    CHECK_INT(sql_resolver_new(&r, schema, &err), 0);
    CHECK_INT(sql_resolver_joins(r, sql, &j, &n, &err), 0);
    sql_resolver_free(r);
    CHECK_INT(n, nwant);
    for (int i = 0; i < n && i < nwant; i++) {
        char *got = seam_printf("%s.%s=%s.%s", j[i].left_table, j[i].left_column, j[i].right_table,
                                j[i].right_column);
        CHECK_STR(got, want[i]);
        free(got);
    }
    if (n != nwant)
        fprintf(stderr, "  in: %s\n", sql);
    sql_joins_free(j, n);
}

static void test_shapes(void)
{
    const char *on[] = {"customers.id=orders.customer_id"};
    expect("SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id", NULL, on, 1);
    /* Sides ordered by (table, column) whatever the text's order; constants are not joins. */
    expect("SELECT * FROM orders JOIN customers ON orders.customer_id = customers.id "
           "AND orders.status = 'x'",
           NULL, on, 1);
    const char *where[] = {"a.x=b.y"};
    expect("SELECT 1 FROM a, b WHERE a.x = b.y AND a.z = 3", NULL, where, 1);
    const char *using[] = {"a.k=b.k"};
    expect("SELECT 1 FROM a JOIN b USING (k)", NULL, using, 1);
    const char *sub[] = {"orders.id=payments.order_id"};
    expect("SELECT * FROM orders o WHERE EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)",
           NULL, sub, 1);
    /* A CTE is not a table; a table joined to itself is no foreign key between two. */
    expect("WITH t AS (SELECT * FROM a) SELECT * FROM t JOIN b ON b.id = t.b_id", NULL, NULL, 0);
    expect("SELECT * FROM categories p JOIN categories k ON k.parent_id = p.id", NULL, NULL, 0);
    /* C-side placeholders are masked as for the resolver. */
    const char *ph[] = {"a.id=b.a_id"};
    expect("SELECT * FROM a JOIN b ON a.id = b.a_id WHERE a.x = ? AND b.y = %d AND b.z = :z", NULL,
           ph, 1);
    expect("UPDATE a SET x = 1 FROM b WHERE a.id = b.a_id", NULL, ph, 1);
    expect("DELETE FROM a USING b WHERE b.a_id = a.id", NULL, ph, 1);
    const char *qual[] = {"customers.id=sales.orders.cid"};
    expect("SELECT * FROM sales.orders o JOIN public.customers c ON o.cid = c.id", NULL, qual, 1);
    /* Several statements, and the same equality twice: listed once. */
    const char *two[] = {"a.id=b.a_id", "c.id=d.c_id"};
    expect("SELECT * FROM a JOIN b ON a.id = b.a_id; SELECT * FROM d JOIN c ON c.id = d.c_id; "
           "SELECT * FROM b JOIN a ON b.a_id = a.id",
           NULL, two, 2);
    /* Nonsense is no error, just nothing. */
    expect("this is not SQL at all", NULL, NULL, 0);
    expect(NULL, NULL, NULL, 0);
}

/* Unqualified columns resolve through the schema when one table in scope has them. */
static void test_unqualified(void)
{
    seam_model m;
    seam_model_init(&m);
    synth_table(&m, "a");
    synth_table(&m, "b");
    seam_table *a = &m.schema.tables[0], *b = &m.schema.tables[1];
    a->columns = calloc(2, sizeof *a->columns);
    a->columns[0].name = seam_strdup("id");
    a->columns[1].name = seam_strdup("name");
    a->ncolumns = 2;
    b->columns = calloc(2, sizeof *b->columns);
    b->columns[0].name = seam_strdup("a_id");
    b->columns[1].name = seam_strdup("note");
    b->ncolumns = 2;
    const char *want[] = {"a.id=b.a_id"};
    expect("SELECT * FROM a JOIN b ON id = a_id", &m.schema, want, 1);
    expect("SELECT * FROM a JOIN b ON id = a_id", NULL, NULL, 0);
    /* Schema spelling wins: "A" in the text is the schema's "a". */
    expect("SELECT * FROM A JOIN B ON A.id = B.a_id", &m.schema, want, 1);
    seam_model_free(&m);
}

int main(void)
{
    test_shapes();
    test_unqualified();
    return check_finish();
}
