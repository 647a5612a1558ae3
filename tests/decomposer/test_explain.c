/*
 * What the decomposer explains, on a model small enough to count by hand:
 * per-service functions, interface, tables read, dependencies and lines;
 * each module's "why here"; dead code; shared tables with writers; implied
 * foreign keys with their sites; the metrics (ICP, IFN, SM, NED, MQ); and
 * model.json written and read back unchanged.
 *
 * The partition is pinned (constraints) so that the counts do not depend on
 * the clustering: one = {a.c, b.c}, two = {c.c, d.c}.
 *   calls  a->b 2, b->a 1, c->d 1 (internal 4); a->c 1, d->b 2 (cross 3)
 *   tables a writes ta and tshared; c reads tshared; d reads tc joined to ta
 *
 * Then, on models of their own: a table two services write (both named as writers), and
 * a join along a declared foreign key (no implied key, unlike the same join without it).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <unistd.h>

#include "check.h"
#include "decomposer.h"
#include "report.h"
#include "two_domains.h"

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

static char *write_temp(const char *text)
{
    char tmpl[] = "/tmp/seam-test-explain-XXXXXX";
    int fd = mkstemp(tmpl);
    synth_need(fd >= 0);
    synth_need(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return seam_strdup(tmpl);
}

static void small_model(seam_model *m)
{
    seam_model_init(m);
    const char *files[] = {"a.c", "b.c", "c.c", "d.c"};
    for (int i = 0; i < 4; i++)
        synth_file(m, files[i]);
    synth_fn(m, "a.c", "fa");
    synth_fn(m, "a.c", "unused");
    synth_fn(m, "a.c", "helper2");
    synth_fn(m, "a.c", "cb");
    synth_fn(m, "b.c", "fb");
    synth_fn(m, "c.c", "fc");
    synth_fn(m, "d.c", "fd");
    const char *statics[] = {"unused", "helper2", "cb"};
    for (int i = 0; i < 3; i++)
        m->functions[synth_find_fn(m, statics[i])].is_static = 1;
    synth_call(m, "fa", "fb", 2);
    synth_call(m, "fb", "fa", 1);
    synth_call(m, "fc", "fd", 1);
    synth_call(m, "fa", "fc", 1);
    synth_call(m, "fd", "fb", 2);
    synth_call(m, "unused", "helper2", 1);
    /* cb sits in a dispatch table at file scope: an entry point. */
    m->func_refs = calloc(1, sizeof *m->func_refs);
    m->func_refs[0].function = -1;
    m->func_refs[0].file = 0;
    m->func_refs[0].target = synth_find_fn(m, "cb");
    m->func_refs[0].count = 1;
    m->nfunc_refs = 1;
    synth_sql(m, "fa", "INSERT INTO ta VALUES (1)", "ta", SEAM_WRITE, NULL);
    synth_sql(m, "fa", "INSERT INTO tshared VALUES (1)", "tshared", SEAM_WRITE, NULL);
    synth_sql(m, "fc", "SELECT * FROM tshared", "tshared", SEAM_READ, NULL);
    synth_sql(m, "fd", "SELECT * FROM tc JOIN ta ON ta.id = tc.a_id", "ta", SEAM_READ, "tc",
              SEAM_READ, NULL);
}

static void run_pinned(seam_model *m)
{
    seam_err err;
    decomposer_options o;
    decomposer_options_init(&o);
    decomposer_constraints *c = NULL;
    char *path = write_temp("{\"pin\": {\"a.c\": \"one\", \"b.c\": \"one\", \"c.c\": \"two\", "
                            "\"d.c\": \"two\", \"tc\": \"two\"}}");
    CHECK_INT(decomposer_constraints_load(path, 0, &c, &err), 0);
    unlink(path);
    free(path);
    o.constraints = c;
    int rc = decomposer_run(m, &o, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "decomposer_run: %s\n", err.msg);
    decomposer_constraints_free(c);
}

static const seam_service *find(const seam_model *m, const char *name)
{
    for (int i = 0; i < m->nservices; i++)
        if (strcmp(m->services[i].name, name) == 0)
            return &m->services[i];
    return NULL;
}

static const char *fn_name(const seam_model *m, int i)
{
    return i >= 0 && i < m->nfunctions ? m->functions[i].name : "?";
}

static void test_services(const seam_model *m)
{
    const seam_service *one = find(m, "one"), *two = find(m, "two");
    CHECK(one && two);
    if (!one || !two)
        return;
    CHECK_INT(one->nfunctions, 5); /* fa unused helper2 cb fb */
    CHECK_INT(two->nfunctions, 2);
    /* Interface: what the other service calls. */
    CHECK_INT(one->ninterface, 1);
    CHECK_STR(fn_name(m, one->interface[0]), "fb");
    CHECK_INT(two->ninterface, 1);
    CHECK_STR(fn_name(m, two->interface[0]), "fc");
    /* two reads tshared, which one owns; one owns ta and tshared, two owns tc (pinned). */
    CHECK_INT(two->ntables_read, 2);
    if (two->ntables_read == 2) {
        CHECK_STR(two->tables_read[0], "ta");
        CHECK_STR(two->tables_read[1], "tshared");
    }
    CHECK_INT(one->ntables_read, 0);
    /* Dependencies: one calls two once; two calls one twice and has 2 SQL sites on its tables. */
    CHECK_INT(one->noutbound, 1);
    CHECK_INT(one->ninbound, 1);
    if (one->noutbound == 1 && two->noutbound == 1) {
        CHECK_STR(one->outbound[0].service, "two");
        CHECK_INT(one->outbound[0].calls, 1);
        CHECK_INT(one->outbound[0].sql_sites, 0);
        CHECK_STR(two->outbound[0].service, "one");
        CHECK_INT(two->outbound[0].calls, 2);
        CHECK_INT(two->outbound[0].sql_sites, 2);
        CHECK(two->outbound[0].weight > 0);
        CHECK(NEAR(two->outbound[0].weight, one->outbound[0].weight));
        CHECK_STR(one->inbound[0].service, "two");
        CHECK_INT(one->inbound[0].calls, 2);
    }
    CHECK_INT(one->loc, 20); /* synth files have 10 lines */
}

static void test_metrics(const seam_model *m)
{
    const seam_metrics *x = &m->metrics;
    CHECK_INT(x->internal_calls, 5); /* a<->b 3, c->d 1, unused->helper2 1 */
    CHECK_INT(x->cross_service_calls, 3);
    CHECK(NEAR(x->icp, 3.0 / 8.0));
    CHECK(NEAR(x->ifn, 1.0));
    /* scoh(one) = 2/4, scoh(two) = 1/4, scop = 2 / (2*2*2): SM = 0.375 - 0.25. */
    CHECK(NEAR(x->sm, 0.125));
    const seam_service *one = find(m, "one"), *two = find(m, "two");
    if (one && two) {
        CHECK(NEAR(one->cohesion, 0.5));
        CHECK(NEAR(two->cohesion, 0.25));
        CHECK(NEAR(one->coupling, 0.25));
        CHECK(NEAR(two->coupling, 0.25));
    }
    CHECK(NEAR(x->ned, 0.0));
    CHECK(x->mq > 0 && x->mq <= 2.0);
    CHECK_INT(x->sql_joins, 1);
    CHECK_INT(x->cross_service_joins, 1);
    CHECK_INT(x->implied_fks, 1);
    CHECK_INT(x->dead_functions, 2);
}

static void test_modules(const seam_model *m)
{
    CHECK_INT(m->nmodules, 4);
    const seam_module *a = m->nmodules ? &m->modules[0] : NULL;
    CHECK(a && strcmp(a->name, "a.c") == 0);
    if (!a)
        return;
    CHECK_STR(a->service, "one");
    /* In its service a.c has b.c (calls) and the tables it writes; strongest first. */
    CHECK_INT(a->nwhy, 3);
    for (int k = 1; k < a->nwhy; k++)
        CHECK(a->why[k - 1].weight >= a->why[k].weight);
    int saw_b = 0;
    for (int k = 0; k < a->nwhy; k++)
        if (!a->why[k].is_table && strcmp(a->why[k].target, "b.c") == 0) {
            saw_b = 1;
            CHECK(strncmp(a->why[k].kinds, "call ", 5) == 0);
        }
    CHECK(saw_b);
}

static void test_schema_facts(const seam_model *m)
{
    CHECK_INT(m->nimplied_fks, 1);
    if (m->nimplied_fks == 1) {
        const seam_implied_fk *f = &m->implied_fks[0];
        CHECK_STR(f->from_table, "tc");
        CHECK_STR(f->from_column, "a_id");
        CHECK_STR(f->to_table, "ta");
        CHECK_STR(f->to_column, "id");
        CHECK_INT(f->nsites, 1);
        CHECK_STR(fn_name(m, m->sql_sites[f->sites[0]].function), "fd");
    }
    /* ta (written by one, read by two) and tshared (the same). */
    CHECK_INT(m->nshared_tables, 2);
    if (m->nshared_tables == 2) {
        const seam_shared_table *t = &m->shared_tables[1];
        CHECK_STR(t->table, "tshared");
        CHECK_STR(t->owner, "one");
        CHECK_INT(t->nwriters, 1);
        CHECK_INT(t->nreaders, 1);
        if (t->nwriters == 1 && t->nreaders == 1) {
            CHECK_STR(t->writers[0], "one");
            CHECK_STR(t->readers[0], "two");
        }
    }
    CHECK_INT(m->ndead_functions, 2);
    if (m->ndead_functions == 2) {
        CHECK_STR(fn_name(m, m->dead_functions[0].function), "unused");
        CHECK_STR(m->dead_functions[0].reason, "static, never called or referenced");
        CHECK_STR(fn_name(m, m->dead_functions[1].function), "helper2");
        CHECK_STR(m->dead_functions[1].reason, "static, called or referenced only from dead code");
    }
}

/* model.json -> model -> model.json: the same bytes, so every new key is read back. */
static void test_round_trip(const seam_model *m)
{
    seam_err err;
    char dir[] = "/tmp/seam-test-explain-dir-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *p1 = seam_printf("%s/a.json", dir), *p2 = seam_printf("%s/b.json", dir);
    CHECK_INT(report_write_json(m, p1, &err), 0);
    seam_model back;
    int rc = seam_model_json_read(p1, 0, &back, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "seam_model_json_read: %s\n", err.msg);
    CHECK_INT(report_write_json(&back, p2, &err), 0);
    char *a = check_slurp(p1, NULL), *b = check_slurp(p2, NULL);
    CHECK(a && b && strcmp(a, b) == 0);
    CHECK(a && strstr(a, "\"implied_foreign_keys\"") && strstr(a, "\"why\""));
    /* The implied key's site as model.json writes it: file, line and function of fd's SQL. */
    cJSON *root = a ? cJSON_Parse(a) : NULL;
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(root, "implied_foreign_keys");
    const cJSON *sites = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(keys, 0), "sites");
    const cJSON *site = cJSON_GetArrayItem(sites, 0);
    CHECK_INT(cJSON_GetArraySize(keys), 1);
    CHECK_INT(cJSON_GetArraySize(sites), 1);
    if (site && m->nimplied_fks == 1) {
        const seam_sql_site *want = &m->sql_sites[m->implied_fks[0].sites[0]];
        const cJSON *file = cJSON_GetObjectItemCaseSensitive(site, "file");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(site, "line");
        const cJSON *fn = cJSON_GetObjectItemCaseSensitive(site, "function");
        CHECK(cJSON_IsString(file) && strcmp(file->valuestring, "d.c") == 0);
        CHECK(cJSON_IsNumber(line) && line->valueint == want->line && want->line > 0);
        CHECK(cJSON_IsString(fn) && strcmp(fn->valuestring, "c:@F@fd") == 0);
    }
    cJSON_Delete(root);
    CHECK_INT(back.nmodules, m->nmodules);
    CHECK_INT(back.ndead_functions, 2);
    free(a);
    free(b);
    seam_model_free(&back);
    unlink(p1);
    unlink(p2);
    rmdir(dir);
    free(p1);
    free(p2);
}

/*
 * A table two services write: two_domains (A writes ta, B writes tb) plus one write of ta
 * from beta_list. ta is shared, with both services as writers (sorted by name) and no
 * reader; A owns it (2 sites, 1 writing and 1 reading, against B's 1 writing: the writes
 * tie and A's read breaks it).
 */
static void test_shared_table_writers(void)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    synth_sql(&m, "beta_list", "UPDATE ta SET v = 2", "ta", SEAM_WRITE, NULL);
    int rc = decomposer_run(&m, NULL, &err);
    CHECK_INT(rc, 0);
    const seam_service *a = synth_service_of(&m, "a1.c"), *b = synth_service_of(&m, "b2.c");
    CHECK(a && b && a != b);
    CHECK(b == synth_service_of(&m, "b1.c"));
    CHECK_INT(m.metrics.shared_tables, 1);
    CHECK_INT(m.nshared_tables, 1);
    if (!a || !b || m.nshared_tables != 1) {
        seam_model_free(&m);
        return;
    }
    const seam_shared_table *t = &m.shared_tables[0];
    CHECK_STR(t->table, "ta");
    CHECK_STR(t->owner, a->name);
    CHECK_INT(t->nwriters, 2);
    CHECK_INT(t->nreaders, 0);
    if (t->nwriters == 2) {
        int a_first = strcmp(a->name, b->name) < 0;
        CHECK_STR(t->writers[0], a_first ? a->name : b->name);
        CHECK_STR(t->writers[1], a_first ? b->name : a->name);
    }
    seam_model_free(&m);
}

/*
 * A join along a declared foreign key implies nothing: small_model's fd joins tc to ta on
 * ta.id = tc.a_id. With the schema's tables but no key, that is one implied key; with
 * tc.a_id -> ta.id declared, none, though the join is still counted.
 */
static void test_declared_fk_not_implied(void)
{
    for (int declared = 0; declared <= 1; declared++) {
        seam_model m;
        small_model(&m);
        synth_table(&m, "ta");
        synth_table(&m, "tc");
        synth_table(&m, "tshared");
        if (declared)
            synth_fk(&m, "fk_tc_a", "tc", "a_id", "ta", "id");
        run_pinned(&m);
        CHECK_INT(m.metrics.sql_joins, 1);
        CHECK_INT(m.nimplied_fks, declared ? 0 : 1);
        CHECK_INT(m.metrics.implied_fks, declared ? 0 : 1);
        CHECK_INT(m.edge_kinds[DECOMPOSER_IMPLIED_FK].edges, declared ? 0 : 1);
        CHECK_INT(m.edge_kinds[DECOMPOSER_FK].edges, declared ? 1 : 0);
        seam_model_free(&m);
    }
}

int main(void)
{
    seam_model m;
    small_model(&m);
    run_pinned(&m);
    test_services(&m);
    test_metrics(&m);
    test_modules(&m);
    test_schema_facts(&m);
    test_round_trip(&m);
    seam_model_free(&m);
    test_shared_table_writers();
    test_declared_fk_not_implied();
    return check_finish();
}
