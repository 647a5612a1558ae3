/*
 * ties_reads.c - stage 2: SQL of one service that reads (or joins) another
 * service's tables.
 *
 * Once the databases part, service A's code cannot read service B's table.
 * For each pair (A, B), one "replace_read" step lists A's sites that read
 * B's tables and names, per table, the function of B's interface that reads
 * it (or the one to add, "<b>_get_<table>"): the site becomes a call. A
 * site that joins A's tables with B's is a join to split: A reads its part,
 * asks B for the rest by key.
 *
 * A read-mostly consumer - a service reading the tables of three or more
 * others, writing none of theirs, with at least half of its SQL reading
 * them (reporting, exports) - would need a call
 * for every row it aggregates. It gets one "data_pump" step instead: a copy
 * of each table it reads, in its own schema, refreshed by a job now (a
 * materialized view) and fed by a change stream once the databases part
 * (logical replication), and its sites read the copies.
 */
#include "planner_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#define PUMP_MIN_SERVICES 3 /* a consumer of this many others' tables reads from copies */

/*
 * For service a: reads[b] = its sites' reads of b's tables; *writes_other, its writes
 * to others' tables; *sites, its SQL sites; *across, those touching others' tables.
 */
static void consumer_profile(const pl_ctx *c, int a, int *reads, int *writes_other, int *sites,
                             int *across)
{
    const seam_model *m = c->m;
    memset(reads, 0, (size_t)m->nservices * sizeof *reads);
    *writes_other = *sites = *across = 0;
    for (int i = 0; i < m->nsql_sites; i++) {
        if (pl_site_service(c, i) != a)
            continue;
        (*sites)++;
        int other = 0;
        for (int t = 0; t < m->sql_sites[i].ntables; t++)
            other |= pl_owner_of(c, m->sql_sites[i].tables[t].table) >= 0 &&
                     pl_owner_of(c, m->sql_sites[i].tables[t].table) != a;
        *across += other;
        for (int t = 0; t < m->sql_sites[i].ntables; t++) {
            int b = pl_owner_of(c, m->sql_sites[i].tables[t].table);
            if (b < 0 || b == a)
                continue;
            if (m->sql_sites[i].tables[t].access & SEAM_WRITE)
                (*writes_other)++;
            else
                reads[b]++;
        }
    }
}

/* Tables of b that a's sites read, in name order, as "t1 (call f), t2 (add b_get_t2)". */
static char *table_advice(const pl_ctx *c, int a, int b, int *ntables, int step)
{
    const seam_model *m = c->m;
    const seam_service *sb = &m->services[b];
    char *out = seam_strdup("");
    *ntables = 0;
    for (int k = 0; out && k < sb->ntables; k++) {
        const char *table = sb->tables[k];
        if (!pl_touches(c, a, table) || pl_owner_of(c, table) != b)
            continue;
        (*ntables)++;
        if (step >= 0)
            pl_step_table((pl_ctx *)c, step, table);
        int f = pl_reader_of(c, table);
        char *one = f >= 0 ? seam_printf("%s (call %s)", table, m->functions[f].name)
                           : seam_printf("%s (add %s_get_%s to %s's interface)", table, sb->name,
                                         pl_table_base(table), sb->name);
        out = pl_join(out, *out ? ", " : "", one);
    }
    return out;
}

static int read_step(pl_ctx *c, int a, int b)
{
    const seam_model *m = c->m;
    const char *an = m->services[a].name, *bn = m->services[b].name;
    int st = pl_step_add(c, SEAM_PLAN_STAGE_TIES, "replace_read", an, bn,
                         seam_printf("service %s stops reading service %s's tables: each read "
                                     "becomes a call to %s",
                                     an, bn, bn));
    if (st < 0)
        return SEAM_ENOMEM;
    int rc = SEAM_OK, joins = 0, ntables = 0;
    for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++) {
        if (pl_site_service(c, i) != a)
            continue;
        int other = 0, own = 0;
        for (int t = 0; t < m->sql_sites[i].ntables; t++) {
            int o = pl_owner_of(c, m->sql_sites[i].tables[t].table);
            other |= o == b && !(m->sql_sites[i].tables[t].access & SEAM_WRITE);
            own |= o == a;
        }
        if (other) {
            rc = pl_step_site(c, st, i);
            joins += own;
        }
    }
    char *advice = rc == SEAM_OK ? table_advice(c, a, b, &ntables, st) : NULL;
    if (rc == SEAM_OK)
        rc = pl_step_why(c, st,
                         advice ? seam_printf("Once the databases part, %s cannot read %s's "
                                              "tables. Per table: %s. %d of the sites join %s's "
                                              "tables with %s's own: read the own part, ask %s "
                                              "for the rest by key.",
                                              an, bn, advice, joins, bn, an, bn)
                                : NULL);
    free(advice);
    if (rc == SEAM_OK)
        rc = pl_step_note(c, st, seam_strdup("A code change: no SQL."));
    if (rc == SEAM_OK && joins > 0)
        rc = pl_step_risk(c, st, "medium");
    for (int k = 0; rc == SEAM_OK && k < m->services[b].ntables; k++)
        rc = pl_step_after_table(c, st, m->services[b].tables[k]);
    return rc;
}

/* The pump's SQL: a copy of each table a reads, in a's schema (or, SQLite, a prefixed table). */
static char *pump_sql(const pl_ctx *c, int a, const int *reads)
{
    const seam_model *m = c->m;
    int pg = m->schema.dialect == SEAM_DIALECT_POSTGRESQL;
    char *sql = seam_strdup("BEGIN;\n");
    for (int b = 0; sql && b < m->nservices; b++) {
        if (!reads[b])
            continue;
        for (int k = 0; sql && k < m->services[b].ntables; k++) {
            const char *table = m->services[b].tables[k];
            if (pl_owner_of(c, table) != b || !pl_touches(c, a, table))
                continue;
            char *copy = seam_printf("%s_%s", m->services[b].name, pl_table_base(table));
            /* a copy's name never one a table has already (SQLite: one namespace for all) */
            while (copy && pl_name_index(c, copy) >= 0)
                copy = pl_join(copy, "", seam_strdup("_copy"));
            char *cut = copy ? pl_ident_cut(copy) : NULL;
            char *name = cut ? pl_ident(cut) : NULL;
            char *from =
                pg ? pl_join(pl_ident(c->schema_of[b]), ".", pl_ident(pl_table_base(table)))
                   : pl_ident(table);
            char *mine = pg ? pl_ident(c->schema_of[a]) : NULL;
            char *role = pg ? pl_ident(c->role_of[a]) : NULL;
            /* the consumer's role reads its copies */
            char *one = !name || !from || (pg && (!mine || !role)) ? NULL
                        : pg ? seam_printf("CREATE MATERIALIZED VIEW %s.%s AS SELECT * FROM %s;\n"
                                           "GRANT SELECT ON %s.%s TO %s;\n",
                                           mine, name, from, mine, name, role)
                             : seam_printf("CREATE TABLE %s AS SELECT * FROM %s;\n", name, from);
            free(copy), free(cut), free(name), free(from), free(mine), free(role);
            sql = pl_join(sql, "", one);
        }
    }
    return sql ? pl_join(sql, "", seam_strdup("COMMIT;\n")) : NULL;
}

static int pump_step(pl_ctx *c, int a, const int *reads, int nsources)
{
    const seam_model *m = c->m;
    const char *an = m->services[a].name;
    int st = pl_step_add(c, SEAM_PLAN_STAGE_TIES, "data_pump", an, NULL,
                         seam_printf("service %s reads copies of the %d services' tables it "
                                     "reports on, fed by a data pump",
                                     an, nsources));
    if (st < 0)
        return SEAM_ENOMEM;
    int rc = SEAM_OK;
    for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++) {
        if (pl_site_service(c, i) != a)
            continue;
        int other = 0;
        for (int t = 0; t < m->sql_sites[i].ntables; t++) {
            int o = pl_owner_of(c, m->sql_sites[i].tables[t].table);
            other |= o >= 0 && o != a;
        }
        if (other)
            rc = pl_step_site(c, st, i);
    }
    char *list = seam_strdup("");
    for (int b = 0; rc == SEAM_OK && list && b < m->nservices; b++) {
        if (!reads[b])
            continue;
        char *tables = seam_strdup("");
        for (int k = 0; tables && k < m->services[b].ntables; k++) {
            const char *table = m->services[b].tables[k];
            if (pl_owner_of(c, table) != b || !pl_touches(c, a, table))
                continue;
            pl_step_table(c, st, table);
            tables = pl_join(tables, *tables ? ", " : "", seam_strdup(table));
        }
        list = pl_join(list, *list ? "; " : "",
                       tables ? seam_printf("%s: %s", m->services[b].name, tables) : NULL);
        free(tables);
        for (int k = 0; rc == SEAM_OK && k < m->services[b].ntables; k++)
            rc = pl_step_after_table(c, st, m->services[b].tables[k]);
    }
    if (rc == SEAM_OK)
        rc = pl_step_why(
            c, st,
            list ? seam_printf("%s reads the tables of %d other services and writes none of "
                               "them: a reporting consumer. Calls per row would be slow and "
                               "couple it to every service; it reads its own copies instead, "
                               "refreshed by a job now (REFRESH MATERIALIZED VIEW), fed by a "
                               "change stream once the databases part (logical replication: a "
                               "publication per owner, a subscription in %s's database). "
                               "Its sites read the copies (named <service>_<table>). Sources: %s.",
                               an, nsources, an, list)
                 : NULL);
    free(list);
    if (rc == SEAM_OK)
        rc = c->has_db ? pl_step_sql(c, st, pump_sql(c, a, reads))
                       : pl_step_note(c, st, seam_strdup("No database was inspected: no SQL."));
    if (rc == SEAM_OK)
        rc = pl_step_risk(c, st, "medium");
    return rc;
}

int pl_ties_reads(pl_ctx *c)
{
    const seam_model *m = c->m;
    int *reads = calloc((size_t)m->nservices + 1, sizeof *reads), rc = SEAM_OK;
    if (!reads)
        return SEAM_ENOMEM;
    for (int i = 0; i < c->nstrangler && rc == SEAM_OK; i++) {
        int a = c->strangler[i], writes_other = 0, nsources = 0, sites = 0, across = 0;
        consumer_profile(c, a, reads, &writes_other, &sites, &across);
        for (int b = 0; b < m->nservices; b++)
            nsources += reads[b] > 0;
        /* read-mostly: most of its SQL reads others' tables, none writes them */
        if (nsources >= PUMP_MIN_SERVICES && writes_other == 0 && 2 * across >= sites) {
            rc = pump_step(c, a, reads, nsources);
            continue;
        }
        for (int b = 0; b < m->nservices && rc == SEAM_OK; b++)
            if (reads[b])
                rc = read_step(c, a, b);
    }
    free(reads);
    return rc;
}
