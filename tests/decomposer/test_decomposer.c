/* Unit tests for decomposer_run on synthetic models (see shop_model.h). */
#include "check.h"
#include "decomposer.h"
#include "shop_model.h"
#include "system_read.h"

static const seam_service *find_service(const seam_model *m, const char *name)
{
    for (int i = 0; i < m->nservices; i++)
        if (strcmp(m->services[i].name, name) == 0)
            return &m->services[i];
    return NULL;
}

static const seam_service *owner_of(const seam_model *m, const char *table)
{
    const seam_service *owner = NULL;
    int owners = 0;
    for (int i = 0; i < m->nservices; i++)
        for (int t = 0; t < m->services[i].ntables; t++)
            if (strcmp(m->services[i].tables[t], table) == 0) {
                owner = &m->services[i];
                owners++;
            }
    return owners == 1 ? owner : NULL;
}

static void check_strv(char **got, int ngot, const char *const *want, int nwant)
{
    CHECK_INT(ngot, nwant);
    for (int i = 0; i < ngot && i < nwant; i++)
        CHECK_STR(got[i], want[i]);
}

static void run_shop(seam_model *m)
{
    seam_err err;
    seam_err_clear(&err);
    shop_model(m);
    decomposer_options o;
    decomposer_options_init(&o);
    int rc = decomposer_run(m, &o, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "decomposer_run: %s\n", err.msg);
}

static void test_domains(void)
{
    seam_model m;
    run_shop(&m);
    /* Each domain's modules together, different domains apart. */
    const seam_service *o = synth_service_of(&m, "src/orders.c");
    const seam_service *i = synth_service_of(&m, "src/inventory.c");
    const seam_service *c = synth_service_of(&m, "src/customers.c");
    CHECK(o && i && c);
    CHECK(o != i && i != c && o != c);
    CHECK(synth_service_of(&m, "src/orders.h") == o);
    CHECK(synth_service_of(&m, "src/cart.c") == o);
    CHECK(synth_service_of(&m, "src/inventory.h") == i);
    CHECK(synth_service_of(&m, "src/products.c") == i);
    CHECK(synth_service_of(&m, "src/customers.h") == c);
    CHECK(synth_service_of(&m, "src/addresses.c") == c);
    /* Names come from the code, not "cluster 3". */
    if (o && i && c) {
        CHECK_STR(o->name, "orders");
        CHECK_STR(i->name, "products");
        CHECK_STR(c->name, "customers");
        CHECK_INT(o->kind, SEAM_SERVICE_KIND_SERVICE);
        CHECK(o->reason == NULL);
        const char *of[] = {"src/cart.c", "src/orders.c", "src/orders.h"};
        check_strv(o->files, o->nfiles, of, 3);
    }
    /* Sorted by name: customers, main (the entry point, driving no one service most: a
     * gateway), orders, products, shared (legacy_stuff is no service). */
    CHECK_INT(m.nservices, 5);
    const seam_service *gw = find_service(&m, "main");
    CHECK(gw && gw->kind == SEAM_SERVICE_KIND_SERVICE && gw->nfiles == 1 &&
          strcmp(gw->files[0], "src/main.c") == 0);
    for (int k = 1; k < m.nservices; k++)
        CHECK(strcmp(m.services[k - 1].name, m.services[k].name) < 0);
    seam_model_free(&m);
}

static void test_shared_library(void)
{
    seam_model m;
    run_shop(&m);
    const seam_service *s = find_service(&m, "shared");
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(s->kind, SEAM_SERVICE_KIND_SHARED_LIBRARY);
        /* the entry point is never a library (it is the gateway above) */
        const char *files[] = {"src/db.c", "src/db.h", "src/log.c", "src/log.h", "src/types.h"};
        check_strv(s->files, s->nfiles, files, 5);
        CHECK_INT(s->ntables, 0);
        CHECK(s->reason != NULL);
        if (s->reason) {
            /* log: addresses, cart, customers, inventory, orders, products, db, main. */
            CHECK(strstr(s->reason, "src/log.c: called from 8 of 9 other modules, calls 0 that "
                                    "are no library, writes no table"));
            CHECK(strstr(s->reason, "src/db.c: called from 7 of 9 other modules"));
            CHECK(!strstr(s->reason, "src/main.c"));
            CHECK(strstr(s->reason, "src/types.h: isolated"));
        }
    }
    seam_model_free(&m);
}

static void test_tables(void)
{
    seam_model m;
    run_shop(&m);
    /* Every table code reaches has exactly one owner, and writers own. */
    const char *tables[] = {"addresses", "audit_log",   "cart_items", "coupons", "customers",
                            "order_items", "orders",    "products",   "reviews", "stock"};
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++)
        CHECK(owner_of(&m, tables[k]) != NULL);
    int total = 0;
    for (int k = 0; k < m.nservices; k++)
        total += m.services[k].ntables;
    CHECK_INT(total, 10);

    const seam_service *o = find_service(&m, "orders"), *i = find_service(&m, "products");
    const seam_service *c = find_service(&m, "customers");
    CHECK(o && i && c);
    if (!(o && i && c)) {
        seam_model_free(&m);
        return;
    }
    /* audit_log is known only from SQL; coupons is untouched but references orders. */
    const char *ot[] = {"audit_log", "cart_items", "coupons", "order_items", "orders"};
    check_strv(o->tables, o->ntables, ot, 5);
    /* products is read by orders but written by inventory's products.c; reviews is written once
     * by customers and once by products, and products.c also reads it. */
    const char *it[] = {"products", "reviews", "stock"};
    check_strv(i->tables, i->ntables, it, 3);
    const char *ct[] = {"addresses", "customers"};
    check_strv(c->tables, c->ntables, ct, 2);
    /* Nothing reaches legacy_stuff: no service, listed as unowned. */
    CHECK(find_service(&m, "legacy_stuff") == NULL && owner_of(&m, "legacy_stuff") == NULL);
    CHECK_INT(m.nunowned_tables, 1);
    if (m.nunowned_tables == 1) {
        CHECK_STR(m.unowned_tables[0].table, "legacy_stuff");
        CHECK_STR(m.unowned_tables[0].reason, "no code reaches it");
    }
    seam_model_free(&m);
}

static void test_metrics(void)
{
    seam_model m;
    run_shop(&m);
    CHECK_INT(m.metrics.services, 4);
    CHECK_INT(m.metrics.internal_calls, 11);
    /* 3 between domains, and the gateway's dispatch calls into the three services */
    CHECK_INT(m.metrics.cross_service_calls, 8);
    /* cart_items -> products, order_items -> products, orders -> customers. */
    CHECK_INT(m.metrics.cross_service_fks, 3);
    /* products (orders and products), reviews (customers and products). */
    CHECK_INT(m.metrics.shared_tables, 2);
    CHECK(m.metrics.modularity > 0.3 && m.metrics.modularity < 1.0);
    seam_model_free(&m);
}

/* 1 when any service's tables or tables read name name. */
static int anywhere(const seam_model *m, const char *name)
{
    for (int i = 0; i < m->nservices; i++) {
        for (int t = 0; t < m->services[i].ntables; t++)
            if (strcmp(m->services[i].tables[t], name) == 0)
                return 1;
        for (int t = 0; t < m->services[i].ntables_read; t++)
            if (strcmp(m->services[i].tables_read[t], name) == 0)
                return 1;
    }
    return 0;
}

/*
 * The database's own catalogs, however spelled, are system reads: one record per object
 * with the sites reading it, never owned, read or planned; the application table next to
 * them in the same statement is owned as before.
 */
static void test_system_reads(void)
{
    seam_model m;
    shop_model(&m);
    int a = synth_sql(&m, "inventory_level", "SELECT ... FROM pg_catalog.pg_class JOIN inventory",
                      "pg_catalog.pg_class", SEAM_READ, "inventory", SEAM_READ, NULL);
    int b = synth_sql(&m, "customers_get", "SELECT ... FROM pg_class", "pg_class", SEAM_READ, NULL);
    int c = synth_sql(&m, "addresses_list", "SELECT ... FROM information_schema.columns",
                      "information_schema.columns", SEAM_READ, NULL);
    int d = synth_sql(&m, "cart_add", "SELECT ... FROM sqlite_master, sqlite_schema",
                      "main.sqlite_schema", SEAM_READ, "sqlite_master", SEAM_READ, NULL);
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);

    CHECK_INT(m.nsystem_reads, 3);
    const char *names[] = {"information_schema.columns", "pg_catalog.pg_class", "sqlite_master"};
    const int sites[][2] = {{c, -1}, {a, b}, {d, -1}};
    for (int i = 0; i < 3 && i < m.nsystem_reads; i++) {
        const seam_system_read *r = &m.system_reads[i];
        CHECK_STR(r->name, names[i]);
        CHECK_INT(r->nsites, sites[i][1] < 0 ? 1 : 2);
        for (int k = 0; k < r->nsites && k < 2; k++)
            CHECK_INT(r->sites[k], sites[i][k]);
    }
    /* Out of the sites' tables, the application table kept. */
    CHECK_INT(m.sql_sites[a].ntables, 1);
    if (m.sql_sites[a].ntables == 1)
        CHECK_STR(m.sql_sites[a].tables[0].table, "inventory");
    CHECK_INT(m.sql_sites[b].ntables, 0);
    CHECK_INT(m.sql_sites[d].ntables, 0);
    const char *spellings[] = {"pg_class", "pg_catalog.pg_class", "information_schema.columns",
                               "sqlite_master", "sqlite_schema", "main.sqlite_schema"};
    for (int i = 0; i < 6; i++)
        CHECK(!anywhere(&m, spellings[i]));
    CHECK(owner_of(&m, "inventory") != NULL);

    /* Folding again (seam decompose over this model.json) changes nothing. */
    CHECK_INT(seam_system_read_fold(&m, &err), 0);
    CHECK_INT(m.nsystem_reads, 3);
    if (m.nsystem_reads == 3)
        CHECK_INT(m.system_reads[1].nsites, 2);
    seam_model_free(&m);

    /* An unqualified pg_* name the schema holds is the application's table. */
    seam_model_init(&m);
    synth_table(&m, "pg_notes");
    char *name = (char *)"x";
    CHECK_INT(seam_system_read_name("pg_notes", &m.schema, &name), 0);
    CHECK(name == NULL);
    CHECK_INT(seam_system_read_name("pg_type", &m.schema, &name), 0);
    CHECK_STR(name, "pg_catalog.pg_type");
    free(name);
    CHECK_INT(seam_system_read_name("public.pg_type", &m.schema, &name), 0);
    CHECK(name == NULL);
    /* Without the list of schemas read, a qualified name is no system object by its schema. */
    CHECK_INT(seam_system_read_name("timescaledb_information.jobs", &m.schema, &name), 0);
    CHECK(name == NULL);
    /* With it: a schema the database does not hold is an extension's or another database's. */
    m.schema.schemas = calloc(2, sizeof *m.schema.schemas);
    m.schema.schemas[0] = seam_strdup("public");
    m.schema.schemas[1] = seam_strdup("sales");
    m.schema.nschemas = 2;
    CHECK_INT(seam_system_read_name("timescaledb_information.jobs", &m.schema, &name), 0);
    CHECK_STR(name, "timescaledb_information.jobs");
    free(name);
    CHECK_INT(seam_system_read_name("sales.orders", &m.schema, &name), 0);
    CHECK(name == NULL);
    CHECK_INT(seam_system_read_name("public.orders", &m.schema, &name), 0);
    CHECK(name == NULL);
    seam_model_free(&m);
}

static int same_strv(char **a, int na, char **b, int nb)
{
    if (na != nb)
        return 0;
    for (int i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return 1;
}

static void test_deterministic(void)
{
    seam_model a, b;
    run_shop(&a);
    run_shop(&b);
    CHECK_INT(a.nservices, b.nservices);
    for (int i = 0; i < a.nservices && i < b.nservices; i++) {
        CHECK_STR(a.services[i].name, b.services[i].name);
        CHECK(same_strv(a.services[i].files, a.services[i].nfiles, b.services[i].files,
                        b.services[i].nfiles));
        CHECK(same_strv(a.services[i].tables, a.services[i].ntables, b.services[i].tables,
                        b.services[i].ntables));
    }
    CHECK(memcmp(&a.metrics, &b.metrics, sizeof a.metrics) == 0);
    seam_model_free(&a);
    seam_model_free(&b);
}

/* The domains are plain enough that a fixed resolution or another seed finds them too. */
static void test_options(void)
{
    unsigned seeds[] = {7, 12345};
    double resolutions[] = {1.0, 0};
    for (int k = 0; k < 2; k++) {
        seam_model m;
        seam_err err;
        shop_model(&m);
        decomposer_options o;
        decomposer_options_init(&o);
        o.seed = seeds[k];
        o.resolution = resolutions[k];
        CHECK_INT(decomposer_run(&m, &o, &err), 0);
        CHECK(find_service(&m, "orders") && find_service(&m, "products") &&
              find_service(&m, "customers"));
        CHECK(synth_service_of(&m, "src/cart.c") == find_service(&m, "orders"));
        CHECK(synth_service_of(&m, "src/products.c") == find_service(&m, "products"));
        CHECK(synth_service_of(&m, "src/addresses.c") == find_service(&m, "customers"));
        seam_model_free(&m);
    }
    /* NULL options mean the defaults. */
    seam_model m;
    seam_err err;
    shop_model(&m);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK_INT(m.metrics.services, 4);
    seam_model_free(&m);
}

/* A schema and no code: no service, every table unowned, nothing to move. */
static void test_schema_only(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    synth_table(&m, "a");
    synth_table(&m, "b");
    synth_table(&m, "c");
    synth_fk(&m, "fk_b_a", "b", "a_id", "a", "id");
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK_INT(m.nservices, 0);
    CHECK_INT(m.nunowned_tables, 3);
    for (int i = 0; i < m.nunowned_tables && i < 3; i++)
        CHECK_STR(m.unowned_tables[i].table, i == 0 ? "a" : i == 1 ? "b" : "c");
    CHECK_INT(m.metrics.cross_service_fks, 0);
    CHECK_INT(m.nplan, 0);
    seam_model_free(&m);

    /* Nothing at all: nothing to propose, and no failure. */
    seam_model_init(&m);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK_INT(m.nservices, 0);
    CHECK_INT(m.nplan, 0);
    CHECK_INT(m.metrics.services, 0);
    seam_model_free(&m);
}

/*
 * Naming: a directory used by one service alone names it; otherwise the table
 * it writes; otherwise the module driving the others (it calls them); a clash
 * gets "-2"; "shared" stays the libraries'.
 */
static void test_names(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *files[] = {"billing/invoice.c", "billing/tax.c", "lib/util.c", "x/orders.c",
                           "x/shared.c",        "y/fees.c",      "y/orders.c", "z/ship.c"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        synth_file(&m, files[i]);
    synth_fn(&m, "billing/invoice.c", "invoice_make");
    synth_fn(&m, "billing/tax.c", "tax_rate");
    synth_fn(&m, "lib/util.c", "util_fmt");
    synth_fn(&m, "x/orders.c", "xo");
    synth_fn(&m, "x/shared.c", "xs");
    synth_fn(&m, "y/fees.c", "yf");
    synth_fn(&m, "y/orders.c", "yo");
    synth_fn(&m, "z/ship.c", "zs");
    synth_call(&m, "invoice_make", "tax_rate", 3);
    /* x/orders.c with y/fees.c: no directory of their own. */
    synth_call(&m, "xo", "yf", 3);
    /* y/orders.c with z/ship.c: again "orders", the module calling the other. */
    synth_call(&m, "yo", "zs", 3);
    /* x/shared.c with a table of its own, whose name it takes. */
    synth_sql(&m, "xs", "INSERT INTO shared", "shared", SEAM_WRITE, NULL);
    const char *callers[] = {"invoice_make", "tax_rate", "xo", "yf", "yo", "zs"};
    for (size_t i = 0; i < sizeof callers / sizeof callers[0]; i++)
        synth_call(&m, callers[i], "util_fmt", 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *b = synth_service_of(&m, "billing/invoice.c");
    CHECK(b && strcmp(b->name, "billing") == 0 && synth_service_of(&m, "billing/tax.c") == b);
    const seam_service *s = synth_service_of(&m, "lib/util.c");
    CHECK(s && strcmp(s->name, "shared") == 0 && s->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY);
    const seam_service *xs = synth_service_of(&m, "x/shared.c");
    CHECK(xs && strcmp(xs->name, "shared-2") == 0);
    const seam_service *xo = synth_service_of(&m, "x/orders.c"),
                       *yo = synth_service_of(&m, "y/orders.c");
    CHECK(xo && yo && xo != yo);
    CHECK(xo && synth_service_of(&m, "y/fees.c") == xo);
    CHECK(yo && synth_service_of(&m, "z/ship.c") == yo);
    /* Services are numbered by their first module: x/orders.c comes before y/orders.c. */
    CHECK(xo && strcmp(xo->name, "orders") == 0);
    CHECK(yo && strcmp(yo->name, "orders-2") == 0);
    seam_model_free(&m);
}

/*
 * Ownership ties: table t is written once by a.c and once by b.c, read by neither.
 * With an FK from t to b's table, FK affinity gives it to b; without, the name does (a).
 */
static void tie_model(seam_model *m, int with_fk)
{
    seam_model_init(m);
    synth_file(m, "a.c");
    synth_file(m, "b.c");
    synth_fn(m, "a.c", "fa");
    synth_fn(m, "b.c", "fb");
    synth_sql(m, "fa", "INSERT INTO ta", "ta", SEAM_WRITE, NULL);
    synth_sql(m, "fa", "UPDATE ta", "ta", SEAM_WRITE, NULL);
    synth_sql(m, "fb", "INSERT INTO tb", "tb", SEAM_WRITE, NULL);
    synth_sql(m, "fb", "UPDATE tb", "tb", SEAM_WRITE, NULL);
    synth_sql(m, "fa", "INSERT INTO t", "t", SEAM_WRITE, NULL);
    synth_sql(m, "fb", "UPDATE t", "t", SEAM_WRITE, NULL);
    synth_table(m, "t");
    synth_table(m, "ta");
    synth_table(m, "tb");
    if (with_fk)
        synth_fk(m, "fk_t_tb", "t", "tb_id", "tb", "id");
}

static void test_ownership_ties(void)
{
    for (int with_fk = 0; with_fk <= 1; with_fk++) {
        seam_model m;
        seam_err err;
        tie_model(&m, with_fk);
        CHECK_INT(decomposer_run(&m, NULL, &err), 0);
        const seam_service *a = synth_service_of(&m, "a.c"), *b = synth_service_of(&m, "b.c");
        CHECK(a && b && a != b);
        CHECK(owner_of(&m, "ta") == a);
        CHECK(owner_of(&m, "tb") == b);
        CHECK(owner_of(&m, "t") == (with_fk ? b : a));
        /* t is written from both services. */
        CHECK_INT(m.metrics.shared_tables, 1);
        CHECK_INT(m.metrics.cross_service_fks, 0);
        seam_model_free(&m);
    }
}

/* SQL reading a view reads the view's base tables; the view itself is nobody's table. */
static void test_views(void)
{
    seam_model m;
    seam_err err;
    tie_model(&m, 0);
    synth_file(&m, "r.c");
    synth_fn(&m, "r.c", "fr");
    synth_sql(&m, "fr", "SELECT * FROM v", "v", SEAM_READ, NULL);
    m.schema.views = calloc(1, sizeof *m.schema.views);
    m.schema.nviews = 1;
    m.schema.views[0].name = seam_strdup("v");
    m.schema.views[0].tables = calloc(2, sizeof(char *));
    m.schema.views[0].tables[0] = seam_strdup("ta");
    m.schema.views[0].tables[1] = seam_strdup("tb");
    m.schema.views[0].ntables = 2;
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    for (int i = 0; i < m.nservices; i++)
        for (int t = 0; t < m.services[i].ntables; t++)
            CHECK(strcmp(m.services[i].tables[t], "v") != 0);
    CHECK(owner_of(&m, "ta") == synth_service_of(&m, "a.c"));
    CHECK(owner_of(&m, "tb") == synth_service_of(&m, "b.c"));
    /* r.c reads ta and tb through the view: ties to both base tables, none to the view, and
     * a module alone is no service, so it sits with a or b. */
    const seam_service *r = synth_service_of(&m, "r.c");
    CHECK(r && (r == synth_service_of(&m, "a.c") || r == synth_service_of(&m, "b.c")));
    seam_model_free(&m);
}

static void test_bad_input(void)
{
    seam_model m;
    seam_err err;
    shop_model(&m);
    m.calls[0].callee = 9999;
    CHECK_INT(decomposer_run(&m, NULL, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "call 0") != NULL);
    CHECK_INT(m.nservices, 0);
    CHECK_INT(m.nplan, 0);
    seam_model_free(&m);

    shop_model(&m);
    m.sql_sites[2].file = -1;
    CHECK_INT(decomposer_run(&m, NULL, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "SQL site 2") != NULL);
    seam_model_free(&m);

    /* Missing names are skipped, not dereferenced. */
    shop_model(&m);
    free(m.sql_sites[0].tables[0].table);
    m.sql_sites[0].tables[0].table = NULL;
    free(m.schema.foreign_keys[0].to_table);
    m.schema.foreign_keys[0].to_table = NULL;
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK(synth_service_of(&m, "src/orders.c") != NULL);
    seam_model_free(&m);

    /* A second run over an already decomposed model is refused. */
    run_shop(&m);
    CHECK_INT(decomposer_run(&m, NULL, &err), SEAM_EUSAGE);
    CHECK_INT(m.nservices, 5);
    seam_model_free(&m);
    CHECK_INT(decomposer_run(NULL, NULL, &err), SEAM_EUSAGE);
}

int main(void)
{
    test_domains();
    test_shared_library();
    test_tables();
    test_metrics();
    test_deterministic();
    test_options();
    test_schema_only();
    test_names();
    test_ownership_ties();
    test_views();
    test_bad_input();
    test_system_reads();
    return check_finish();
}
