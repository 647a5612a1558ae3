/*
 * ties_objects.c - stage 2: the database's own objects that span services.
 *
 * A view over tables of two or more services joins across the split: it is
 * dropped, and the code reading it (listed) reads each part from its owner
 * instead, or a read model of its own. A trigger on one service's table
 * whose body touches another's tables does that service's work inside the
 * first one's writes: it is dropped, and its effect becomes an event the
 * table's service publishes and the other handles. (A stored function runs
 * only where a trigger or the code calls it: the trigger's step names it;
 * the code's calls are in its sites.)
 */
#include "planner_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How many services own tables[0..n) (-1: out of memory); *first, the first of them by name. */
static int owners(const pl_ctx *c, char *const *tables, int n, int *first)
{
    int count = 0;
    *first = -1;
    unsigned char *seen = calloc((size_t)c->m->nservices + 1, 1);
    if (!seen)
        return -1;
    for (int k = 0; k < n; k++) {
        int o = pl_owner_of(c, tables[k]);
        if (o < 0 || seen[o])
            continue;
        seen[o] = 1;
        count++;
        if (*first < 0 || strcmp(c->m->services[o].name, c->m->services[*first].name) < 0)
            *first = o;
    }
    free(seen);
    return count;
}

static int view_step(pl_ctx *c, const seam_view *v)
{
    const seam_model *m = c->m;
    int first, n = owners(c, v->tables, v->ntables, &first);
    if (n < 0)
        return SEAM_ENOMEM;
    if (n < 2)
        return SEAM_OK;
    /* the step is the service's whose code reads the view most; else the first owner's */
    int *uses = calloc((size_t)m->nservices + 1, sizeof *uses);
    if (!uses)
        return SEAM_ENOMEM;
    for (int i = 0; i < m->nsql_sites; i++)
        for (int t = 0; t < m->sql_sites[i].ntables; t++) {
            int f = m->sql_sites[i].function;
            int s = f >= 0 && f < m->nfunctions ? c->fn_service[f] : -1;
            if (s >= 0 && strcasecmp(m->sql_sites[i].tables[t].table, v->name) == 0)
                uses[s]++;
        }
    int who = first;
    for (int s = 0; s < m->nservices; s++)
        if (uses[s] > uses[who] && m->services[s].kind == SEAM_SERVICE_KIND_SERVICE)
            who = s;
    free(uses);
    int st = pl_step_add(c, SEAM_PLAN_STAGE_TIES, "replace_view", m->services[who].name, v->name,
                         seam_printf("drop view %s, which joins the tables of %d services; its "
                                     "readers compose the parts",
                                     v->name, n));
    if (st < 0)
        return SEAM_ENOMEM;
    int rc = SEAM_OK;
    for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++)
        for (int t = 0; t < m->sql_sites[i].ntables && rc == SEAM_OK; t++)
            if (strcasecmp(m->sql_sites[i].tables[t].table, v->name) == 0)
                rc = pl_step_site(c, st, i);
    char *tables = seam_strdup("");
    for (int k = 0; tables && k < v->ntables; k++) {
        int o = pl_owner_of(c, v->tables[k]);
        tables = pl_join(
            tables, k ? ", " : "",
            seam_printf("%s (%s)", v->tables[k], o >= 0 ? m->services[o].name : "no service"));
        if (rc == SEAM_OK)
            rc = pl_step_after_table(c, st, v->tables[k]);
    }
    if (rc == SEAM_OK)
        rc = pl_step_why(c, st,
                         tables ? seam_printf("%s%s reads %s: tables of services that will not "
                                              "share a database. Change its %d reader site%s "
                                              "first: each reads its own service's part and asks "
                                              "the owners for the rest (or reads a copy: see the "
                                              "data pump); then the view goes.",
                                              v->materialized ? "Materialized view " : "View ",
                                              v->name, tables, m->plan[st].ncode_sites,
                                              m->plan[st].ncode_sites == 1 ? "" : "s")
                                : NULL);
    free(tables);
    if (rc == SEAM_OK)
        rc = pl_step_risk(c, st, m->plan[st].ncode_sites > 0 ? "high" : "medium");
    if (rc != SEAM_OK)
        return rc;
    if (!c->has_db)
        return pl_step_note(c, st, seam_strdup("No database was inspected: no SQL."));
    char *name = pl_table_sql(c, v->name);
    char *sql = name ? seam_printf("BEGIN;\nDROP %sVIEW %s;\nCOMMIT;\n",
                                   v->materialized ? "MATERIALIZED " : "", name)
                     : NULL;
    free(name);
    return pl_step_sql(c, st, sql);
}

static int trigger_step(pl_ctx *c, const seam_trigger *tg)
{
    const seam_model *m = c->m;
    int home = pl_owner_of(c, tg->table);
    if (home < 0)
        return SEAM_OK;
    char *others = seam_strdup("");
    int n = 0;
    for (int k = 0; others && k < tg->ntables; k++) {
        int o = pl_owner_of(c, tg->tables[k].table);
        if (o < 0 || o == home)
            continue;
        others = pl_join(others, n++ ? ", " : "",
                         seam_printf("%s (%s)", tg->tables[k].table, m->services[o].name));
    }
    if (!others)
        return SEAM_ENOMEM;
    if (n == 0) {
        free(others);
        return SEAM_OK;
    }
    const char *hn = m->services[home].name;
    char *object = seam_printf("%s.%s", tg->table, tg->name);
    int st = object ? pl_step_add(c, SEAM_PLAN_STAGE_TIES, "replace_trigger", hn, object,
                                  seam_printf("drop trigger %s on %s, which writes other services' "
                                              "tables; service %s publishes an event instead",
                                              tg->name, tg->table, hn))
                    : -1;
    free(object);
    if (st < 0) {
        free(others);
        return SEAM_ENOMEM;
    }
    pl_step_table(c, st, tg->table);
    int rc = pl_step_after_table(c, st, tg->table);
    if (rc == SEAM_OK)
        rc = pl_step_why(c, st,
                         seam_printf("Trigger %s runs on %s (service %s)%s%s and touches %s. "
                                     "Across databases it cannot: service %s publishes an event "
                                     "when it writes %s, and the services owning those tables "
                                     "apply it in their own code.",
                                     tg->name, tg->table, hn, tg->function ? ", function " : "",
                                     tg->function ? tg->function : "", others, hn, tg->table));
    free(others);
    if (rc == SEAM_OK)
        rc = pl_step_risk(c, st, "high");
    if (rc != SEAM_OK)
        return rc;
    if (!c->has_db)
        return pl_step_note(c, st, seam_strdup("No database was inspected: no SQL."));
    char *name = pl_ident(tg->name), *table = NULL, *sql = NULL;
    if (m->schema.dialect == SEAM_DIALECT_POSTGRESQL) {
        /* after stage 1 the table lives in its service's schema */
        table = pl_join(pl_ident(c->schema_of[home]), ".", pl_ident(pl_table_base(tg->table)));
        sql = name && table ? seam_printf("BEGIN;\nDROP TRIGGER %s ON %s;\nCOMMIT;\n", name, table)
                            : NULL;
    } else {
        sql = name ? seam_printf("BEGIN;\nDROP TRIGGER %s;\nCOMMIT;\n", name) : NULL;
    }
    free(name), free(table);
    return pl_step_sql(c, st, sql);
}

int pl_ties_objects(pl_ctx *c)
{
    int rc = SEAM_OK;
    for (int i = 0; i < c->m->schema.nviews && rc == SEAM_OK; i++)
        rc = view_step(c, &c->m->schema.views[i]);
    for (int i = 0; i < c->m->schema.ntriggers && rc == SEAM_OK; i++)
        rc = trigger_step(c, &c->m->schema.triggers[i]);
    return rc;
}
