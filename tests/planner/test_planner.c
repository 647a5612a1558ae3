/*
 * Unit tests for planner/: the staged split plan of the synthetic shop
 * (tests/decomposer/shop_model.h) after the decomposer proposed its services.
 */
#include "check.h"
#include "decomposer.h"
#include "planner.h"
#include "shop_model.h"

#include <stdio.h>
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
        for (int k = 0; m->services[s].kind == SEAM_SERVICE_KIND_SERVICE &&
                        k < m->services[s].ntables;
             k++)
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
    /* Two modules: a lone module would join the cluster it is most tied to. */
    synth_file(&m, "src/weekly_report.c"); /* these sort after src/types.h */
    synth_file(&m, "src/weekly_report_fmt.c");
    synth_fn(&m, "src/weekly_report_fmt.c", "weekly_report_fmt_row");
    synth_fn(&m, "src/weekly_report_fmt.c", "weekly_report_fmt_store");
    synth_fn(&m, "src/weekly_report.c", "weekly_report_build");
    synth_fn(&m, "src/weekly_report.c", "weekly_report_save");
    synth_call(&m, "weekly_report_build", "weekly_report_save", 1);
    synth_call(&m, "weekly_report_build", "weekly_report_fmt_row", 4);
    synth_call(&m, "weekly_report_save", "weekly_report_fmt_store", 2);
    for (int i = 0; i < 3; i++)
        synth_sql(&m, "weekly_report_fmt_store", "INSERT INTO weekly_report_lines ...",
                  "weekly_report_lines", SEAM_WRITE, NULL);
    for (int i = 0; i < 5; i++)
        synth_sql(&m, "weekly_report_save", "INSERT INTO weekly_reports ...", "weekly_reports",
                  SEAM_WRITE, "weekly_report_lines", SEAM_WRITE, NULL);
    for (int i = 0; i < 2; i++)
        synth_sql(&m, "weekly_report_build", "SELECT ... FROM orders JOIN customers ...", "orders",
                  SEAM_READ, "customers", SEAM_READ, "products", SEAM_READ, "addresses", SEAM_READ,
                  NULL);
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
    test_deterministic();
    test_empty();
    return check_finish();
}
