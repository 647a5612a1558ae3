/*
 * html_sections.c - the detailed parts of report.html: foreign keys between services, the SQL
 * each service runs, its coverage (with the system objects it reads, and the
 * production figures pg_stat_statements gave, when it did), and the files that did not parse
 * cleanly.
 */
#include "html_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void empty_note(html_ctx *h, const char *text)
{
    report_buf_printf(h->b, "<p class=\"none\">%s</p>\n", text);
}

/* "table (a, b)" with every part escaped. */
static void fk_end(html_ctx *h, const char *table, char **cols, int n)
{
    report_buf_puts(h->b, "<code>");
    html_text(h, table);
    report_buf_puts(h->b, "(");
    for (int i = 0; i < n; i++) {
        if (i)
            report_buf_puts(h->b, ", ");
        html_text(h, cols[i]);
    }
    report_buf_puts(h->b, ")</code>");
}

void html_section_foreign_keys(html_ctx *h)
{
    const seam_schema *s = &h->m->schema;
    report_buf *b = h->b;
    report_buf_puts(b, "<section id=\"foreign-keys\">\n<h2>Cross-service foreign keys</h2>\n"
                       "<p class=\"note\">Constraints between tables that end up owned by"
                       " different services. The database can no longer enforce them once"
                       " the schemas are separated; the owning services must.</p>\n");
    int n = 0;
    for (int i = 0; i < s->nforeign_keys; i++) {
        const seam_foreign_key *fk = &s->foreign_keys[i];
        int from = report_table_owner(h->m, fk->from_table);
        int to = report_table_owner(h->m, fk->to_table);
        if (from < 0 || to < 0 || from == to)
            continue;
        if (n++ == 0)
            report_buf_puts(b, "<table>\n<thead><tr><th>Constraint</th><th>From</th>"
                               "<th>Owner</th><th></th><th>To</th><th>Owner</th></tr></thead>\n"
                               "<tbody>\n");
        report_buf_puts(b, "<tr><td><code>");
        html_text(h, fk->name);
        report_buf_puts(b, "</code></td><td>");
        fk_end(h, fk->from_table, fk->from_columns, fk->ncolumns);
        report_buf_puts(b, "</td><td>");
        html_service_label(h, from);
        report_buf_puts(b, "</td><td class=\"arrow\">&rarr;</td><td>");
        fk_end(h, fk->to_table, fk->to_columns, fk->ncolumns);
        report_buf_puts(b, "</td><td>");
        html_service_label(h, to);
        report_buf_puts(b, "</td></tr>\n");
    }
    if (n)
        report_buf_puts(b, "</tbody>\n</table>\n");
    else
        empty_note(h, s->nforeign_keys ? "Every foreign key stays inside one service."
                                       : "The schema has no foreign keys.");
    report_buf_puts(b, "</section>\n");
}

/* Production figures exist when pg_stat_statements was read: then sites and tables show them. */
static int has_production(const seam_model *m)
{
    return m->schema.nquery_stats > 0;
}

/* Milliseconds as people read them: "12.5 ms", "3.2 s", "41 min". */
static void put_time(report_buf *b, double ms)
{
    if (ms < 1000.0)
        report_buf_printf(b, "%.1f ms", ms);
    else if (ms < 600000.0)
        report_buf_printf(b, "%.1f s", ms / 1000.0);
    else
        report_buf_printf(b, "%.0f min", ms / 60000.0);
}

/* One collapsed block for the SQL sites whose file belongs to service svc
 * (-1: files in no service); nothing when there are none. Its rows are built
 * by report.js from the embedded data when it opens (html_data.c). */
static void sql_group(html_ctx *h, int svc, int count)
{
    report_buf *b = h->b;
    if (count == 0)
        return;
    report_buf_printf(b, "<details class=\"lazy\" data-sql=\"%d\">\n<summary>", svc);
    if (svc >= 0)
        html_service_label(h, svc);
    else
        report_buf_puts(b, "Files in no service");
    report_buf_printf(b, " <span>&middot; %d SQL site%s</span></summary>\n", count,
                      count == 1 ? "" : "s");
    report_buf_puts(b, "<p class=\"nojs\">This listing is built by the page&#39;s script;"
                       " the same sites are in model.json.</p>\n<div class=\"scroll\"><table"
                       " class=\"sortable\">\n<thead><tr><th>Location</th><th>Function</th>"
                       "<th>Via</th><th>Tables</th>");
    if (has_production(h->m))
        report_buf_puts(b, "<th class=\"n\" title=\"times production ran it"
                           " (pg_stat_statements)\">Calls</th>");
    report_buf_puts(b, "<th>SQL</th></tr></thead>\n<tbody></tbody>\n</table></div>\n</details>\n");
}

void html_section_sql(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf_puts(h->b,
                    "<section id=\"sql\">\n<h2>SQL by service</h2>\n<p class=\"note\">Every SQL"
                    " string that reaches the database, with the tables it reads (R) and"
                    " writes (W). Expand a service to see its statements.</p>\n");
    if (m->nsql_sites == 0) {
        empty_note(h, "No SQL sites were found.");
        report_buf_puts(h->b, "</section>\n");
        return;
    }
    int unassigned = 0;
    for (int i = 0; i < m->nsql_sites; i++)
        unassigned += h->ix.site_service[i] < 0;
    for (int s = 0; s < m->nservices; s++)
        sql_group(h, s, h->ix.service_sites[s]);
    sql_group(h, -1, unassigned);
    report_buf_puts(h->b, "</section>\n");
}

/* "path:line function" of SQL site i, escaped. */
static void site_label(html_ctx *h, int i)
{
    const seam_model *m = h->m;
    if (i < 0 || i >= m->nsql_sites) {
        report_buf_puts(h->b, "?");
        return;
    }
    const seam_sql_site *s = &m->sql_sites[i];
    report_buf_puts(h->b, "<code>");
    html_text(h, s->file >= 0 && s->file < m->nfiles ? m->files[s->file].path : "?");
    report_buf_printf(h->b, ":%d</code> <code>", s->line);
    html_text(h, s->function >= 0 && s->function < m->nfunctions ? m->functions[s->function].name
                                                                 : "?");
    report_buf_puts(h->b, "</code>");
}

static int table_by_calls(const void *a, const void *b)
{
    const seam_table *x = *(const seam_table *const *)a, *y = *(const seam_table *const *)b;
    if (x->calls != y->calls)
        return x->calls > y->calls ? -1 : 1;
    return strcmp(x->name, y->name);
}

/*
 * What production ran: how many of pg_stat_statements' statements were matched
 * to code, and each table's calls, rows and time, busiest first (tables with
 * no statement last, at 0).
 */
static void production_block(html_ctx *h)
{
    const seam_model *m = h->m;
    const seam_coverage *c = &m->coverage;
    report_buf *b = h->b;
    int pct = c->statements
                  ? (int)((100LL * c->statements_matched + c->statements / 2) / c->statements)
                  : 0;
    report_buf_printf(b,
                      "<p class=\"production\">Production: %d statement%s"
                      " (pg_stat_statements), %d matched to code sites (%d%%).</p>\n",
                      c->statements, c->statements == 1 ? "" : "s", c->statements_matched, pct);
    const seam_table **v = malloc(((size_t)m->schema.ntables + 1) * sizeof *v);
    if (!v) {
        b->oom = 1; /* the report fails whole, as for any other allocation */
        return;
    }
    int n = 0;
    for (int t = 0; t < m->schema.ntables; t++)
        if (m->schema.tables[t].has_production)
            v[n++] = &m->schema.tables[t];
    if (n == 0) {
        free(v);
        return;
    }
    qsort(v, (size_t)n, sizeof *v, table_by_calls);
    report_buf_printf(b,
                      "<details>\n<summary>Production by table <span>&middot; %d</span>"
                      "</summary>\n<table class=\"production\">\n<thead><tr><th>Table</th>"
                      "<th class=\"n\">Calls</th><th class=\"n\">Rows</th>"
                      "<th class=\"n\">Time</th></tr></thead>\n<tbody>\n",
                      n);
    for (int i = 0; i < n; i++) {
        report_buf_puts(b, "<tr><td><code>");
        html_text(h, v[i]->name);
        report_buf_printf(b,
                          "</code></td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
                          "<td class=\"n\">",
                          v[i]->calls, v[i]->rows);
        put_time(b, v[i]->time_ms);
        report_buf_puts(b, "</td></tr>\n");
    }
    report_buf_puts(b, "</tbody>\n</table>\n</details>\n");
    free(v);
}

void html_section_coverage(html_ctx *h)
{
    const seam_model *m = h->m;
    const seam_coverage *c = &m->coverage;
    report_buf *b = h->b;
    report_buf_puts(b, "<section id=\"coverage\">\n<h2>SQL coverage</h2>\n<p class=\"note\">"
                       "How much of the code's SQL was resolved to tables; an unresolved site "
                       "or an unreached table is a fact the decomposition did not see.</p>\n");
    int pct = c->sql_sites ? (int)((100LL * c->resolved + c->sql_sites / 2) / c->sql_sites) : 0;
    report_buf_printf(b,
                      "<ul>\n<li>%d SQL sites: %d resolved to tables (%d%%), %d unresolved</li>\n"
                      "<li>%d seen reaching a database call (high confidence), %d keyword "
                      "guesses (low)</li>\n",
                      c->sql_sites, c->resolved, pct, c->unresolved, c->high, c->low);
    if (c->at_callers > 0)
        report_buf_printf(b,
                          "<li>%d of the resolved are statements of table-name helpers, "
                          "resolved at their callers</li>\n",
                          c->at_callers);
    if (m->schema.dialect != SEAM_DIALECT_NONE || c->schema_tables > 0)
        report_buf_printf(b, "<li>%d of %d tables reached by code</li>\n", c->tables_reached,
                          c->schema_tables);
    report_buf_puts(b, "</ul>\n");
    if (c->nunresolved_sites > 0) {
        report_buf_printf(b,
                          "<details>\n<summary>Unresolved sites <span>&middot; %d</span>"
                          "</summary>\n<ul class=\"sites\">\n",
                          c->nunresolved_sites);
        for (int i = 0; i < c->nunresolved_sites; i++) {
            report_buf_puts(b, "<li>");
            site_label(h, c->unresolved_sites[i]);
            report_buf_puts(b, "</li>\n");
        }
        report_buf_puts(b, "</ul>\n</details>\n");
    }
    if (c->nunreached_tables > 0) {
        report_buf_printf(b,
                          "<details>\n<summary>Tables no code reaches <span>&middot; %d</span>"
                          "</summary>\n<ul class=\"tables\">\n",
                          c->nunreached_tables);
        for (int i = 0; i < c->nunreached_tables; i++) {
            report_buf_puts(b, "<li><code>");
            html_text(h, c->unreached_tables[i]);
            report_buf_puts(b, "</code></li>\n");
        }
        report_buf_puts(b, "</ul>\n</details>\n");
    }
    if (has_production(m))
        production_block(h);
    /* The database's own catalogs: read by the code, owned by no service. */
    if (m->nsystem_reads > 0) {
        report_buf_printf(b,
                          "<details>\n<summary>System reads <span>&middot; %d</span></summary>"
                          "\n<p class=\"note\">The database's own objects the code reads;"
                          " no service owns them and the plan moves none.</p>\n"
                          "<ul class=\"system\">\n",
                          m->nsystem_reads);
        for (int i = 0; i < m->nsystem_reads; i++) {
            const seam_system_read *r = &m->system_reads[i];
            report_buf_puts(b, "<li><code>");
            html_text(h, r->name);
            report_buf_puts(b, "</code>:");
            for (int k = 0; k < r->nsites; k++) {
                report_buf_puts(b, k ? ", " : " ");
                site_label(h, r->sites[k]);
            }
            report_buf_puts(b, "</li>\n");
        }
        report_buf_puts(b, "</ul>\n</details>\n");
    }
    report_buf_puts(b, "</section>\n");
}

void html_section_parse_errors(html_ctx *h)
{
    const seam_model *m = h->m;
    if (m->parse_errors == 0 && m->ncode_warnings == 0)
        return;
    report_buf_puts(h->b, "<section id=\"parse-errors\">\n<h2>Parse errors</h2>\n");
    /* The analyzer's warnings: no compile database, translation units skipped. */
    if (m->ncode_warnings > 0) {
        report_buf_puts(h->b, "<ul class=\"warnings\">\n");
        for (int i = 0; i < m->ncode_warnings; i++) {
            report_buf_puts(h->b, "<li>");
            html_text(h, m->code_warnings[i]);
            report_buf_puts(h->b, "</li>\n");
        }
        report_buf_puts(h->b, "</ul>\n");
    }
    if (m->parse_errors == 0) {
        report_buf_puts(h->b, "</section>\n");
        return;
    }
    report_buf_printf(h->b,
                      "<p class=\"note\">"
                      "%d error diagnostic%s while parsing. Facts from these files may be"
                      " incomplete; check their compile commands.</p>\n",
                      m->parse_errors, m->parse_errors == 1 ? "" : "s");
    report_buf_puts(h->b,
                    "<table>\n<thead><tr><th>File</th><th class=\"n\">Errors</th></tr></thead>"
                    "\n<tbody>\n");
    for (int i = 0; i < m->nfiles; i++) {
        if (m->files[i].parse_errors <= 0)
            continue;
        report_buf_puts(h->b, "<tr><td><code>");
        html_text(h, m->files[i].path);
        report_buf_printf(h->b, "</code></td><td class=\"n\">%d</td></tr>\n",
                          m->files[i].parse_errors);
    }
    report_buf_puts(h->b, "</tbody>\n</table>\n");
    /* Each translation unit's first errors, as libclang gave them. */
    int listed = 0;
    for (int i = 0; i < m->ntus; i++) {
        const seam_tu *t = &m->tus[i];
        if (t->errors <= 0 || t->ndiagnostics == 0)
            continue;
        if (!listed++)
            report_buf_puts(h->b, "<h3>First diagnostics per translation unit</h3>\n<dl "
                                  "class=\"diagnostics\">\n");
        report_buf_puts(h->b, "<dt><code>");
        html_text(h, t->file);
        report_buf_printf(h->b, "</code>%s (%d error%s)</dt>\n", t->parsed ? "" : ", skipped",
                          t->errors, t->errors == 1 ? "" : "s");
        for (int d = 0; d < t->ndiagnostics; d++) {
            report_buf_puts(h->b, "<dd><code>");
            html_text(h, t->diagnostics[d]);
            report_buf_puts(h->b, "</code></dd>\n");
        }
    }
    if (listed)
        report_buf_puts(h->b, "</dl>\n");
    report_buf_puts(h->b, "</section>\n");
}
