/*
 * sample_model.c - the model.json and report tests' model, built the way the pipeline
 * stages fill it (sorted arrays, indices, strings owned by the model).
 */
#include "sample_model.h"

#include <stdlib.h>
#include <string.h>

/* Heap copies of a NULL-terminated list of strings; *n gets the count. */
static char **strv(int *n, const char *const *v)
{
    int k = 0;
    while (v[k])
        k++;
    char **out = calloc((size_t)(k ? k : 1), sizeof *out);
    if (!out)
        return NULL;
    for (int i = 0; i < k; i++)
        out[i] = seam_strdup(v[i]);
    *n = k;
    return out;
}

#define STRV(n, ...) strv(n, (const char *const[]){__VA_ARGS__, NULL})

/* Heap copy of k ints; *n gets k. */
static int *intv(int *n, int k, const int *v)
{
    int *out = calloc((size_t)(k ? k : 1), sizeof *out);
    if (!out)
        return NULL;
    if (k > 0) /* v may be NULL for none, which memcpy must not see */
        memcpy(out, v, (size_t)k * sizeof *v);
    *n = k;
    return out;
}

#define INTV(n, ...)                                                                               \
    intv(n, (int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int)), (const int[]){__VA_ARGS__})

static void add_file(seam_model *m, const char *path, int lines, int errors)
{
    seam_file *f = &m->files[m->nfiles++];
    f->path = seam_strdup(path);
    f->lines = lines;
    f->parse_errors = errors;
    f->is_header = path[strlen(path) - 1] == 'h';
}

static void add_function(seam_model *m, const char *usr, const char *name, int file, int line,
                         int is_static, int loc)
{
    seam_function *f = &m->functions[m->nfunctions++];
    f->usr = seam_strdup(usr);
    f->name = seam_strdup(name);
    f->file = file;
    f->line = line;
    f->is_static = is_static;
    f->loc = loc;
}

static void add_call(seam_model *m, int caller, int callee, int count)
{
    m->calls[m->ncalls++] = (seam_call){caller, callee, count, 10 + m->ncalls};
}

static seam_sql_site *add_site(seam_model *m, int function, int file, int line, const char *sql,
                               const char *via)
{
    seam_sql_site *s = &m->sql_sites[m->nsql_sites++];
    s->function = function;
    s->file = file;
    s->line = line;
    s->sql = seam_strdup(sql);
    s->via = seam_strdup(via);
    s->parser = seam_strdup("sqlite");
    s->tables = calloc(4, sizeof *s->tables);
    return s;
}

static void add_ref(seam_sql_site *s, const char *table, int access)
{
    s->tables[s->ntables].table = seam_strdup(table);
    s->tables[s->ntables++].access = access;
}

static seam_table *add_table(seam_schema *sc, const char *name)
{
    seam_table *t = &sc->tables[sc->ntables++];
    t->name = seam_strdup(name);
    t->columns = calloc(4, sizeof *t->columns);
    return t;
}

static void add_column(seam_table *t, const char *name, const char *type, int not_null)
{
    seam_column *c = &t->columns[t->ncolumns++];
    c->name = seam_strdup(name);
    c->type = seam_strdup(type);
    c->not_null = not_null;
}

static void add_fk(seam_schema *sc, const char *name, const char *from, const char *fcol,
                   const char *to, const char *tcol)
{
    seam_foreign_key *fk = &sc->foreign_keys[sc->nforeign_keys++];
    fk->name = seam_strdup(name);
    fk->from_table = seam_strdup(from);
    fk->to_table = seam_strdup(to);
    int n;
    fk->from_columns = STRV(&n, fcol);
    fk->to_columns = STRV(&fk->ncolumns, tcol);
}

static void add_edge_kind(seam_model *m, const char *kind, double factor, int edges,
                          double mean_raw)
{
    seam_edge_kind *e = &m->edge_kinds[m->nedge_kinds++];
    e->kind = seam_strdup(kind);
    e->factor = factor;
    e->edges = edges;
    e->mean_raw = mean_raw;
}

static void add_dep(seam_dependency **v, int *n, const char *service, double weight, int calls,
                    int refs, int sql_sites)
{
    *v = calloc(1, sizeof **v);
    if (!*v)
        return;
    (*v)[0] = (seam_dependency){seam_strdup(service), weight, calls, refs, sql_sites};
    *n = 1;
}

/* The decomposer's facts of one service: functions, interface, lines, cohesion, coupling. */
static void explain_service(seam_service *v, const int *functions, int nfunctions,
                            const int *interface, int ninterface, int loc, double cohesion,
                            double coupling)
{
    v->functions = intv(&v->nfunctions, nfunctions, functions);
    v->interface = intv(&v->ninterface, ninterface, interface);
    v->loc = loc;
    v->cohesion = cohesion;
    v->coupling = coupling;
}

static seam_module *add_module(seam_model *m, const char *name, const char *service,
                               const char *reason)
{
    seam_module *md = &m->modules[m->nmodules++];
    md->name = seam_strdup(name);
    md->service = seam_strdup(service);
    md->reason = reason ? seam_strdup(reason) : NULL;
    md->why = calloc(3, sizeof *md->why);
    return md;
}

static void add_why(seam_module *md, const char *target, int is_table, double weight,
                    const char *kinds)
{
    if (!md->why) /* any_null reports it */
        return;
    seam_why *w = &md->why[md->nwhy++];
    w->target = seam_strdup(target);
    w->is_table = is_table;
    w->weight = weight;
    w->kinds = seam_strdup(kinds);
}

static void add_step(seam_model *m, const char *kind, const char *service, const char *detail)
{
    seam_plan_step *p = &m->plan[m->nplan];
    p->order = ++m->nplan;
    p->kind = seam_strdup(kind);
    p->service = seam_strdup(service);
    p->detail = seam_strdup(detail);
    p->id = seam_printf("%s:%s:%d", kind, service, p->order);
    p->stage = strcmp(kind, "drop_foreign_key") == 0 ? SEAM_PLAN_STAGE_TIES : SEAM_PLAN_STAGE_SCHEMA;
    p->rationale = seam_printf("Why step %d.", p->order);
    p->risk = seam_strdup("low");
}

/* True when any string the builder set came out NULL (allocation failure). */
static int any_null(const seam_model *m)
{
    for (int i = 0; i < m->nfiles; i++)
        if (!m->files[i].path)
            return 1;
    for (int i = 0; i < m->nfunctions; i++)
        if (!m->functions[i].usr || !m->functions[i].name)
            return 1;
    for (int i = 0; i < m->nsql_sites; i++)
        if (!m->sql_sites[i].sql || !m->sql_sites[i].tables)
            return 1;
    for (int i = 0; i < m->nservices; i++)
        if (!m->services[i].name || !m->services[i].files || !m->services[i].tables)
            return 1;
    for (int i = 0; i < m->nedge_kinds; i++)
        if (!m->edge_kinds[i].kind)
            return 1;
    for (int i = 0; i < m->nservices; i++) {
        const seam_service *v = &m->services[i];
        if (!v->functions || !v->interface || !v->tables_read)
            return 1;
        for (int k = 0; k < v->noutbound; k++)
            if (!v->outbound[k].service)
                return 1;
        for (int k = 0; k < v->ninbound; k++)
            if (!v->inbound[k].service)
                return 1;
    }
    for (int i = 0; i < m->nmodules; i++) {
        const seam_module *md = &m->modules[i];
        if (!md->name || !md->service || !md->files || !md->why)
            return 1;
        for (int k = 0; k < md->nwhy; k++)
            if (!md->why[k].target || !md->why[k].kinds)
                return 1;
    }
    for (int i = 0; i < m->nimplied_fks; i++)
        if (!m->implied_fks[i].from_table || !m->implied_fks[i].sites)
            return 1;
    for (int i = 0; i < m->nshared_tables; i++)
        if (!m->shared_tables[i].table || !m->shared_tables[i].owner ||
            !m->shared_tables[i].writers || !m->shared_tables[i].readers)
            return 1;
    for (int i = 0; i < m->ndead_functions; i++)
        if (!m->dead_functions[i].reason)
            return 1;
    if (!m->func_refs || !m->modules || !m->implied_fks || !m->shared_tables || !m->dead_functions)
        return 1;
    return !m->src_root || !m->schema.tables || !m->plan;
}

/* Allocates one zeroed element for *arr and counts it in *n; NULL on failure. */
static void *one(void *arr, int *n, size_t elem)
{
    void **p = arr;
    *p = calloc(1, elem);
    if (*p)
        *n = 1;
    return *p;
}

/* SAMPLE_FULL: a value for every field model.json has beyond the report's needs. */
static int add_full(seam_model *m)
{
    m->code_warnings = STRV(&m->ncode_warnings, "no compile database: results are approximate");
    seam_sql_site *s = &m->sql_sites[0];
    s->how = seam_strdup("argument");
    s->confidence = seam_strdup("high");
    s->found = seam_strdup("driver");
    /* The last plan step in full: after the first, with SQL, code to change and its size. */
    seam_plan_step *ps = &m->plan[m->nplan - 1];
    ps->depends_on = STRV(&ps->ndepends_on, m->plan[0].id);
    ps->sql = seam_strdup("BEGIN;\nALTER TABLE \"billing\".\"invoice_line\" DROP CONSTRAINT "
                          "\"fk_line_product\";\nCOMMIT;\n");
    m->plan[0].sql_note = seam_strdup("SQLite keeps one schema per database file.");
    ps->code_sites = calloc(1, sizeof *ps->code_sites);
    if (!ps->code_sites)
        return SEAM_ENOMEM;
    ps->code_sites[0] = (seam_plan_site){s->file, s->line, s->function, seam_strdup(s->sql)};
    ps->ncode_sites = ps->effort_sites = 1;
    ps->effort_tables = 1;
    ps->has_size = 1;
    ps->effort_rows = 1200;
    ps->effort_bytes = 65536;
    free(ps->risk);
    ps->risk = seam_strdup("medium");
    if (!ps->sql || !m->plan[0].sql_note || !ps->code_sites[0].sql || !ps->risk)
        return SEAM_ENOMEM;
    /* The second site fills a table-name helper's statement: the first site sends it. */
    if (m->nsql_sites > 1) {
        m->sql_sites[1].has_sent = 1;
        m->sql_sites[1].sent_file = s->file;
        m->sql_sites[1].sent_line = s->line;
    }
    seam_column_ref *cr = one(&s->columns, &s->ncolumns, sizeof *s->columns);
    seam_global *g = one(&m->globals, &m->nglobals, sizeof *m->globals);
    seam_global_use *gu = one(&m->global_uses, &m->nglobal_uses, sizeof *m->global_uses);
    seam_type *ty = one(&m->types, &m->ntypes, sizeof *m->types);
    seam_type_use *tu = one(&m->type_uses, &m->ntype_uses, sizeof *m->type_uses);
    seam_include *inc = one(&m->includes, &m->nincludes, sizeof *m->includes);
    seam_tu *unit = one(&m->tus, &m->ntus, sizeof *m->tus);
    seam_component *comp = one(&m->components, &m->ncomponents, sizeof *m->components);
    if (!comp)
        return SEAM_ENOMEM;
    *comp = (seam_component){seam_strdup("billing"), seam_strdup("directory"),
                             seam_strdup("billing/Makefile.am"), NULL, 0};
    comp->files = STRV(&comp->nfiles, "billing/invoice.c");
    seam_schema *sc = &m->schema;
    seam_table *t = &sc->tables[sc->ntables - 1];
    seam_unique *u = one(&t->uniques, &t->nuniques, sizeof *t->uniques);
    seam_index *ix = one(&sc->indexes, &sc->nindexes, sizeof *sc->indexes);
    seam_view *vw = one(&sc->views, &sc->nviews, sizeof *sc->views);
    seam_trigger *tg = one(&sc->triggers, &sc->ntriggers, sizeof *sc->triggers);
    seam_sequence *sq = one(&sc->sequences, &sc->nsequences, sizeof *sc->sequences);
    seam_query_stat *qs = one(&sc->query_stats, &sc->nquery_stats, sizeof *sc->query_stats);
    if (!cr || !g || !gu || !ty || !tu || !inc || !unit || !u || !ix || !vw || !tg || !sq || !qs)
        return SEAM_ENOMEM;
    *cr = (seam_column_ref){seam_strdup("invoice"), seam_strdup("total"), SEAM_WRITE};
    *g = (seam_global){seam_strdup("c:invoice.c@next_id"), seam_strdup("next_id"), 0, 5, 1};
    *gu = (seam_global_use){1, 0, SEAM_READ | SEAM_WRITE};
    *ty = (seam_type){seam_strdup("c:@S@invoice"), seam_strdup("invoice"), seam_strdup("struct"),
                      1, 3};
    *tu = (seam_type_use){0, 0};
    *inc = (seam_include){0, 1};
    unit->file = seam_strdup("catalog/product.c");
    unit->parsed = 1;
    unit->errors = 1;
    unit->diagnostics = STRV(&unit->ndiagnostics, "catalog/product.c:3:1: unknown type name");

    seam_column *c = &t->columns[0];
    c->default_value = seam_strdup("0");
    c->identity = seam_strdup("by_default");
    c->generated = seam_strdup("stored");
    c->generated_expr = seam_strdup("id + 0");
    c->comment = seam_strdup("the key");
    t->primary_key_name = seam_strdup("product_pkey");
    u->name = seam_strdup("product_name_key");
    u->columns = STRV(&u->ncolumns, "name");
    t->partitions = STRV(&t->npartitions, "product_2024");
    t->comment = seam_strdup("what is sold");
    t->has_estimates = 1;
    t->row_estimate = 1200;
    t->size_bytes = 4503599627370496LL; /* 2^52: past 1e15, printed without an exponent */
    t->has_stats = 1;
    t->stats = (seam_table_stats){1, 2, 3, 4, 5, 6, 7, 8, 9};
    seam_foreign_key *fk = &sc->foreign_keys[0];
    fk->on_delete = seam_strdup("CASCADE");
    fk->on_update = seam_strdup("RESTRICT");
    fk->deferrable = 1;
    fk->initially_deferred = 1;
    sc->schemas = STRV(&sc->nschemas, "main");
    *ix = (seam_index){seam_strdup("product_lower_name"), seam_strdup("product"), NULL, 0, 1,
                       1, seam_strdup("btree"), 1, seam_strdup("name IS NOT NULL")};
    ix->columns = STRV(&ix->ncolumns, "(lower(name))");
    *vw = (seam_view){seam_strdup("priced"), 1, NULL, 0, seam_strdup("products with a price")};
    vw->tables = STRV(&vw->ntables, "product");
    *tg = (seam_trigger){seam_strdup("invoice_audit"), seam_strdup("invoice"),
                         seam_strdup("AFTER"), NULL, 0, 1, 1, seam_strdup("audit"),
                         seam_strdup("plpgsql"), NULL, 0};
    tg->events = STRV(&tg->nevents, "INSERT", "UPDATE");
    tg->tables = calloc(1, sizeof *tg->tables);
    if (tg->tables)
        tg->tables[tg->ntables++] = (seam_table_ref){seam_strdup("invoice"), SEAM_READ};
    *sq = (seam_sequence){seam_strdup("invoice_id_seq"), seam_strdup("bigint"),
                          seam_strdup("invoice"), seam_strdup("id")};
    *qs = (seam_query_stat){seam_strdup("SELECT * FROM invoice WHERE id = $1"), 42, NULL, 0, 40,
                            12.5, 1};
    /* Production figures: the statement above, matched to the first SQL site. */
    t->has_production = 1;
    s->calls = t->calls = 42;
    s->rows = t->rows = 40;
    s->time_ms = t->time_ms = 12.5;
    s->stats_matched = 1;
    m->coverage.statements = 1;
    m->coverage.statements_matched = 1;
    qs->tables = calloc(1, sizeof *qs->tables);
    if (qs->tables)
        qs->tables[qs->ntables++] = (seam_table_ref){seam_strdup("invoice"), SEAM_READ};
    /* A table no service's code reaches, with the schema's size and activity. */
    seam_unowned_table *un = one(&m->unowned_tables, &m->nunowned_tables, sizeof *un);
    if (un) {
        *un = (seam_unowned_table){seam_strdup("legacy"), seam_strdup("no code reaches it"), 1,
                                   1200, 65536, 1, {0}, 0, 0};
        un->stats = (seam_table_stats){3, 3600, 2, 2, 10, 1, 0, 1200, 4};
        un->has_production = 1;
        un->calls = 17;
    }
    sc->skipped = STRV(&sc->nskipped, "function audit: no permission");
    sc->warnings = STRV(&sc->nwarnings, "the role can write");
    /* A why-here edge to a module (the sample's others end at tables). */
    add_why(&m->modules[0], "billing/tax.c", 0, 0.75, "call 0.75");
    m->metrics.objective = 0.3333;
    return SEAM_OK;
}

int sample_model_build(seam_model *m, int flags)
{
    int hostile = flags & SAMPLE_HOSTILE, bad = flags & SAMPLE_BAD_UTF8;
    m->src_root = seam_strdup("/home/dev/src/shop");
    m->translation_units = 4;
    m->parse_errors = 1;

    m->files = calloc(8, sizeof *m->files);
    m->functions = calloc(8, sizeof *m->functions);
    m->calls = calloc(8, sizeof *m->calls);
    m->sql_sites = calloc(4, sizeof *m->sql_sites);
    m->services = calloc(3, sizeof *m->services);
    m->plan = calloc(8, sizeof *m->plan);
    m->schema.tables = calloc(4, sizeof *m->schema.tables);
    m->schema.foreign_keys = calloc(2, sizeof *m->schema.foreign_keys);
    m->edge_kinds = calloc(9, sizeof *m->edge_kinds);
    if (!m->files || !m->functions || !m->calls || !m->sql_sites || !m->services || !m->plan ||
        !m->schema.tables || !m->schema.foreign_keys || !m->edge_kinds)
        return SEAM_ENOMEM;

    /* Sorted by path, as the analyzer leaves them. 0x80 sorts after ASCII. */
    add_file(m, "billing/invoice.c", 120, 0);
    add_file(m, "billing/invoice.h", 14, 0);
    add_file(m, "catalog/product.c", 88, 1);
    add_file(m, "catalog/product.h", 9, 0);
    add_file(m, "util/db.c", 40, 0);
    add_file(m, bad ? "util/log\xff.c" : "util/log.c", 25, 0);

    add_function(m, "c:@F@invoice_create", "invoice_create", 0, 10, 0, 25);
    add_function(m, "c:invoice.c@F@invoice_total", "invoice_total", 0, 40, 1, 12);
    add_function(m, "c:@F@product_find", "product_find", 2, 12, 0, 15);
    add_function(m, "c:@F@product_price", "product_price", 2, 30, 0, 8);
    add_function(m, "c:@F@db_query", "db_query", 4, 5, 0, 20);
    add_function(m, "c:@F@log_msg", "log_msg", 5, 3, 0, 10);
    add_function(m, "c:log.c@F@log_rotate", "log_rotate", 5, 20, 1, 6); /* dead */

    add_call(m, 0, 1, 1); /* billing -> billing */
    add_call(m, 0, 3, 2); /* billing -> catalog */
    add_call(m, 0, 4, 1); /* billing -> util */
    add_call(m, 0, 5, 1); /* billing -> util */
    add_call(m, 2, 4, 1); /* catalog -> util */
    add_call(m, 3, 2, 1); /* catalog -> catalog */
    /* product_find passes invoice_create along: billing's interface. */
    m->func_refs = calloc(1, sizeof *m->func_refs);
    if (m->func_refs)
        m->func_refs[m->nfunc_refs++] = (seam_func_ref){2, 2, 0, 1, 30};

    seam_sql_site *s =
        add_site(m, 0, 0, 15, "INSERT INTO invoice(customer, total) VALUES (?, ?)", "db_query");
    add_ref(s, "invoice", SEAM_WRITE);
    const char *sql = "SELECT p.id, p.price FROM product p JOIN invoice_line l ON l.product_id = "
                      "p.id WHERE p.name <> 'a&b' AND p.note = \"<i>x</i>\"";
    if (bad)
        sql = "SELECT id FROM product WHERE name = '\xff\xfe caf\xc3 \xed\xa0\x80 ok \xc3\xa9'";
    s = add_site(m, 2, 2, 18, sql, "sqlite3_prepare_v2");
    add_ref(s, "invoice_line", SEAM_READ);
    add_ref(s, "product", SEAM_READ | SEAM_WRITE);
    /* Three joins in all (l.product_id = p.id above, two here); the two
     * between billing's and catalog's tables cross services. bundle_id has no
     * declared foreign key: the join on it implies one. */
    s = add_site(m, 3, 2, 34,
                 "SELECT p.price, i.total FROM product p JOIN invoice_line l ON l.bundle_id = p.id "
                 "JOIN invoice i ON i.id = l.invoice_id WHERE i.id = ?",
                 "sqlite3_prepare_v2");
    add_ref(s, "invoice", SEAM_READ);
    add_ref(s, "invoice_line", SEAM_READ);
    add_ref(s, "product", SEAM_READ);

    seam_schema *sc = &m->schema;
    sc->dialect = SEAM_DIALECT_SQLITE;
    sc->source = seam_strdup("shop.db");
    seam_table *t;
    if (hostile)
        add_table(sc, SAMPLE_HOSTILE_TABLE); /* '<' sorts before letters */
    t = add_table(sc, "invoice");
    add_column(t, "id", "INTEGER", 1);
    add_column(t, "customer", "TEXT", 1);
    add_column(t, "total", "REAL", 0);
    t->primary_key = STRV(&t->nprimary_key, "id");
    t = add_table(sc, "invoice_line");
    add_column(t, "invoice_id", "INTEGER", 1);
    add_column(t, "product_id", "INTEGER", 1);
    add_column(t, "bundle_id", "INTEGER", 0);
    t->primary_key = STRV(&t->nprimary_key, "invoice_id", "product_id");
    t = add_table(sc, "product");
    add_column(t, "id", "INTEGER", 1);
    add_column(t, "name", "TEXT", 0);
    t->primary_key = STRV(&t->nprimary_key, "id");
    add_fk(sc, "fk_line_invoice", "invoice_line", "invoice_id", "invoice", "id");
    add_fk(sc, "fk_line_product", "invoice_line", "product_id", "product", "id");

    seam_service *v = &m->services[0];
    v->name = seam_strdup("billing");
    v->kind = SEAM_SERVICE_KIND_SERVICE;
    v->files = STRV(&v->nfiles, "billing/invoice.c", "billing/invoice.h");
    v->tables = STRV(&v->ntables, "invoice", "invoice_line");
    v = &m->services[1];
    v->name = seam_strdup("catalog");
    v->kind = SEAM_SERVICE_KIND_SERVICE;
    v->files = STRV(&v->nfiles, "catalog/product.c", "catalog/product.h");
    if (hostile)
        v->tables = STRV(&v->ntables, SAMPLE_HOSTILE_TABLE, "product");
    else
        v->tables = STRV(&v->ntables, "product");
    v = &m->services[2];
    v->name = seam_strdup("util");
    v->kind = SEAM_SERVICE_KIND_SHARED_LIBRARY;
    v->reason = seam_strdup(hostile ? "called by 2 of 2 services & owns no tables <b>bold</b>"
                                    : "called by 2 of 2 services and owns no tables");
    v->files = STRV(&v->nfiles, "util/db.c", bad ? "util/log\xff.c" : "util/log.c");
    v->tables = STRV(&v->ntables, NULL);
    m->nservices = 3;

    /* What the decomposer explains: per service, per module (why here),
     * implied foreign keys, shared tables, dead code. Measures are the
     * sample's own: ICP 2 of 4 calls cross, IFN one interface function per
     * service, NED every service has a single module. */
    int billing_fns[] = {0, 1}, catalog_fns[] = {2, 3}, util_fns[] = {4, 5, 6};
    int billing_api[] = {0}, catalog_api[] = {3};
    v = &m->services[0];
    explain_service(v, billing_fns, 2, billing_api, 1, 134, 0.625, 0.1875);
    v->tables_read = STRV(&v->ntables_read, NULL);
    add_dep(&v->outbound, &v->noutbound, "catalog", 2.5, 2, 0, 0);
    add_dep(&v->inbound, &v->ninbound, "catalog", 2.5, 0, 1, 2);
    v = &m->services[1];
    explain_service(v, catalog_fns, 2, catalog_api, 1, 97, 0.375, 0.1875);
    v->tables_read = STRV(&v->ntables_read, "invoice", "invoice_line");
    add_dep(&v->outbound, &v->noutbound, "billing", 2.5, 0, 1, 2);
    add_dep(&v->inbound, &v->ninbound, "billing", 2.5, 2, 0, 0);
    v = &m->services[2];
    explain_service(v, util_fns, 3, NULL, 0, 65, 0, 0);
    v->tables_read = STRV(&v->ntables_read, NULL);

    m->modules = calloc(4, sizeof *m->modules);
    if (!m->modules)
        return SEAM_ENOMEM;
    seam_module *md = add_module(m, "billing/invoice.c", "billing", NULL);
    md->files = STRV(&md->nfiles, "billing/invoice.c", "billing/invoice.h");
    add_why(md, "invoice", 1, 2.4142, "access 1.41 + naming 1.00");
    add_why(md, "invoice_line", 1, 1.25, "naming 1.00 + cochange 0.25");
    md = add_module(m, "catalog/product.c", "catalog", NULL);
    md->files = STRV(&md->nfiles, "catalog/product.c", "catalog/product.h");
    add_why(md, "product", 1, 3.1623, "access 2.16 + naming 1.00");
    if (hostile)
        add_why(md, SAMPLE_HOSTILE_TABLE, 1, 0.5, "fk 0.50");
    md = add_module(m, "util/db.c", "util",
                    hostile ? "called from 2 of 3 other modules & writes <no> table"
                            : "called from 2 of 3 other modules, writes no table");
    md->files = STRV(&md->nfiles, "util/db.c");
    md = add_module(m, bad ? "util/log\xff.c" : "util/log.c", "util",
                    "called from 1 of 3 other modules, writes no table");
    md->files = STRV(&md->nfiles, bad ? "util/log\xff.c" : "util/log.c");

    m->implied_fks = calloc(1, sizeof *m->implied_fks);
    if (!m->implied_fks)
        return SEAM_ENOMEM;
    seam_implied_fk *ifk = &m->implied_fks[m->nimplied_fks++];
    ifk->from_table = seam_strdup("invoice_line");
    ifk->from_column = seam_strdup("bundle_id");
    ifk->to_table = seam_strdup("product");
    ifk->to_column = seam_strdup("id");
    ifk->sites = INTV(&ifk->nsites, 2);

    /* invoice: billing's SQL writes it, catalog's reads it (product.c:34).
     * The hostile table comes first (sorted by table): its name as a shared
     * table, written by both services, read by none. */
    m->shared_tables = calloc(2, sizeof *m->shared_tables);
    if (!m->shared_tables)
        return SEAM_ENOMEM;
    seam_shared_table *st;
    if (hostile) {
        st = &m->shared_tables[m->nshared_tables++];
        st->table = seam_strdup(SAMPLE_HOSTILE_TABLE);
        st->owner = seam_strdup("catalog");
        st->writers = STRV(&st->nwriters, "billing", "catalog");
        st->readers = STRV(&st->nreaders, NULL);
    }
    st = &m->shared_tables[m->nshared_tables++];
    st->table = seam_strdup("invoice");
    st->owner = seam_strdup("billing");
    st->writers = STRV(&st->nwriters, "billing");
    st->readers = STRV(&st->nreaders, "catalog");

    m->dead_functions = calloc(1, sizeof *m->dead_functions);
    if (!m->dead_functions)
        return SEAM_ENOMEM;
    m->dead_functions[0] =
        (seam_dead_function){6, seam_strdup("static, never called or referenced")};
    m->ndead_functions = 1;

    /* A catalog read by the first site; the last site resolved to nothing, and one table
     * (the hostile one when asked) that no code reaches. */
    m->system_reads = calloc(1, sizeof *m->system_reads);
    if (!m->system_reads)
        return SEAM_ENOMEM;
    m->system_reads[0].name = seam_strdup(hostile ? "pg_catalog.<b>pg_class</b>" : "pg_catalog.pg_class");
    m->system_reads[0].sites = INTV(&m->system_reads[0].nsites, 0);
    m->nsystem_reads = 1;
    m->coverage = (seam_coverage){.sql_sites = m->nsql_sites,
                                  .resolved = m->nsql_sites - 1,
                                  .unresolved = 1,
                                  .high = m->nsql_sites - 1,
                                  .low = 1,
                                  .schema_tables = m->schema.ntables,
                                  .tables_reached = m->schema.ntables - 1,
                                  .at_callers = (flags & SAMPLE_FULL) ? 1 : 0};
    m->coverage.unresolved_sites =
        INTV(&m->coverage.nunresolved_sites, m->nsql_sites - 1);
    m->coverage.unreached_tables = STRV(&m->coverage.nunreached_tables,
                                        hostile ? SAMPLE_HOSTILE_TABLE : "product");
    if (!m->system_reads[0].name || !m->system_reads[0].sites ||
        !m->coverage.unresolved_sites || !m->coverage.unreached_tables)
        return SEAM_ENOMEM;

    m->metrics = (seam_metrics){.modularity = 0.412345678901,
                                .services = 2,
                                .cross_service_calls = 2,
                                .internal_calls = 2,
                                .cross_service_fks = 1,
                                .shared_tables = m->nshared_tables,
                                .mq = 1.2857,
                                .sm = 0.2188,
                                .icp = 0.5,
                                .ifn = 1.0,
                                .ned = 1.0,
                                .resolution = 0.75,
                                .sql_joins = 3,
                                .cross_service_joins = 2,
                                .implied_fks = 1,
                                .dead_functions = 1,
                                .commits_read = 12,
                                .commits_used = 5};

    /* The coupling graph's kinds in decomposer order, as the decomposer
     * leaves them; their presence marks the model as decomposed. */
    add_edge_kind(m, "call", 1.0, 4, 1.25);
    add_edge_kind(m, "ref", 0.5, 1, 1.0);
    add_edge_kind(m, "global", 0.5, 0, 0.0);
    add_edge_kind(m, "type", 0.25, 0, 0.0);
    add_edge_kind(m, "access", 1.0, 4, 1.5);
    add_edge_kind(m, "fk", 1.0, 2, 1.0);
    add_edge_kind(m, "implied_fk", 0.75, 1, 1.0);
    add_edge_kind(m, "cochange", 1.0, 1, 5.0);
    add_edge_kind(m, "naming", 0.25, 3, 1.0);

    m->plan_version = SEAM_PLAN_VERSION;
    add_step(m, "create_schema", "billing", "Create schema billing.");
    add_step(m, "create_schema", "catalog", "Create schema catalog.");
    add_step(m, "move_table", "billing", "Move table invoice to schema billing.");
    add_step(m, "move_table", "billing", "Move table invoice_line to schema billing.");
    add_step(m, "move_table", "catalog",
             hostile ? "Move table <script>alert(1)</script> to schema catalog."
                     : "Move table product to schema catalog.");
    add_step(m, "drop_foreign_key", "billing",
             "Drop fk_line_product (invoice_line -> product): catalog owns product.");
    if ((flags & SAMPLE_FULL) && add_full(m) < 0)
        return SEAM_ENOMEM;
    return any_null(m) ? SEAM_ENOMEM : SEAM_OK;
}
