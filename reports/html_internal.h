/*
 * html_internal.h - the sections of report.html, shared by html_report.c (page,
 * header, summary, services) and html_sections.c (dependencies, foreign
 * keys, plan, SQL, coverage). Internal to reports/.
 */
#ifndef SEAM_HTML_H
#define SEAM_HTML_H

#include "report_internal.h"

/* The page's stylesheet and script: reports/report.css and report.js, embedded
 * at build time (embed.cmake). */
extern const char report_asset_css[];
extern const char report_asset_js[];

/* Everything a section writer needs; owned by report_write_html. */
typedef struct html_ctx {
    report_buf *b;
    const seam_model *m;
    report_index ix;
    report_graph g;
} html_ctx;

/* Appends s escaped (see report_buf_html). */
void html_text(html_ctx *h, const char *s);

/* Appends the service's colour and pattern as CSS variables "--c:#rrggbb;--p:solid". */
void html_service_style(html_ctx *h, int service);

/* Appends a service's name with its colour dot, or "(no service)" for -1. */
void html_service_label(html_ctx *h, int service);

/* html_map.c: the service map, drawn by Graphviz, with its legend; html_svg
 * appends the drawing of a DOT graph, or a line saying why there is none
 * (what: "map", "diagram"). */
void html_svg(html_ctx *h, const report_buf *dot, const char *what);
void html_section_map(html_ctx *h);
/* html_matrix.c: the dependency structure matrix of services. */
void html_section_matrix(html_ctx *h);
/* html_data.c: the listings and the search index as embedded JSON (report.js renders them). */
void html_data_write(html_ctx *h);
/* html_nav.c: the sticky table of contents with the search box. */
void html_nav_write(html_ctx *h);
/* html_er.c: each service's tables as an ER diagram. */
void html_section_er(html_ctx *h);
int html_er_present(const seam_model *m); /* 1 when the section has a diagram to show */
/* html_risks.c: what may go wrong, in plain words, before any detail. */
void html_section_risks(html_ctx *h);

void html_section_foreign_keys(html_ctx *h);
void html_section_plan(html_ctx *h);
void html_section_sql(html_ctx *h);
void html_section_coverage(html_ctx *h);
void html_section_parse_errors(html_ctx *h);

/* html_decomposition.c: the decomposer's explanations; each writes nothing when
 * the model has none. */
void html_summary_quality(html_ctx *h);
void html_service_extras(html_ctx *h, int service);
void html_section_modules(html_ctx *h);
void html_section_shared_tables(html_ctx *h);
void html_section_unowned_tables(html_ctx *h);
void html_section_schema_findings(html_ctx *h);

#endif
