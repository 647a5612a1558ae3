/*
 * html_er.c - the data model of each service in report.html: its tables
 * as an entity-relationship diagram (report_er.c) drawn by Graphviz as
 * static SVG, folded per service so that the page opens short.
 */
#include "html_internal.h"

int html_er_present(const seam_model *m)
{
    int any = 0;
    for (int s = 0; s < m->nservices; s++)
        any += m->services[s].ntables > 0;
    return any && m->schema.ntables > 0;
}

void html_section_er(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    if (!html_er_present(m))
        return;
    report_buf_puts(b, "<section id=\"data\">\n<h2>Data model per service</h2>\n<p class=\"note\">"
                       "The tables each service owns, with their key columns (PK primary key, FK"
                       " foreign key). Solid arrows are foreign keys inside the service; dashed"
                       " ones reach another service&#39;s table, drawn grey with its owner: a"
                       " constraint the split turns into a check in code.</p>\n");
    for (int i = 0; i < h->g.ns; i++) {
        int s = h->g.order[i];
        if (m->services[s].ntables == 0)
            continue;
        report_buf_puts(b, "<details class=\"er\"><summary>");
        html_service_label(h, s);
        report_buf_printf(b, " <span>&middot; %d table%s</span></summary>\n<figure class=\"map\">",
                          m->services[s].ntables, m->services[s].ntables == 1 ? "" : "s");
        report_buf dot = {0};
        if (report_er_build(m, s, &dot))
            dot.oom = 1;
        html_svg(h, &dot, "diagram");
        report_buf_free(&dot);
        report_buf_puts(b, "</figure>\n</details>\n");
    }
    report_buf_puts(b, "</section>\n");
}
