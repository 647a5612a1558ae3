/*
 * html_nav.c - the table of contents of report.html, kept at the top of the
 * window as one reads (CSS position: sticky), with the search box report.js
 * fills in. Only sections the page has are listed; the search box stays
 * hidden until the script shows it, so without JavaScript nothing dead is
 * on screen.
 */
#include "html_internal.h"

static void nav_link(html_ctx *h, const char *id, const char *title)
{
    report_buf_printf(h->b, "<a href=\"#%s\">%s</a>", id, title);
}

void html_nav_write(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf_puts(h->b, "<nav class=\"toc\" aria-label=\"Contents\"><div class=\"wrap\">");
    nav_link(h, "summary", "Summary");
    nav_link(h, "risks", "Risks");
    if (m->nservices > 0)
        nav_link(h, "map", "Map");
    nav_link(h, "dependencies", "Matrix");
    nav_link(h, "services", "Services");
    if (html_er_present(m))
        nav_link(h, "data", "Data");
    if (m->nmodules > 0)
        nav_link(h, "why", "Modules");
    nav_link(h, "foreign-keys", "Foreign keys");
    if (m->nedge_kinds > 0 || m->nshared_tables > 0)
        nav_link(h, "shared-tables", "Shared tables");
    nav_link(h, "plan", "Plan");
    nav_link(h, "sql", "SQL");
    nav_link(h, "coverage", "Coverage");
    report_buf_puts(h->b,
                    "<input type=\"search\" id=\"seam-q\" hidden placeholder=\"Search services,"
                    " modules, tables, functions\" aria-label=\"Search\" autocomplete=\"off\">"
                    "</div><div class=\"wrap\"><ol id=\"seam-hits\" hidden></ol></div></nav>\n");
}
