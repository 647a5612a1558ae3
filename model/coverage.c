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

/* A site's place, for finding the site a helper's statement is sent from. */
typedef struct site_at {
    int file, line, index;
} site_at;

static int site_at_cmp(const void *a, const void *b)
{
    const site_at *x = a, *y = b;
    if (x->file != y->file)
        return (x->file > y->file) - (x->file < y->file);
    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    return (x->index > y->index) - (x->index < y->index);
}

/*
 * A table-name helper's statement ("select ... from %1$s") names no table
 * itself: its callers do, each with a site of its own that says where the
 * statement is sent (sent_at). Marks (2 in how[]) each site with no table
 * that a resolved caller's site is sent from. Sorted places keep it
 * O(n log n) however many helpers and callers.
 */
static int mark_at_callers(const seam_model *m, unsigned char *how)
{
    site_at *at = malloc((size_t)(m->nsql_sites + 1) * sizeof *at);
    if (!at)
        return -1;
    for (int i = 0; i < m->nsql_sites; i++)
        at[i] = (site_at){m->sql_sites[i].file, m->sql_sites[i].line, i};
    qsort(at, (size_t)m->nsql_sites, sizeof *at, site_at_cmp);
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *site = &m->sql_sites[i];
        if (!site->has_sent || site->ntables == 0)
            continue;
        /* the first place at (sent_file, sent_line), then every site there */
        int lo = 0, hi = m->nsql_sites;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            site_at key = {site->sent_file, site->sent_line, -1};
            if (site_at_cmp(&at[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < m->nsql_sites && at[lo].file == site->sent_file &&
               at[lo].line == site->sent_line;
             lo++)
            if (m->sql_sites[at[lo].index].ntables == 0 && !how[at[lo].index])
                how[at[lo].index] = 2;
    }
    free(at);
    return 0;
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

    /*
     * How a site with no table of its own is resolved: 1, it reads only
     * system objects (the catalog); 2, its callers name its table.
     */
    unsigned char *how = calloc((size_t)m->nsql_sites + 1, 1);
    unsigned char *reached = calloc((size_t)s->ntables + 1, 1);
    if (!how || !reached)
        goto oom;
    for (int r = 0; r < m->nsystem_reads; r++)
        for (int k = 0; k < m->system_reads[r].nsites; k++) {
            int i = m->system_reads[r].sites[k];
            if (i >= 0 && i < m->nsql_sites)
                how[i] = 1;
        }

    if (mark_at_callers(m, how) < 0)
        goto oom;

    c->sql_sites = m->nsql_sites;
    if (m->nsql_sites > 0 && !(c->unresolved_sites = malloc((size_t)m->nsql_sites * sizeof(int))))
        goto oom;
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *site = &m->sql_sites[i];
        if (site->confidence && strcmp(site->confidence, "low") == 0)
            c->low++;
        else
            c->high++;
        if (site->ntables > 0 || how[i])
            c->resolved++;
        else
            c->unresolved_sites[c->nunresolved_sites++] = i;
        if (site->ntables == 0 && how[i] == 2)
            c->at_callers++;
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
    free(how);
    free(reached);
    return SEAM_OK;
oom:
    free(how);
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
