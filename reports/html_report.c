/*
 * html_report.c - report.html, the decomposition explained to people.
 *
 * One self-contained page: inline CSS, no script, no external resource, so
 * it can be mailed, archived or opened offline. Every string from the
 * analyzed code or database goes through html_text (escaping & < > " ').
 * This file writes the page frame, the header, the metric cards and the
 * service cards; the detailed tables are in html_sections.c.
 */
#include "html_internal.h"
#include "report.h"
#include "file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_text(html_ctx *h, const char *s)
{
    report_buf_html(h->b, s);
}

static int is_shared(const seam_service *s)
{
    return s->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY;
}

void html_service_style(html_ctx *h, int service)
{
    static const char *const pattern[] = {"solid", "dashed", "dotted"};
    report_buf_printf(h->b, "--c:%s;--p:%s", report_service_hex(h->m, service),
                      pattern[report_service_pattern(h->m, service)]);
}

void html_service_label(html_ctx *h, int service)
{
    if (service < 0 || service >= h->m->nservices) {
        report_buf_puts(h->b, "<span class=\"none\">(no service)</span>");
        return;
    }
    report_buf_puts(h->b, "<span class=\"dot\" style=\"");
    html_service_style(h, service);
    report_buf_puts(h->b, "\"></span>");
    html_text(h, h->m->services[service].name);
    if (is_shared(&h->m->services[service]))
        report_buf_puts(h->b, "<span class=\"badge shared\">shared library</span>");
}

static void fact(html_ctx *h, const char *label, const char *value, int warn)
{
    report_buf_printf(h->b, "<div><dt>%s</dt><dd%s>", label, warn ? " class=\"warn\"" : "");
    html_text(h, value);
    report_buf_puts(h->b, "</dd></div>");
}

static void fact_int(html_ctx *h, const char *label, int v, int warn)
{
    char num[24];
    snprintf(num, sizeof num, "%d", v);
    fact(h, label, num, warn);
}

static void write_header(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    char *name = seam_format_basename(m->src_root);
    if (m->src_root && !name)
        b->oom = 1;
    const char *project = name && *name ? name : "project";

    report_buf_puts(b, "<title>seam report: ");
    html_text(h, project);
    report_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", report_asset_css);
    report_buf_puts(b,
                    "<header class=\"top\"><div class=\"wrap\">\n<div class=\"brand\"><b>seam</b>"
                    " &middot; version " SEAM_VERSION "</div>\n<h1>Service decomposition of ");
    html_text(h, project);
    report_buf_puts(b, "</h1>\n<p class=\"lede\">How this C code base and its database can be split"
                       " into services: the proposed boundaries, what still couples them, and"
                       " the steps to separate the schema.</p>\n<dl class=\"facts\">");
    fact_int(h, "Files", m->nfiles, 0);
    fact_int(h, "Functions", m->nfunctions, 0);
    fact_int(h, "Translation units", m->translation_units, 0);
    fact_int(h, "Parse errors", m->parse_errors, m->parse_errors > 0);
    fact_int(h, "SQL sites", m->nsql_sites, 0);
    fact(h, "Database", m->schema.dialect ? seam_dialect_name(m->schema.dialect) : "none", 0);
    fact_int(h, "Tables", m->schema.ntables, 0);
    report_buf_puts(b, "</dl>\n</div></header>\n");
    free(name);
}

static void metric(html_ctx *h, const char *value, const char *label, const char *hint, int bad)
{
    report_buf_printf(h->b,
                      "<div class=\"card metric%s\"><div class=\"v\">%s</div>"
                      "<div class=\"k\">%s</div><div class=\"h\">%s</div></div>\n",
                      bad ? " bad" : "", value, label, hint);
}

static void metric_int(html_ctx *h, int v, const char *label, const char *hint, int bad)
{
    char num[24];
    snprintf(num, sizeof num, "%d", v);
    metric(h, num, label, hint, bad);
}

static void write_summary(html_ctx *h)
{
    const seam_metrics *mt = &h->m->metrics;
    int shared = 0;
    for (int i = 0; i < h->m->nservices; i++)
        shared += is_shared(&h->m->services[i]);
    report_buf_puts(h->b,
                    "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"note\">Modularity"
                    " is Newman&#39;s Q of the clustering of files and tables; above 0.3"
                    " usually means clear boundaries. Calls and foreign keys that cross"
                    " services are the work a split has to undo.</p>\n<div class=\"cards\">\n");
    char q[32];
    seam_format_fixed4(mt->modularity, q);
    metric(h, q, "Modularity", "Newman&#39;s Q, -0.5 to 1", 0);
    metric_int(h, mt->services, "Services", "proposed boundaries", 0);
    metric_int(h, shared, "Shared libraries", "set aside, no domain data", 0);
    metric_int(h, mt->internal_calls, "Internal calls", "stay inside one service", 0);
    metric_int(h, mt->cross_service_calls, "Cross-service calls", "become remote calls",
               mt->cross_service_calls > 0);
    int total = mt->internal_calls + mt->cross_service_calls;
    char pct[32] = "&ndash;";
    if (total > 0)
        snprintf(pct, sizeof pct, "%d%%", (int)((mt->internal_calls * 100LL + total / 2) / total));
    metric(h, pct, "Call locality", "of calls stay internal", 0);
    metric_int(h, mt->cross_service_fks, "Cross-service FKs", "constraints to drop",
               mt->cross_service_fks > 0);
    /* A join between tables of two services is a query the split turns into
     * calls. Only the decomposer counts joins (nedge_kinds > 0 marks its
     * facts): an older model has no count, and a 0 would claim there are none. */
    if (h->m->nedge_kinds > 0) {
        char hint[64];
        snprintf(hint, sizeof hint, "of %d SQL join%s, become calls", mt->sql_joins,
                 mt->sql_joins == 1 ? "" : "s");
        metric_int(h, mt->cross_service_joins, "Cross-service joins", hint,
                   mt->cross_service_joins > 0);
    }
    metric_int(h, mt->shared_tables, "Shared tables", "used by several services",
               mt->shared_tables > 0);
    report_buf_puts(h->b, "</div>\n");
    html_summary_quality(h);
    report_buf_puts(h->b, "</section>\n");
}

static void write_list(html_ctx *h, char **v, int n, const char *empty)
{
    if (n == 0) {
        report_buf_printf(h->b, "<div class=\"none\">%s</div>\n", empty);
        return;
    }
    report_buf_puts(h->b, "<div class=\"chips\">");
    for (int i = 0; i < n; i++) {
        report_buf_puts(h->b, "<span class=\"chip\">");
        html_text(h, v[i]);
        report_buf_puts(h->b, "</span>");
    }
    report_buf_puts(h->b, "</div>\n");
}

/* Longest file list shown unfolded in a service card. */
#define HTML_FILES_UNFOLDED 12

static void svc_stat(html_ctx *h, int n, const char *one, const char *many)
{
    report_buf_printf(h->b, "<span><b>%d</b> %s</span>", n, n == 1 ? one : many);
}

static void write_service(html_ctx *h, int i)
{
    const seam_service *s = &h->m->services[i];
    report_buf *b = h->b;
    report_buf_printf(b, "<article class=\"card svc\" id=\"svc-%d\" style=\"", i);
    html_service_style(h, i);
    report_buf_puts(b, "\">\n<h3>");
    html_text(h, s->name);
    report_buf_printf(b, "<span class=\"badge%s\">%s</span></h3>\n", is_shared(s) ? " shared" : "",
                      is_shared(s) ? "shared library" : "service");
    report_buf_puts(b, "<div class=\"stats\">");
    svc_stat(h, s->nfiles, "file", "files");
    svc_stat(h, h->ix.service_functions[i], "function", "functions");
    svc_stat(h, s->ntables, "table", "tables");
    svc_stat(h, h->ix.service_sites[i], "SQL site", "SQL sites");
    report_buf_puts(b, "</div>\n");
    if (is_shared(s) && s->reason) {
        report_buf_puts(b, "<div class=\"reason\">");
        html_text(h, s->reason);
        report_buf_puts(b, "</div>\n");
    }
    report_buf_puts(b, "<div class=\"label\">Tables owned</div>\n");
    write_list(h, s->tables, s->ntables, "none");
    html_service_extras(h, i);
    report_buf_puts(b, "<div class=\"label\">Files</div>\n");
    if (s->nfiles == 0) {
        report_buf_puts(b, "<div class=\"none\">none</div>\n");
    } else {
        /* Real services can hold hundreds of files: past a screenful the
         * list folds away so the cards stay comparable side by side. */
        int fold = s->nfiles > HTML_FILES_UNFOLDED;
        if (fold)
            report_buf_printf(b, "<details class=\"fl\"><summary>Show all %d files</summary>\n",
                              s->nfiles);
        report_buf_puts(b, "<ul class=\"files\">");
        for (int f = 0; f < s->nfiles; f++) {
            report_buf_puts(b, "<li>");
            html_text(h, s->files[f]);
            report_buf_puts(b, "</li>");
        }
        report_buf_puts(b, fold ? "</ul>\n</details>\n" : "</ul>\n");
    }
    report_buf_puts(b, "</article>\n");
}

static void write_services(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf_puts(h->b,
                    "<section id=\"services\">\n<h2>Proposed services</h2>\n<p class=\"note\">"
                    "Each service owns its files and tables. Shared libraries are code"
                    " most modules use that owns no domain data; they ship as a library"
                    " with every service.</p>\n");
    if (m->nservices == 0) {
        report_buf_puts(h->b, "<p class=\"none\">No services were proposed.</p>\n</section>\n");
        return;
    }
    report_buf_puts(h->b, "<div class=\"svcs\">\n");
    for (int i = 0; i < m->nservices; i++)
        write_service(h, i);
    report_buf_puts(h->b, "</div>\n");

    /* Tables nobody's code touches still need a home: say so explicitly. */
    int unowned = 0;
    for (int t = 0; t < m->schema.ntables; t++)
        unowned += report_table_owner(m, m->schema.tables[t].name) < 0;
    if (unowned) {
        report_buf_printf(h->b, "<div class=\"label\">Tables not owned by any service (%d)</div>\n",
                          unowned);
        report_buf_puts(h->b, "<div class=\"chips\">");
        for (int t = 0; t < m->schema.ntables; t++) {
            if (report_table_owner(m, m->schema.tables[t].name) >= 0)
                continue;
            report_buf_puts(h->b, "<span class=\"chip\">");
            html_text(h, m->schema.tables[t].name);
            report_buf_puts(h->b, "</span>");
        }
        report_buf_puts(h->b, "</div>\n");
    }
    report_buf_puts(h->b, "</section>\n");
}

int report_write_html(const seam_model *model, const char *path, seam_err *err)
{
    report_buf b = {0};
    html_ctx h = {.b = &b, .m = model};
    if (report_index_build(model, &h.ix))
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);
    if (report_graph_build(model, &h.ix, &h.g)) {
        report_index_free(&h.ix);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);
    }

    report_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"seam " SEAM_VERSION "\">\n");
    write_header(&h);
    html_nav_write(&h);
    report_buf_puts(&b, "<main class=\"wrap\">\n");
    write_summary(&h);
    html_section_risks(&h);
    html_section_map(&h);
    html_section_matrix(&h);
    write_services(&h);
    html_section_er(&h);
    html_section_modules(&h);
    html_section_foreign_keys(&h);
    html_section_shared_tables(&h);
    html_section_unowned_tables(&h);
    html_section_schema_findings(&h);
    html_section_plan(&h);
    html_section_sql(&h);
    html_section_coverage(&h);
    html_section_parse_errors(&h);
    report_buf_puts(&b, "</main>\n<footer><div class=\"wrap\">Generated by seam " SEAM_VERSION
                        ". The machine-readable result is model.json next to this file."
                        "</div></footer>\n");
    html_data_write(&h);
    report_buf_printf(&b, "<script>\n%s</script>\n</body>\n</html>\n", report_asset_js);

    report_graph_free(&h.g);
    report_index_free(&h.ix);
    int rc = b.oom ? seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path)
                   : seam_file_write(path, b.data, b.len, err);
    report_buf_free(&b);
    return rc;
}
