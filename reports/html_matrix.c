/*
 * html_matrix.c - the dependency structure matrix of services in
 * report.html: a row per real service in the plan's extraction order, a
 * column per service in the same order, each cell what the row's service
 * needs of the column's (calls / SQL sites / foreign keys). With the order
 * the plan extracts in, a cell above the diagonal is a tie against that
 * order, and a cell on a cycle is red: the cells a split must cut first.
 * Shared libraries are left out (they are linked, not called) and summed
 * below the matrix. Below it, the module-level matrix's canvas.
 */
#include "html_internal.h"

static void matrix_cell(html_ctx *h, int r, int c, int above)
{
    const report_graph *g = &h->g;
    report_buf *b = h->b;
    size_t k = (size_t)r * g->ns + c;
    if (r == c) {
        report_buf_puts(b, "<td class=\"dg\"></td>");
        return;
    }
    if (report_graph_ties(g, r, c) == 0) {
        report_buf_puts(b, "<td></td>");
        return;
    }
    report_buf_printf(b,
                      "<td class=\"t%s%s\" data-calls=\"%d\" data-sql=\"%d\" data-fks=\"%d\" "
                      "title=\"",
                      above ? " up" : "", report_graph_cyclic(g, r, c) ? " cyc" : "", g->calls[k],
                      g->sql[k], g->fks[k]);
    html_text(h, h->m->services[r].name);
    report_buf_puts(b, " &rarr; ");
    html_text(h, h->m->services[c].name);
    report_buf_puts(b, ": ");
    report_graph_parts(g, r, c, b);
    report_buf_printf(b, "\">%d/%d/%d</td>", g->calls[k], g->sql[k], g->fks[k]);
}

/* What the real services use of each shared library, in one line each. */
static void shared_usage(html_ctx *h)
{
    const report_graph *g = &h->g;
    for (int i = 0; i < g->ns; i++) {
        int lib = g->order[i];
        if (!report_is_shared(h->m, lib))
            continue;
        int calls = 0, users = 0;
        for (int s = 0; s < g->ns; s++)
            if (!report_is_shared(h->m, s)) {
                calls += g->calls[(size_t)s * g->ns + lib];
                users += g->calls[(size_t)s * g->ns + lib] > 0;
            }
        report_buf_puts(h->b, "<li>");
        html_service_label(h, lib);
        report_buf_printf(h->b, ": %d calls from %d service%s, linked as a library</li>\n", calls,
                          users, users == 1 ? "" : "s");
    }
}

void html_section_matrix(html_ctx *h)
{
    const report_graph *g = &h->g;
    report_buf *b = h->b;
    report_buf_puts(b,
                    "<section id=\"dependencies\">\n<h2>Dependency matrix</h2>\n<p class=\"note\">"
                    "A row&#39;s service uses the column&#39;s: each cell is calls / SQL sites on"
                    " the column&#39;s tables / foreign keys to them. Services are in the order"
                    " the plan extracts them, so a cell above the diagonal (shaded) is a tie"
                    " against that order, and a red cell lies on a cycle.</p>\n");
    int n = 0, ties = 0;
    for (int s = 0; s < g->ns; s++)
        n += !report_is_shared(h->m, s);
    for (int r = 0; r < g->ns; r++)
        for (int c = 0; c < g->ns; c++)
            if (r != c && !report_is_shared(h->m, r) && !report_is_shared(h->m, c))
                ties += report_graph_ties(g, r, c) > 0;
    if (n == 0 || ties == 0) {
        report_buf_puts(b, "<p class=\"none\">No service uses another.</p>\n");
    } else {
        report_buf_puts(b, "<div class=\"scroll\"><table class=\"dsm\">\n<thead><tr><th>Uses &rarr;"
                           "</th>");
        for (int i = 0, k = 0; i < g->ns; i++)
            if (!report_is_shared(h->m, g->order[i])) {
                report_buf_puts(b, "<th class=\"n\" title=\"");
                html_text(h, h->m->services[g->order[i]].name);
                report_buf_printf(b, "\">%d</th>", ++k);
            }
        report_buf_puts(b, "</tr></thead>\n<tbody>\n");
        for (int i = 0, k = 0; i < g->ns; i++) {
            int r = g->order[i];
            if (report_is_shared(h->m, r))
                continue;
            report_buf_printf(b, "<tr><th>%d ", ++k);
            html_service_label(h, r);
            report_buf_puts(b, "</th>");
            for (int j = 0; j < g->ns; j++)
                if (!report_is_shared(h->m, g->order[j]))
                    matrix_cell(h, r, g->order[j], j > i);
            report_buf_puts(b, "</tr>\n");
        }
        report_buf_puts(b, "</tbody>\n</table></div>\n");
    }
    report_buf_puts(b, "<ul class=\"libs\">\n");
    shared_usage(h);
    report_buf_puts(b, "</ul>\n");
    /* The same between modules, drawn by report.js from the embedded data
     * (report_modmatrix.c): thousands of rows fit a canvas, not a table. */
    if (h->m->nmodules > 0)
        report_buf_printf(b,
                          "<h3>Modules</h3>\n<p class=\"note\">The %d modules by service, in the"
                          " same order: a mark is calls from the row&#39;s module into the"
                          " column&#39;s, grey inside a service (the tinted squares on the"
                          " diagonal), red across services. Hover for the modules.</p>\n"
                          "<figure class=\"map mm\"><canvas id=\"seam-mm\" width=\"0\" "
                          "height=\"0\"></canvas><p class=\"nojs\">Drawn by the page&#39;s"
                          " script.</p></figure>\n",
                          h->m->nmodules);
    report_buf_puts(b, "</section>\n");
}
