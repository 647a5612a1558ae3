/*
 * plan.c - the schema split plan, in strangler order.
 *
 * Services are taken least coupled first (fewest cross-service calls,
 * cross-service foreign keys, and SQL accesses to another service's tables
 * touching them; ties by name): the service that
 * leans least on the others is the cheapest to carve out first, and each
 * later step finds the earlier ones done. For each service owning tables:
 * a "create_schema" step, then a "move_table" step per table (by name).
 * Services owning no tables need no schema and get no step.
 *
 * Moving tables into per-service schemas of the same database keeps every
 * foreign key working, so the FKs that cross services come last, one
 * "drop_foreign_key" step each in schema order (from_table, name): once
 * dropped, the service owning the referencing table must check the
 * reference in code, through the referenced service.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

typedef struct plan_builder {
    seam_model *model;
    int cap;
} plan_builder;

/* Takes ownership of detail. */
static int add_step(plan_builder *b, const char *kind, const char *service, char *detail)
{
    seam_model *m = b->model;
    if (!detail || seam_array_reserve(&m->plan, &b->cap, m->nplan + 1, sizeof *m->plan)) {
        free(detail);
        return SEAM_ENOMEM;
    }
    seam_plan_step *st = &m->plan[m->nplan];
    st->order = m->nplan + 1;
    st->kind = seam_strdup(kind);
    st->service = seam_strdup(service);
    st->detail = detail;
    m->nplan++; /* counted before checking, so that seam_model_free releases it */
    return st->kind && st->service ? SEAM_OK : SEAM_ENOMEM;
}

typedef struct ranked {
    long coupling;
    const char *name;
    int service;
} ranked;

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->coupling != b->coupling)
        return a->coupling < b->coupling ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* "orders(customer_id, shop_id)" into a fresh string. */
static char *table_columns(const char *table, char *const *cols, int n)
{
    char *s = seam_printf("%s(", table);
    for (int i = 0; s && cols && i < n; i++) {
        char *next = seam_printf("%s%s%s", s, i ? ", " : "", cols[i] ? cols[i] : "?");
        free(s);
        s = next;
    }
    if (s) {
        char *next = seam_printf("%s)", s);
        free(s);
        s = next;
    }
    return s;
}

static int drop_fk_step(plan_builder *b, const dc_graph *g, const dc_partition *p,
                        const seam_foreign_key *fk)
{
    int from = dc_facts_find_table(g, fk->from_table), to = dc_facts_find_table(g, fk->to_table);
    /* An unowned table moves nowhere: its keys stay as they are. */
    if (from < 0 || to < 0 || p->table_service[from] < 0 || p->table_service[to] < 0 ||
        p->table_service[from] == p->table_service[to])
        return SEAM_OK;
    const char *owner = p->names[p->table_service[from]];
    const char *other = p->names[p->table_service[to]];
    char *lhs = table_columns(fk->from_table, fk->from_columns, fk->ncolumns);
    char *rhs = table_columns(fk->to_table, fk->to_columns, fk->ncolumns);
    char *detail = NULL;
    if (lhs && rhs) {
        char *label = fk->name && *fk->name ? seam_printf("foreign key %s", fk->name)
                                            : seam_strdup("unnamed foreign key");
        if (label)
            detail = seam_printf("drop %s %s -> %s between services %s and %s; service %s now "
                                 "checks the reference in code through service %s",
                                 label, lhs, rhs, owner, other, owner, other);
        free(label);
    }
    free(lhs);
    free(rhs);
    return add_step(b, "drop_foreign_key", owner, detail);
}

int dc_plan_build(seam_model *model, const dc_graph *g, const dc_partition *p, seam_err *err)
{
    plan_builder b = {model, 0};
    int n = 0, rc = SEAM_OK;
    ranked *order = calloc((size_t)p->nservices + 1, sizeof *order);
    long *coupling = NULL;
    if (!order || dc_metrics_couplings(g, p, &coupling)) {
        free(order);
        free(coupling);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory planning");
    }
    for (int s = 0; s < p->nservices; s++) {
        order[n].coupling = coupling[s];
        order[n].name = p->names[s];
        order[n].service = s;
        n++;
    }
    free(coupling);
    seam_sort(order, (size_t)n, sizeof *order, cmp_ranked);
    for (int i = 0; i < n && rc == SEAM_OK; i++) {
        int s = order[i].service, opened = 0;
        const char *name = p->names[s];
        /* Tables are sorted by name, so moves come out by name. */
        for (int t = 0; t < g->ntables && rc == SEAM_OK; t++) {
            if (p->table_service[t] != s)
                continue;
            if (!opened) {
                rc = add_step(&b, "create_schema", name,
                              seam_printf("create schema %s for service %s", name, name));
                opened = 1;
            }
            if (rc == SEAM_OK)
                rc = add_step(&b, "move_table", name,
                              seam_printf("move table %s to schema %s", g->tables[t], name));
        }
    }
    const seam_schema *sc = &model->schema;
    for (int i = 0; i < sc->nforeign_keys && rc == SEAM_OK; i++)
        rc = drop_fk_step(&b, g, p, &sc->foreign_keys[i]);
    free(order);
    if (rc)
        return seam_err_set(err, rc, "decomposer: out of memory writing the split plan");
    return SEAM_OK;
}
