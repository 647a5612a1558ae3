/*
 * html_decomposition.c - what the decomposer explains, in report.html:
 * the quality measures in the summary, each service's interface and
 * dependencies in its card, why every module sits where it does, the tables
 * several services share, the tables no service owns, implied foreign keys, dead code, and how the
 * coupling graph was weighed. Every part is left out when the model has no
 * such facts (a model written before the decomposer explained itself, or a
 * sparse one), so older reports look as they did.
 */
#include "html_internal.h"

#include <stdio.h>
#include <string.h>

/* Longest list shown unfolded (interface functions, module rows). */
#define FOLD_AFTER 12
/* Longest dependency list of a card shown unfolded. */
#define DEPS_UNFOLDED 5

static void metric4(html_ctx *h, double v, const char *label, const char *hint)
{
    char num[32];
    seam_format_fixed4(v, num);
    report_buf_printf(h->b,
                      "<div class=\"card metric\"><div class=\"v\">%s</div>"
                      "<div class=\"k\">%s</div><div class=\"h\">%s</div></div>\n",
                      num, label, hint);
}

void html_summary_quality(html_ctx *h)
{
    const seam_metrics *mt = &h->m->metrics;
    if (h->m->nedge_kinds == 0)
        return;
    report_buf_puts(h->b, "<p class=\"note\">Structure measures (see docs/metrics.md): MQ sums"
                          " each service&#39;s share of its own ties; SM is cohesion minus"
                          " coupling; ICP the share of calls that cross services; IFN the"
                          " mean size of a service&#39;s interface; NED the share of modules"
                          " in services of extreme size.</p>\n<div class=\"cards\">\n");
    metric4(h, mt->mq, "MQ", "TurboMQ, higher is better");
    metric4(h, mt->sm, "SM", "structural modularity, -1 to 1");
    metric4(h, mt->icp, "ICP", "cross-service call share, lower is better");
    metric4(h, mt->ifn, "IFN", "interface functions per service");
    metric4(h, mt->ned, "NED", "modules in extreme sizes, lower is better");
    char n[24];
    snprintf(n, sizeof n, "%d", mt->implied_fks);
    report_buf_printf(h->b,
                      "<div class=\"card metric%s\"><div class=\"v\">%s</div><div class=\"k\">"
                      "Implied FKs</div><div class=\"h\">joined on, never declared</div></div>\n",
                      mt->implied_fks > 0 ? " bad" : "", n);
    report_buf_puts(h->b, "</div>\n");
}

static const char *fn_name(const seam_model *m, int f)
{
    return f >= 0 && f < m->nfunctions && m->functions[f].name ? m->functions[f].name : "?";
}

/* One part of a dependency, ", "-separated after the first; zero parts are
 * left out so that a dependency made only of references or SQL does not read
 * as "0 calls". */
static void dep_part(html_ctx *h, int *parts, int n, const char *one, const char *many)
{
    if (n == 0)
        return;
    report_buf_printf(h->b, "%s%d %s", (*parts)++ ? ", " : "", n, n == 1 ? one : many);
}

/* A service's outbound (inbound = 0) or inbound dependencies. Each line
 * names the other service and what the dependency consists of: calls,
 * function references, and SQL sites on the tables of the service depended
 * on (the other one for outbound, this one, self, for inbound). */
static void dependency_list(html_ctx *h, const char *label, const seam_dependency *d, int n,
                            int inbound, const char *self)
{
    if (n == 0)
        return;
    report_buf_printf(h->b, "<div class=\"label\">%s</div>\n", label);
    /* Tens of lines per card made the cards a wall; the matrix has the same
     * ties at a glance, so a long list folds. */
    int fold = n > DEPS_UNFOLDED;
    if (fold)
        report_buf_printf(h->b, "<details class=\"fl\"><summary>%d services</summary>", n);
    report_buf_puts(h->b, "<ul class=\"files\">");
    for (int i = 0; i < n; i++) {
        int parts = 0;
        report_buf_puts(h->b, "<li>");
        html_text(h, d[i].service);
        report_buf_puts(h->b, ": ");
        dep_part(h, &parts, d[i].calls, "call", "calls");
        dep_part(h, &parts, d[i].refs, "function reference", "function references");
        if (d[i].sql_sites) {
            dep_part(h, &parts, d[i].sql_sites, "SQL site on ", "SQL sites on ");
            html_text(h, inbound ? self : d[i].service);
            report_buf_puts(h->b, "&#39;s tables");
        }
        if (parts == 0) {
            /* The decomposer lists only dependencies with one of the three; a
             * model edited by hand may hold a bare weight. */
            char w[32];
            seam_format_fixed4(d[i].weight, w);
            report_buf_printf(h->b, "coupling weight %s", w);
        }
        report_buf_puts(h->b, "</li>");
    }
    report_buf_puts(h->b, fold ? "</ul></details>\n" : "</ul>\n");
}

/* "n%" of part in whole, rounded, or a dash when whole is 0. */
static void percent(report_buf *b, int part, int whole)
{
    if (whole > 0)
        report_buf_printf(b, "%d%%", (int)((100LL * part + whole / 2) / whole));
    else
        report_buf_puts(b, "&ndash;");
}

/*
 * A service's boundary, counting data as well as calls (report_graph.c):
 * exclusivity, the share of the SQL accesses of its tables made by its own
 * code; cohesion, the share of its ties (calls, SQL accesses, foreign keys)
 * that stay inside it; coupling, its ties with other services either way.
 */
static void service_measures(html_ctx *h, int i)
{
    const report_graph *g = &h->g;
    report_buf *b = h->b;
    report_buf_printf(b,
                      "<div class=\"stats\"><span><b>%d</b> lines</span><span title=\"share of"
                      " the SQL accesses of its tables made by its own code\">exclusivity <b>",
                      h->m->services[i].loc);
    percent(b, g->own_access[i], g->all_access[i]);
    report_buf_puts(b, "</b></span><span title=\"share of its calls, SQL accesses and foreign"
                       " keys that stay inside it\">cohesion <b>");
    percent(b, g->internal[i], g->internal[i] + g->external[i]);
    report_buf_printf(b,
                      "</b></span><span title=\"calls, SQL sites and foreign keys between it"
                      " and other services, either way\">coupling <b>%d</b> tie%s with <b>%d"
                      "</b> service%s</span></div>\n",
                      g->external[i], g->external[i] == 1 ? "" : "s", g->partners[i],
                      g->partners[i] == 1 ? "" : "s");
}

void html_service_extras(html_ctx *h, int i)
{
    const seam_service *s = &h->m->services[i];
    report_buf *b = h->b;
    if (h->m->nedge_kinds == 0)
        return;
    /* Cohesion and coupling measure a service's boundary; a shared library
     * has none (the decomposer leaves both 0), and its card shows the reason
     * it was set aside instead. */
    if (s->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY) {
        report_buf_printf(b, "<div class=\"stats\"><span><b>%d</b> lines</span></div>\n", s->loc);
    } else {
        service_measures(h, i);
    }
    if (s->ninterface > 0) {
        report_buf_printf(b,
                          "<div class=\"label\">Interface: called from other services (%d)"
                          "</div>\n",
                          s->ninterface);
        int fold = s->ninterface > FOLD_AFTER;
        if (fold)
            report_buf_printf(b, "<details class=\"fl\"><summary>Show all %d functions</summary>\n",
                              s->ninterface);
        report_buf_puts(b, "<div class=\"chips\">");
        for (int k = 0; k < s->ninterface; k++) {
            report_buf_puts(b, "<span class=\"chip\">");
            html_text(h, fn_name(h->m, s->interface[k]));
            report_buf_puts(b, "</span>");
        }
        report_buf_puts(b, fold ? "</div>\n</details>\n" : "</div>\n");
    }
    if (s->ntables_read > 0) {
        report_buf_puts(b, "<div class=\"label\">Reads tables of other services</div>\n<div "
                           "class=\"chips\">");
        for (int k = 0; k < s->ntables_read; k++) {
            report_buf_puts(b, "<span class=\"chip\">");
            html_text(h, s->tables_read[k]);
            report_buf_puts(b, "</span>");
        }
        report_buf_puts(b, "</div>\n");
    }
    dependency_list(h, "Depends on", s->outbound, s->noutbound, 0, s->name);
    dependency_list(h, "Used by", s->inbound, s->ninbound, 1, s->name);
}

void html_section_modules(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    if (m->nmodules == 0)
        return;
    report_buf_puts(b, "<section id=\"why\">\n<h2>Why each module is where it is</h2>\n"
                       "<p class=\"note\">The strongest ties of each module to its own service,"
                       " with what they are made of (call, ref, global, type, access, fk,"
                       " implied_fk, cochange, naming, component; docs/decomposition.md). Shared"
                       " libraries show the rule that set them aside.</p>\n");
    /* The rows come from the embedded data (html_data.c), built by report.js
     * when the listing opens: thousands of modules would otherwise be most of
     * the page. */
    report_buf_printf(b,
                      "<details class=\"lazy\" data-why=\"1\"><summary>%d module%s</summary>\n"
                      "<p class=\"nojs\">This listing is built by the page&#39;s script; the"
                      " same modules are in model.json.</p>\n<div class=\"scroll\"><table"
                      " class=\"sortable\">\n<thead><tr><th>Module</th><th>Service</th>"
                      "<th>Why here</th></tr></thead>\n<tbody></tbody>\n</table></div>\n"
                      "</details>\n</section>\n",
                      m->nmodules, m->nmodules == 1 ? "" : "s");
}

/* The service named name as its coloured label, or the bare name (escaped)
 * when no service has it (a model edited by hand). */
static void named_service(html_ctx *h, const char *name)
{
    for (int i = 0; name && i < h->m->nservices; i++)
        if (h->m->services[i].name && strcmp(h->m->services[i].name, name) == 0) {
            html_service_label(h, i);
            return;
        }
    html_text(h, name);
}

/* The services named in v, but skip (the owner, who reads its own table
 * without sharing it); "none" when no other is left. */
static void service_names(html_ctx *h, char **v, int n, const char *skip)
{
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (skip && v[i] && strcmp(v[i], skip) == 0)
            continue;
        report_buf_puts(h->b, shown++ ? ", " : "");
        named_service(h, v[i]);
    }
    if (shown == 0)
        report_buf_puts(h->b, "<span class=\"none\">none</span>");
}

void html_section_shared_tables(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    /* Only the decomposer lists shared tables: without its facts an empty
     * list would claim there are none. */
    if (m->nedge_kinds == 0 && m->nshared_tables == 0)
        return;
    report_buf_puts(b, "<section id=\"shared-tables\">\n<h2>Shared tables</h2>\n<p class=\"note\">"
                       "Tables the SQL of more than one service touches. After a split each"
                       " needs one owner service that the others call, or it becomes a shared"
                       " data service of its own.</p>\n");
    if (m->nshared_tables == 0) {
        report_buf_puts(b, "<p class=\"none\">None: each table is touched by the SQL of one"
                           " service only.</p>\n</section>\n");
        return;
    }
    report_buf_puts(b, "<table>\n<thead><tr><th>Table</th><th>Proposed owner</th>"
                       "<th>Written by</th><th>Only read by</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < m->nshared_tables; i++) {
        const seam_shared_table *t = &m->shared_tables[i];
        report_buf_puts(b, "<tr><td><code>");
        html_text(h, t->table);
        report_buf_puts(b, "</code></td><td>");
        named_service(h, t->owner);
        report_buf_puts(b, "</td><td>");
        service_names(h, t->writers, t->nwriters, NULL);
        report_buf_puts(b, "</td><td>");
        service_names(h, t->readers, t->nreaders, t->owner);
        report_buf_puts(b, "</td></tr>\n");
    }
    report_buf_puts(b, "</tbody>\n</table>\n</section>\n");
}

/* A figure the schema may lack: the number, or a dash. */
static void figure(html_ctx *h, int known, long long v)
{
    if (known && v >= 0)
        report_buf_printf(h->b, "<td class=\"num\">%lld</td>", v);
    else
        report_buf_puts(h->b, "<td class=\"num\"><span class=\"none\">-</span></td>");
}

void html_section_unowned_tables(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    if (m->nunowned_tables == 0)
        return;
    report_buf_puts(b,
                    "<section id=\"unowned-tables\">\n<h2>Unowned tables</h2>\n<p class=\"note\">"
                    "Tables no service&#39;s code reaches. They are no service and no plan step"
                    " moves them: dead data to drop, or data another program writes, for the"
                    " team to assign. Activity is since the database&#39;s statistics were last"
                    " reset.</p>\n");
    report_buf_puts(b, "<table>\n<thead><tr><th>Table</th><th>Why</th><th>Rows (est.)</th>"
                       "<th>Size (bytes)</th><th>Scans</th><th>Rows written</th>"
                       "<th>Production statements</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < m->nunowned_tables; i++) {
        const seam_unowned_table *t = &m->unowned_tables[i];
        report_buf_puts(b, "<tr><td><code>");
        html_text(h, t->table);
        report_buf_puts(b, "</code></td><td>");
        html_text(h, t->reason);
        report_buf_puts(b, "</td>");
        figure(h, t->has_estimates, t->row_estimate);
        figure(h, t->has_estimates, t->size_bytes);
        figure(h, t->has_stats, t->stats.seq_scan + t->stats.idx_scan);
        figure(h, t->has_stats, t->stats.n_tup_ins + t->stats.n_tup_upd + t->stats.n_tup_del);
        figure(h, t->has_production, t->calls);
        report_buf_puts(b, "</tr>\n");
    }
    report_buf_puts(b, "</tbody>\n</table>\n</section>\n");
}

void html_section_schema_findings(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    if (m->nedge_kinds == 0)
        return;
    report_buf_puts(b, "<section id=\"implied\">\n<h2>Implied foreign keys</h2>\n<p class=\"note\">"
                       "Joins in the code&#39;s SQL on a key of another table that the schema"
                       " does not declare: relations a split must account for all the same.</p>\n");
    if (m->nimplied_fks == 0) {
        report_buf_puts(b, "<p class=\"none\">None: every join follows a declared key.</p>\n");
    } else {
        report_buf_puts(b, "<table>\n<thead><tr><th>Referencing</th><th></th><th>Referenced</th>"
                           "<th>Joined at</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < m->nimplied_fks; i++) {
            const seam_implied_fk *f = &m->implied_fks[i];
            report_buf_puts(b, "<tr><td>");
            html_text(h, f->from_table);
            report_buf_puts(b, " (");
            html_text(h, f->from_column);
            report_buf_puts(b, ")</td><td class=\"arrow\">&rarr;</td><td>");
            html_text(h, f->to_table);
            report_buf_puts(b, " (");
            html_text(h, f->to_column);
            report_buf_puts(b, ")</td><td>");
            for (int k = 0; k < f->nsites; k++) {
                int si = f->sites[k];
                if (si < 0 || si >= m->nsql_sites)
                    continue;
                const seam_sql_site *s = &m->sql_sites[si];
                report_buf_puts(b, k ? ", " : "");
                html_text(h, s->file >= 0 && s->file < m->nfiles ? m->files[s->file].path : "?");
                report_buf_printf(b, ":%d", s->line);
            }
            report_buf_puts(b, "</td></tr>\n");
        }
        report_buf_puts(b, "</tbody>\n</table>\n");
    }
    report_buf_puts(b, "</section>\n<section id=\"dead\">\n<h2>Dead code</h2>\n<p class=\"note\">"
                       "Functions no entry point reaches (main, exported functions, functions"
                       " referenced at file scope): candidates to delete before a split.</p>\n");
    if (m->ndead_functions == 0) {
        report_buf_puts(b, "<p class=\"none\">None found.</p>\n");
    } else {
        report_buf_printf(b,
                          "<details><summary>%d function%s</summary>\n<table>\n<thead><tr>"
                          "<th>Function</th><th>File</th><th>Why</th></tr></thead>\n<tbody>\n",
                          m->ndead_functions, m->ndead_functions == 1 ? "" : "s");
        for (int i = 0; i < m->ndead_functions; i++) {
            int f = m->dead_functions[i].function;
            report_buf_puts(b, "<tr><td>");
            html_text(h, fn_name(m, f));
            report_buf_puts(b, "</td><td>");
            if (f >= 0 && f < m->nfunctions && m->functions[f].file >= 0 &&
                m->functions[f].file < m->nfiles) {
                html_text(h, m->files[m->functions[f].file].path);
                report_buf_printf(b, ":%d", m->functions[f].line);
            }
            report_buf_puts(b, "</td><td>");
            html_text(h, m->dead_functions[i].reason);
            report_buf_puts(b, "</td></tr>\n");
        }
        report_buf_puts(b, "</tbody>\n</table>\n</details>\n");
    }
    report_buf_puts(b, "</section>\n<section id=\"weights\">\n<h2>How the coupling graph was"
                       " weighed</h2>\n<p class=\"note\">Each kind of evidence is normalised to"
                       " a mean of 1 over its own edges, then multiplied by its factor"
                       " (docs/decomposition.md says why each weighs what it does).</p>\n"
                       "<table>\n<thead><tr><th>Kind</th><th class=\"n\">Factor</th>"
                       "<th class=\"n\">Edges</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < m->nedge_kinds; i++) {
        char f[32];
        seam_format_fixed4(m->edge_kinds[i].factor, f);
        report_buf_puts(b, "<tr><td>");
        html_text(h, m->edge_kinds[i].kind);
        report_buf_printf(b, "</td><td class=\"n\">%s</td><td class=\"n\">%d</td></tr>\n", f,
                          m->edge_kinds[i].edges);
    }
    char r[32];
    seam_format_fixed4(m->metrics.resolution, r);
    report_buf_printf(b,
                      "</tbody>\n</table>\n<p class=\"note\">Leiden resolution kept: %s; git"
                      " commits read for co-change: %d (%d changed two or more modules).</p>\n"
                      "</section>\n",
                      r, m->metrics.commits_read, m->metrics.commits_used);
}
