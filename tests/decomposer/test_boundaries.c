/*
 * Boundary rules on small synthetic models: a .c pairs with its header
 * wherever the header lives; a project-wide function prefix and boilerplate
 * names tie nothing and name nothing; pins make one service per name and
 * "shared" is the shared library; tables no code reaches are unowned.
 */
#include "check.h"
#include "decomposer.h"
#include "synth.h"
#include "two_domains.h"

/* Includes must be added in (from, to) order of file indices. */
static void add_include(seam_model *m, const char *from, const char *to)
{
    m->includes = synth_grow(m->includes, m->nincludes, sizeof *m->includes);
    m->includes[m->nincludes].from = seam_model_find_file(m, from);
    m->includes[m->nincludes].to = seam_model_find_file(m, to);
    synth_need(m->includes[m->nincludes].from >= 0 && m->includes[m->nincludes].to >= 0);
    m->nincludes++;
}

/* The model's module holding file, or NULL. */
static const seam_module *module_of(const seam_model *m, const char *file)
{
    for (int i = 0; i < m->nmodules; i++)
        for (int f = 0; f < m->modules[i].nfiles; f++)
            if (strcmp(m->modules[i].files[f], file) == 0)
                return &m->modules[i];
    return NULL;
}

/*
 * tree.c pairs with include/lib/tree.h, the one header of its name it includes; list.c keeps
 * list.h beside it, so include/lib/list.h stays alone; include/lib/io.h, included by both
 * unix/io.c and win32/io.c, is claimed twice and pairs with neither.
 */
static void test_header_elsewhere(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *files[] = {"include/lib/io.h", "include/lib/list.h", "include/lib/tree.h",
                           "src/list.c",       "src/list.h",         "src/parser.c",
                           "src/tree.c",       "unix/io.c",          "win32/io.c"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        synth_file(&m, files[i]);
    add_include(&m, "src/list.c", "include/lib/list.h");
    add_include(&m, "src/list.c", "src/list.h");
    add_include(&m, "src/parser.c", "include/lib/tree.h");
    add_include(&m, "src/tree.c", "include/lib/list.h");
    add_include(&m, "src/tree.c", "include/lib/tree.h");
    add_include(&m, "unix/io.c", "include/lib/io.h");
    add_include(&m, "win32/io.c", "include/lib/io.h");
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_module *tree = module_of(&m, "src/tree.c");
    CHECK(tree && tree == module_of(&m, "include/lib/tree.h") && tree->nfiles == 2);
    const seam_module *list = module_of(&m, "src/list.c");
    CHECK(list && list == module_of(&m, "src/list.h") && list->nfiles == 2);
    const seam_module *lh = module_of(&m, "include/lib/list.h");
    CHECK(lh && lh->nfiles == 1);
    const seam_module *io = module_of(&m, "include/lib/io.h");
    CHECK(io && io->nfiles == 1);
    CHECK_INT(m.nmodules, 7);
    seam_model_free(&m);

    /* The file unit pairs nothing. */
    seam_model_init(&m);
    synth_file(&m, "include/lib/tree.h");
    synth_file(&m, "src/tree.c");
    add_include(&m, "src/tree.c", "include/lib/tree.h");
    decomposer_options o;
    decomposer_options_init(&o);
    o.unit = DECOMPOSER_UNIT_FILE;
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    CHECK_INT(m.nmodules, 2);
    seam_model_free(&m);
}

/*
 * Tables no service's code reaches are no services: "ghost" (in the schema, with size and
 * activity) is touched by nothing, "log_cfg" only by the shared logging library. Both are
 * listed as unowned with their figures; no service is left without files.
 */
static void test_unreached_tables(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *files[] = {"a.c", "b.c", "c.c", "d.c", "log.c"};
    const char *fns[] = {"a_run", "b_run", "c_run", "d_run", "log_write"};
    for (int i = 0; i < 5; i++) {
        synth_file(&m, files[i]);
        synth_fn(&m, files[i], fns[i]);
    }
    for (int i = 0; i < 4; i++)
        synth_call(&m, fns[i], "log_write", 2);
    synth_call(&m, "a_run", "b_run", 3);
    synth_call(&m, "c_run", "d_run", 3);
    synth_sql(&m, "a_run", "INSERT INTO ta", "ta", SEAM_WRITE, NULL);
    synth_sql(&m, "c_run", "INSERT INTO tc", "tc", SEAM_WRITE, NULL);
    synth_sql(&m, "log_write", "SELECT * FROM log_cfg", "log_cfg", SEAM_READ, NULL);
    int ghost = synth_table(&m, "ghost");
    synth_table(&m, "log_cfg");
    synth_table(&m, "ta");
    synth_table(&m, "tc");
    seam_table *gt = &m.schema.tables[ghost];
    gt->has_estimates = 1;
    gt->row_estimate = 5000;
    gt->size_bytes = 1 << 20;
    gt->has_stats = 1;
    gt->stats.seq_scan = 7;
    gt->stats.n_tup_ins = 40;
    gt->has_production = 1;
    gt->calls = 90;
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    for (int i = 0; i < m.nservices; i++) {
        CHECK(m.services[i].nfiles > 0);
        CHECK(strcmp(m.services[i].name, "ghost") != 0);
    }
    const seam_service *lib = synth_service_of(&m, "log.c");
    CHECK(lib && lib->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY);
    CHECK_INT(m.nunowned_tables, 2);
    if (m.nunowned_tables == 2) {
        const seam_unowned_table *g = &m.unowned_tables[0], *l = &m.unowned_tables[1];
        CHECK_STR(g->table, "ghost");
        CHECK_STR(g->reason, "no code reaches it");
        CHECK(g->has_estimates && g->row_estimate == 5000 && g->size_bytes == 1 << 20);
        CHECK(g->has_stats && g->stats.seq_scan == 7 && g->stats.n_tup_ins == 40);
        CHECK(g->has_production && g->calls == 90);
        CHECK_STR(l->table, "log_cfg");
        CHECK(l->reason && strstr(l->reason, "log.c") != NULL);
        CHECK(!l->has_estimates && !l->has_stats);
    }
    seam_model_free(&m);
}

/* A service by name, or NULL; counts services of that name into *n. */
static const seam_service *named(const seam_model *m, const char *name, int *n)
{
    const seam_service *hit = NULL;
    *n = 0;
    for (int i = 0; i < m->nservices; i++)
        if (strcmp(m->services[i].name, name) == 0) {
            hit = &m->services[i];
            (*n)++;
        }
    return hit;
}

static int holds(char *const *v, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

/*
 * billing/inv.c and billing/tax.c form a service seam names "billing" (its directory);
 * crm/ and ship/ two more. refunds.c, the table it writes and a table no code reaches are
 * pinned to "billing" too, ship/track.c to "shared". With pins (a JSON file's order).
 */
static void pin_model(seam_model *m)
{
    seam_model_init(m);
    const char *files[] = {"billing/inv.c", "billing/tax.c", "crm/addr.c", "crm/cust.c",
                           "lib/log.c",     "refunds.c",     "ship/ship.c", "ship/track.c"};
    const char *fns[] = {"inv_make", "tax_rate", "addr_set", "cust_new",
                         "log_write", "refund_make", "ship_send", "track_poll"};
    for (int i = 0; i < 8; i++) {
        synth_file(m, files[i]);
        synth_fn(m, files[i], fns[i]);
    }
    synth_call(m, "inv_make", "tax_rate", 4);
    synth_call(m, "cust_new", "addr_set", 4);
    synth_call(m, "ship_send", "track_poll", 4);
    for (int i = 0; i < 8; i++)
        if (i != 4)
            synth_call(m, fns[i], "log_write", 1);
    synth_sql(m, "inv_make", "INSERT INTO invoices", "invoices", SEAM_WRITE, NULL);
    synth_sql(m, "cust_new", "INSERT INTO customers", "customers", SEAM_WRITE, NULL);
    synth_sql(m, "ship_send", "INSERT INTO shipments", "shipments", SEAM_WRITE, NULL);
    synth_sql(m, "track_poll", "UPDATE shipments", "shipments", SEAM_WRITE, NULL);
    synth_sql(m, "refund_make", "INSERT INTO refund_log", "refund_log", SEAM_WRITE, NULL);
    const char *tables[] = {"customers", "invoices", "ledger", "refund_log", "shipments"};
    for (int i = 0; i < 5; i++)
        synth_table(m, tables[i]);
}

static decomposer_pin pin(const char *node, const char *service)
{
    return (decomposer_pin){(char *)node, (char *)service};
}

static void test_pins(void)
{
    seam_model m;
    seam_err err;
    decomposer_pin pins[] = {pin("refunds.c", "billing"), pin("refund_log", "billing"),
                             pin("ledger", "billing"), pin("ship/track.c", "shared")};
    decomposer_constraints c = {pins, 4, NULL, 0, NULL, 0};
    decomposer_options o;
    decomposer_options_init(&o);
    o.constraints = &c;
    pin_model(&m);
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    /* One "billing": the pins, their tables and the service seam itself calls billing. */
    int n;
    const seam_service *b = named(&m, "billing", &n);
    CHECK_INT(n, 1);
    CHECK(b && b == synth_service_of(&m, "refunds.c") &&
          b == synth_service_of(&m, "billing/inv.c") && b == synth_service_of(&m, "billing/tax.c"));
    CHECK(b && holds(b->tables, b->ntables, "ledger") && holds(b->tables, b->ntables, "refund_log") &&
          holds(b->tables, b->ntables, "invoices"));
    CHECK(named(&m, "billing-2", &n) == NULL);
    /* "shared" is the shared library, and only it. */
    const seam_service *s = named(&m, "shared", &n);
    CHECK_INT(n, 1);
    CHECK(s && s->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY &&
          s == synth_service_of(&m, "ship/track.c") && s == synth_service_of(&m, "lib/log.c"));
    CHECK(s && s->reason && strstr(s->reason, "ship/track.c: pinned to the shared library"));
    /* Names are unique. */
    for (int i = 0; i < m.nservices; i++)
        for (int k = i + 1; k < m.nservices; k++)
            CHECK(strcmp(m.services[i].name, m.services[k].name) != 0);
    seam_model_free(&m);

    /* Kept apart from refunds.c, billing/ stays a service of its own, under another name. */
    char *apart_nodes[] = {"refunds.c", "billing/inv.c"};
    decomposer_group apart = {apart_nodes, 2};
    c.apart = &apart;
    c.napart = 1;
    pin_model(&m);
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    b = named(&m, "billing", &n);
    CHECK_INT(n, 1);
    CHECK(b && b == synth_service_of(&m, "refunds.c"));
    const seam_service *other = synth_service_of(&m, "billing/inv.c");
    CHECK(other && other != b && strcmp(other->name, "billing-2") == 0);
    seam_model_free(&m);

    /* Only a table pinned to "billing": seam's own billing service carries it, under that
     * name; no service without files, no "billing-2". */
    decomposer_pin tpin[] = {pin("ledger", "billing")};
    decomposer_constraints ct = {tpin, 1, NULL, 0, NULL, 0};
    o.constraints = &ct;
    pin_model(&m);
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    b = named(&m, "billing", &n);
    CHECK_INT(n, 1);
    CHECK(b && b == synth_service_of(&m, "billing/inv.c") && holds(b->tables, b->ntables, "ledger"));
    CHECK(named(&m, "billing-2", &n) == NULL);
    for (int i = 0; i < m.nservices; i++)
        CHECK(m.services[i].nfiles > 0);
    seam_model_free(&m);

    /* A table pinned to the shared library is refused: the library owns no data. */
    decomposer_pin bad[] = {pin("ledger", "shared")};
    decomposer_constraints cb = {bad, 1, NULL, 0, NULL, 0};
    o.constraints = &cb;
    pin_model(&m);
    CHECK_INT(decomposer_run(&m, &o, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "ledger") && strstr(err.msg, "shared library"));
    seam_model_free(&m);
}

/* Puts prefix in front of every function name of m. */
static void prefix_all(seam_model *m, const char *prefix)
{
    for (int i = 0; i < m->nfunctions; i++) {
        char *name = seam_printf("%s%s", prefix, m->functions[i].name);
        synth_need(name != NULL);
        free(m->functions[i].name);
        m->functions[i].name = name;
    }
}

/*
 * A project-wide prefix: every function of two_domains.h starts with zbx_. x.c's names
 * (zbx_beta_x_...) must still tie it to B, and toward A to A: the word after the project's
 * prefix is the namespace. No service is named after the project prefix.
 */
static void test_project_prefix(void)
{
    for (int toward_b = 0; toward_b <= 1; toward_b++) {
        seam_model m;
        seam_err err;
        two_domains(&m);
        synth_fn(&m, "x.c", toward_b ? "beta_x_parse" : "alpha_x_parse");
        synth_fn(&m, "x.c", toward_b ? "beta_x_format" : "alpha_x_format");
        prefix_all(&m, "zbx_");
        CHECK_INT(decomposer_run(&m, NULL, &err), 0);
        const seam_service *x = synth_service_of(&m, "x.c");
        const seam_service *a = synth_service_of(&m, "a1.c"), *b = synth_service_of(&m, "b1.c");
        CHECK(a && b && a != b);
        CHECK(x && x == (toward_b ? b : a));
        CHECK(a && strcmp(a->name, "alpha") == 0);
        CHECK(b && strcmp(b->name, "beta") == 0);
        for (int i = 0; i < m.nservices; i++)
            CHECK(strncmp(m.services[i].name, "zbx", 3) != 0);
        seam_model_free(&m);
    }
}

/*
 * Boilerplate: b1..b3 and x.c each define main_<name>_loop functions and no other main_
 * function, as every daemon of a server does; x.c has two of them and one alpha_ function.
 * The shape ties nothing, so x.c follows its alpha_ name to A, not its loops to B. Then
 * the same with macro-generated functions.
 */
static void test_boilerplate_names(void)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    synth_fn(&m, "b1.c", "main_b1_loop");
    synth_fn(&m, "b2.c", "main_b2_loop");
    synth_fn(&m, "b3.c", "main_b3_loop");
    synth_fn(&m, "x.c", "main_poll_loop");
    synth_fn(&m, "x.c", "main_push_loop");
    synth_fn(&m, "x.c", "alpha_x_parse");
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *x = synth_service_of(&m, "x.c");
    CHECK(x && x == synth_service_of(&m, "a1.c") && x != synth_service_of(&m, "b1.c"));
    for (int i = 0; i < m.nservices; i++)
        CHECK(strcmp(m.services[i].name, "main") != 0);
    seam_model_free(&m);

    /* Generated code: one macro expansion per file defines vec_<type>_push and _pop at one
     * line, in b1..b3 and (twice) in x.c; x.c also has one alpha_ function. The expansions
     * tie nothing: x.c goes to A. */
    two_domains(&m);
    const char *gen[][2] = {{"b1.c", "vec_b1"}, {"b2.c", "vec_b2"}, {"b3.c", "vec_b3"},
                            {"x.c", "vec_x"},   {"x.c", "vec_y"}};
    for (int i = 0; i < 5; i++) {
        const char *ops[] = {"push", "pop", "sort"};
        for (int k = 0; k < 3; k++) {
            char name[32];
            snprintf(name, sizeof name, "%s_%s", gen[i][1], ops[k]);
            int fn = synth_fn(&m, gen[i][0], name);
            m.functions[fn].line = 1000 + i; /* one line per expansion */
        }
    }
    synth_fn(&m, "x.c", "alpha_x_parse");
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    x = synth_service_of(&m, "x.c");
    CHECK(x && x == synth_service_of(&m, "a1.c") && x != synth_service_of(&m, "b1.c"));
    seam_model_free(&m);
}

/*
 * Service names: the directory a service mostly is names it (three of net/'s modules and
 * one utility elsewhere: "net"); a service with no directory, prefix or table is named
 * after the module driving it (poller.c calls the others), never after the utility its
 * modules all call (vector.c).
 */
static void test_service_names(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *files[] = {"net/a.c", "net/b.c", "net/c.c", "poller.c",
                           "trapper.c", "util/vec.c", "vector.c"};
    const char *fns[] = {"na", "nb", "nc", "poll", "trap", "vpush", "vadd"};
    for (int i = 0; i < 7; i++) {
        synth_file(&m, files[i]);
        synth_fn(&m, files[i], fns[i]);
    }
    synth_call(&m, "na", "nb", 3);
    synth_call(&m, "nb", "nc", 3);
    synth_call(&m, "na", "vpush", 2);
    synth_call(&m, "nb", "vpush", 2);
    synth_call(&m, "poll", "vadd", 3);
    synth_call(&m, "trap", "vadd", 3);
    synth_call(&m, "poll", "trap", 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *net = synth_service_of(&m, "net/a.c");
    CHECK(net && net == synth_service_of(&m, "util/vec.c") && strcmp(net->name, "net") == 0);
    const seam_service *p = synth_service_of(&m, "poller.c");
    CHECK(p && p == synth_service_of(&m, "vector.c") && strcmp(p->name, "poller") == 0);
    seam_model_free(&m);

    /* Table nouns: one service writes events and event_tags ("events", its root's word);
     * the other events_archive and event_suppress, whose noun is taken: it takes its root
     * table's name rather than "events-2". */
    seam_model_init(&m);
    const char *ef[] = {"e1a.c", "e1b.c", "e2a.c", "e2b.c"};
    const char *en[] = {"ea", "eb", "ec", "ed"};
    for (int i = 0; i < 4; i++) {
        synth_file(&m, ef[i]);
        synth_fn(&m, ef[i], en[i]);
    }
    synth_call(&m, "ea", "eb", 3);
    synth_call(&m, "ec", "ed", 3);
    synth_sql(&m, "ea", "INSERT INTO events", "events", SEAM_WRITE, NULL);
    synth_sql(&m, "eb", "INSERT INTO event_tags", "event_tags", SEAM_WRITE, NULL);
    synth_sql(&m, "ec", "INSERT INTO events_archive", "events_archive", SEAM_WRITE, NULL);
    synth_sql(&m, "ec", "UPDATE events_archive", "events_archive", SEAM_WRITE, NULL);
    synth_sql(&m, "ed", "INSERT INTO event_suppress", "event_suppress", SEAM_WRITE, NULL);
    const char *et[] = {"event_suppress", "event_tags", "events", "events_archive"};
    for (int i = 0; i < 4; i++)
        synth_table(&m, et[i]);
    synth_fk(&m, "fk_tags", "event_tags", "event_id", "events", "id");
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *e1 = synth_service_of(&m, "e1a.c"), *e2 = synth_service_of(&m, "e2a.c");
    CHECK(e1 && strcmp(e1->name, "events") == 0);
    CHECK(e2 && strcmp(e2->name, "events_archive") == 0);
    seam_model_free(&m);
}

int main(void)
{
    test_service_names();
    test_project_prefix();
    test_boilerplate_names();
    test_pins();
    test_header_elsewhere();
    test_unreached_tables();
    return check_finish();
}
