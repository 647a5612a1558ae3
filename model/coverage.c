/*
 * coverage.c - the coverage figures of the code's SQL (model->coverage): sites
 * resolved to tables or not, by confidence, the schema's tables that some
 * site reaches, and how many production statements (pg_stat_statements) were
 * matched to a site. The CLI prints them, model.json and the report carry them.
 */
#include "coverage.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Marks the schema table name names, or the base tables of the view it names. */
static void mark(const seam_schema *s, const char *name, unsigned char *reached)
{
    int t = seam_schema_find_table(s, name);
    if (t >= 0) {
        reached[t] = 1;
        return;
    }
    for (int v = 0; v < s->nviews; v++) {
        if (strcasecmp(s->views[v].name, name) != 0)
            continue;
        for (int k = 0; k < s->views[v].ntables; k++)
            if ((t = seam_schema_find_table(s, s->views[v].tables[k])) >= 0)
                reached[t] = 1;
        return;
    }
}

static void coverage_clear(seam_coverage *c)
{
    free(c->unresolved_sites);
    for (int i = 0; i < c->nunreached_tables; i++)
        free(c->unreached_tables[i]);
    free(c->unreached_tables);
    memset(c, 0, sizeof *c);
}

int seam_coverage_compute(seam_model *m, seam_err *err)
{
    seam_coverage *c = &m->coverage;
    coverage_clear(c);
    const seam_schema *s = &m->schema;

    /* A site reading only a system object resolved to something: the catalog. */
    unsigned char *system = calloc((size_t)m->nsql_sites + 1, 1);
    unsigned char *reached = calloc((size_t)s->ntables + 1, 1);
    if (!system || !reached)
        goto oom;
    for (int r = 0; r < m->nsystem_reads; r++)
        for (int k = 0; k < m->system_reads[r].nsites; k++) {
            int i = m->system_reads[r].sites[k];
            if (i >= 0 && i < m->nsql_sites)
                system[i] = 1;
        }

    c->sql_sites = m->nsql_sites;
    if (m->nsql_sites > 0 && !(c->unresolved_sites = malloc((size_t)m->nsql_sites * sizeof(int))))
        goto oom;
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *site = &m->sql_sites[i];
        if (site->confidence && strcmp(site->confidence, "low") == 0)
            c->low++;
        else
            c->high++;
        if (site->ntables > 0 || system[i])
            c->resolved++;
        else
            c->unresolved_sites[c->nunresolved_sites++] = i;
        for (int t = 0; t < site->ntables; t++)
            mark(s, site->tables[t].table, reached);
    }
    c->unresolved = c->nunresolved_sites;

    c->schema_tables = s->ntables;
    for (int t = 0; t < s->ntables; t++)
        c->tables_reached += reached[t];
    int unreached = s->ntables - c->tables_reached;
    if (unreached > 0 && !(c->unreached_tables = calloc((size_t)unreached, sizeof(char *))))
        goto oom;
    /* Schema tables are sorted by name, so the list is too. */
    for (int t = 0; t < s->ntables; t++) {
        if (reached[t])
            continue;
        if (!(c->unreached_tables[c->nunreached_tables] = seam_strdup(s->tables[t].name)))
            goto oom;
        c->nunreached_tables++;
    }
    /* seam_query_stat.sites was counted when statements were matched to sites (sql/). */
    c->statements = s->nquery_stats;
    for (int q = 0; q < s->nquery_stats; q++)
        c->statements_matched += s->query_stats[q].sites > 0;
    free(system);
    free(reached);
    return SEAM_OK;
oom:
    free(system);
    free(reached);
    coverage_clear(c);
    return seam_err_set(err, SEAM_ENOMEM, "model: out of memory computing SQL coverage");
}

int seam_coverage_mostly_guesses(const seam_coverage *c)
{
    return c->sql_sites > 0 && 2 * c->low > c->sql_sites;
}

int seam_coverage_mostly_unresolved(const seam_coverage *c)
{
    return c->sql_sites > 0 && 2 * c->unresolved > c->sql_sites;
}
