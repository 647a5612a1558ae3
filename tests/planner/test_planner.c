/*
 * Unit tests for planner/: the staged split plan of the synthetic shop
 * (tests/decomposer/shop_model.h) after the decomposer proposed its services.
 */
#include "check.h"
#include "decomposer.h"
#include "planner.h"
#include "shop_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shop decomposed, as a PostgreSQL schema, planned. */
static void planned_shop(seam_model *m, seam_dialect dialect)
{
    seam_err err;
    shop_model(m);
    m->schema.dialect = dialect;
    CHECK_INT(decomposer_run(m, NULL, &err), 0);
    CHECK_INT(planner_run(m, &err), 0);
}

static int step_of(const seam_model *m, const char *id)
{
    for (int i = 0; i < m->nplan; i++)
        if (strcmp(m->plan[i].id, id) == 0)
            return i;
    return -1;
}

static int count_kind(const seam_model *m, const char *kind)
{
    int n = 0;
    for (int i = 0; i < m->nplan; i++)
        n += strcmp(m->plan[i].kind, kind) == 0;
    return n;
}

static const seam_service *owner(const seam_model *m, const char *table)
{
    for (int s = 0; s < m->nservices; s++)
        for (int k = 0;
             m->services[s].kind == SEAM_SERVICE_KIND_SERVICE && k < m->services[s].ntables; k++)
            if (strcmp(m->services[s].tables[k], table) == 0)
                return &m->services[s];
    return NULL;
}

/* Stages in order, numbered 1..n, every dependency an earlier step. */
static void test_order(void)
{
    seam_model m;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    CHECK(m.nplan > 0);
    CHECK_INT(m.plan_version, SEAM_PLAN_VERSION);
    for (int i = 0; i < m.nplan; i++) {
        CHECK_INT(m.plan[i].order, i + 1);
        CHECK(i == 0 || m.plan[i].stage >= m.plan[i - 1].stage);
        CHECK(m.plan[i].rationale && *m.plan[i].rationale);
        CHECK(m.plan[i].risk && *m.plan[i].risk);
        /* a step with no SQL says why */
        CHECK(m.plan[i].sql || m.plan[i].sql_note);
        for (int k = 0; k < m.plan[i].ndepends_on; k++) {
            int d = step_of(&m, m.plan[i].depends_on[k]);
            CHECK(d >= 0 && d < i);
        }
    }
    seam_model_free(&m);
}

/* Stage 1: a schema per service, every owned table moved with a view under its old name. */
static void test_schema_stage(void)
{
    seam_model m;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    const seam_service *o = owner(&m, "orders");
    CHECK(o != NULL);
    if (o) {
        char id[128];
        snprintf(id, sizeof id, "move_table:%s:orders", o->name);
        int st = step_of(&m, id);
        CHECK(st >= 0);
        if (st >= 0) {
            char want[256];
            snprintf(want, sizeof want, "ALTER TABLE \"public\".\"orders\" SET SCHEMA \"%s\";",
                     o->name);
            CHECK(m.plan[st].sql && strstr(m.plan[st].sql, want));
            snprintf(want, sizeof want,
                     "CREATE VIEW \"public\".\"orders\" AS SELECT * FROM \"%s\".\"orders\";",
                     o->name);
            CHECK(m.plan[st].sql && strstr(m.plan[st].sql, want));
            CHECK(strncmp(m.plan[st].sql, "BEGIN;\n", 7) == 0 &&
                  strstr(m.plan[st].sql, "COMMIT;\n"));
            snprintf(id, sizeof id, "create_schema:%s", o->name);
            CHECK(m.plan[st].ndepends_on == 1 && strcmp(m.plan[st].depends_on[0], id) == 0);
        }
    }
    /* one move per owned table; the tables no code reaches are moved nowhere */
    int owned = 0;
    for (int s = 0; s < m.nservices; s++)
        if (m.services[s].kind == SEAM_SERVICE_KIND_SERVICE)
            owned += m.services[s].ntables;
    CHECK_INT(count_kind(&m, "move_table"), owned);
    CHECK(m.nunowned_tables > 0);
    for (int u = 0; u < m.nunowned_tables; u++) {
        char id[128];
        snprintf(id, sizeof id, "decide_owner::%s", m.unowned_tables[u].table);
        CHECK(step_of(&m, id) >= 0);
        for (int i = 0; i < m.nplan; i++)
            CHECK(!m.plan[i].sql || !strstr(m.plan[i].sql, m.unowned_tables[u].table));
    }
    CHECK_INT(count_kind(&m, "decide_owner"), m.nunowned_tables);
    seam_model_free(&m);
}

/* One drop per foreign key between two services' tables, none for the others. */
static void test_foreign_keys(void)
{
    seam_model m;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    int cross = 0;
    for (int i = 0; i < m.schema.nforeign_keys; i++) {
        const seam_foreign_key *fk = &m.schema.foreign_keys[i];
        const seam_service *a = owner(&m, fk->from_table), *b = owner(&m, fk->to_table);
        char id[256];
        snprintf(id, sizeof id, "drop_foreign_key:%s:%s.%s", a ? a->name : "?", fk->from_table,
                 fk->name);
        int st = step_of(&m, id);
        if (a && b && a != b) {
            cross++;
            CHECK(st >= 0);
            char want[256];
            snprintf(want, sizeof want, "ALTER TABLE \"%s\".\"%s\" DROP CONSTRAINT \"%s\";",
                     a->name, fk->from_table, fk->name);
            CHECK(st >= 0 && m.plan[st].sql && strstr(m.plan[st].sql, want));
            CHECK(st >= 0 && m.plan[st].stage == SEAM_PLAN_STAGE_TIES);
        } else {
            CHECK(st < 0);
        }
    }
    CHECK_INT(count_kind(&m, "drop_foreign_key"), cross);
    CHECK_INT(cross, m.metrics.cross_service_fks);
    seam_model_free(&m);
}

/* A service named with a reserved word, a table outside the default schema. */
static void test_names(void)
{
    seam_model m;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    seam_service *o = (seam_service *)owner(&m, "orders");
    CHECK(o != NULL);
    if (!o) {
        seam_model_free(&m);
        return;
    }
    free(o->name);
    o->name = seam_strdup("order");
    /* audit_log lives in schema sales: every name of it says so */
    for (int i = 0; i < m.schema.ntables; i++)
        if (strcmp(m.schema.tables[i].name, "audit_log") == 0) {
            free(m.schema.tables[i].name);
            m.schema.tables[i].name = seam_strdup("sales.audit_log");
        }
    for (int k = 0; k < o->ntables; k++)
        if (strcmp(o->tables[k], "audit_log") == 0) {
            free(o->tables[k]);
            o->tables[k] = seam_strdup("sales.audit_log");
        }
    seam_err err;
    CHECK_INT(planner_run(&m, &err), 0);
    int st = step_of(&m, "create_schema:order");
    CHECK(st >= 0 && strstr(m.plan[st].sql, "CREATE SCHEMA \"order\";") &&
          strstr(m.plan[st].sql, "CREATE ROLE \"order_svc\" NOLOGIN;") &&
          strstr(m.plan[st].sql, "rolname = 'order_svc'"));
    st = step_of(&m, "move_table:order:sales.audit_log");
    CHECK(st >= 0 && m.plan[st].sql &&
          strstr(m.plan[st].sql, "ALTER TABLE \"sales\".\"audit_log\" SET SCHEMA \"order\";") &&
          strstr(m.plan[st].sql, "CREATE VIEW \"sales\".\"audit_log\" AS SELECT * FROM "
                                 "\"order\".\"audit_log\";"));
    seam_model_free(&m);
}

/* SQLite has no schemas: stage 1 records ownership, with no SQL and the reason. */
static void test_sqlite(void)
{
    seam_model m;
    planned_shop(&m, SEAM_DIALECT_SQLITE);
    CHECK_INT(count_kind(&m, "move_table"), 0);
    CHECK_INT(count_kind(&m, "create_schema"), 0);
    CHECK(count_kind(&m, "own_tables") > 0);
    for (int i = 0; i < m.nplan; i++)
        if (strcmp(m.plan[i].kind, "own_tables") == 0 ||
            strcmp(m.plan[i].kind, "drop_foreign_key") == 0)
            CHECK(!m.plan[i].sql && m.plan[i].sql_note && strstr(m.plan[i].sql_note, "SQLite"));
    seam_model_free(&m);
}

/*
 * A weekly report of two modules added to the shop: it writes its own two tables (saves
 * writes of each) and reads orders, customers and products (reads sites, also addresses
 * when with_addresses).
 */
static void add_weekly_report(seam_model *m, int saves, int reads, int with_addresses)
{
    /* Two modules: a lone module would join the cluster it is most tied to. */
    synth_file(m, "src/weekly_report.c"); /* these sort after src/types.h */
    synth_file(m, "src/weekly_report_fmt.c");
    synth_fn(m, "src/weekly_report_fmt.c", "weekly_report_fmt_row");
    synth_fn(m, "src/weekly_report_fmt.c", "weekly_report_fmt_store");
    synth_fn(m, "src/weekly_report.c", "weekly_report_build");
    synth_fn(m, "src/weekly_report.c", "weekly_report_save");
    synth_call(m, "weekly_report_build", "weekly_report_save", 1);
    synth_call(m, "weekly_report_build", "weekly_report_fmt_row", 4);
    synth_call(m, "weekly_report_save", "weekly_report_fmt_store", 2);
    for (int i = 0; i < saves; i++) {
        synth_sql(m, "weekly_report_fmt_store", "INSERT INTO weekly_report_lines ...",
                  "weekly_report_lines", SEAM_WRITE, NULL);
        synth_sql(m, "weekly_report_save", "INSERT INTO weekly_reports ...", "weekly_reports",
                  SEAM_WRITE, "weekly_report_lines", SEAM_WRITE, NULL);
    }
    for (int i = 0; i < reads; i++)
        synth_sql(m, "weekly_report_build", "SELECT ... FROM orders JOIN customers ...", "orders",
                  SEAM_READ, "customers", SEAM_READ, "products", SEAM_READ,
                  with_addresses ? "addresses" : NULL, SEAM_READ, NULL);
}

/*
 * Strangler order: the fewest services depending on it first, then the least data
 * shared. A reporting module nobody depends on, reading four of others' tables,
 * goes before customers (depended on by orders and the report); products, which
 * everyone leans on, goes last. Each extraction comes after the one before.
 */
static void test_strangler_order(void)
{
    seam_model m;
    shop_model(&m);
    m.schema.dialect = SEAM_DIALECT_POSTGRESQL;
    add_weekly_report(&m, 4, 2, 1);
    seam_err err;
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK_INT(planner_run(&m, &err), 0);
    const seam_service *r = synth_service_of(&m, "src/weekly_report.c");
    const seam_service *c = synth_service_of(&m, "src/customers.c");
    const seam_service *p = synth_service_of(&m, "src/products.c");
    CHECK(r && c && p && r != c && c != p);
    int prev = -1;
    for (int i = 0; i < m.nplan; i++) {
        if (strcmp(m.plan[i].kind, "extract_database") != 0)
            continue;
        if (prev >= 0)
            CHECK(m.plan[i].ndepends_on > 0 &&
                  strcmp(m.plan[i].depends_on[m.plan[i].ndepends_on - 1], m.plan[prev].id) == 0);
        CHECK(strstr(m.plan[i].rationale, prev < 0 ? "Extracted first" : "Position "));
        prev = i;
    }
    if (r && c && p) {
        char id[128];
        snprintf(id, sizeof id, "extract_database:%s", r->name);
        int report = step_of(&m, id);
        snprintf(id, sizeof id, "extract_database:%s", c->name);
        int customers = step_of(&m, id);
        snprintf(id, sizeof id, "extract_database:%s", p->name);
        int products = step_of(&m, id);
        CHECK(report >= 0 && customers >= 0 && products >= 0);
        CHECK(report < customers && customers < products);
        CHECK(products == prev);
    }
    seam_model_free(&m);
}

/* The index of the call from caller to callee (by name), or -1. */
static int call_of(const seam_model *m, const char *caller, const char *callee)
{
    for (int i = 0; i < m->ncalls; i++)
        if (strcmp(m->functions[m->calls[i].caller].name, caller) == 0 &&
            strcmp(m->functions[m->calls[i].callee].name, callee) == 0)
            return i;
    return -1;
}

/*
 * Sagas: orders_create writes the orders service's tables, then (by its call's line) has
 * inventory_reserve update the products service's stock: the smallest tree writing two
 * services, a saga with the services in write order and their compensations. cart_checkout
 * and main, whose trees hold it, are no sagas of their own. Given a transaction (a BEGIN in
 * a db_begin wrapper cart_checkout calls), the saga is cart_checkout's and covers orders_create.
 */
static void test_sagas(void)
{
    seam_model m;
    seam_err err;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    const seam_service *o = owner(&m, "orders"), *p = owner(&m, "stock");
    CHECK(o && p && o != p);
    if (!o || !p) {
        seam_model_free(&m);
        return;
    }
    int k = call_of(&m, "orders_create", "inventory_reserve");
    CHECK(k >= 0);
    if (k >= 0)
        m.calls[k].line = 1000; /* after orders_create's own writes */
    CHECK_INT(planner_run(&m, &err), 0);
    char id[128], first[64], second[64];
    snprintf(id, sizeof id, "saga:%s:orders_create", o->name);
    int st = step_of(&m, id);
    CHECK(st >= 0);
    if (st >= 0) {
        const seam_plan_step *sg = &m.plan[st];
        snprintf(first, sizeof first, "1. %s (orders_create)", o->name);
        snprintf(second, sizeof second, "2. %s (inventory_reserve)", p->name);
        CHECK(strstr(sg->rationale, first) && strstr(sg->rationale, second));
        CHECK(strstr(sg->rationale, "compensation: delete the rows it inserted"));
        CHECK(strstr(sg->rationale, "compensation: restore the values it overwrote"));
        CHECK(strstr(sg->rationale, "correlation id"));
        CHECK(strcmp(sg->risk, "high") == 0 && !sg->sql && sg->stage == SEAM_PLAN_STAGE_TIES);
        /* its code: the writes of both services (3 of orders_create, 1 of inventory_reserve) */
        CHECK_INT(sg->ncode_sites, 4);
    }
    snprintf(id, sizeof id, "saga:%s:cart_checkout", o->name);
    CHECK(step_of(&m, id) < 0);
    CHECK(step_of(&m, "saga:main:main") < 0);

    /* a transaction: cart_checkout calls db_begin, whose SQL is BEGIN */
    synth_fn(&m, "src/db.c", "db_begin");
    synth_sql(&m, "db_begin", "BEGIN IMMEDIATE", NULL);
    synth_call(&m, "cart_checkout", "db_begin", 1);
    /* the decomposer's lists are not read: db.c's service gets the new function from its file */
    CHECK_INT(planner_run(&m, &err), 0);
    snprintf(id, sizeof id, "saga:%s:cart_checkout", o->name);
    st = step_of(&m, id);
    CHECK(st >= 0 && strstr(m.plan[st].detail, "transaction"));
    snprintf(id, sizeof id, "saga:%s:orders_create", o->name);
    CHECK(step_of(&m, id) < 0);
    seam_model_free(&m);
}

/* The site of fn whose SQL starts with sql_start. */
static seam_sql_site *site_of(seam_model *m, const char *fn, const char *sql_start)
{
    for (int i = 0; i < m->nsql_sites; i++)
        if (strcmp(m->functions[m->sql_sites[i].function].name, fn) == 0 &&
            strncmp(m->sql_sites[i].sql, sql_start, strlen(sql_start)) == 0)
            return &m->sql_sites[i];
    return NULL;
}

static void set_columns(seam_sql_site *s, const char *table, const char *a, const char *b)
{
    s->columns = calloc(2, sizeof *s->columns);
    s->columns[0] = (seam_column_ref){seam_strdup(table), seam_strdup(a), SEAM_WRITE};
    s->columns[1] = (seam_column_ref){seam_strdup(table), seam_strdup(b), SEAM_WRITE};
    s->ncolumns = 2;
}

/*
 * A table two services write: reviews (customers_create and products_add). Columns unknown:
 * a data service. Disjoint columns and a key: split by column, the DDL moving customers'
 * columns with the key to a table of its own.
 */
static void test_shared_tables(void)
{
    seam_model m;
    seam_err err;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    const seam_service *p = owner(&m, "reviews"), *c = owner(&m, "customers");
    CHECK(p && c && p != c);
    if (!p || !c) {
        seam_model_free(&m);
        return;
    }
    char id[128];
    snprintf(id, sizeof id, "data_service:%s:reviews", p->name);
    int st = step_of(&m, id);
    CHECK(st >= 0 && strstr(m.plan[st].rationale, "no primary key"));
    /* a key, and the writers' columns */
    for (int t = 0; t < m.schema.ntables; t++)
        if (strcmp(m.schema.tables[t].name, "reviews") == 0) {
            m.schema.tables[t].primary_key = calloc(1, sizeof(char *));
            m.schema.tables[t].primary_key[0] = seam_strdup("id");
            m.schema.tables[t].nprimary_key = 1;
        }
    seam_sql_site *cw = site_of(&m, "customers_create", "INSERT INTO reviews");
    seam_sql_site *pw = site_of(&m, "products_add", "INSERT INTO reviews");
    CHECK(cw && pw);
    if (!cw || !pw) {
        seam_model_free(&m);
        return;
    }
    set_columns(cw, "reviews", "author_id", "body");
    set_columns(pw, "reviews", "product_id", "stars");
    CHECK_INT(planner_run(&m, &err), 0);
    CHECK(step_of(&m, id) < 0);
    snprintf(id, sizeof id, "split_table:%s:reviews", c->name);
    st = step_of(&m, id);
    CHECK(st >= 0);
    if (st >= 0) {
        char want[256];
        snprintf(want, sizeof want,
                 "CREATE TABLE \"%s\".\"reviews_%s\" AS SELECT \"id\", \"author_id\", \"body\" "
                 "FROM \"%s\".\"reviews\";",
                 c->name, c->name, p->name);
        CHECK(m.plan[st].sql && strstr(m.plan[st].sql, want));
        snprintf(want, sizeof want,
                 "ALTER TABLE \"%s\".\"reviews\" DROP COLUMN \"author_id\", DROP COLUMN \"body\";",
                 p->name);
        CHECK(m.plan[st].sql && strstr(m.plan[st].sql, want));
        CHECK(m.plan[st].ncode_sites == 1);
    }
    /* the writers share a column: no split */
    free(pw->columns[0].column);
    pw->columns[0].column = seam_strdup("body");
    CHECK_INT(planner_run(&m, &err), 0);
    CHECK(step_of(&m, id) < 0);
    snprintf(id, sizeof id, "data_service:%s:reviews", p->name);
    st = step_of(&m, id);
    CHECK(st >= 0 && strstr(m.plan[st].rationale, "same columns"));
    seam_model_free(&m);
}

/*
 * A view over two services' tables and a trigger on one service's table that writes
 * another's are dropped in stage 2 (after the tables moved); single-service ones stay.
 */
static void test_views_triggers(void)
{
    seam_model m;
    seam_err err;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    const seam_service *o = owner(&m, "orders"), *p = owner(&m, "stock");
    CHECK(o && p);
    if (!o || !p) {
        seam_model_free(&m);
        return;
    }
    seam_schema *sc = &m.schema;
    sc->views = calloc(2, sizeof *sc->views);
    sc->views[0] = (seam_view){seam_strdup("order_stock"), 0, calloc(2, sizeof(char *)), 2, NULL};
    sc->views[0].tables[0] = seam_strdup("orders");
    sc->views[0].tables[1] = seam_strdup("stock");
    sc->views[1] = (seam_view){seam_strdup("recent_orders"), 0, calloc(1, sizeof(char *)), 1, NULL};
    sc->views[1].tables[0] = seam_strdup("orders");
    sc->nviews = 2;
    sc->triggers = calloc(1, sizeof *sc->triggers);
    seam_trigger *tg = &sc->triggers[0];
    tg->name = seam_strdup("orders_reserve");
    tg->table = seam_strdup("orders");
    tg->function = seam_strdup("reserve_stock");
    tg->tables = calloc(1, sizeof *tg->tables);
    tg->tables[0] = (seam_table_ref){seam_strdup("stock"), SEAM_WRITE};
    tg->ntables = 1;
    sc->ntriggers = 1;
    CHECK_INT(planner_run(&m, &err), 0);
    int v = -1, t = -1;
    for (int i = 0; i < m.nplan; i++) {
        if (strcmp(m.plan[i].kind, "replace_view") == 0)
            v = v < 0 ? i : -2;
        if (strcmp(m.plan[i].kind, "replace_trigger") == 0)
            t = t < 0 ? i : -2;
    }
    CHECK(v >= 0 && strstr(m.plan[v].sql, "DROP VIEW \"public\".\"order_stock\";"));
    char want[160];
    snprintf(want, sizeof want, "DROP TRIGGER \"orders_reserve\" ON \"%s\".\"orders\";", o->name);
    CHECK(t >= 0 && strstr(m.plan[t].sql, want));
    char id[128];
    snprintf(id, sizeof id, "move_table:%s:orders", o->name);
    CHECK(t >= 0 && m.plan[t].ndepends_on == 1 && strcmp(m.plan[t].depends_on[0], id) == 0);
    seam_model_free(&m);
}

/*
 * A read-mostly consumer: a weekly report reading three services' tables, with half of its
 * SQL doing so and none writing them, gets a data pump (materialized copies in its schema),
 * not a replace_read per service.
 */
static void test_data_pump(void)
{
    seam_model m;
    shop_model(&m);
    m.schema.dialect = SEAM_DIALECT_POSTGRESQL;
    add_weekly_report(&m, 1, 2, 0);
    seam_err err;
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK_INT(planner_run(&m, &err), 0);
    const seam_service *r = synth_service_of(&m, "src/weekly_report.c");
    CHECK(r != NULL);
    if (r) {
        char id[128];
        snprintf(id, sizeof id, "data_pump:%s", r->name);
        int st = step_of(&m, id);
        CHECK(st >= 0);
        if (st >= 0) {
            const seam_plan_step *pump = &m.plan[st];
            const seam_service *o = owner(&m, "orders");
            char want[256];
            snprintf(
                want, sizeof want,
                "CREATE MATERIALIZED VIEW \"%s\".\"%s_orders\" AS SELECT * FROM \"%s\".\"orders\";",
                r->name, o ? o->name : "?", o ? o->name : "?");
            CHECK(pump->sql && strstr(pump->sql, want));
            CHECK_INT(pump->effort_tables, 3);
            CHECK_INT(pump->ncode_sites, 2);
        }
        for (int i = 0; i < m.nplan; i++)
            CHECK(strcmp(m.plan[i].kind, "replace_read") != 0 ||
                  strcmp(m.plan[i].service, r->name) != 0);
    }
    seam_model_free(&m);
}

/*
 * A callback named, not called, runs in the tree that names it (order_lines_each(id,
 * reserve_line) style): cart_add names stock_take 40 times and calls nothing else; the saga
 * follows the references (more of them than calls: their edges must all fit).
 */
static void test_callbacks(void)
{
    seam_model m;
    seam_err err;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    const seam_service *o = owner(&m, "cart_items"), *p = owner(&m, "stock");
    CHECK(o && p && o != p);
    synth_fn(&m, "src/inventory.c", "stock_take");
    synth_sql(&m, "stock_take", "UPDATE stock SET qty = qty - 1", "stock", SEAM_WRITE, NULL);
    int from = -1, to = -1;
    for (int f = 0; f < m.nfunctions; f++) {
        from = strcmp(m.functions[f].name, "cart_add") == 0 ? f : from;
        to = strcmp(m.functions[f].name, "stock_take") == 0 ? f : to;
    }
    m.func_refs = calloc(40, sizeof *m.func_refs);
    for (int i = 0; i < 40; i++)
        m.func_refs[m.nfunc_refs++] = (seam_func_ref){from, m.functions[from].file, to, 1, 100 + i};
    CHECK_INT(planner_run(&m, &err), 0);
    if (o && p) {
        char id[128];
        snprintf(id, sizeof id, "saga:%s:cart_add", o->name);
        int st = step_of(&m, id);
        CHECK(st >= 0 && strstr(m.plan[st].rationale, "(stock_take)"));
    }
    seam_model_free(&m);
}

/* A service name longer than any buffer: each move still comes after its schema's step. */
static void test_long_name(void)
{
    seam_model m;
    seam_err err;
    planned_shop(&m, SEAM_DIALECT_POSTGRESQL);
    seam_service *o = (seam_service *)owner(&m, "orders");
    CHECK(o != NULL);
    if (o) {
        char *name = malloc(2001);
        memset(name, 'n', 2000);
        name[2000] = '\0';
        free(o->name);
        o->name = name;
        CHECK_INT(planner_run(&m, &err), 0);
        int moves = 0;
        for (int i = 0; i < m.nplan; i++) {
            if (strcmp(m.plan[i].kind, "move_table") != 0 || strcmp(m.plan[i].service, name) != 0)
                continue;
            moves++;
            CHECK(m.plan[i].ndepends_on == 1 && step_of(&m, m.plan[i].depends_on[0]) >= 0 &&
                  strncmp(m.plan[i].depends_on[0], "create_schema:", 14) == 0);
        }
        CHECK(moves > 0);
    }
    seam_model_free(&m);
}

/* The same model plans the same, byte for byte, however often. */
static void test_deterministic(void)
{
    seam_model a, b;
    planned_shop(&a, SEAM_DIALECT_POSTGRESQL);
    planned_shop(&b, SEAM_DIALECT_POSTGRESQL);
    seam_err err;
    CHECK_INT(planner_run(&b, &err), 0); /* planned again: the earlier plan is replaced */
    CHECK_INT(a.nplan, b.nplan);
    for (int i = 0; i < a.nplan && i < b.nplan; i++) {
        CHECK_STR(a.plan[i].id, b.plan[i].id);
        CHECK_STR(a.plan[i].detail, b.plan[i].detail);
        CHECK_STR(a.plan[i].rationale, b.plan[i].rationale);
        CHECK_STR(a.plan[i].sql ? a.plan[i].sql : "", b.plan[i].sql ? b.plan[i].sql : "");
        CHECK_INT(a.plan[i].ncode_sites, b.plan[i].ncode_sites);
    }
    seam_model_free(&a);
    seam_model_free(&b);
}

/* No services, no schema: an empty plan, and no failure. */
static void test_empty(void)
{
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    CHECK_INT(planner_run(&m, &err), 0);
    CHECK_INT(m.nplan, 0);
    seam_model_free(&m);
}

int main(void)
{
    test_order();
    test_schema_stage();
    test_foreign_keys();
    test_names();
    test_sqlite();
    test_strangler_order();
    test_sagas();
    test_shared_tables();
    test_views_triggers();
    test_data_pump();
    test_callbacks();
    test_long_name();
    test_deterministic();
    test_empty();
    return check_finish();
}
