/*
 * planner.c - runs the planner: who owns what (from the services alone, so
 * that a model.json edited by hand plans as well as a fresh one), each
 * service's schema and role, the strangler order, then the stages in order.
 *
 * The strangler order: the service the fewest others depend on first (the
 * services calling it, referencing its functions or touching its tables),
 * then the one sharing the least data (its tables other services touch,
 * and other services' tables it touches), then by the calls, references
 * and SQL accesses depending on it; ties by name. Extracting a service
 * nothing leans on breaks nothing; each later extraction finds the services
 * it leans on still in place. A reporting service nobody depends on goes
 * early: its reads of everyone's tables go through data pumps (stage 2),
 * which do not need the sources extracted.
 */
#include "planner_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

int pl_service_find(const seam_model *m, const char *name)
{
    for (int s = 0; name && s < m->nservices; s++)
        if (strcmp(m->services[s].name, name) == 0)
            return s;
    return -1;
}

/* A schema name of the database already, or one PostgreSQL keeps for itself. */
static int schema_taken(const seam_model *m, const char *name)
{
    if (strncmp(name, "pg_", 3) == 0 || strcmp(name, "public") == 0 || strcmp(name, "main") == 0 ||
        strcmp(name, "information_schema") == 0)
        return 1;
    for (int i = 0; i < m->schema.nschemas; i++)
        if (strcmp(m->schema.schemas[i], name) == 0)
            return 1;
    return 0;
}

typedef struct rank {
    int service, inbound, shared;
    long weight;
    const char *name;
} rank;

static int rank_cmp(const void *a, const void *b)
{
    const rank *x = a, *y = b;
    if (x->inbound != y->inbound)
        return (x->inbound > y->inbound) - (x->inbound < y->inbound);
    if (x->shared != y->shared)
        return (x->shared > y->shared) - (x->shared < y->shared);
    if (x->weight != y->weight)
        return (x->weight > y->weight) - (x->weight < y->weight);
    return strcmp(x->name, y->name);
}

static int ctx_init(pl_ctx *c, seam_model *m)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->has_db = m->schema.dialect != SEAM_DIALECT_NONE;
    int ns = m->nservices;
    c->table_owner = malloc((size_t)(m->schema.ntables + 1) * sizeof *c->table_owner);
    c->fn_service = malloc((size_t)(m->nfunctions + 1) * sizeof *c->fn_service);
    c->schema_of = calloc((size_t)ns + 1, sizeof *c->schema_of);
    c->role_of = calloc((size_t)ns + 1, sizeof *c->role_of);
    c->strangler = malloc((size_t)(ns + 1) * sizeof *c->strangler);
    c->dep = calloc((size_t)ns + 1, sizeof *c->dep);
    rank *r = malloc((size_t)(ns + 1) * sizeof *r);
    if (!c->table_owner || !c->fn_service || !c->schema_of || !c->role_of || !c->strangler ||
        !c->dep || !r) {
        free(r);
        return SEAM_ENOMEM;
    }
    for (int t = 0; t < m->schema.ntables; t++)
        c->table_owner[t] = -1;
    /* a table listed by two services is the first one's (by name) */
    for (int s = 0; s < ns; s++)
        for (int k = 0;
             m->services[s].kind == SEAM_SERVICE_KIND_SERVICE && k < m->services[s].ntables; k++) {
            int t = seam_schema_find_table(&m->schema, m->services[s].tables[k]);
            if (t >= 0 && c->table_owner[t] < 0)
                c->table_owner[t] = s;
        }
    if (pl_owners_index(c) != SEAM_OK || pl_depends_compute(c) != SEAM_OK ||
        pl_owners_uses(c) != SEAM_OK) {
        free(r);
        return SEAM_ENOMEM;
    }
    for (int s = 0; s < ns; s++) {
        const seam_service *sv = &m->services[s];
        if (sv->kind != SEAM_SERVICE_KIND_SERVICE)
            continue;
        char *base = pl_ident_cut(sv->name);
        if (base && schema_taken(m, base)) {
            char *again = seam_printf("%s_svc", sv->name);
            free(base);
            base = again ? pl_ident_cut(again) : NULL;
            free(again);
        }
        char *role = base ? seam_printf("%s_svc", base) : NULL;
        c->schema_of[s] = base;
        c->role_of[s] = role ? pl_ident_cut(role) : NULL;
        free(role);
        if (!c->schema_of[s] || !c->role_of[s]) {
            free(r);
            return SEAM_ENOMEM;
        }
        const pl_depend *d = &c->dep[s];
        r[c->nstrangler++] = (rank){s, d->inbound, d->shared + d->reads, d->uses, sv->name};
    }
    seam_sort(r, (size_t)c->nstrangler, sizeof *r, rank_cmp);
    for (int i = 0; i < c->nstrangler; i++)
        c->strangler[i] = r[i].service;
    free(r);
    return SEAM_OK;
}

static void ctx_free(pl_ctx *c)
{
    for (int s = 0; c->m && s < c->m->nservices; s++) {
        if (c->schema_of)
            free(c->schema_of[s]);
        if (c->role_of)
            free(c->role_of[s]);
    }
    for (int s = 0; c->m && c->dep && s < c->m->nservices; s++) {
        free(c->dep[s].interface);
        free(c->dep[s].touched);
    }
    free(c->names);
    free(c->dep);
    free(c->schema_of);
    free(c->role_of);
    free(c->table_owner);
    free(c->fn_service);
    free(c->strangler);
}

/*
 * A model read from a file a user edited may lack what a plan names: each
 * service's name, table and file, each function's name, each table, key,
 * view and trigger name, each table a SQL site names. One line says which.
 */
static int validate(const seam_model *m, seam_err *err)
{
    for (int s = 0; s < m->nservices; s++) {
        const seam_service *sv = &m->services[s];
        if (!sv->name || !*sv->name)
            return seam_err_set(err, SEAM_EINPUT, "planner: service %d has no name", s);
        for (int k = 0; k < sv->ntables; k++)
            if (!sv->tables[k] || !*sv->tables[k])
                return seam_err_set(err, SEAM_EINPUT,
                                    "planner: service %d has a table with no name", s);
        for (int k = 0; k < sv->nfiles; k++)
            if (!sv->files[k])
                return seam_err_set(err, SEAM_EINPUT, "planner: service %d has a file with no path",
                                    s);
    }
    for (int f = 0; f < m->nfunctions; f++)
        if (!m->functions[f].name)
            return seam_err_set(err, SEAM_EINPUT, "planner: function %d has no name", f);
    const seam_schema *sc = &m->schema;
    for (int t = 0; t < sc->ntables; t++)
        if (!sc->tables[t].name || !*sc->tables[t].name)
            return seam_err_set(err, SEAM_EINPUT, "planner: schema table %d has no name", t);
    for (int i = 0; i < sc->nforeign_keys; i++)
        if (!sc->foreign_keys[i].from_table || !sc->foreign_keys[i].to_table)
            return seam_err_set(err, SEAM_EINPUT, "planner: foreign key %d lacks a table", i);
    for (int i = 0; i < sc->nviews; i++)
        for (int k = 0; k <= sc->views[i].ntables; k++)
            if (k == sc->views[i].ntables ? !sc->views[i].name : !sc->views[i].tables[k])
                return seam_err_set(err, SEAM_EINPUT, "planner: view %d lacks a name", i);
    for (int i = 0; i < sc->ntriggers; i++) {
        if (!sc->triggers[i].name || !sc->triggers[i].table)
            return seam_err_set(err, SEAM_EINPUT, "planner: trigger %d lacks a name or table", i);
        for (int k = 0; k < sc->triggers[i].ntables; k++)
            if (!sc->triggers[i].tables[k].table)
                return seam_err_set(err, SEAM_EINPUT, "planner: trigger %d lacks a table", i);
    }
    for (int i = 0; i < m->nsql_sites; i++) {
        for (int t = 0; t < m->sql_sites[i].ntables; t++)
            if (!m->sql_sites[i].tables[t].table)
                return seam_err_set(err, SEAM_EINPUT,
                                    "planner: SQL site %d names a table with no name", i);
        for (int k = 0; k < m->sql_sites[i].ncolumns; k++)
            if (!m->sql_sites[i].columns[k].table || !m->sql_sites[i].columns[k].column)
                return seam_err_set(err, SEAM_EINPUT,
                                    "planner: SQL site %d names a column with no name", i);
    }
    for (int i = 0; i < m->nunowned_tables; i++)
        if (!m->unowned_tables[i].table)
            return seam_err_set(err, SEAM_EINPUT, "planner: unowned table %d has no name", i);
    return SEAM_OK;
}

int planner_run(seam_model *model, seam_err *err)
{
    seam_plan_free(model->plan, model->nplan);
    model->plan = NULL;
    model->nplan = 0;
    model->plan_version = SEAM_PLAN_VERSION;
    int rc = validate(model, err);
    if (rc)
        return rc;
    pl_ctx c;
    rc = ctx_init(&c, model);
    if (rc == SEAM_OK)
        rc = pl_stage_schema(&c);
    if (rc == SEAM_OK)
        rc = pl_ties_foreign_keys(&c);
    /*
     * Shared tables split before anything reads them anew: a data pump's copy
     * (SELECT *) made first would hold the columns the split moves away. And
     * after the views across services are dropped: such a view reading a column
     * the split moves makes PostgreSQL refuse the split's DROP COLUMN (found by
     * tests/planner/test_split_pg.sh, its view seam_test_last_contact).
     */
    if (rc == SEAM_OK)
        rc = pl_ties_objects(&c);
    if (rc == SEAM_OK)
        rc = pl_ties_shared(&c);
    if (rc == SEAM_OK)
        rc = pl_ties_reads(&c);
    if (rc == SEAM_OK)
        rc = pl_ties_sagas(&c);
    if (rc == SEAM_OK)
        rc = pl_ties_calls(&c);
    if (rc == SEAM_OK)
        rc = pl_stage_database(&c);
    if (rc == SEAM_OK)
        pl_steps_finish(&c);
    ctx_free(&c);
    if (rc)
        return seam_err_set(err, rc, "planner: out of memory writing the split plan");
    return SEAM_OK;
}
