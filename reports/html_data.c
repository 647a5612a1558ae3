/*
 * html_data.c - the large listings of report.html as one compact JSON
 * document in a <script type="application/json"> element: every SQL site,
 * every module's why-here edges, each plan step's details, and the names the search box looks
 * through (services, modules, tables, functions). report.js builds a listing's rows when its
 * <details> opens, so the page carries each fact once instead of as repeated markup. Strings that
 * repeat (SQL texts, APIs, table and module names, the plan's texts) are pooled and referred to by
 * position. Every string goes through report_buf_json, which keeps '<' out of the element.
 *
 * Shape (positions are 0-based; -1 for none):
 *   files:    [path]                         model order
 *   fsvc:     [service of each file]
 *   services: [[name, shared 0/1, colour]]   model order
 *   fns:      [[name, file]]                 model order (no line: 17,000
 *                                            functions, 90 KB less)
 *   str:      [string]                       the pool
 *   sql:      [[service, file, line, function, via, [table, access, ...], sql
 *               (, calls, rows, ms when production figures exist)]]
 *   why:      [[module, service, reason, [target, is_table, weight, kinds, ...]]]
 *             (module, reason, target and kinds as positions in str)
 *   tables:   [[name, owner service]]        schema order
 *   plan:     [[rationale, sql, sql_note, [file, line, function, ...]]]
 *             per step in plan order (the texts as positions in str)
 *   mo, mm:   the module matrix (report_modmatrix.c)
 */
#include "html_internal.h"

#include <stdio.h>
#include <string.h>

static int data_pool(const seam_model *m, report_pool *p)
{
    int rc = SEAM_OK;
    for (int i = 0; !rc && i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        rc = report_pool_add(p, s->sql);
        if (!rc)
            rc = report_pool_add(p, s->via);
        for (int t = 0; !rc && t < s->ntables; t++)
            rc = report_pool_add(p, s->tables[t].table);
    }
    for (int i = 0; !rc && i < m->nmodules; i++) {
        const seam_module *md = &m->modules[i];
        rc = report_pool_add(p, md->name);
        if (!rc)
            rc = report_pool_add(p, md->reason);
        for (int k = 0; !rc && k < md->nwhy; k++) {
            rc = report_pool_add(p, md->why[k].target);
            if (!rc)
                rc = report_pool_add(p, md->why[k].kinds);
        }
    }
    for (int i = 0; !rc && i < m->nplan; i++) {
        rc = report_pool_add(p, m->plan[i].rationale);
        if (!rc)
            rc = report_pool_add(p, m->plan[i].sql);
        if (!rc)
            rc = report_pool_add(p, m->plan[i].sql_note);
    }
    if (!rc)
        report_pool_seal(p);
    return rc;
}

static void data_sites(html_ctx *h, const report_pool *p)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    int production = m->schema.nquery_stats > 0;
    report_buf_puts(b, ",\n\"sql\":[");
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        report_buf_printf(b, "%s[%d,%d,%d,%d,%d,[", i ? ",\n" : "", h->ix.site_service[i], s->file,
                          s->line, s->function, report_pool_find(p, s->via));
        for (int t = 0; t < s->ntables; t++)
            report_buf_printf(b, "%s%d,%d", t ? "," : "", report_pool_find(p, s->tables[t].table),
                              s->tables[t].access);
        report_buf_printf(b, "],%d", report_pool_find(p, s->sql));
        /* Production figures only when pg_stat_statements was read; a site no
         * statement matched has none (null), unlike one that ran 0 times. */
        if (production && s->stats_matched)
            report_buf_printf(b, ",%lld,%lld,%.1f", s->calls, s->rows, s->time_ms);
        else if (production)
            report_buf_puts(b, ",null,null,null");
        report_buf_puts(b, "]");
    }
    report_buf_puts(b, "]");
}

static void data_modules(html_ctx *h, const report_pool *p)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    report_buf_puts(b, ",\n\"why\":[");
    for (int i = 0; i < m->nmodules; i++) {
        const seam_module *md = &m->modules[i];
        int svc = -1;
        for (int s = 0; md->service && s < m->nservices; s++)
            if (m->services[s].name && strcmp(m->services[s].name, md->service) == 0)
                svc = s;
        report_buf_printf(b, "%s[%d,%d,%d,[", i ? ",\n" : "", report_pool_find(p, md->name), svc,
                          report_pool_find(p, md->reason));
        for (int k = 0; k < md->nwhy; k++) {
            char w[32];
            seam_format_fixed4(md->why[k].weight, w);
            report_buf_printf(b, "%s%d,%d,\"%s\",%d", k ? "," : "",
                              report_pool_find(p, md->why[k].target), md->why[k].is_table ? 1 : 0,
                              w, report_pool_find(p, md->why[k].kinds));
        }
        report_buf_puts(b, "]]");
    }
    report_buf_puts(b, "]");
}

static void data_plan(html_ctx *h, const report_pool *p)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    report_buf_puts(b, ",\n\"plan\":[");
    for (int i = 0; i < m->nplan; i++) {
        const seam_plan_step *s = &m->plan[i];
        report_buf_printf(b, "%s[%d,%d,%d,[", i ? ",\n" : "", report_pool_find(p, s->rationale),
                          report_pool_find(p, s->sql), report_pool_find(p, s->sql_note));
        for (int k = 0; k < s->ncode_sites; k++)
            report_buf_printf(b, "%s%d,%d,%d", k ? "," : "", s->code_sites[k].file,
                              s->code_sites[k].line, s->code_sites[k].function);
        report_buf_puts(b, "]]");
    }
    report_buf_puts(b, "]");
}

static void data_names(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    report_buf_puts(b, "\"files\":[");
    for (int i = 0; i < m->nfiles; i++) {
        report_buf_puts(b, i ? "," : "");
        report_buf_json(b, m->files[i].path);
    }
    report_buf_puts(b, "],\n\"fsvc\":[");
    for (int i = 0; i < m->nfiles; i++)
        report_buf_printf(b, "%s%d", i ? "," : "", h->ix.file_service[i]);
    report_buf_puts(b, "],\n\"services\":[");
    for (int i = 0; i < m->nservices; i++) {
        report_buf_puts(b, i ? ",[" : "[");
        report_buf_json(b, m->services[i].name);
        report_buf_printf(b, ",%d,\"%s\"]", report_is_shared(m, i), report_service_hex(m, i));
    }
    report_buf_puts(b, "],\n\"fns\":[");
    for (int i = 0; i < m->nfunctions; i++) {
        report_buf_puts(b, i ? ",[" : "[");
        report_buf_json(b, m->functions[i].name);
        report_buf_printf(b, ",%d]", m->functions[i].file);
    }
    report_buf_puts(b, "],\n\"tables\":[");
    for (int i = 0; i < m->schema.ntables; i++) {
        report_buf_puts(b, i ? ",[" : "[");
        report_buf_json(b, m->schema.tables[i].name);
        report_buf_printf(b, ",%d]", report_table_owner(m, m->schema.tables[i].name));
    }
    report_buf_puts(b, "]");
}

void html_data_write(html_ctx *h)
{
    report_pool pool = {0};
    if (data_pool(h->m, &pool)) {
        h->b->oom = 1;
        report_pool_free(&pool);
        return;
    }
    report_buf_puts(h->b, "<script type=\"application/json\" id=\"seam-data\">{");
    data_names(h);
    report_buf_puts(h->b, ",\n\"str\":");
    report_pool_json(&pool, h->b);
    data_sites(h, &pool);
    data_modules(h, &pool);
    data_plan(h, &pool);
    if (report_modmatrix_json(h->m, &h->g, h->b))
        h->b->oom = 1;
    report_buf_puts(h->b, "}</script>\n");
    report_pool_free(&pool);
}
